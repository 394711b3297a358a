/**
 * The page around an app's iframe, for `router.navigate` and `router.open` (@forge/bridge 7.2.0
 * sends both as the bridge call "navigate"; the sandbox's bridge shim posts it here and waits for
 * the answer). A `mailto:` URL opens the sandbox mail client in a panel of this page, standing in
 * for the user's own mail client (not for Forge), or is refused when the launcher says so: Forge
 * rejects the promise when the user declines an external link
 * (https://developer.atlassian.com/platform/forge/custom-ui-bridge/router/), and whether it
 * opens `mailto:` at all is UNCONFIRMED. Other URLs get a yes and the shell stays where it is.
 */
import type { ServerResponse } from 'node:http';
import { html } from './html';

export const MAILTO_HOOK_PATH = '/sandbox/shell/mailto-hook.js';

/** The panel the mail client opens in, and the script; pages that embed an app include it. */
export function mailClientPanel(mailtoLinks: 'open' | 'refuse'): string {
  return html`<section id="mail-client" class="mail-client" role="dialog" aria-label="Mail client" data-mailto-links="${mailtoLinks}" hidden>
<p><strong>Mail client</strong> <span class="meta">(sandbox: your own mail client would open here)</span> <button type="button">Close</button></p>
<iframe title="Mail client"></iframe></section><script src="${MAILTO_HOOK_PATH}"></script>`;
}

const SCRIPT = `(function () {
  'use strict';
  var panel = document.getElementById('mail-client');
  var frame = panel && panel.querySelector('iframe');
  if (panel) panel.querySelector('button').addEventListener('click', function () { panel.hidden = true; frame.src = 'about:blank'; });
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.source !== 'space-sync-bridge' || data.type !== 'navigate' || typeof data.id !== 'number') return;
    var fromApp = Array.prototype.some.call(document.querySelectorAll('iframe'), function (f) { return f !== frame && f.contentWindow === event.source; });
    if (!fromApp) return;
    function answer(ok, error) { event.source.postMessage({ source: 'space-sync-shell', id: data.id, ok: ok, error: error }, '*'); }
    var url = data.payload && data.payload.url;
    if (typeof url !== 'string' || !/^mailto:/i.test(url)) return answer(true);
    if (!panel || panel.getAttribute('data-mailto-links') === 'refuse') return answer(false, 'Confluence did not open the mailto: link');
    frame.src = '/sandbox/mail/compose?link=' + encodeURIComponent(url);
    panel.hidden = false;
    panel.scrollIntoView();
    answer(true);
  });
})();
`;

export function serveMailtoHook(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(SCRIPT);
}
