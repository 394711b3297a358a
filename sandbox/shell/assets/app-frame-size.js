/*
 * The app's frame on a Confluence page (space settings, Confluence administration) sized to the
 * app's content, so the page around it scrolls and the frame never does. Forge puts
 * iframe-resizer's content-window script in every Custom UI page for this
 * (@forge/cli-shared 9.3.0 out/service/iframe-resizer-script-service.js; the sandbox's host does
 * the same, resource-server.ts), so the product runs iframe-resizer's page side around the frame.
 * Which options Confluence gives it is UNCONFIRMED: the sandbox runs iframe-resizer 4.4.5's
 * defaults (height from the body's offset, the frame itself never scrolling), and the app
 * behaves as well with a frame of fixed height that scrolls (static/shared/host-frame.ts).
 * A page opened with ?frame=fixed keeps its frame at a fixed height, to try the app that way.
 */
(function () {
  'use strict';
  if (typeof window.iFrameResize !== 'function') return;
  if (new URL(location.href).searchParams.get('frame') === 'fixed') return;
  var frames = document.querySelectorAll('iframe.app-frame');
  if (!frames.length) return;
  frames.forEach(function (frame) { frame.classList.add('app-frame-sized'); });
  // The top navigation bar stays over the page's top (shell.css .top-nav is sticky), as
  // Confluence's does: a request to scroll to a frame's top (parentIFrame.scrollToOffset) puts
  // it just below the bar. Any other request scrolls as asked.
  function onScroll(to) {
    var nav = document.querySelector('.top-nav');
    var pinning = Array.prototype.some.call(frames, function (f) { return Math.abs(f.getBoundingClientRect().top + window.scrollY - to.y) < 2; }); // the resizer rounds the position down
    if (!nav || !pinning) return true;
    window.scrollTo(to.x, to.y - nav.getBoundingClientRect().height);
    return false;
  }
  window.iFrameResize({ onScroll: onScroll }, 'iframe.app-frame');
})();
