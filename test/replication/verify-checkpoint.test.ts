/**
 * A Verify run is a queued, checkpointed job: near the consumer's limit it re-queues itself and
 * goes on where it stopped; a 429 storm or an unreachable peer puts it off, not out. Nothing is
 * checked twice and nothing is skipped.
 */
import { pairedWithPages } from '../support/replication';
import { syncOf } from '../support/pairs';
import { handlePeerMessage } from '../../src/entry/peer-inbox';
import { verifySourceDeps } from '../../src/entry/replication-deps';
import { runVerify, startVerify } from '../../src/replication/verify-source';
import { CHECKPOINT_AFTER_MS } from '../../src/replication/full-sync';
import { kvsVerifyStore } from '../../src/platform/kvs-verify-store';
import { kvsFullSyncStore } from '../../src/platform/kvs-full-sync-store';
import type { VerifyJob } from '../../src/replication/verify-ports';
import type { VerifySourceDeps } from '../../src/replication/verify-source';
import { STORAGE_STAYED_BUSY, STORAGE_WAITS } from '../../src/replication/retry';
import { kvsBusy } from '../support/kvs-errors';

const PAGES = 60;

describe('a Verify run over several invocations', () => {
  let env: Awaited<ReturnType<typeof pairedWithPages>>;

  beforeEach(async () => {
    env = await pairedWithPages(PAGES);
  });
  afterEach(() => env.host.close());

  /** Runs one invocation's share by hand: `budget` batches before it takes itself for out of time; the jobs it queues are kept. */
  async function share(run: string, budget: number, attempt?: number, sent?: VerifySourceDeps['sent'], waited?: number): Promise<VerifyJob[]> {
    const sync = await syncOf(env.host, env.source, 'source');
    const queued: VerifyJob[] = [];
    const sends = () => env.host.log.of('web-trigger').length + env.host.log.of('invocation').filter((i) => i.functionKey === 'receive-peer-message').length;
    const start = sends();
    await env.host.runInInvocation(env.source.installation, async () => {
      const deps = { ...verifySourceDeps(handlePeerMessage), ...(sent ? { sent } : {}), jobs: { push: async (jobs: VerifyJob[]) => void queued.push(...jobs) }, elapsedMs: () => (sends() - start >= budget * 2 ? CHECKPOINT_AFTER_MS + 1 : 0) };
      await runVerify(deps, sync, run, attempt, waited);
    });
    return queued;
  }

  /** A sent store whose listing storage refuses over the rate: the run's plan cannot be read. */
  const busy: VerifySourceDeps['sent'] = { all: async () => Promise.reject(kvsBusy()) } as never;

  const reportNow = async () => env.host.runInInvocation(env.source.installation, async () => kvsVerifyStore.report((await syncOf(env.host, env.source, 'source')).id));

  it('checkpoints before the consumer’s limit and goes on where it stopped', async () => {
    const sync = await syncOf(env.host, env.source, 'source');
    const { run } = await env.host.runInInvocation(env.source.installation, () => startVerify({ verify: kvsVerifyStore, fullSync: kvsFullSyncStore, jobs: { push: async () => undefined }, now: () => new Date().toISOString() }, sync));
    const first = await share(run, 1);
    expect(first).toEqual([{ type: 'verify', syncId: sync.id, spaceId: sync.space.id, run }]);
    const after = await reportNow();
    expect(after).toMatchObject({ state: 'running', total: PAGES });
    expect(after!.checked).toBeGreaterThan(0);
    expect(after!.checked).toBeLessThan(PAGES);
    // The next invocation picks up from the report, and the run ends with every item checked once.
    let jobs = await share(run, 1);
    while (jobs.length) jobs = await share(run, 1);
    expect(await reportNow()).toMatchObject({ state: 'complete', checked: PAGES, differences: [], more: 0 });
    // A job of that run delivered again (at least once) finds it over and does nothing.
    expect(await share(run, 10)).toEqual([]);
    expect((await reportNow())!.checked).toBe(PAGES);
  });

  it('puts the run off through a 429 storm and an unreachable peer, then finishes it', async () => {
    const sync = await syncOf(env.host, env.source, 'source');
    const { run } = await env.host.runInInvocation(env.source.installation, () => startVerify({ verify: kvsVerifyStore, fullSync: kvsFullSyncStore, jobs: { push: async () => undefined }, now: () => new Date().toISOString() }, sync));
    env.source.emulator.meter.injectBurst(1, 7);
    expect(await share(run, 100)).toEqual([{ type: 'verify', syncId: sync.id, spaceId: sync.space.id, run, attempt: 2 }]);
    env.host.takeWebTriggersDownFor(60_000);
    const later = await share(run, 100, 2);
    expect(later).toEqual([{ type: 'verify', syncId: sync.id, spaceId: sync.space.id, run, attempt: 3 }]);
    env.host.takeWebTriggersDownFor(0);
    expect(await share(run, 100, 3)).toEqual([]);
    expect(await reportNow()).toMatchObject({ state: 'complete', checked: PAGES, differences: [] });
  });

  it('waits out busy storage at its last try without counting it, and finishes once storage answers', async () => {
    const sync = await syncOf(env.host, env.source, 'source');
    const { run } = await env.host.runInInvocation(env.source.installation, () => startVerify({ verify: kvsVerifyStore, fullSync: kvsFullSyncStore, jobs: { push: async () => undefined }, now: () => new Date().toISOString() }, sync));
    const LAST = 8;
    expect(await share(run, 100, LAST, busy)).toEqual([{ type: 'verify', syncId: sync.id, spaceId: sync.space.id, run, attempt: LAST, waited: 1 }]);
    expect(await reportNow()).toMatchObject({ state: 'queued' });
    expect(await share(run, 100, LAST, busy, STORAGE_WAITS - 1)).toEqual([{ type: 'verify', syncId: sync.id, spaceId: sync.space.id, run, attempt: LAST, waited: STORAGE_WAITS }]);
    expect(await reportNow()).toMatchObject({ state: 'queued' });
    expect(await share(run, 100, LAST, undefined, STORAGE_WAITS)).toEqual([]);
    expect(await reportNow()).toMatchObject({ state: 'complete', checked: PAGES, differences: [] });
  });

  it('waits out the other side’s busy storage at its last try too, and finishes once it answers', async () => {
    const sync = await syncOf(env.host, env.source, 'source');
    const { run } = await env.host.runInInvocation(env.source.installation, () => startVerify({ verify: kvsVerifyStore, fullSync: kvsFullSyncStore, jobs: { push: async () => undefined }, now: () => new Date().toISOString() }, sync));
    const LAST = 8;
    env.host.limitKvs(env.dest.installation, { requestsPerSecond: 0, readUnitsPerMinute: 0, writeUnitsPerMinute: 0 });
    const later = await share(run, 100, LAST);
    env.host.limitKvs(env.dest.installation, undefined);
    expect(later).toEqual([{ type: 'verify', syncId: sync.id, spaceId: sync.space.id, run, attempt: LAST, waited: 1 }]);
    expect(await share(run, 100, LAST, undefined, 1)).toEqual([]);
    expect(await reportNow()).toMatchObject({ state: 'complete', checked: PAGES, differences: [] });
  });

  it(`stops waiting for storage after ${STORAGE_WAITS} windows in a row, and fails saying so`, async () => {
    const sync = await syncOf(env.host, env.source, 'source');
    const { run } = await env.host.runInInvocation(env.source.installation, () => startVerify({ verify: kvsVerifyStore, fullSync: kvsFullSyncStore, jobs: { push: async () => undefined }, now: () => new Date().toISOString() }, sync));
    expect(await share(run, 100, undefined, busy, STORAGE_WAITS)).toEqual([]);
    expect(await reportNow()).toMatchObject({ state: 'failed', reason: STORAGE_STAYED_BUSY });
  });
});
