/**
 * Both sides: `log:<sync>:<newest-first time>-<random>`, the activity of a sync (both sides of a
 * same-site pair share one KVS; their syncs have different ids).
 */
import { randomBytes } from 'node:crypto';
import { kvs } from './kvs-client';
import { entriesWithPrefix } from './kvs-query';
import type { ActivityEntry } from '../replication/ports';
import type { ActivityLog } from '../replication/stores';
import type { PairingActivity } from '../pairing/ports';

/** Activity is kept for 30 days (the KVS TTL removes older entries). */
const ACTIVITY_TTL = { value: 30, unit: 'DAYS' } as const;

/** A time as a key part that sorts the newest first (fixed width, so it also sorts as text). */
function newestFirst(at: string): string {
  return String(LAST_MS - Date.parse(at)).padStart(13, '0');
}
const LAST_MS = 9_999_999_999_999;

export const kvsActivityLog: ActivityLog = {
  log: (entry) => kvs.set(`log:${entry.syncId}:${newestFirst(entry.at)}-${randomBytes(4).toString('hex')}`, entry, { ttl: ACTIVITY_TTL }),
  // Queries return keys in ascending order, so newest-first keys make the latest entries one read.
  recent: async (sync, limit) => (await entriesWithPrefix<ActivityEntry>(`log:${sync}:`, limit)).map((e) => e.value),
};

/** A pairing event in its sync's activity log: about no page, caused by "pairing". */
export function logPairing({ syncId, outcome, detail, by }: PairingActivity): Promise<void> {
  return kvsActivityLog.log({ at: new Date().toISOString(), syncId, sourceId: '', title: '', cause: 'pairing', ...(by ? { by } : {}), outcome, detail });
}
