/*
 * Keeps "5 minutes ago" current while a page is open, as Confluence's bylines and comments do:
 * every <time data-relative> is rewritten each 30 seconds from its datetime, with the words the
 * server wrote it with (sandbox/shell/relative-time.ts).
 */
(function () {
  'use strict';
  var MINUTE = 60000, HOUR = 60 * MINUTE, DAY = 24 * HOUR;
  var words = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  var date = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', year: 'numeric' });
  function say(at, now) {
    var ago = Math.max(0, now - at);
    if (ago < MINUTE) return 'just now';
    if (ago < HOUR) return words.format(-Math.floor(ago / MINUTE), 'minute');
    if (ago < DAY) return words.format(-Math.floor(ago / HOUR), 'hour');
    if (ago < 7 * DAY) return words.format(-Math.floor(ago / DAY), 'day');
    return date.format(at);
  }
  function update() {
    var now = Date.now();
    Array.prototype.forEach.call(document.querySelectorAll('time[data-relative][datetime]'), function (el) {
      var at = new Date(el.getAttribute('datetime')).getTime();
      if (!isNaN(at)) el.textContent = say(at, now);
    });
  }
  setInterval(update, 30000);
})();
