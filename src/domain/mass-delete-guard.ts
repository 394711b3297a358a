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
  minCopies: z.number().int().min(1).max(100_000).default(20),
  /** …and at least this share of all copies, in per cent. */
  minPercent: z.number().min(1).max(100).default(20),
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
