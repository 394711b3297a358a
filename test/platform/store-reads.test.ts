/** Reads the stores make in bulk or in one request (the waiting store, the copy store), through the real @forge/kvs on the local host. */
import { kvs } from '@forge/kvs';
import { startProbeHost } from '../support/probe-host';
import { kvsWaitingStore } from '../../src/platform/kvs-waiting-store';
import type { MapRecord, Waiter } from '../../src/replication/ports';
import { kvsCopyStore } from '../../src/platform/kvs-copy-store';

const waiter = (sourceId: string): Waiter => ({ sourceId, kind: 'page', parent: false });

describe('the waiting store', () => {
  let env: Awaited<ReturnType<typeof startProbeHost>>;
  const inA = <T>(fn: () => Promise<T>) => env.host.runInInvocation(env.a, fn);
  beforeEach(async () => {
    env = await startProbeHost();
  });
  afterEach(() => env.host.close());

  it('finds the waiters of one page with one read: its own keys and the list an earlier version kept, not those of ids that begin with its digits', async () => {
    await inA(async () => {
      await kvsWaitingStore.add('pair', '12', waiter('100'));
      await kvsWaitingStore.add('pair', '12', waiter('101'));
      await kvsWaitingStore.add('pair', '123', waiter('200'));
      await kvsWaitingStore.add('pair', '1', waiter('300'));
      // The earlier version's list, naming one waiter that also has its own key.
      await kvs.set('wait:pair:12', [waiter('101'), waiter('102')]);
    });
    const reads = () => env.host.log.of('kvs').filter((e) => e.op === 'get' || e.op === 'query').length;
    const before = reads();
    const found = await inA(() => kvsWaitingStore.get('pair', '12'));
    expect(reads() - before).toBe(1);
    expect(found.map((w) => w.sourceId).sort()).toEqual(['100', '101', '102']);
    expect((await inA(() => kvsWaitingStore.get('pair', '123'))).map((w) => w.sourceId)).toEqual(['200']);
    expect((await inA(() => kvsWaitingStore.get('pair', '1'))).map((w) => w.sourceId)).toEqual(['300']);
    expect(await inA(() => kvsWaitingStore.get('pair', '9'))).toEqual([]);

    await inA(() => kvsWaitingStore.remove('pair', '12', found));
    expect(await inA(() => kvsWaitingStore.get('pair', '12'))).toEqual([]);
    expect((await inA(() => kvsWaitingStore.get('pair', '123'))).map((w) => w.sourceId)).toEqual(['200']);
  });
});

describe('the copy store’s batch read', () => {
  let env: Awaited<ReturnType<typeof startProbeHost>>;
  const inA = <T>(fn: () => Promise<T>) => env.host.runInInvocation(env.a, fn);
  beforeEach(async () => {
    env = await startProbeHost();
  });
  afterEach(() => env.host.close());

  it('reads 60 records in three batch requests, in the order asked, an absent record as undefined, and a record with its journal in one', async () => {
    const record = (id: string): MapRecord => ({ destId: `d${id}`, kind: 'page', sourceVersion: 1, destVersion: 1, hash: 'h', labels: [] });
    const ids = Array.from({ length: 60 }, (_, i) => String(1000 + i));
    await inA(() => Promise.all(ids.filter((_, i) => i % 2 === 0).map((id) => kvs.set(`map:pair:${id}`, record(id)))));
    const before = env.host.log.of('kvs').length;
    const found = await inA(() => kvsCopyStore.getMany('pair', ids));
    expect(env.host.log.of('kvs').slice(before).map((e) => e.op)).toEqual(['batch/get', 'batch/get', 'batch/get']);
    expect(found).toEqual(ids.map((id, i) => (i % 2 === 0 ? record(id) : undefined)));
    expect(await inA(() => kvsCopyStore.getMany('pair', []))).toEqual([]);
    // A record and its journal: one request.
    const journal = { phase: 'planned', step: 'create', hash: 'h', pageHash: 'h', sourceVersion: 1, at: '2026-12-07T10:00:00.000Z' };
    await inA(() => kvs.set('apply:pair:1000', journal));
    const at = env.host.log.of('kvs').length;
    expect(await inA(() => kvsCopyStore.withJournal('pair', '1000'))).toEqual({ record: record('1000'), journal });
    expect(await inA(() => kvsCopyStore.withJournal('pair', '1001'))).toEqual({ record: undefined, journal: undefined });
    expect(env.host.log.of('kvs').slice(at).map((e) => e.op)).toEqual(['batch/get', 'batch/get']);
  });
});
