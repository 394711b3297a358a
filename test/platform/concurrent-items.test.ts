/**
 * Items of one invocation run at once (the parallel full sync): the values they share are read,
 * changed and written back, and none of their changes may be lost. Runs against the local Forge
 * host's KVS through the real @forge/kvs.
 */
import { kvs } from '@forge/kvs';
import { startProbeHost } from '../support/probe-host';
import { kvsSentStore } from '../../src/platform/kvs-sent-store';
import { kvsNoticeStore } from '../../src/platform/kvs-notice-store';
import { notifier } from '../../src/replication/notices';
import type { SentRecord } from '../../src/replication/ports';

type Started = Awaited<ReturnType<typeof startProbeHost>>;
const ITEMS = 24;
const ids = Array.from({ length: ITEMS }, (_, i) => `p${i}`);
const record = (status: SentRecord['status']): SentRecord => ({ kind: 'page', hash: 'h', version: 1, destId: 'd', status, at: '2026-12-03T10:00:00.000Z' });

describe('concurrent items of one invocation', () => {
  let env: Started;
  const inA = <T>(fn: () => Promise<T>) => env.host.runInInvocation(env.a, fn);
  beforeEach(async () => {
    env = await startProbeHost();
  });
  afterEach(() => env.host.close());

  it('count every sent record once, whatever order their writes interleave in', async () => {
    await inA(async () => {
      await kvsSentStore.putCounts('pair-1', { synced: 0, ahead: 0, failed: 0, restricted: 0, deleted: 0 });
      await Promise.all(ids.map((id) => kvsSentStore.put('pair-1', id, record('synced'), undefined)));
      // Half of them fail on a second send, at once too: each moves from synced to failed once.
      await Promise.all(ids.slice(0, ITEMS / 2).map((id) => kvsSentStore.put('pair-1', id, record('failed'), record('synced'))));
      const counts = await kvsSentStore.counts('pair-1');
      expect(counts).toMatchObject({ synced: ITEMS / 2, failed: ITEMS / 2 });
      expect(counts?.syncedKinds).toEqual({ page: ITEMS / 2 });
      expect((await kvsSentStore.all('pair-1')).length).toBe(ITEMS);
    });
  });

  it('keep every failing item in the burst and raise its notice once', async () => {
    const pushed: unknown[] = [];
    const notices = notifier({ store: kvsNoticeStore, queue: { pushDelivery: async (job: unknown) => void pushed.push(job) } } as unknown as Parameters<typeof notifier>[0]);
    const sync = { id: 'sync-1', space: { id: '1', key: 'DOCS' } } as unknown as Parameters<typeof notices.itemFailed>[0];
    await inA(async () => {
      await Promise.all(ids.map((id) => notices.itemFailed(sync, { id, title: id }, '2026-12-03T10:00:00.000Z')));
      const burst = (await kvsNoticeStore.state('sync-1')).burst;
      expect(burst?.failures).toBe(ITEMS);
      expect([...(burst?.failing ?? [])].sort()).toEqual([...ids].sort());
      // One burst, so one notice (its key names the burst's start).
      expect(burst?.id).toBe(`burst-${Date.parse('2026-12-03T10:00:00.000Z')}`);
      expect((await kvsNoticeStore.get(`sync-1:${burst?.id}`))?.notice.kind).toBe('failure-burst');
      // All but one recover at once: the burst still tracks exactly the one left failing.
      await Promise.all(ids.slice(1).map((id) => notices.itemSynced('sync-1', { id })));
      expect((await kvsNoticeStore.state('sync-1')).burst?.failing).toEqual([ids[0]]);
      expect(await kvs.get('notice-state:sync-1')).toBeDefined();
    });
  });
});
