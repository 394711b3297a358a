/**
 * Queue events come at least once (forge-platform.md, product events: "at least once"): a full
 * sync's job delivered again after its run finished, or one of an earlier run delivered while a
 * newer run is under way, must read nothing, send nothing and log nothing.
 */
import { runFullSync, type FullSyncDeps } from '../../src/replication/full-sync';
import type { FullSyncProgress } from '../../src/replication/ports';
import type { Sync } from '../../src/domain/sync';

const sync = { id: 's1', pairId: 'p1', role: 'source', state: 'active', space: { id: '9', key: 'ENG', name: 'Eng' }, options: { blogPosts: true, labels: true, comments: true, attachments: true, mode: 'automatic' } } as unknown as Sync;
const RUN = '2026-01-01T10:00:00.000Z';

/** Deps holding only the stored progress: touching anything else (a read, a send, a log) fails the test. */
function depsWith(progress: FullSyncProgress) {
  const touched: string[] = [];
  const untouchable = (name: string) => new Proxy({}, { get: (_t, key) => (touched.push(`${name}.${String(key)}`), () => Promise.reject(new Error(`${name}.${String(key)} was used`))) });
  const fullSync = new Proxy({ progress: async () => progress }, { get: (t, key) => (key === 'progress' ? t.progress : (touched.push(`fullSync.${String(key)}`), async () => undefined)) });
  const deps = new Proxy({ fullSync } as Record<string, unknown>, { get: (t, key) => (key === 'fullSync' ? t.fullSync : untouchable(String(key))) }) as unknown as FullSyncDeps;
  return { deps, touched };
}

const progress = (state: FullSyncProgress['state'], startedAt = RUN): FullSyncProgress => ({ state, total: 3, done: state === 'queued' ? 0 : 3, failedCount: state === 'incomplete' ? 1 : 0, startedAt, catchUp: 'missed', changed: 1 });

describe('a full sync job delivered twice', () => {
  it.each(['complete', 'incomplete'] as const)('after its run finished (%s): nothing is read, sent or logged', async (state) => {
    for (const run of [RUN, undefined]) {
      const { deps, touched } = depsWith(progress(state));
      expect(await runFullSync(deps, sync, 0, 1, run)).toBeUndefined();
      expect(await runFullSync(deps, sync, 2, 1, run)).toBeUndefined();
      expect(touched).toEqual([]);
    }
  });

  it.each(['queued', 'running'] as const)('of an earlier run while a newer one is %s: nothing is done', async (state) => {
    const { deps, touched } = depsWith(progress(state, '2026-01-02T10:00:00.000Z'));
    expect(await runFullSync(deps, sync, 1, 1, RUN)).toBeUndefined();
    expect(touched).toEqual([]);
  });

  it('of the run under way: it goes on (its plan is read)', async () => {
    const { deps, touched } = depsWith(progress('running'));
    await expect(runFullSync(deps, sync, 0, 1, RUN)).rejects.toThrow();
    expect(touched[0]).toBe('fullSync.plan');
  });
});
