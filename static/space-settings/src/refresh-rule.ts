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
  return awaitingFirstCopies(sync, now) || stillArriving(sync, now);
}

/** How long a destination's first copies may pause between two arrivals before it stops looking. */
export const ARRIVAL_QUIET_MS = 30 * 1000;

/**
 * A destination paired a moment ago whose copies are still coming in: the last arrived within
 * ARRIVAL_QUIET_MS. Without it the page stopped at the first count it saw ("8 items copied here"
 * of 9) until reloaded.
 */
function stillArriving(sync: SyncSummary, now: number): boolean {
  if (sync.role !== 'destination' || sync.state !== 'active' || !sync.overview?.synced || !sync.overview.lastSyncAt) return false;
  return pairedLately(sync, now) && now - new Date(sync.overview.lastSyncAt).getTime() < ARRIVAL_QUIET_MS;
}

/**
 * A destination paired a moment ago that holds no copy yet: the source's first full sync is on
 * its way. Told by its count of copies, which says so whatever the last sync time is.
 */
export function awaitingFirstCopies(sync: SyncSummary, now = Date.now()): boolean {
  if (sync.role !== 'destination' || sync.state !== 'active' || sync.overview?.synced) return false;
  return pairedLately(sync, now);
}

/** Paired within ARRIVAL_WINDOW_MS. */
function pairedLately(sync: SyncSummary, now: number): boolean {
  const pairedAt = sync.peer?.pairedAt ? new Date(sync.peer.pairedAt).getTime() : undefined;
  return pairedAt !== undefined && now - pairedAt < ARRIVAL_WINDOW_MS;
}
