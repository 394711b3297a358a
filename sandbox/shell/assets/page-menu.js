/*
 * Dropdown menus ([data-dropdown]: a trigger button and a role="menu"), behaving as Atlaskit's
 * DropdownMenu does in Confluence's "•••" (More actions) menu: the trigger toggles the menu and
 * says so (aria-expanded); opened from the keyboard (Enter, Space, ArrowDown) the first item takes
 * the focus, ArrowUp the last; ArrowDown/ArrowUp/Home/End move between items; Escape closes and
 * gives the focus back to the trigger; Tab, a click elsewhere, or choosing an item closes it.
 */
(function () {
  'use strict';
  function setUp(root) {
    var trigger = root.querySelector('[data-dropdown-trigger]');
    var menu = root.querySelector('[role="menu"]');
    if (!trigger || !menu) return;
    var items = function () { return Array.prototype.slice.call(menu.querySelectorAll('[role="menuitem"]:not([disabled])')); };
    function isOpen() { return !menu.hidden; }
    function open(focus) {
      menu.hidden = false;
      trigger.setAttribute('aria-expanded', 'true');
      var all = items();
      if (focus === 'first' && all[0]) all[0].focus();
      if (focus === 'last' && all.length) all[all.length - 1].focus();
    }
    function close(refocus) {
      if (!isOpen()) return;
      menu.hidden = true;
      trigger.setAttribute('aria-expanded', 'false');
      if (refocus) trigger.focus();
    }
    function move(by) {
      var all = items();
      var at = all.indexOf(document.activeElement);
      var next = all[(at + by + all.length) % all.length];
      if (next) next.focus();
    }
    // A mouse click opens the menu without moving the focus into it; a keyboard "click" (Enter, Space) moves it to the first item.
    trigger.addEventListener('click', function (e) {
      if (isOpen()) close(false);
      else open(e.detail === 0 ? 'first' : null);
    });
    trigger.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') { e.preventDefault(); open('first'); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); open('last'); }
      else if (e.key === 'Escape') close(true);
    });
    menu.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') { e.preventDefault(); move(1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); move(-1); }
      else if (e.key === 'Home') { e.preventDefault(); items()[0].focus(); }
      else if (e.key === 'End') { e.preventDefault(); var all = items(); all[all.length - 1].focus(); }
      else if (e.key === 'Escape') { e.preventDefault(); close(true); }
      else if (e.key === 'Tab') close(false);
    });
    menu.addEventListener('click', function (e) {
      if (e.target.closest('[role="menuitem"]')) close(false);
    });
    document.addEventListener('click', function (e) {
      if (!root.contains(e.target)) close(false);
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-dropdown]'), setUp);
})();
