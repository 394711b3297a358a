/**
 * The panel the sandbox mail client opens in, below the app, on pages that embed an app. It
 * stands in for the user's own mail client (not for Forge): when the app opens a `mailto:` URL
 * with `router.open`, app-navigation.js shows the compose page here with To, Subject and Body
 * from the URL, or refuses the link when the launcher says so (whether Forge opens `mailto:` at
 * all is UNCONFIRMED; Forge rejects the promise when the user declines an external link,
 * https://developer.atlassian.com/platform/forge/custom-ui-bridge/router/).
 */
import { html } from './html';

export function mailClientPanel(mailtoLinks: 'open' | 'refuse'): string {
  return html`<section id="mail-client" class="mail-client" role="dialog" aria-label="Mail client" data-mailto-links="${mailtoLinks}" hidden>
<div class="mail-client-head"><strong>Mail client</strong> <span class="subtle">(sandbox: your own mail client would open here)</span> <button type="button" data-mail-client-close>Close</button></div>
<iframe title="Mail client"></iframe></section>`;
}
