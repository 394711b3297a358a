/** Source: `progress:<sync>` and the work list `plan:<sync>` (a head and its chunks) of a full sync. */
import { kvs } from '@forge/kvs';
import type { FullSyncProgress, PlanItem } from '../replication/ports';
import type { FullSyncStore } from '../replication/stores';

/** Plans are split so each value stays far below the 240 KiB limit. */
const PLAN_CHUNK = 2000;

export const kvsFullSyncStore: FullSyncStore = {
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
};
