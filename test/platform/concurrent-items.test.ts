/**
 * Items of one invocation run at once (the parallel full sync), and invocations run at once (the
 * destination's web triggers, the event consumer): the values they share are read, changed and
 * written back, and none of their changes may be lost. Runs against the local Forge host's KVS
 * through the real @forge/kvs.
 */
import { kvs } from '@forge/kvs';
import { startProbeHost } from '../support/probe-host';
import { kvsSentStore } from '../../src/platform/kvs-sent-store';
import { kvsNoticeStore } from '../../src/platform/kvs-notice-store';
import { kvsCopyStore } from '../../src/platform/kvs-copy-store';
import { changeCounter, COUNTER_ENTITY, readCounter } from '../../src/platform/kvs-counter';
import { notifier } from '../../src/replication/notices';
import { noteRemovalSent } from '../../src/replication/mass-delete';
import { kvsGuardStore } from '../../src/platform/kvs-guard-store';
import type { MapRecord, SentRecord } from '../../src/replication/ports';
import type { ApplyJournal } from '../../src/domain/apply-journal';

type Started = Awaited<ReturnType<typeof startProbeHost>>;
const ITEMS = 24;
const ids = Array.from({ length: ITEMS }, (_, i) => `p${i}`);
const record = (status: SentRecord['status']): SentRecord => ({ kind: 'page', hash: 'h', version: 1, destId: 'd', status, at: '2026-12-03T10:00:00.000Z' });
const copy = (id: string): MapRecord => ({ destId: `dest-${id}`, kind: 'page', sourceVersion: 1, destVersion: 1, hash: 'h', labels: [] });
const journal = { phase: 'planned', step: 'create', hash: 'h', pageHash: 'h', sourceVersion: 1, at: '2026-12-03T10:00:00.000Z' } as unknown as ApplyJournal;
const increment = { start: async () => 0, next: (n: number) => n + 1 };

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
    const notices = notifier({ store: kvsNoticeStore, queue: { pushDelivery: async (job: unknown) => void pushed.push(job) }, now: () => '2026-12-03T10:00:30.000Z' } as unknown as Parameters<typeof notifier>[0]);
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

/**
 * Writers in separate invocations share no lock (key-lock.ts queues one invocation's items only):
 * these call the counter and the copy store directly, each change in an invocation of its own.
 */
