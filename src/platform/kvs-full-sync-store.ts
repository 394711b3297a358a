/**
 * Source: `progress:<sync>`, the work list `plan:<sync>` (a head and its chunks), and
 * `fail:<sync>:<run>:<sourceId>`, each item a run could not send (the run is its start time),
 * kept as the activity log is: one small value per failure, never one growing list.
 */
import { kvs } from './kvs-client';
import { entriesWithPrefix } from './kvs-query';
import type { FullSyncProgress, PlanItem } from '../replication/ports';
import type { FullSyncStore, ItemFailure } from '../replication/stores';

/** Plans are split so each value stays far below the 240 KiB limit (an item with its parent and position is about 90 bytes). */
const PLAN_CHUNK = 1000;
/** Failures are kept 30 days, as the activity that logged them is. */
const FAILURE_TTL = { value: 30, unit: 'DAYS' } as const;

const progressKey = (sync: string) => `progress:${sync}`;
const failuresOf = (sync: string, startedAt: string) => `fail:${sync}:${Date.parse(startedAt)}:`;

/** Progress written before failures were kept apart carried them in a list: only their number is kept. */
type StoredProgress = FullSyncProgress & { failed?: unknown[] };

export const kvsFullSyncStore: FullSyncStore = {
  async progress(sync) {
    const stored = await kvs.get<StoredProgress>(progressKey(sync));
    if (!stored) return undefined;
    const { failed, ...progress } = stored;
    return { ...progress, failedCount: progress.failedCount ?? failed?.length ?? 0 };
  },

  async putProgress(sync, progress, failure?: ItemFailure) {
    if (!failure) return kvs.set(progressKey(sync), progress);
    await kvs
      .transact()
      .set(progressKey(sync), progress)
      .set(`${failuresOf(sync, progress.startedAt)}${failure.sourceId}`, failure, undefined, { ttl: FAILURE_TTL })
      .execute();
  },

  failures: async (sync, startedAt, limit) => (await entriesWithPrefix<ItemFailure>(failuresOf(sync, startedAt), limit)).map((f) => f.value),

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
};
