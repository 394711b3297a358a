/**
 * When something happened, as Confluence's bylines and comments say it: "just now", "5 minutes
 * ago", "3 hours ago", "yesterday", "4 days ago", then the date ("Mar 4, 2025"), with the exact
 * time on hover. The page writes it once; relative-times.js keeps it current while the page is
 * open, as Confluence's do, from the `datetime` the element carries.
 */
import { html } from './html';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function relativeTime(iso: string, now: number = Date.now()): string {
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return iso;
  const ago = Math.max(0, now - at);
  const words = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  if (ago < MINUTE) return 'just now';
  if (ago < HOUR) return words.format(-Math.floor(ago / MINUTE), 'minute');
  if (ago < DAY) return words.format(-Math.floor(ago / HOUR), 'hour');
  if (ago < 7 * DAY) return words.format(-Math.floor(ago / DAY), 'day');
  return new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', year: 'numeric' }).format(at);
}

/** A `<time>` element with the relative wording, the ISO instant for scripts and machines, and the full time as its tooltip. */
export function timeAgo(iso: string, now?: number): string {
  const exact = Number.isNaN(new Date(iso).getTime()) ? iso : new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  return html`<time datetime="${iso}" title="${exact}" data-relative>${relativeTime(iso, now)}</time>`;
}
