/*
 * Flags an app raises with @forge/bridge's showFlag (and closes with closeFlag), shown as
 * Confluence shows them: Atlaskit flags in a group at the bottom left of the page, newest on top,
 * with the title, the description, an icon for the type (info, success, warning, error) and a
 * dismiss button; `isAutoDismiss` ones go after eight seconds, as Atlaskit's AutoDismissFlag
 * does. The bridge's flag actions are not offered: the sandbox has no way to call back into the
 * app with them.
 */
(function () {
  'use strict';
  var group = document.querySelector('.flag-group');
  if (!group) return;
  var AUTO_DISMISS_MS = 8000;
  var shown = {};

  function remove(id) {
    if (shown[id]) shown[id].remove();
    delete shown[id];
  }

  function show(p) {
    var id = String(p.id);
    remove(id);
    var type = ['success', 'warning', 'error', 'info'].indexOf(p.type || p.appearance) !== -1 ? p.type || p.appearance : 'info';
    var flag = document.createElement('div');
    flag.className = 'flag flag-' + type;
    flag.setAttribute('role', type === 'error' || type === 'warning' ? 'alert' : 'status');
    flag.setAttribute('data-flag-id', id);
    var icon = document.createElement('span');
    icon.className = 'flag-icon';
    icon.setAttribute('aria-hidden', 'true');
    var text = document.createElement('div');
    var title = document.createElement('p');
    title.className = 'flag-title';
    title.textContent = p.title ? String(p.title) : '';
    text.appendChild(title);
    if (p.description) {
      var description = document.createElement('p');
      description.className = 'flag-description';
      description.textContent = String(p.description);
      text.appendChild(description);
    }
    var dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.className = 'subtle icon-only';
    dismiss.setAttribute('aria-label', 'Dismiss');
    dismiss.textContent = '×';
    dismiss.addEventListener('click', function () { remove(id); });
    flag.appendChild(icon);
    flag.appendChild(text);
    flag.appendChild(dismiss);
    group.appendChild(flag);
    shown[id] = flag;
    if (p.isAutoDismiss) setTimeout(function () { if (shown[id] === flag) remove(id); }, AUTO_DISMISS_MS);
  }

  document.addEventListener('sandbox:flag', function (e) {
    var p = e.detail.payload || {};
    if (p.id === undefined || p.id === null) return;
    if (e.detail.type === 'showFlag') show(p);
    else remove(String(p.id));
  });
})();
