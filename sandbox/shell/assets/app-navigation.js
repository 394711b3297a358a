/*
 * What the page around an app's frame does when the app navigates, as Confluence's page does for
 * its Forge iframes. The sandbox's bridge (sandbox/forge-host/bridge-shim.js) posts here:
 *
 * - "navigate": router.navigate and router.open (@forge/bridge 7.2.0 sends both as the bridge
 *   call "navigate", `type` "same-tab" or "new-tab", with a URL or a NavigationTarget such as
 *   { target: 'contentView', contentId }), answered so the app's promise settles. A `mailto:` URL
 *   opens the sandbox mail client below the app (standing in for the user's own, not for
 *   Forge), or is refused when the launcher says so (whether Forge opens mailto: at all is
 *   UNCONFIRMED). An address of an emulated site, or a target on this one, opens in the sandbox
 *   (/sandbox/go, site-addresses.ts), in this tab or a new one as asked. Other URLs are
 *   answered and the page stays where it is.
 * - "link": a link in the app that leaves its frame (target _blank or _top), such as the page
 *   action's "Open the copy". The browser would follow it; the emulated sites' addresses are
 *   the real hosts' names, which do not answer here, so those open their sandbox page instead
 *   and any other address opens as the browser would have opened it.
 * - "close" (view.close), "showFlag" and "closeFlag": handed on as events to app-modal.js and
 *   flags.js.
 *
 * Only messages from the app frames of this page count; the mail client's frame is not an app.
 */
(function () {
  'use strict';
  var body = document.body;
  var sites = [];
  try {
    sites = JSON.parse(body.getAttribute('data-sites') || '[]');
  } catch (e) {
    sites = [];
  }
  var here = body.getAttribute('data-site') || '';
  var panel = document.getElementById('mail-client');
  var mailFrame = panel && panel.querySelector('iframe');
  var closeMail = panel && panel.querySelector('[data-mail-client-close]');
  if (closeMail) closeMail.addEventListener('click', function () { panel.hidden = true; mailFrame.src = 'about:blank'; });

  function originOf(url) {
    try { return new URL(url).origin; } catch (e) { return null; }
  }

  function siteAt(url) {
    var origin = originOf(url);
    for (var i = 0; i < sites.length; i++) if (originOf(sites[i].siteUrl) === origin) return sites[i];
    return null;
  }

  /** The sandbox's address for a URL of an emulated site (absolute, or relative to this page's site); null for any other. */
  function sandboxAddress(url) {
    if (typeof url !== 'string') return null;
    if (/^\/(?!\/)/.test(url)) return here ? '/sandbox/go?' + new URLSearchParams({ url: url, site: here }) : null;
    return siteAt(url) ? '/sandbox/go?' + new URLSearchParams({ url: new URL(url).href }) : null;
  }

  /** A NavigationTarget as the Confluence URL it stands for (router's contentView, contentEdit and spaceView). */
  function targetUrl(payload) {
    if ((payload.target === 'contentView' || payload.target === 'contentEdit') && payload.contentId) return '/wiki/pages/viewpage.action?pageId=' + encodeURIComponent(payload.contentId);
    if (payload.target === 'spaceView' && payload.spaceKey) return '/wiki/spaces/' + encodeURIComponent(payload.spaceKey);
    return null;
  }

  function follow(address, newTab) {
    if (newTab) window.open(address, '_blank');
    else window.location.assign(address);
  }

  function isAppFrame(source) {
    return Array.prototype.some.call(document.querySelectorAll('iframe'), function (f) { return f !== mailFrame && f.contentWindow === source; });
  }

  function openMail(url, answer) {
    if (!panel || panel.getAttribute('data-mailto-links') === 'refuse') return answer(false, 'Confluence did not open the mailto: link');
    mailFrame.src = '/sandbox/mail/compose?link=' + encodeURIComponent(url);
    panel.hidden = false;
    panel.scrollIntoView();
    answer(true);
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.source !== 'space-sync-bridge' || !isAppFrame(event.source)) return;
    var payload = data.payload || {};
    function answer(ok, error) {
      if (typeof data.id === 'number') event.source.postMessage({ source: 'space-sync-shell', id: data.id, ok: ok, error: error }, '*');
    }
    if (data.type === 'navigate') {
      var url = typeof payload.url === 'string' ? payload.url : targetUrl(payload);
      if (typeof url === 'string' && /^mailto:/i.test(url)) return openMail(url, answer);
      var address = sandboxAddress(url);
      if (address) follow(address, payload.type === 'new-tab');
      return answer(true);
    }
    if (data.type === 'link' && typeof payload.url === 'string') {
      var mapped = sandboxAddress(payload.url);
      var newTab = payload.target === '_blank';
      if (mapped) follow(mapped, newTab);
      else if (/^https?:/i.test(payload.url)) window.open(payload.url, newTab ? '_blank' : '_top', newTab ? 'noopener,noreferrer' : '');
      return answer(true);
    }
    if (data.type === 'close') return void document.dispatchEvent(new CustomEvent('sandbox:app-close', { detail: { source: event.source, payload: payload } }));
    if (data.type === 'showFlag' || data.type === 'closeFlag') return void document.dispatchEvent(new CustomEvent('sandbox:flag', { detail: { type: data.type, payload: payload } }));
  });
})();
