/**
 * Serves a UI module's Custom UI resource (its build folder) inside a render session, the way
 * Forge serves resources: the page gets the bridge, scoped to this render and nothing else.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResolverBridge } from './resolver-bridge';
import type { AppManifest } from './manifest';

export const UI_PATH = '/forge/ui/';
const SHIM_PATH = '/forge/bridge-shim.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export class ResourceServer {
  constructor(
    private readonly appRoot: string,
    private readonly manifest: AppManifest,
    private readonly bridge: ResolverBridge,
  ) {}

  async serveShim(_req: IncomingMessage, res: ServerResponse): Promise<void> {
    const shim = await readFile(join(__dirname, 'bridge-shim.js'));
    res.writeHead(200, { 'content-type': TYPES['.js'], 'cache-control': 'no-store' }).end(shim);
  }

  /** `/forge/ui/<token>/<file>` */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname.slice(UI_PATH.length));
    const [token, ...rest] = path.split('/');
    let session;
    try {
      session = this.bridge.session(token);
    } catch {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('Unknown render session');
      return;
    }
    const resourceDir = join(this.appRoot, this.manifest.resources.get(session.module.resource) ?? '');
    const file = normalize(join(resourceDir, rest.join('/') || 'index.html'));
    if (!file.startsWith(resourceDir + sep)) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad path');
      return;
    }
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found (run npm run build:ui)');
      return;
    }
    if (file.endsWith('index.html')) content = Buffer.from(injectBridge(content.toString('utf8'), token));
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(content);
  }
}

/** The bridge must exist before the app's bundle loads: `@forge/bridge` looks for it on import. */
function injectBridge(html: string, token: string): string {
  const tags = `<script>window.__SANDBOX_RENDER_TOKEN__=${JSON.stringify(token)};</script><script src="${SHIM_PATH}"></script>`;
  return html.replace('<head>', `<head>${tags}`);
}

export { SHIM_PATH };
