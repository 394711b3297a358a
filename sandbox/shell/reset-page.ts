/**
 * "Reset the sandbox": the launcher's way to start over. A page says what is lost and asks; its
 * button clears the app's storage and seeds both demo sites afresh, together (SandboxWorld.reset).
 * Sandbox infrastructure, not a Confluence or Forge behaviour.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ForgeHost } from '../forge-host/forge-host';
import { html, page, sendPage } from './html';

export const RESET_PATH = '/sandbox/reset';

export interface Resettable {
  reset(): Promise<void>;
}

/** The launcher's section: what persists, and the way to the reset page. */
export function resetPanel(): string {
  return html`<section class="site-card"><h2>Start over</h2>
<p>The demo sites and Space Sync's storage are kept between runs of <code>npm start</code>, together, in <code>.sandbox-data/</code>.</p>
<p><a href="${RESET_PATH}">Reset the sandbox</a>: clear Space Sync's storage and seed both demo sites again.</p></section>`;
}

export function mountReset(host: ForgeHost, world: Resettable): void {
  host.mount(RESET_PATH, (req, res) => serveReset(world, req, res));
}

async function serveReset(world: Resettable, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'GET') return void send(res, 200, confirmPage());
  if (req.method !== 'POST') return void send(res, 405, page('Reset the sandbox', html`<p>Use the button on <a href="${RESET_PATH}">the reset page</a>.</p>`));
  // Another web page could post here from the person's browser: only the sandbox's own page may.
  if (!sameOrigin(req)) return void send(res, 403, page('Reset the sandbox', html`<p class="error">Reset only from <a href="${RESET_PATH}">the sandbox's own reset page</a>.</p>`));
  await world.reset();
  send(res, 200, page('The sandbox is reset', html`<h1>The sandbox is reset</h1>
<p role="status">Space Sync's storage is empty and both demo sites are as first seeded: no syncs, no copies.</p>
<p><a href="/">Back to the demo sites</a></p>`));
}

function confirmPage(): string {
  return page('Reset the sandbox', html`<nav class="breadcrumbs" aria-label="Breadcrumbs"><ol><li><a href="/">All sites</a></li><li>Reset the sandbox</li></ol></nav>
<h1>Reset the sandbox</h1>
<p>This deletes every sync, copy record, log and setting Space Sync keeps, and puts both demo sites back as first seeded: pages, comments, labels and files made since are gone. Both happen together, so the app never remembers copies the sites no longer hold.</p>
<form method="post" action="${RESET_PATH}" class="form"><div class="actions"><button type="submit" class="danger">Reset the sandbox</button></div></form>`);
}

/** Browsers send Sec-Fetch-Site (and Origin) with a form post; tools that send neither are let through. */
function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${req.headers.host}`;
}

function send(res: ServerResponse, status: number, body: string): void {
  sendPage(res, status, body);
}
