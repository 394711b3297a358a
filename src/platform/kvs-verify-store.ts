/**
 * Verify's storage in Forge KVS (both sides of a same-site pair share one KVS; each side's sync
 * has its own id). `verify:<sync>` (the latest report, one bounded record), `verify-plan:<sync>:<run>`
 * and its chunks (the source's work list), `verify-named:<sync>:<run>:<seq>` (the ids a batch
 * named, at the destination), `verify-hourly:<sync>` (the latest hourly check), `verify-repair:<pair>:<sourceId>` (a repair queued lately), `verify-peer-runs:<sync>:<hour>` (runs the
 * peer asked for that hour).
 */
import { kvs } from './kvs-client';
import { entriesWithPrefix } from './kvs-query';
import type { ScheduledCheck, VerifyReport } from '../domain/verify-report';
import type { VerifyPlanItem, VerifyStore } from '../replication/verify-ports';

/** A run's working records outlive any run (a run that stops moving for an hour is over), then go. */
const RUN_TTL = { value: 2, unit: 'DAYS' } as const;
/** An item's repair is queued once in this window, however often it is asked for. */
const REPAIR_TTL = { value: 10, unit: 'MINUTES' } as const;
/** An hour's count of runs the peer asked for outlives its hour, then goes. */
const PEER_RUNS_TTL = { value: 2, unit: 'HOURS' } as const;
/** Plans are split so each value stays far below the 240 KiB limit. */
const PLAN_CHUNK = 2000;

export const kvsVerifyStore: VerifyStore = {
  report: (sync) => kvs.get<VerifyReport>(`verify:${sync}`),
  putReport: (sync, report) => kvs.set(`verify:${sync}`, report),
  scheduled: (sync) => kvs.get<ScheduledCheck>(`verify-hourly:${sync}`),
  putScheduled: (sync, check) => kvs.set(`verify-hourly:${sync}`, check),

  async plan(sync, run) {
    const head = await kvs.get<{ chunks: number }>(`verify-plan:${sync}:${run}`);
    if (!head) return undefined;
    const chunks = await Promise.all(Array.from({ length: head.chunks }, (_, i) => kvs.get<VerifyPlanItem[]>(`verify-plan:${sync}:${run}:${i}`)));
    return chunks.flatMap((c) => c ?? []);
  },
  async putPlan(sync, run, items) {
    const chunks = Math.ceil(items.length / PLAN_CHUNK);
    for (let i = 0; i < chunks; i++) await kvs.set(`verify-plan:${sync}:${run}:${i}`, items.slice(i * PLAN_CHUNK, (i + 1) * PLAN_CHUNK), { ttl: RUN_TTL });
    await kvs.set(`verify-plan:${sync}:${run}`, { chunks }, { ttl: RUN_TTL });
  },

  putNamed: (sync, run, seq, ids) => kvs.set(`verify-named:${sync}:${run}:${seq}`, ids, { ttl: RUN_TTL }),
  async named(sync, run) {
    return new Set((await entriesWithPrefix<string[]>(`verify-named:${sync}:${run}:`)).flatMap((e) => e.value));
  },

  async markRepair(pair, sourceId) {
    const key = `verify-repair:${pair}:${sourceId}`;
    try {
      await kvs.set(key, { at: Date.now() }, { keyPolicy: 'FAIL_IF_EXISTS', ttl: REPAIR_TTL });
      return true;
    } catch (e) {
      // UNCONFIRMED: the platform's code for a FAIL_IF_EXISTS collision; read back to tell it from other failures.
      if (await kvs.get(key)) return false;
      throw e;
    }
  },

  async countPeerRun(sync, hour, limit) {
    // Read, then write: two requests racing may both pass at the very edge, which an hourly cap allows.
    const key = `verify-peer-runs:${sync}:${hour}`;
    const used = (await kvs.get<number>(key)) ?? 0;
    if (used >= limit) return false;
    await kvs.set(key, used + 1, { ttl: PEER_RUNS_TTL });
    return true;
  },
};
