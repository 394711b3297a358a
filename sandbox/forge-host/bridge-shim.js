/*
 * The Custom UI bridge inside a sandbox iframe: what Confluence provides as window.__bridge.
 * Resolver calls and the context go to the local Forge host with the render-session token
 * the host put in this script's URL; UI calls (flags, close, navigation) go to the parent shell.
 */
(function () {
  'use strict';
  var token = new URL(document.currentScript.src).searchParams.get('token');

  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Object.assign({ token: token }, body)),
    }).then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok) throw new Error(json.message || 'The app backend failed (' + response.status + ')');
        return json;
      });
    });
  }

  function toParent(type, payload) {
    if (window.parent !== window) window.parent.postMessage({ source: 'space-sync-bridge', type: type, payload: payload }, '*');
    return Promise.resolve(true);
  }

  // A call the page around the app answers (sandbox/shell/assets/app-navigation.js): router.navigate and
  // router.open, whose promise Forge rejects when the link is not opened
  // (https://developer.atlassian.com/platform/forge/custom-ui-bridge/router/).
  var waiting = {};
  var lastId = 0;
  window.addEventListener('message', function (e) {
    var d = e.data;
    if (e.source !== window.parent || !d || d.source !== 'space-sync-shell' || !waiting[d.id]) return;
    var w = waiting[d.id];
    delete waiting[d.id];
    if (d.ok) w.resolve(); else w.reject(new Error(d.error || 'The link was not opened'));
  });
  function askParent(type, payload) {
    if (window.parent === window) return Promise.reject(new Error('No Confluence page around the app to open the link'));
    return new Promise(function (resolve, reject) {
      var id = ++lastId;
      waiting[id] = { resolve: resolve, reject: reject };
      window.parent.postMessage({ source: 'space-sync-bridge', type: type, payload: payload, id: id }, '*');
      setTimeout(function () { if (waiting[id]) { delete waiting[id]; reject(new Error('The Confluence page did not answer')); } }, 10000);
    });
  }

  // Not Forge, and not the bridge: the sandbox's stand-in for the network. A link in the app
  // that leaves its frame (target _blank or _top, as the page action's "Open the copy" is) would
  // be followed by the browser; the emulated sites carry the real hosts' names
  // (https://globex.atlassian.net), which do not answer here. So such a link is handed to the
  // page around the app, which opens an emulated site's address at its sandbox page and any
  // other as the browser would have (sandbox/shell/assets/app-navigation.js). The app's link
  // stays exactly as it built it. A click the app handled itself (preventDefault) is left alone.
  window.addEventListener('click', function (e) {
    if (e.defaultPrevented || e.button !== 0 || window.parent === window || !e.target.closest) return;
    var link = e.target.closest('a[href]');
    var target = link ? (link.getAttribute('target') || '').toLowerCase() : '';
    if (!link || (target !== '_blank' && target !== '_top' && target !== '_parent')) return;
    var url = new URL(link.href, location.href);
    if (url.origin === location.origin || (url.protocol !== 'https:' && url.protocol !== 'http:')) return;
    e.preventDefault();
    askParent('link', { url: url.href, target: target === '_blank' ? '_blank' : '_top' }).catch(function () {});
  });

  var handlers = {
    invoke: function (p) {
      return post('/forge/bridge/invoke', { functionKey: p.functionKey, payload: p.payload }).then(function (json) {
        return json.result;
      });
    },
    getContext: function () {
      return post('/forge/bridge/context', {});
    },
    showFlag: function (p) { return toParent('showFlag', p); },
    closeFlag: function (p) { return toParent('closeFlag', p); },
    close: function (p) { return toParent('close', p); },
    submit: function (p) { return toParent('submit', p); },
    refresh: function (p) { return toParent('refresh', p); },
    navigate: function (p) { return askParent('navigate', p); },
    open: function (p) { return toParent('open', p); },
    reload: function () { return toParent('reload', null); },
    onClose: function () { return Promise.resolve(true); },
    changeWindowTitle: function (title) { document.title = title; return Promise.resolve(); },
    on: function () { return Promise.resolve({ unsubscribe: function () {} }); },
    emit: function () { return Promise.resolve(); },
    emitReadyEvent: function () { return Promise.resolve(); },
  };

  window.__bridge = {
    callBridge: function (type, payload) {
      var handler = handlers[type];
      if (!handler) return Promise.reject(new Error('The sandbox does not support the bridge call "' + type + '"'));
      return handler(payload);
    },
  };
})();
