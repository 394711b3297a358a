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
  /** The dialog's own tabbable elements (the frame counts as one: Tab goes into it). */
  function tabbables(dialog) {
    return Array.prototype.filter.call(dialog.querySelectorAll('button, a[href], input, select, textarea, iframe, [tabindex]:not([tabindex="-1"])'), function (el) {
      return !el.disabled && el.offsetParent !== null;
    });
  }

  document.addEventListener('keydown', function (e) {
    if (current && e.key === 'Escape') {
      e.preventDefault();
      close();
    }
    // Tab cycles within the dialog, as Atlaskit's focus lock does: past its last element (Close)
    // it goes back to the dialog, whose next Tab enters the app's frame; Shift+Tab from the
    // dialog goes to Close. Without this the focus left the dialog for the page behind it.
    if (current && e.key === 'Tab') {
      var dialog = current.querySelector('[role="dialog"]');
      var all = tabbables(dialog);
      var last = all[all.length - 1];
      if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        dialog.focus();
      } else if (e.shiftKey && document.activeElement === dialog && last) {
        e.preventDefault();
        last.focus();
      }
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
