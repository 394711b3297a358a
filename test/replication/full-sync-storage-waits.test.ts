/**
 * Busy storage is no item's fault, so a full sync waits it out without counting a try
 * (full-sync.ts), but not for ever: after STORAGE_WAITS windows in a row with nothing moving, the
 * items it still holds are FAILED with a reason that says so, and the run ends.
 */
import { pairedWithPages } from '../support/replication';
import { syncOf } from '../support/pairs';
import { handlePeerMessage } from '../../src/entry/peer-inbox';
import { sourceDeps } from '../../src/entry/replication-deps';
import { ITEM_TRIES, runFullSync, startFullSync } from '../../src/replication/full-sync';
import { STORAGE_STAYED_BUSY, STORAGE_WAITS, STORAGE_WINDOW_SECONDS } from '../../src/replication/retry';
import { kvsFullSyncStore } from '../../src/platform/kvs-full-sync-store';
import { kvsSentStore } from '../../src/platform/kvs-sent-store';
import type { OutboundJob } from '../../src/replication/ports';
import { kvsBusy } from '../support/kvs-errors';

const PAGES = 4;

describe('a full sync that storage keeps refusing', () => {
  let env: Awaited<ReturnType<typeof pairedWithPages>>;

  beforeEach(async () => {
    env = await pairedWithPages(PAGES);
  });
  afterEach(() => env.host.close());

  /**
   * The sent store with each item's first record read refused as @forge/kvs refuses over the
   * rate: the send is refused, and failing the item later is not.
   */
  function refusingFirstReads(only?: Set<string>): typeof kvsSentStore {
    const refused = new Set<string>();
    const get: typeof kvsSentStore.get = async (pairId, id) => {
      if (refused.has(id) || (only && !only.has(id))) return kvsSentStore.get(pairId, id);
      refused.add(id);
      throw kvsBusy();
    };
    return { ...kvsSentStore, get };
  }

  /** A re-sync queued by hand, and one invocation of it whose every item's record read is refused; the jobs it queues are kept. */
  async function queuedRun(): Promise<string> {
    const sync = await syncOf(env.host, env.source, 'source');
    const queued: OutboundJob[] = [];
    await env.host.runInInvocation(env.source.installation, () => startFullSync({ fullSync: kvsFullSyncStore, queue: { push: async (jobs) => void queued.push(...jobs) }, now: () => new Date().toISOString() }, sync, 'repair'));
    return (queued[0] as Extract<OutboundJob, { type: 'full-sync' }>).run!;
  }
  async function refusedShare(run: string, waited: number, refuse: boolean | Set<string> = true, attempt = 1): Promise<Array<{ job: OutboundJob; delaySeconds?: number }>> {
    const sync = await syncOf(env.host, env.source, 'source');
    const queued: Array<{ job: OutboundJob; delaySeconds?: number }> = [];
    await env.host.runInInvocation(env.source.installation, async () => {
      const deps = { ...sourceDeps(handlePeerMessage), ...(refuse ? { sent: refusingFirstReads(refuse === true ? undefined : refuse) } : {}), queue: { push: async (jobs: OutboundJob[], delaySeconds?: number) => void queued.push(...jobs.map((job) => ({ job, ...(delaySeconds ? { delaySeconds } : {}) }))) } };
      await runFullSync(deps, sync, 0, attempt, run, waited);
    });
    return queued;
  }
  const progressNow = async () => env.host.runInInvocation(env.source.installation, async () => kvsFullSyncStore.progress((await syncOf(env.host, env.source, 'source')).id));

  it('waits a storage window at a time, counting the waits and no try', async () => {
    const run = await queuedRun();
    const sync = await syncOf(env.host, env.source, 'source');
    const first = await refusedShare(run, 0);
    expect(first).toEqual([{ job: { type: 'full-sync', syncId: sync.id, spaceId: sync.space.id, next: 0, run, waited: 1 }, delaySeconds: STORAGE_WINDOW_SECONDS }]);
    const later = await refusedShare(run, STORAGE_WAITS - 1);
    expect(later).toEqual([{ job: { type: 'full-sync', syncId: sync.id, spaceId: sync.space.id, next: 0, run, waited: STORAGE_WAITS }, delaySeconds: STORAGE_WINDOW_SECONDS }]);
    expect(await progressNow()).toMatchObject({ state: 'running', done: 0, failedCount: 0 });
    // Storage answers again: the run finishes as if nothing had happened.
    expect(await refusedShare(run, STORAGE_WAITS, false)).toEqual([expect.objectContaining({ job: expect.objectContaining({ type: 'order' }) })]);
    expect(await progressNow()).toMatchObject({ state: 'complete', total: PAGES, done: PAGES, failedCount: 0 });
  });

  it('waits out the destination’s busy storage as its own, even at its last try: nothing is failed', async () => {
    const run = await queuedRun();
    const sync = await syncOf(env.host, env.source, 'source');
    env.host.limitKvs(env.dest.installation, { requestsPerSecond: 0, readUnitsPerMinute: 0, writeUnitsPerMinute: 0 });
    const queued = await refusedShare(run, 0, false, ITEM_TRIES);
    env.host.limitKvs(env.dest.installation, undefined);
    expect(queued).toEqual([{ job: { type: 'full-sync', syncId: sync.id, spaceId: sync.space.id, next: 0, run, attempt: ITEM_TRIES, waited: 1 }, delaySeconds: STORAGE_WINDOW_SECONDS }]);
    expect(await progressNow()).toMatchObject({ state: 'running', done: 0, failedCount: 0 });
    expect(await refusedShare(run, 1, false, ITEM_TRIES)).toEqual([expect.objectContaining({ job: expect.objectContaining({ type: 'order' }) })]);
    expect(await progressNow()).toMatchObject({ state: 'complete', done: PAGES, failedCount: 0 });
  });

  it('counts its waits afresh once an item moved', async () => {
    const run = await queuedRun();
    const last = [...env.source.site.contents.values()].find((c) => c.title === `Page ${PAGES}`)!.id;
    const queued = await refusedShare(run, STORAGE_WAITS - 1, new Set([last]));
    expect(queued).toEqual([{ job: expect.objectContaining({ type: 'full-sync', run, waited: 1 }), delaySeconds: STORAGE_WINDOW_SECONDS }]);
    expect(queued[0].job).not.toHaveProperty('attempt');
    expect(await progressNow()).toMatchObject({ state: 'running', done: PAGES - 1, failedCount: 0 });
  });

  it(`after ${STORAGE_WAITS} windows in a row, fails what it still holds with a reason that says so, and ends`, async () => {
    const run = await queuedRun();
    const queued = await refusedShare(run, STORAGE_WAITS);
    expect(queued.filter((q) => q.job.type === 'full-sync')).toEqual([]);
    const progress = await progressNow();
    expect(progress).toMatchObject({ state: 'incomplete', total: PAGES, done: PAGES, failedCount: PAGES });
    const failures = await env.host.runInInvocation(env.source.installation, async () => kvsFullSyncStore.failures((await syncOf(env.host, env.source, 'source')).id, run, 100));
    expect(failures.map((f) => f.reason)).toEqual(Array(PAGES).fill(STORAGE_STAYED_BUSY));
    expect(STORAGE_STAYED_BUSY).toBe('Forge storage stayed busy for 30 minutes.');
  });
});
