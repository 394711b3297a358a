/**
 * The page's "•••" (More actions) menu and the app's content action in it, as Confluence Cloud
 * has them: `confluence:contentAction` "adds a menu item to the more actions (•••) menu for
 * pages and blogs. When the menu item is clicked, the module's function renders a modal dialog"
 * (https://developer.atlassian.com/platform/forge/manifest-reference/modules/confluence-content-action/).
 *
 * - The menu is a dropdown (Atlaskit DropdownMenu's roles and keys, page-menu.js), with the
 *   app's item, titled as manifest.yml titles the module, in its Apps group.
 * - Choosing it opens a modal over the page, without leaving or reloading it (app-modal.js), of
 *   the manifest's `viewportSize: medium`: 600 px wide, 40vh high, at least 520 px (Forge's
 *   sizes, https://developer.atlassian.com/platform/forge/custom-ui-bridge/modal/). Its frame
 *   opens a fresh render session each time, as Confluence renders the iframe anew.
 * - It closes on Escape, on a click on the blanket (Forge's closeOnEscape and
 *   closeOnOverlayClick default to true), on the app's `view.close()`, and on Close. Whether
 *   Confluence draws a close control of its own around a Custom UI content action is
 *   UNCONFIRMED: the sandbox draws Close in the modal's footer, so it can always be closed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ForgeHost } from '../forge-host/forge-host';
import type { DemoSite } from '../demo';
import type { Content } from '../confluence/model';
import { html } from './html';
import { contentActionUrl } from './shell-paths';
import { pagesOf, where, type Where } from './space-context';
import { signIn } from './site-sessions';

const MODULE_KEY = 'space-sync-page-action';
const MODULE_TITLE = 'Space Sync';
const MODAL_ID = 'content-action-modal';

/** The "•••" button and its menu. */
export function moreActionsMenu(): string {
  return html`<div class="dropdown" data-dropdown>
<button type="button" class="subtle icon-only" id="more-actions-trigger" aria-label="More actions" aria-haspopup="true" aria-expanded="false" aria-controls="more-actions-menu" data-dropdown-trigger>•••</button>
<div class="menu" role="menu" id="more-actions-menu" aria-labelledby="more-actions-trigger" hidden>
<div class="menu-group" role="group" aria-labelledby="more-actions-apps"><div class="menu-group-title" id="more-actions-apps">Apps</div>
<button type="button" role="menuitem" tabindex="-1" data-opens-modal="${MODAL_ID}"><span class="menu-item-icon" aria-hidden="true"></span>${MODULE_TITLE}</button></div>
</div></div>`;
}

/** The modal the item opens: hidden until then, its frame empty until opened. */
export function contentActionModal(w: Where, c: Content): string {
  return html`<div class="blanket" id="${MODAL_ID}" data-modal hidden>
<section class="modal modal-medium" role="dialog" aria-modal="true" aria-label="${MODULE_TITLE}">
<iframe title="Space Sync page action" data-src="${contentActionUrl(w.demo.cloudId, w.space.key, w.user.accountId, c.id)}"></iframe>
<footer class="modal-footer"><button type="button" data-modal-close>Close</button></footer>
</section></div>`;
}

/** The modal frame's address: a new render session of the content action for this page and user, then its resource. */
export function serveContentAction(host: ForgeHost, sites: DemoSite[], req: IncomingMessage, res: ServerResponse): void {
  const q = new URL(req.url ?? '/', 'http://host').searchParams;
  const w = where(sites, q);
  const c = w && pagesOf(w).find((p) => p.id === q.get('page'));
  if (!w || !c) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('No such page');
  const token = host.openUiModule(host.installationFor(w.demo.cloudId), MODULE_KEY, w.user.accountId, {
    type: 'confluence:contentAction',
    space: { id: w.space.id, key: w.space.key },
    content: { id: c.id, type: c.type },
  });
  res.writeHead(303, { location: `/forge/ui/${token}/index.html`, 'cache-control': 'no-store', 'set-cookie': signIn(w.demo, w.user.accountId) }).end();
}
