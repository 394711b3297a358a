/*
 * Modal dialogs over the page ([data-modal]: a blanket holding a role="dialog"), as Confluence
 * shows an app's content action: opened by an item with data-opens-modal (the "•••" menu's app
 * item), its frame loaded afresh from data-src each time (a new render session, as Confluence
 * renders the iframe anew), and closed, without reloading the page, by Close, Escape, a click on
 * the blanket, or the app's own view.close() (app-navigation.js hands that on as
 * "sandbox:app-close"). Closing empties the frame and gives the focus back to what opened it
 * (the "•••" button when the item was in its menu), as Atlaskit's ModalDialog does; while open,
 * the focus stays in the dialog and the page behind does not scroll.
 */
(function () {
  'use strict';
  var current = null;
  var returnTo = null;

  function frameOf(modal) { return modal.querySelector('iframe[data-src]'); }

  function open(modal, opener) {
    var frame = frameOf(modal);
    if (frame) frame.src = frame.getAttribute('data-src');
    modal.hidden = false;
    document.body.classList.add('modal-open');
    var dropdown = opener.closest('[data-dropdown]');
    returnTo = (dropdown && dropdown.querySelector('[data-dropdown-trigger]')) || opener;
    current = modal;
    var dialog = modal.querySelector('[role="dialog"]');
    dialog.setAttribute('tabindex', '-1');
    dialog.focus();
  }

  function close() {
    if (!current) return;
    var frame = frameOf(current);
    if (frame) frame.src = 'about:blank';
    current.hidden = true;
    current = null;
    document.body.classList.remove('modal-open');
    if (returnTo) returnTo.focus();
  }

  document.addEventListener('click', function (e) {
    var opener = e.target.closest('[data-opens-modal]');
    if (opener) {
      var modal = document.getElementById(opener.getAttribute('data-opens-modal'));
      if (modal) open(modal, opener);
      return;
    }
    if (!current) return;
    if (e.target.closest('[data-modal-close]') || e.target === current) close();
  });
  document.addEventListener('keydown', function (e) {
    if (current && e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  });
  document.addEventListener('focusin', function (e) {
    if (current && !current.contains(e.target)) current.querySelector('[role="dialog"]').focus();
  });
  document.addEventListener('sandbox:app-close', function (e) {
    var frame = current && frameOf(current);
    if (frame && frame.contentWindow === e.detail.source) close();
  });
})();
