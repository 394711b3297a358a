/**
 * The activity log through the real @forge/kvs on the host: the dashboard polls it every few
 * seconds during a full sync, so reading the newest entries must not read the whole log.
 */
import { startEmulatedSites } from '../support/emulated-sites';
import type { ActivityEntry } from '../../src/replication/ports';

describe('the activity log', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  beforeAll(async () => {
    env = await startEmulatedSites();
  });
  afterAll(() => env.host.close());

  const store = async () => (await import('../../src/platform/kvs-activity-log')).kvsActivityLog;
  const inApp = <T>(work: () => Promise<T>) => env.host.runInInvocation(env.source.installation, work);
  const queries = () => env.host.log.of('kvs').filter((r) => r.op === 'query').length;
  const entry = (syncId: string, i: number): ActivityEntry => ({ at: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 60_000).toISOString(), syncId, sourceId: String(i), title: `Page ${i}`, cause: 'full sync', outcome: 'created' });
  const newestIds = (from: number, count: number) => Array.from({ length: count }, (_, i) => String(from - i));

  it('reads only the newest entries, newest first, in as few queries as the count needs', async () => {
    const log = await store();
    await inApp(async () => {
      for (let i = 0; i < 230; i++) await log.log(entry('sync-a', i));
      for (let i = 0; i < 3; i++) await log.log(entry('sync-b', 1000 + i));
    });

    const read = async (syncId: string, limit: number) => {
      const before = queries();
      const entries = await inApp(() => log.recent(syncId, limit));
      return { ids: entries.map((e) => e.sourceId), queries: queries() - before };
    };
    expect(await read('sync-a', 50)).toEqual({ ids: newestIds(229, 50), queries: 1 });
    expect(await read('sync-a', 120)).toEqual({ ids: newestIds(229, 120), queries: 2 });
    expect(await read('sync-a', 1000)).toEqual({ ids: newestIds(229, 230), queries: 3 });
    expect(await read('sync-b', 50)).toEqual({ ids: newestIds(1002, 3), queries: 1 });
    expect(await read('sync-c', 50)).toEqual({ ids: [], queries: 1 });
  });
});
