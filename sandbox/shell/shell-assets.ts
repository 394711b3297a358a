/**
 * The shell's own stylesheets and scripts, served from `assets/` beside this file: no page of
 * the shell carries an inline script, style or event handler (the pages go out with a policy
 * that refuses them, html.ts), so every behaviour is in one of these files.
 *
 * `tokens.css` is Atlassian's design tokens as @atlaskit/tokens 20.7.0 ships them (the light
 * colour theme, spacing, typography and shape), which the shell's CSS uses as Confluence's own
 * UI does (`var(--ds-…)`); the page's <html> names the themes those sheets' selectors match.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const ASSETS_PATH = '/sandbox/assets/';

/** What the shell's <html> carries so the token sheets apply (the attributes setGlobalTheme sets). */
export const THEME_ATTRIBUTES = { 'data-color-mode': 'light', 'data-theme': 'light:light spacing:spacing typography:typography shape:shape' };

const FILES: Record<string, string> = {
  'shell.css': 'text/css; charset=utf-8',
  'page-menu.js': 'text/javascript; charset=utf-8',
  'app-modal.js': 'text/javascript; charset=utf-8',
  'app-navigation.js': 'text/javascript; charset=utf-8',
  'flags.js': 'text/javascript; charset=utf-8',
  'inline-comments.js': 'text/javascript; charset=utf-8',
  'relative-times.js': 'text/javascript; charset=utf-8',
  'app-frame-size.js': 'text/javascript; charset=utf-8',
};

/**
 * iframe-resizer's page side (4.4.5, MIT), which app-frame-size.js runs around the app's frame;
 * its other side is in every Custom UI page (sandbox/forge-host/resource-server.ts).
 */
const RESIZER_PARENT = 'iframe-resizer.js';
const RESIZER_PARENT_FILE = require.resolve('iframe-resizer/js/iframeResizer.min.js');

/** The theme artifacts, one CSS string each (they are plain CommonJS modules: no feature gates run). */
const THEMES = ['atlassian-light', 'atlassian-spacing', 'atlassian-typography', 'atlassian-shape'];
let tokens: string | undefined;

function tokensCss(): string {
  tokens ??= THEMES.map((t) => `/* @atlaskit/tokens theme ${t} */\n${(require(`@atlaskit/tokens/dist/cjs/artifacts/themes/${t}.js`) as { default: string }).default}`).join('\n');
  return tokens;
}

export const asset = (name: string) => `${ASSETS_PATH}${name}`;

export async function serveAsset(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const name = new URL(req.url ?? '/', 'http://host').pathname.slice(ASSETS_PATH.length);
  const headers = (type: string) => ({ 'content-type': type, 'cache-control': 'no-store' });
  if (name === 'tokens.css') return void res.writeHead(200, headers('text/css; charset=utf-8')).end(tokensCss());
  if (name === RESIZER_PARENT) return void res.writeHead(200, headers('text/javascript; charset=utf-8')).end(await readFile(RESIZER_PARENT_FILE));
  const type = FILES[name];
  if (!type) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  res.writeHead(200, headers(type)).end(await readFile(join(__dirname, 'assets', name)));
}
