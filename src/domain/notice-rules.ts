/**
 * When a sync's admins are told something: one notice per failure burst, one per waiting review
 * and per held mass delete, and a daily digest only when something happened. Pure: state in,
 * state and the notice to send out; the caller stores both.
 */

/** A burst: failures since the last healthy moment. `failing` is the items failing now (bounded). */
export interface BurstState {
  id: string;
  startedAt: string;
  lastFailureAt: string;
  failures: number;
  failing: string[];
  /** More items failed than `failing` can hold: only the quiet time ends this burst. */
  overflow: boolean;
  /** The first failure's title, for the message (a title, never a body). */
  firstTitle: string;
}

export interface NoticeState {
  burst?: BurstState;
}

export interface NoticeSettings {
  /** A burst with no failure for this long is over; the next failure starts another. */
  quietMinutes: number;
  digest: boolean;
}

export const DEFAULT_NOTICE_SETTINGS: NoticeSettings = { quietMinutes: 60, digest: true };
export const MAX_TRACKED_FAILING = 200;

export type NoticeKind = 'failure-burst' | 'review-waiting' | 'mass-delete-held' | 'digest';

/** `key` names the notice once and for all: a retried job that computes it again sends nothing twice. */
export interface Notice {
  key: string;
  kind: NoticeKind;
  syncId: string;
  at: string;
  title: string;
  lines: string[];
}

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

/** A failure of one item. A new burst (and its one notice) starts when none is going on. */
export function onFailure(state: NoticeState, syncId: string, item: { id: string; title: string }, at: string, settings: NoticeSettings): { state: NoticeState; notice?: Notice } {
  const current = state.burst && minutesBetween(state.burst.lastFailureAt, at) < settings.quietMinutes ? state.burst : undefined;
  if (current) {
    const known = current.failing.includes(item.id);
    const room = known || current.failing.length < MAX_TRACKED_FAILING;
    const burst: BurstState = { ...current, lastFailureAt: at, failures: current.failures + 1, failing: known || !room ? current.failing : [...current.failing, item.id], overflow: current.overflow || !room };
    return { state: { ...state, burst } };
  }
  const burst: BurstState = { id: `burst-${Date.parse(at)}`, startedAt: at, lastFailureAt: at, failures: 1, failing: [item.id], overflow: false, firstTitle: item.title };
  return {
    state: { ...state, burst },
    notice: {
      key: `${syncId}:${burst.id}`,
      kind: 'failure-burst',
      syncId,
      at,
      title: 'Items are failing to sync',
      lines: [item.title ? `“${item.title}” was the first to fail.` : 'An item failed to sync.', 'Later failures until the sync is healthy again are not sent one by one: the sync’s Details list them.'],
    },
  };
}

/** An item synced: it no longer fails. The burst ends when nothing it tracked is failing. */
export function onSuccess(state: NoticeState, item: { id: string }): NoticeState {
  const burst = state.burst;
  if (!burst || !burst.failing.includes(item.id)) return state;
  const failing = burst.failing.filter((id) => id !== item.id);
  if (!failing.length && !burst.overflow) return { ...state, burst: undefined };
  return { ...state, burst: { ...burst, failing } };
}

/** Is a burst going on now (what the "Needs your attention" notice shows)? */
export function activeBurst(state: NoticeState, now: string, settings: NoticeSettings): BurstState | undefined {
  return state.burst && minutesBetween(state.burst.lastFailureAt, now) < settings.quietMinutes ? state.burst : undefined;
}

/** A review waiting, or a mass delete held: one notice per occurrence, named by the caller's id. */
export function occurrenceNotice(kind: 'review-waiting' | 'mass-delete-held', syncId: string, occurrenceId: string, at: string, summary: { title: string; lines: string[] }): Notice {
  return { key: `${syncId}:${kind}:${occurrenceId}`, kind, syncId, at, title: summary.title, lines: summary.lines };
}

export interface DigestFacts {
  synced: number;
  failed: number;
  /** Items failing now. */
  failingNow: number;
  /** Reviews and held deletes waiting on an admin. */
  waiting: number;
}

/** The UTC day a digest covers: one digest per sync per day, whichever run computes it. */
export const digestDay = (at: string) => at.slice(0, 10);

/** The day's digest, or nothing: switched off, or nothing happened and nothing waits. */
export function dailyDigest(syncId: string, at: string, facts: DigestFacts, settings: NoticeSettings): Notice | undefined {
  if (!settings.digest) return undefined;
  if (!facts.synced && !facts.failed && !facts.failingNow && !facts.waiting) return undefined;
  const lines = [
    `${facts.synced} ${facts.synced === 1 ? 'item' : 'items'} synced in the last 24 hours.`,
    ...(facts.failed ? [`${facts.failed} ${facts.failed === 1 ? 'failure' : 'failures'} in the last 24 hours.`] : []),
    ...(facts.failingNow ? [`${facts.failingNow} ${facts.failingNow === 1 ? 'item is' : 'items are'} failing now.`] : []),
    ...(facts.waiting ? [`${facts.waiting} ${facts.waiting === 1 ? 'decision waits' : 'decisions wait'} for an admin.`] : []),
  ];
  return { key: `${syncId}:digest:${digestDay(at)}`, kind: 'digest', syncId, at, title: 'Daily summary', lines };
}

/** Delivery retries: a bounded number, with backoff, honouring a chat service's Retry-After. */
export const MAX_DELIVERY_ATTEMPTS = 5;

export function retryDelaySeconds(attempt: number, retryAfterSeconds?: number): number | undefined {
  if (attempt >= MAX_DELIVERY_ATTEMPTS) return undefined;
  const backoff = Math.min(30 * 2 ** (attempt - 1), 900);
  return Math.min(Math.max(retryAfterSeconds ?? 0, backoff), 900);
}

/** What a held mass delete's notice says, on either side (titles and counts only). */
export function heldDeleteSummary(hold: { trashes: number; copies: number; percent: number; items: Array<{ title: string }>; more: number }, role: 'source' | 'destination'): { title: string; lines: string[] } {
  const titles = hold.items.slice(0, 5).map((i) => `“${i.title}”`).join(', ');
  const rest = hold.items.length > 5 || hold.more ? ` and ${hold.items.length - Math.min(5, hold.items.length) + hold.more} more` : '';
  return {
    title: 'A mass delete is held',
    lines: [
      `${hold.trashes} of ${hold.copies} copies (${hold.percent} %) would go to the trash at once, so the sync is paused.`,
      ...(titles ? [`Held: ${titles}${rest}.`] : []),
      role === 'source' ? 'Confirm the deletion or undo it in this sync’s row.' : 'Confirm or undo it in this sync’s row; the source space’s admins are asked too.',
    ],
  };
}
