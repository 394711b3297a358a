/**
 * A page's comments as Confluence shows them. Inline comments sit in a panel beside the body,
 * one card per thread: the text it is on, each comment with its author and when, replies under
 * it, and Resolve (or Reopen); the commented text in the body is highlighted, and choosing it
 * selects its card (inline-comments.js), as Confluence's side panel does. Resolved threads, and
 * threads whose text has left the page, are not highlighted and wait behind a disclosure, as
 * Confluence keeps them out of the page. Footer comments follow the page, with their replies.
 */
import type { Content } from '../confluence/model';
import { EDIT_PATH } from './shell-paths';
import { avatar, html, raw } from './html';
import { displayName, hiddenFields, type Where } from './space-context';
import type { MarkerState } from './storage-view';
import { timeAgo } from './relative-time';
import { textOf } from '../confluence/site';

/** The id of a thread's card, which its highlighted text names as its description. */
export const cardId = (markerRef: string) => `inline-comment-${markerRef}`;

const isThread = (x: Content) => x.type === 'inline-comment' && !!x.inline && !x.parentCommentId;

/** Inline-comment state by marker ref, for the body's highlights. */
export function markersOf(w: Where, comments: Content[]): Map<string, MarkerState> {
  return new Map(comments.filter(isThread).map((x) => [x.inline?.markerRef as string, { resolution: w.site.inlineResolution(x), describedBy: cardId(x.inline?.markerRef as string) }]));
}

/** One comment: avatar, author, when, its words; replies under it. */
function comment(w: Where, x: Content, all: Content[]): string {
  const replies = all.filter((r) => r.parentCommentId === x.id).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const author = displayName(w, x.authorId);
  return html`<li class="comment" data-comment-id="${x.id}">${raw(avatar(author))}<div><div class="comment-head"><span class="comment-author">${author}</span><span class="subtlest">${raw(timeAgo(x.createdAt))}</span></div>
<p class="comment-text">${textOf(x.body)}</p>${raw(replies.length ? html`<ul class="replies">${replies.map((r) => raw(comment(w, r, all)))}</ul>` : '')}</div></li>`;
}

/** Resolve or Reopen, for a thread still anchored on the page. */
function resolveButton(w: Where, page: Content, thread: Content): string {
  const state = w.site.inlineResolution(thread);
  if (state === 'dangling') return '';
  const resolved = state === 'resolved';
  return html`<form method="post" action="${EDIT_PATH}">${raw(hiddenFields(w, page.id))}<input type="hidden" name="comment-id" value="${thread.id}"><button class="subtle" name="op" value="${resolved ? 'reopen' : 'resolve'}">${resolved ? 'Reopen' : 'Resolve'}</button></form>`;
}

function threadCard(w: Where, page: Content, thread: Content, all: Content[]): string {
  const ref = thread.inline?.markerRef as string;
  const state = w.site.inlineResolution(thread);
  const note = state === 'resolved' ? 'Resolved' : state === 'dangling' ? 'Its text is no longer on the page' : '';
  return html`<article class="comment-card" id="${cardId(ref)}" data-comment-ref="${ref}" tabindex="-1" aria-label="Inline comment on “${thread.inline?.textSelection ?? ''}”">
<blockquote class="comment-quote">${thread.inline?.textSelection ?? ''}</blockquote>${raw(note ? html`<p class="subtlest">${note}</p>` : '')}
<ul class="comments-list">${raw(comment(w, thread, all))}</ul>${raw(resolveButton(w, page, thread))}</article>`;
}

/** The panel beside the body: open threads in the order their text comes in the page, then the rest behind a disclosure. */
export function inlineCommentPanel(w: Where, page: Content, comments: Content[]): string {
  const threads = comments.filter(isThread);
  if (!threads.length) return '';
  const place = (x: Content) => page.body.indexOf(`ac:ref="${x.inline?.markerRef}"`);
  const shown = threads.filter((x) => ['open', 'reopened'].includes(w.site.inlineResolution(x))).sort((a, b) => place(a) - place(b));
  const others = threads.filter((x) => !shown.includes(x));
  return html`<aside class="comment-panel" aria-label="Inline comments"><h2>Inline comments</h2>${shown.map((x) => raw(threadCard(w, page, x, comments)))}${raw(
    others.length ? html`<details><summary>Resolved and detached (${others.length})</summary><div class="sections">${others.map((x) => raw(threadCard(w, page, x, comments)))}</div></details>` : '',
  )}</aside>`;
}

/** The footer comments under the page, oldest first, each with its replies. */
export function footerComments(w: Where, comments: Content[]): string {
  const threads = comments.filter((x) => x.type === 'footer-comment' && !x.parentCommentId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return html`<section aria-labelledby="comments-heading"><h2 id="comments-heading">Comments</h2>${raw(
    threads.length ? html`<ul class="comments-list">${threads.map((x) => raw(comment(w, x, comments)))}</ul>` : html`<p class="subtle">No comments yet.</p>`,
  )}</section>`;
}
