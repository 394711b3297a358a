/**
 * Mounts a Custom UI app with the Atlassian design tokens applied, within Forge's Custom UI
 * Content-Security-Policy, which blocks <style> elements (forge-platform.md §8). The token
 * themes come from assets/atlaskit-theme.css, which the build links from index.html
 * (vite-plugins/theme-stylesheet.mts); @atlaskit/css-reset is a CSS file the build bundles into
 * the app's linked stylesheet.
 *
 * Colour mode is 'auto': the OS scheme. `view.theme.enable()` would follow Confluence's own theme
 * instead, but in @forge/bridge 7.2.0 it only sends `enableTheming` to the product's bridge
 * (out/view/theme.js); what that bridge then sets or loads in the frame is UNCONFIRMED, and the
 * sandbox's bridge shim does not answer it.
 */
import { StrictMode, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';
import { STATIC_THEME_IDS, THEME_STATE } from 'virtual:static-theme';
import '@atlaskit/css-reset';

/**
 * `setGlobalTheme`'s second parameter replaces how it loads each theme (@atlaskit/tokens 20.7.0
 * set-global-theme.d.ts); with it, no <style> is appended, and it still sets `data-theme` and
 * `data-color-mode` on <html> and follows the OS colour scheme for 'auto' (utils/configure-page.js).
 */
async function themeIsLinked(id: string): Promise<void> {
  if (!STATIC_THEME_IDS.includes(id)) console.warn(`Design-token theme "${id}" is not in the linked theme stylesheet`);
}

export function mount(app: ReactElement): void {
  void setGlobalTheme(THEME_STATE, themeIsLinked);
  const root = document.getElementById('root');
  if (!root) throw new Error('Missing #root');
  createRoot(root).render(<StrictMode>{app}</StrictMode>);
}
