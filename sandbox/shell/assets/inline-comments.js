/*
 * Inline comments in the page view, as Confluence Cloud has them:
 * - The highlighted text of an open comment can be chosen (click, or Enter from the keyboard):
 *   its card in the side panel is selected, shown and focused, and all of the thread's
 *   highlights fill in, as Confluence opens the thread beside the text.
 * - Selecting text in the body offers a Comment button by the selection, as Confluence's
 *   selection toolbar does; it fills the sandbox editor's "Add an inline comment" form with the
 *   text and which occurrence of it was selected, and moves to the comment box.
 */
(function () {
  'use strict';
  var body = document.querySelector('[data-page-body]');
  if (!body) return;

  function marks(ref) { return body.querySelectorAll('mark.inline-comment[data-comment-ref="' + CSS.escape(ref) + '"]'); }

  function select(ref) {
    var card = document.getElementById('inline-comment-' + ref);
    if (!card) return;
    Array.prototype.forEach.call(document.querySelectorAll('.selected[data-comment-ref]'), function (el) { el.classList.remove('selected'); });
    Array.prototype.forEach.call(marks(ref), function (m) { m.classList.add('selected'); });
    card.classList.add('selected');
    card.scrollIntoView({ block: 'nearest' });
    card.focus({ preventScroll: true });
  }

  Array.prototype.forEach.call(body.querySelectorAll('mark.inline-comment.open, mark.inline-comment.reopened'), function (mark) {
    mark.setAttribute('tabindex', '0');
    mark.addEventListener('click', function () {
      if (String(window.getSelection() || '') === '') select(mark.getAttribute('data-comment-ref'));
    });
    mark.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        select(mark.getAttribute('data-comment-ref'));
      }
    });
  });

  var button = document.querySelector('[data-selection-comment]');
  var form = document.getElementById('add-inline-comment');
  if (!button || !form) return;
  var chosen = null;

  /** Which occurrence (1, 2, …) of `text` in the body's text the selection starting at `start` is. */
  function occurrence(full, text, start) {
    var n = 0;
    for (var i = full.indexOf(text); i !== -1 && i <= start; i = full.indexOf(text, i + text.length)) n++;
    return Math.max(n, 1);
  }

  function offer() {
    var selection = window.getSelection();
    var text = selection ? String(selection) : '';
    if (!selection || !selection.rangeCount || !text.trim() || !body.contains(selection.anchorNode) || !body.contains(selection.focusNode)) {
      button.hidden = true;
      chosen = null;
      return;
    }
    var range = selection.getRangeAt(0);
    var before = document.createRange();
    before.setStart(body, 0);
    before.setEnd(range.startContainer, range.startOffset);
    chosen = { text: text, occurrence: occurrence(body.textContent, text, before.toString().length) };
    var rect = range.getBoundingClientRect();
    button.style.left = Math.round(rect.left + window.scrollX) + 'px';
    button.style.top = Math.round(rect.bottom + window.scrollY + 4) + 'px';
    button.hidden = false;
  }

  document.addEventListener('selectionchange', function () { setTimeout(offer, 0); });
  button.addEventListener('mousedown', function (e) { e.preventDefault(); }); // keep the selection while the button is pressed
  button.addEventListener('click', function () {
    if (!chosen) return;
    form.elements.selection.value = chosen.text;
    form.elements.occurrence.value = String(chosen.occurrence);
    button.hidden = true;
    form.scrollIntoView({ block: 'center' });
    form.elements.comment.focus();
  });
})();