describe('counters changed by concurrent invocations', () => {
  let env: Started;
  const inA = <T>(fn: () => Promise<T>) => env.host.runInInvocation(env.a, fn);
  const kvsLog = () => env.host.log.of('kvs');
  const counterItem = (key: string) => inA(() => kvs.entity<{ rev: number; value: unknown }>(COUNTER_ENTITY).get(key));
  beforeEach(async () => {
    env = await startProbeHost();
  });
  afterEach(() => env.host.close());

  it('land every one of 24 increments made at once by compare-and-set, with no lock', async () => {
    // Made at once, 24 counters collide on making it (then queue apart); made first, they race on the rev.
    await Promise.all(ids.map(() => inA(() => changeCounter('count:made', increment))));
    expect(await inA(() => readCounter<number>('count:made'))).toBe(ITEMS);
    // Made at rev 1 (from the start value), then one rev per increment.
    expect(await counterItem('count:made')).toMatchObject({ rev: ITEMS + 1, value: ITEMS });
    await inA(() => changeCounter('count:test', increment));
    await Promise.all(ids.map(() => inA(() => changeCounter('count:test', increment))));
    expect(await inA(() => readCounter<number>('count:test'))).toBe(ITEMS + 1);
    expect(await counterItem('count:test')).toMatchObject({ rev: ITEMS + 2, value: ITEMS + 1 });
    // They did race: some conditions failed and those writers tried again.
    expect(kvsLog().filter((r) => r.op === 'transaction' && r.status === 409).length).toBeGreaterThan(0);
  });

  it('count 24 new copy records committed at once, each in one transaction with its record, reverse index and journal', async () => {
    await inA(() => kvsCopyStore.commit('pair-c', 'first', copy('first'), { created: true, journaled: false }));
    // Half commit at once; the other half plan and advance (the record is created there), then commit.
    const direct = ids.slice(0, ITEMS / 2);
    const journaled = ids.slice(ITEMS / 2);
    await Promise.all([
      ...direct.map((id) => inA(() => kvsCopyStore.commit('pair-c', id, copy(id), { created: true, journaled: false }))),
      ...journaled.map((id) =>
        inA(async () => {
          await kvsCopyStore.begin('pair-c', id, journal);
          await kvsCopyStore.advance('pair-c', id, copy(id), journal, { created: true });
          await kvsCopyStore.commit('pair-c', id, copy(id), { journaled: true });
        }),
      ),
    ]);
    expect(kvsLog().filter((r) => r.op === 'transaction' && r.status === 409).length).toBeGreaterThan(0);
    await inA(async () => {
      expect(await kvsCopyStore.count('pair-c')).toBe(ITEMS + 1);
      // The tries that lost were rebuilt whole: every record, reverse index and journal step landed.
      expect(await kvsCopyStore.countAll('pair-c')).toBe(ITEMS + 1);
      for (const id of ids) {
        expect(await kvsCopyStore.get('pair-c', id)).toEqual(copy(id));
        expect(await kvsCopyStore.origin(`dest-${id}`)).toEqual({ pairId: 'pair-c', sourceId: id });
        expect(await kvsCopyStore.journal('pair-c', id)).toBeUndefined();
      }
      // A record rewritten (not created) leaves the count alone.
      await kvsCopyStore.put('pair-c', ids[0], { ...copy(ids[0]), destVersion: 2 });
      expect(await kvsCopyStore.count('pair-c')).toBe(ITEMS + 1);
    });
  });

  it('move the sent counts exactly from separate invocations', async () => {
    // (This process's lock still queues them here; the counter's own test shows none is needed.)
    await Promise.all(ids.map((id) => inA(() => kvsSentStore.put('pair-s', id, record('synced'), undefined))));
    await Promise.all(ids.slice(0, ITEMS / 2).map((id) => inA(() => kvsSentStore.put('pair-s', id, record('failed'), record('synced')))));
    await inA(async () => {
      expect(await kvsSentStore.counts('pair-s')).toMatchObject({ synced: ITEMS / 2, failed: ITEMS / 2, syncedKinds: { page: ITEMS / 2 } });
      expect((await kvsSentStore.all('pair-s')).filter((r) => r.record.status === 'failed')).toHaveLength(ITEMS / 2);
    });
  });

  it('keep a recount that races new records from writing over them', async () => {
    await inA(() => kvsCopyStore.commit('pair-r', 'first', copy('first'), { created: true, journaled: false }));
    await Promise.all([
      ...ids.map((id) => inA(() => kvsCopyStore.commit('pair-r', id, copy(id), { created: true, journaled: false }))),
      inA(() => kvsCopyStore.recount('pair-r')),
      inA(() => kvsCopyStore.recount('pair-r')),
    ]);
    expect(await inA(() => kvsCopyStore.count('pair-r'))).toBe(ITEMS + 1);
    // A wrong count (from before counts were exact) is set right by a recount with no one racing it.
    await inA(() => kvs.entity(COUNTER_ENTITY).set('count:copy-status:pair-r', { rev: 99, value: { synced: 3, ahead: 0, failed: 0, restricted: 0, deleted: 0 }, writer: 'test' }));
    expect(await inA(() => kvsCopyStore.recount('pair-r'))).toBe(ITEMS + 1);
    expect(await counterItem('count:copy-status:pair-r')).toMatchObject({ rev: 100, value: { synced: ITEMS + 1, ahead: 0, failed: 0, deleted: 0 } });
  });

  it('start from the plain key a count was kept in before, or else count the records in full', async () => {
    await inA(async () => {
      await kvs.set('count:copies:pair-old', 5);
      await kvs.set('count:sent:pair-old', { synced: 4, ahead: 0, failed: 1, restricted: 0, deleted: 0, syncedKinds: { page: 4 } });
      // Read through to the plain key until a counter is made.
      expect(await kvsCopyStore.count('pair-old')).toBe(5);
      expect(await kvsSentStore.counts('pair-old')).toMatchObject({ synced: 4, failed: 1 });
    });
    await Promise.all(['x', 'y'].map((id) => inA(() => kvsCopyStore.commit('pair-old', id, copy(id), { created: true, journaled: false }))));
    await Promise.all(['x', 'y'].map((id) => inA(() => kvsSentStore.put('pair-old', id, record('synced'), undefined))));
    await inA(async () => {
      expect(await kvsCopyStore.count('pair-old')).toBe(7);
      expect(await kvsSentStore.counts('pair-old')).toMatchObject({ synced: 6, failed: 1, syncedKinds: { page: 6 } });
      // The count by status starts from the number kept before.
      expect(await counterItem('count:copy-status:pair-old')).toMatchObject({ value: { synced: 7 } });
      // No plain key: the records there (written before counts were kept) are counted in full.
      for (const id of ['a', 'b', 'c']) await kvs.set(`map:pair-new:${id}`, copy(id)); // as a store with no counts wrote them
      expect(await kvsCopyStore.count('pair-new')).toBeUndefined();
    });
    await Promise.all(['d', 'e'].map((id) => inA(() => kvsCopyStore.commit('pair-new', id, copy(id), { created: true, journaled: false }))));
    expect(await inA(() => kvsCopyStore.count('pair-new'))).toBe(5);
  });

  it('throw a write the store refuses for its own sake at once, with nothing of it written', async () => {
    await inA(() => kvsCopyStore.commit('pair-e', 'ok', copy('ok'), { created: true, journaled: false }));
    const refusedBefore = kvsLog().filter((r) => r.op === 'transaction' && r.status === 400).length;
    // Larger than the KVS takes for one value (240 KiB).
    const huge = { ...copy('big'), labels: ['x'.repeat(250 * 1024)] };
    await expect(inA(() => kvsCopyStore.commit('pair-e', 'big', huge, { created: true, journaled: false }))).rejects.toThrow();
    // One try: the rev had not moved, so the refusal was not a lost race.
    expect(kvsLog().filter((r) => r.op === 'transaction' && r.status === 400).length - refusedBefore).toBe(1);
    await inA(async () => {
      expect(await kvsCopyStore.get('pair-e', 'big')).toBeUndefined();
      expect(await kvsCopyStore.count('pair-e')).toBe(1);
    });
  });

  it('give up after a bounded number of tries when other writers win every one', async () => {
    let tries = 0;
    // Each try's change lets another writer in first, so each try's condition fails.
    const overtaken = {
      start: async () => 0,
      next: async (n: number) => {
        tries += 1;
        await changeCounter('count:busy', increment);
        return n + 100;
      },
    };
    await expect(inA(() => changeCounter('count:busy', overtaken))).rejects.toThrow(/12 tries/);
    expect(tries).toBe(12);
    // Only the writers that won were counted.
    expect(await inA(() => readCounter<number>('count:busy'))).toBe(12);
  });
  it('count every trash of a burst toward the mass-delete window, and only those since the last answer', async () => {
    const sync = { id: 'sync-1', pairId: 'pair-1', space: { id: '1', key: 'DOCS' }, options: { massDeleteGuard: { enabled: true, minCopies: 20, minPercent: 20, windowMinutes: 60 } } } as unknown as Parameters<typeof noteRemovalSent>[1];
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    await inA(async () => {
      await Promise.all(ids.map((id) => noteRemovalSent({ guard: kvsGuardStore, now: () => at(5) }, sync, id)));
      expect((await kvsGuardStore.trashesSince('pair-1', at(60))).length).toBe(ITEMS);
      // A repeat of one item's trash counts once; one sent before the window's start is not counted.
      await noteRemovalSent({ guard: kvsGuardStore, now: () => at(4) }, sync, ids[0]);
      await noteRemovalSent({ guard: kvsGuardStore, now: () => at(90) }, sync, 'old');
      expect((await kvsGuardStore.trashesSince('pair-1', at(60))).length).toBe(ITEMS);
      // An item an admin confirmed is not counted again when its trash goes.
      await kvsGuardStore.put('pair-1', { window: [], held: [], settled: ['confirmed'], kept: [] });
      await noteRemovalSent({ guard: kvsGuardStore, now: () => at(1) }, sync, 'confirmed');
      expect((await kvsGuardStore.trashesSince('pair-1', at(60))).length).toBe(ITEMS);
      expect((await kvsGuardStore.get('pair-1')).settled).toEqual([]);
    });
  });
});
