/**
 * The mass-delete guard: a change that would trash many copies at once (a parent trashed with its
 * subtree, a space emptied by accident, a scope narrowed) pauses the sync and asks the admins on
 * both sides, instead of mirroring it. Pure rules; the source counts the trashes it is about to
 * send within a window and asks here whether to hold them.
 */
import { z } from 'zod';

export const MassDeleteGuard = z.object({
  enabled: z.boolean().default(true),
  /** Both must be reached: at least this many copies… */
  minCopies: z.number({ message: 'Enter a whole number of copies' }).int('Enter a whole number of copies').min(1, 'At least 1 copy').max(100_000, 'At most 100,000 copies').default(20),
  /** …and at least this share of all copies, in per cent. */
  minPercent: z.number({ message: 'Enter a share from 1 to 100 %' }).min(1, 'At least 1 %').max(100, 'At most 100 %').default(20),
  /** Trashes this close together count as one change. */
  windowMinutes: z.number().int().min(1).max(24 * 60).default(60),
});
export type MassDeleteGuard = z.infer<typeof MassDeleteGuard>;

export const DEFAULT_GUARD: MassDeleteGuard = MassDeleteGuard.parse({});

export interface TrashWindow {
  /** When each trash still to send (or sent within the window) was seen, ISO times. */
  at: string[];
}

/** The trashes within the window that ends at `now`. */
export function recentTrashes(window: TrashWindow, now: Date, guard: MassDeleteGuard): string[] {
  const since = now.getTime() - guard.windowMinutes * 60_000;
  return window.at.filter((t) => Date.parse(t) >= since);
}

export type GuardVerdict = { hold: false } | { hold: true; trashes: number; copies: number; percent: number };

/**
 * Whether `trashes` copies going to the trash together, out of `copies` the sync holds, is a
 * mass delete. Small syncs are never held for a handful of trashes: both thresholds must be met.
 */
export function guardVerdict(guard: MassDeleteGuard, trashes: number, copies: number): GuardVerdict {
  if (!guard.enabled || copies <= 0 || trashes < guard.minCopies) return { hold: false };
  const percent = Math.round((trashes / copies) * 1000) / 10;
  return percent >= guard.minPercent ? { hold: true, trashes, copies, percent } : { hold: false };
}

/** The question both sides' admins are asked. */
export function guardQuestion(verdict: Extract<GuardVerdict, { hold: true }>): string {
  return `${verdict.trashes} of ${verdict.copies} copies (${verdict.percent} %) would go to the trash at once. The sync is paused until an admin confirms the deletion or undoes it at the source.`;
}

/** One item the guard held, as both sides' admins see it (`parent`: its source parent, when known). */
export interface HeldItem {
  id: string;
  kind: string;
  title: string;
  parent?: string;
}

/** How many held items the question lists; the rest are counted (`more`). */
export const HELD_SHOWN = 50;

/** A question the guard asked, recorded on both sides' sync. `question` names it, so a stale answer is told apart. */
export interface GuardHold {
  question: string;
  at: string;
  trashes: number;
  copies: number;
  percent: number;
  items: HeldItem[];
  more: number;
}

export type GuardAnswer = 'confirm' | 'undo';
export const GUARD_ANSWERS: GuardAnswer[] = ['confirm', 'undo'];

/** A guard's options on a sync recorded before the guard existed: the defaults. */
export const guardOf = (options: { massDeleteGuard?: MassDeleteGuard }): MassDeleteGuard => options.massDeleteGuard ?? DEFAULT_GUARD;

/** What the source holds of an item it sent: enough to tell a live copy from a trashed one. */
export interface SentCopy {
  sourceId: string;
  status: string;
  kind?: string;
  destId?: string;
}

const LISTED_KINDS = ['page', 'blogpost'];

/** Copies the destination holds now, as the source's records say: sent, with a copy, not yet gone. */
export const liveCopies = (sent: SentCopy[]) => sent.filter((s) => s.destId && s.status !== 'deleted' && s.status !== 'skipped');

/**
 * The trashes the source is about to send: live copies whose original is no longer listed (a
 * parent trashed with its subtree takes its children out of the listing without events of their
 * own). Only pages and blog posts are listed, so only they are counted; `settled` ones (an admin
 * confirmed their deletion) are not counted again.
 */
export function comingTrashes(sent: SentCopy[], listed: Set<string>, settled: Set<string>): SentCopy[] {
  return liveCopies(sent).filter((s) => LISTED_KINDS.includes(s.kind ?? 'page') && !listed.has(s.sourceId) && !settled.has(s.sourceId));
}

/**
 * The order to restore held items in: each after its parent when the parent is held too, so a
 * child is never restored before the page it belongs under. Unknown parents go first.
 */
export function restoreOrder(items: HeldItem[]): HeldItem[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const depth = (i: HeldItem, seen = new Set<string>()): number => {
    const parent = i.parent ? byId.get(i.parent) : undefined;
    if (!parent || seen.has(i.id)) return 0;
    seen.add(i.id);
    return 1 + depth(parent, seen);
  };
  return items.map((i, n) => ({ i, n, d: depth(i) })).sort((a, b) => a.d - b.d || a.n - b.n).map(({ i }) => i);
}

/** Whether an answer is for the question now asked; anything else changes nothing. */
export function answerRule(hold: GuardHold | undefined, question: string): { ok: true } | { ok: false; reason: string } {
  if (!hold) return { ok: false, reason: 'This sync has no mass delete waiting for an answer: it was answered already.' };
  if (hold.question !== question) return { ok: false, reason: 'That question is no longer asked: a newer one replaced it. Reload to see it.' };
  return { ok: true };
}

/** The log line each side writes when the question is answered. */
export function answerWords(answer: GuardAnswer, hold: GuardHold, restored?: { restored: number; notRestored: number }): string {
  if (answer === 'confirm') return `Mass delete confirmed: the ${hold.trashes} held trashes are applied and the sync runs again.`;
  const kept = restored?.notRestored ? ` ${restored.notRestored} could not be restored at the source; their copies are kept.` : '';
  return `Mass delete undone: ${restored?.restored ?? hold.trashes} of ${hold.trashes} pages restored from the source’s trash, the copies kept, and the sync runs again.${kept}`;
}
