/**
 * Builds @atlaskit/modal-dialog's scroll lock without the <style> element Forge's Custom UI
 * policy blocks: react-scrolllock 5.0.1's ScrollLock (dist/ScrollLock.js) imports
 * `./withLockSheet`, and this resolves that one import to shared/csp/scroll-lock-sheet.tsx,
 * which applies the same rule as an adopted stylesheet. The rest of react-scrolllock (touch
 * listeners, TouchScrollable) is bundled unchanged. The build fails if the original
 * withLockSheet is bundled anyway (a react-scrolllock whose files moved).
 */
import type { Plugin } from 'vite';

const IMPORTER = /react-scrolllock[\\/]dist[\\/]ScrollLock\.js$/;
const ORIGINAL = /react-scrolllock[\\/]dist[\\/]withLockSheet\.js$/;
const STAND_IN = decodeURIComponent(new URL('../shared/csp/scroll-lock-sheet.tsx', import.meta.url).pathname);

export function cspScrollLock(): Plugin {
  return {
    name: 'space-sync:csp-scroll-lock',
    enforce: 'pre',
    resolveId(source, importer) {
      return source === './withLockSheet' && importer && IMPORTER.test(importer) ? STAND_IN : undefined;
    },
    load(id) {
      if (ORIGINAL.test(id)) this.error(`${id} was bundled: its <style> element is blocked by Forge's Custom UI CSP (see vite-plugins/csp-scroll-lock.mts)`);
      return undefined;
    },
  };
}
