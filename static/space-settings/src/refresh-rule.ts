/** When the settings page reloads its list by itself: while something is about to change on the other side's doing. */
import type { SyncSummary } from '../../../src/contract/resolvers';

/** How long after pairing a destination with nothing yet keeps looking (the first full sync runs on the source). */
export const ARRIVAL_WINDOW_MS = 10 * 60 * 1000;

/**
 * Waiting for the other admin to claim or approve, a full sync running here, or a destination
 * paired a moment ago that has received nothing yet: each changes without anyone here acting.
 */
export function changesByItself(sync: SyncSummary, now = Date.now()): boolean {
  if (sync.state === 'awaiting-approval') return true;
  if (sync.state === 'awaiting-import') return sync.tokenExpiresAt !== undefined && new Date(sync.tokenExpiresAt).getTime() > now;
  if (sync.state !== 'active') return false;
  if (sync.overview?.pending) return true;
  const pairedAt = sync.peer?.pairedAt ? new Date(sync.peer.pairedAt).getTime() : undefined;
  return sync.role === 'destination' && !sync.overview?.lastSyncAt && pairedAt !== undefined && now - pairedAt < ARRIVAL_WINDOW_MS;
}
