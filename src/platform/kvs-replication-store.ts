/**
 * Replication state in Forge KVS (both sides of a same-site pair share one KVS, so the prefixes
 * differ). Source side: `sent:<pair>:<sourceId>`, `progress:<sync>`, `plan:<sync>`. Destination
 * side: `map:<pair>:<sourceId>` and its reverse `copy:<destId>`, `new:<pair>:<sourceId>` while a
 * copy is being created, `part:<pair>:<transfer>:<index>`, `quota:<pair>:<day>` (parts taken that day), `wait:<pair>:<sourceId>`. Both:
 * `log:<sync>:<newest-first time>-<random>` (activity).
 */
import { randomBytes } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { entriesWithPrefix } from './kvs-query';
import type { ActivityEntry, FullSyncProgress, MapRecord, PlanItem, ReplicationStore, SentRecord, Waiter } from '../replication/ports';
import type { PairingActivity } from '../pairing/ports';

/** Activity is kept for 30 days (the KVS TTL removes older entries). */
const ACTIVITY_TTL = { value: 30, unit: 'DAYS' } as const;
/** Transfer parts an apply never used (the source gave up) expire on their own. */
const PART_TTL = { value: 1, unit: 'DAYS' } as const;
/** A day's part count outlives its day, then goes. */
const QUOTA_TTL = { value: 2, unit: 'DAYS' } as const;
/** Plans are split so each value stays far below the 240 KiB limit. */
const PLAN_CHUNK = 2000;

/** A time as a key part that sorts the newest first (fixed width, so it also sorts as text). */
function newestFirst(at: string): string {
  return String(LAST_MS - Date.parse(at)).padStart(13, '0');
}
const LAST_MS = 9_999_999_999_999;

export const kvsReplicationStore: ReplicationStore = {
  sent: (pair, id) => kvs.get<SentRecord>(`sent:${pair}:${id}`),
  putSent: (pair, id, record) => kvs.set(`sent:${pair}:${id}`, record),
  sentRecords: async (pair) => (await entriesWithPrefix<SentRecord>(`sent:${pair}:`)).map((r) => ({ sourceId: r.key.slice(`sent:${pair}:`.length), record: r.value })),
  mappedCount: async (pair) => (await entriesWithPrefix<MapRecord>(`map:${pair}:`)).length,
  mapped: (pair, id) => kvs.get<MapRecord>(`map:${pair}:${id}`),
  putMapped(pair, id, record, created) {
    const write = kvs.transact().set(`map:${pair}:${id}`, record).set(`copy:${record.destId}`, { pairId: pair, sourceId: id });
    // The mark was set just before the create, so the delete names a key that exists.
    return (created ? write.delete(`new:${pair}:${id}`) : write).execute();
  },
  creating: async (pair, id) => (await kvs.get(`new:${pair}:${id}`)) !== undefined,
  markCreating: (pair, id) => kvs.set(`new:${pair}:${id}`, { creating: true }, { ttl: PART_TTL }),
  origin: (destId) => kvs.get<{ pairId: string; sourceId: string }>(`copy:${destId}`),
  progress: (sync) => kvs.get<FullSyncProgress>(`progress:${sync}`),
  putProgress: (sync, progress) => kvs.set(`progress:${sync}`, progress),

  async plan(sync) {
    const head = await kvs.get<{ chunks: number }>(`plan:${sync}`);
    if (!head) return undefined;
    const chunks = await Promise.all(Array.from({ length: head.chunks }, (_, i) => kvs.get<PlanItem[]>(`plan:${sync}:${i}`)));
    return chunks.flatMap((c) => c ?? []);
  },
  async putPlan(sync, items) {
    const chunks = Math.ceil(items.length / PLAN_CHUNK);
    for (let i = 0; i < chunks; i++) await kvs.set(`plan:${sync}:${i}`, items.slice(i * PLAN_CHUNK, (i + 1) * PLAN_CHUNK));
    await kvs.set(`plan:${sync}`, { chunks });
  },

  waiting: async (pair, id) => (await kvs.get<Waiter[]>(`wait:${pair}:${id}`)) ?? [],
  putWaiting: (pair, id, waiters) => (waiters.length ? kvs.set(`wait:${pair}:${id}`, waiters) : kvs.delete(`wait:${pair}:${id}`)),
  putPart: (pair, transfer, index, data) => kvs.set(`part:${pair}:${transfer}:${index}`, data, { ttl: PART_TTL }),
  parts: (pair, transfer, from, count) => Promise.all(Array.from({ length: count }, (_, i) => kvs.get<string>(`part:${pair}:${transfer}:${from + i}`))),
  async countPart(pair, day, limit) {
    // Read, then write: two parts racing may both pass at the very edge, which a daily cap allows.
    const key = `quota:${pair}:${day}`;
    const used = (await kvs.get<number>(key)) ?? 0;
    if (used >= limit) return false;
    await kvs.set(key, used + 1, { ttl: QUOTA_TTL });
    return true;
  },
  async dropParts(pair, transfer, count) {
    for (let i = 0; i < count; i++) await kvs.delete(`part:${pair}:${transfer}:${i}`);
  },

  log: (entry) => kvs.set(`log:${entry.syncId}:${newestFirst(entry.at)}-${randomBytes(4).toString('hex')}`, entry, { ttl: ACTIVITY_TTL }),
  async activity(sync, limit) {
    // Queries return keys in ascending order, so newest-first keys make the latest entries one read.
    return (await entriesWithPrefix<ActivityEntry>(`log:${sync}:`, limit)).map((e) => e.value);
  },
};

/** A pairing event in its sync's activity log: about no page, caused by "pairing". */
export function logPairing({ syncId, outcome, detail, by }: PairingActivity): Promise<void> {
  return kvsReplicationStore.log({ at: new Date().toISOString(), syncId, sourceId: '', title: '', cause: 'pairing', ...(by ? { by } : {}), outcome, detail });
}
