import { SYNC_TREE_WINDOW_MS, syncPageNow, type PageSyncDeps } from '../../src/replication/page-sync';
import type { Sync } from '../../src/domain/sync';

/** Sync now on a page with one child, on one clock the test moves. */
function deps(now: { ms: number }) {
  const pushed: unknown[][] = [];
  const marks = new Map<string, string>();
  const sync = { id: 's1', pairId: 'p'.repeat(22), role: 'source', state: 'active', space: { id: '1', key: 'ENG', name: 'Eng' }, options: { blogPosts: true, mode: 'manual' }, pageSync: { users: ['acc-1'], groups: [] } } as unknown as Sync;
  const d: PageSyncDeps = {
    syncs: { listBySpace: async () => [sync], findByPair: async () => undefined },
    sent: { get: async () => undefined },
    copies: { origin: async () => undefined, get: async () => undefined },
    queue: { push: async (jobs: unknown[]) => void pushed.push(jobs) } as never,
    access: { view: async () => ({ version: 1 }), children: async (id: string) => (id === '10' ? [{ id: '11', kind: 'page' as const }] : []), groupsOf: async () => [] },
    permissions: { isSpaceAdmin: async () => false },
    reviews: { get: async () => undefined },
    cloudId: 'c',
    marks: { lastTreeAt: async (pair, page) => marks.get(`${pair}:${page}`), markTree: async (pair, page, at) => void marks.set(`${pair}:${page}`, at) },
    now: () => new Date(now.ms).toISOString(),
  };
  return { d, pushed };
}

describe('Sync now with child pages, asked again and again', () => {
  const page = { id: '10', kind: 'page' as const, spaceId: '1' };

  it('queues the subtree again only once the window has passed, and the page alone at any time', async () => {
    const now = { ms: Date.parse('2026-12-03T10:00:00Z') };
    const { d, pushed } = deps(now);
    expect(await syncPageNow(d, 'acc-1', page, { syncId: 's1', withChildren: true })).toEqual({ queued: 2 });
    now.ms += SYNC_TREE_WINDOW_MS - 1;
    await expect(syncPageNow(d, 'acc-1', page, { syncId: 's1', withChildren: true })).rejects.toMatchObject({ code: 'not-allowed-now' });
    expect(await syncPageNow(d, 'acc-1', page, { syncId: 's1' })).toEqual({ queued: 1 });
    now.ms += 1;
    expect(await syncPageNow(d, 'acc-1', page, { syncId: 's1', withChildren: true })).toEqual({ queued: 2 });
    expect(pushed.map((jobs) => jobs.length)).toEqual([2, 1, 2]);
  });

  it('holds back nothing for someone the sync does not allow: they are refused as before, and mark nothing', async () => {
    const now = { ms: Date.parse('2026-12-03T10:00:00Z') };
    const { d } = deps(now);
    await expect(syncPageNow(d, 'acc-2', page, { syncId: 's1', withChildren: true })).rejects.toMatchObject({ code: 'sync-now-not-permitted' });
    expect(await syncPageNow(d, 'acc-1', page, { syncId: 's1', withChildren: true })).toEqual({ queued: 2 });
  });
});
