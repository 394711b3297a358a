/**
 * Serves a UI module's Custom UI resource (its build folder) inside a render session, the way
 * Forge serves resources: the page gets the bridge, scoped to this render and nothing else, and
 * every HTML file goes out with the Content-Security-Policy Forge computes for it
 * (content-security-policy.ts).
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResolverBridge } from './resolver-bridge';
import type { AppManifest } from './manifest';
import type { InvocationLog } from './invocation-log';
import { contentSecurityPolicy } from './content-security-policy';

export const UI_PATH = '/forge/ui/';
const SHIM_PATH = '/forge/bridge-shim.js';
const RESIZER_PATH = '/forge/iframe-resizer.js';

/**
 * iframe-resizer's content-window script, the one Forge puts in every Custom UI page so the
 * product can size the page's iframe to its content: @forge/cli-shared 9.3.0
 * out/service/iframe-resizer-script-service.js serves `iframeResizer.contentWindow.min.js` from
 * the Forge CDN; the sandbox serves the same file of iframe-resizer 4.4.5 (the version
 * @forge/bridge 7.2.0 depends on) from its own origin.
 */
const RESIZER_FILE = require.resolve('iframe-resizer/js/iframeResizer.contentWindow.min.js');

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
    private readonly log: InvocationLog,
  ) {}

  async serveShim(_req: IncomingMessage, res: ServerResponse): Promise<void> {
    const shim = await readFile(join(__dirname, 'bridge-shim.js'));
    res.writeHead(200, { 'content-type': TYPES['.js'], 'cache-control': 'no-store' }).end(shim);
  }

  async serveResizer(_req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.writeHead(200, { 'content-type': TYPES['.js'], 'cache-control': 'no-store' }).end(await readFile(RESIZER_FILE));
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
    const headers: Record<string, string> = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
    if (extname(file) === '.html') {
      // The tunnel injects the bridge into every HTML response, then computes the policy from
      // the page as sent, and sets it on HTML responses only (@forge/tunnel 7.1.0
      // getCustomUIHtmlTransformMiddleware). Which headers the Forge CDN sends with a resource's
      // scripts and stylesheets is UNCONFIRMED; a policy there would govern nothing.
      content = Buffer.from(injectBridge(injectResizer(content.toString('utf8')), token));
      headers['content-security-policy'] = contentSecurityPolicy(content, this.manifest.permissions, this.manifest.remotes);
    }
    res.writeHead(200, headers).end(content);
  }

  /** What the browser posts to the policy's report-uri: kept in the log, for tests to read. */
  serveReport(_req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    let report: Record<string, unknown> = {};
    try {
      report = (JSON.parse(body.toString('utf8')) as { 'csp-report'?: Record<string, unknown> })['csp-report'] ?? {};
    } catch {
      // A malformed report is still a violation the browser saw.
    }
    this.log.add({
      kind: 'csp-violation',
      documentUri: String(report['document-uri'] ?? ''),
      directive: String(report['effective-directive'] ?? report['violated-directive'] ?? ''),
      blockedUri: String(report['blocked-uri'] ?? ''),
    });
    res.writeHead(204).end();
  }
}

/**
 * The bridge must exist before the app's bundle loads: `@forge/bridge` looks for it on import.
 * One external script, as the tunnel's bridge is (@forge/cli-shared 9.3.0 BridgeScriptService
 * prepends a `<script src>` to <head>); the render token rides in its URL, not in an inline
 * script, so the page's policy holds only what the app itself puts there.
 */
function injectBridge(html: string, token: string): string {
  return html.replace('<head>', `<head><script src="${SHIM_PATH}?token=${encodeURIComponent(token)}"></script>`);
}

/**
 * The resizer goes in first and the bridge is then put before it, as the tunnel does
 * (@forge/tunnel 7.1.0 out/servers/resource-tunnel-server.js `getCustomUIHtmlTransformMiddleware`:
 * `injectIframeResizerScript`, then `injectGlobalBridgeScript`, each prepending to <head>), and
 * like the tunnel's tag it loads `async`.
 */
function injectResizer(html: string): string {
  return html.replace('<head>', `<head><script async src="${RESIZER_PATH}"></script>`);
}

export { SHIM_PATH, RESIZER_PATH };
