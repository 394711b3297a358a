/**
 * The destination's side of `order` with what it may be sent: the body's bounds, a paused pair,
 * groups naming copies it does not hold, Confluence busy or refusing a move, and the time limit.
 */
import { OrderBody, readAnswer } from '../../src/contract/peer-protocol';
import { ORDER_LIMITS } from '../../src/domain/sibling-order';
import { receiveOrder, runSiblingOrder, ORDER_TIME, type OrderDeps, type OrderJob, type OrderSourceDeps } from '../../src/replication/sibling-order';
import { createPairingKey } from '../../src/pairing/pairing-token';
import { newPairAddress } from '../../src/domain/identity';
import { ConfluenceError } from '../../src/confluence/client';
import type { Sync } from '../../src/domain/sync';
import type { MapRecord } from '../../src/replication/ports';
import type { OpenedMessage } from '../../src/pairing/peer-channel';

const sync = { id: 'd1', pairId: 'p1', role: 'destination', state: 'active', space: { id: '9', key: 'DOC', name: 'Docs' } } as unknown as Sync;
const record = (destId: string, kind: MapRecord['kind'] = 'page'): MapRecord => ({ destId, kind, sourceVersion: 1, destVersion: 1, labels: [] });

/** A destination where source page `1N` has the copy `2N`; children lists as given; moves recorded. */
function world(children: Record<string, string[]>, opts: { moveFails?: (id: string) => Error | undefined; elapsed?: () => number } = {}) {
  const moves: string[] = [];
  const records = new Map<string, MapRecord>();
  for (const list of Object.values(children)) for (const id of list) records.set(`1${id.slice(1)}`, record(id));
  records.set('1500', record('2500'));
  const deps: OrderDeps = {
    content: {
      space: async () => ({ key: 'DOC', homepageId: 'home' }),
      children: async (id) => (children[id] ?? []).map((c) => ({ id: c, kind: 'page' as const })),
      get: async (id) => ({ id, status: 'current', title: id, version: 1, labels: [] }),
      movePage: async (id, position, target) => {
        const failure = opts.moveFails?.(id);
        if (failure) throw failure;
        moves.push(`${id} ${position} ${target}`);
        const list = Object.values(children).find((l) => l.includes(id)) as string[];
        list.splice(list.indexOf(id), 1);
        list.splice(list.indexOf(target) + (position === 'after' ? 1 : 0), 0, id);
      },
    },
    copies: copyStore(async (_pair, sourceId) => records.get(sourceId)),
    elapsedMs: opts.elapsed ?? (() => 0),
  };
  return { deps, moves, children };
}
/** A copy store over `get`, whose batch read reads each record as `get` does (the batching is kvs-copy-store's, tested there). */
function copyStore(get: OrderDeps['copies']['get'], put: OrderDeps['copies']['put'] = async () => undefined): OrderDeps['copies'] {
  const store: OrderDeps['copies'] = { get, put, getMany: (pair, ids) => Promise.all(ids.map((id) => store.get(pair, id))) };
  return store;
}
const opened = (body: OrderBody, state: Sync['state'] = 'active') => ({ sync: { ...sync, state }, message: {}, body }) as unknown as OpenedMessage<'order'>;

describe('the order message’s body', () => {
  const group = (n: number, parent?: string) => ({ ...(parent ? { parent } : {}), children: Array.from({ length: n }, (_, i) => String(100 + i)) });
  it('takes groups within the bounds and refuses anything past them', () => {
    expect(OrderBody.safeParse({ groups: [group(2), group(3, '77')] }).success).toBe(true);
    expect(OrderBody.safeParse({ groups: [] }).success).toBe(false);
    expect(OrderBody.safeParse({ groups: [group(1)] }).success).toBe(false);
    expect(OrderBody.safeParse({ groups: [group(ORDER_LIMITS.children + 1)] }).success).toBe(false);
    expect(OrderBody.safeParse({ groups: Array.from({ length: ORDER_LIMITS.groups + 1 }, () => group(2)) }).success).toBe(false);
    expect(OrderBody.safeParse({ groups: Array.from({ length: 6 }, () => group(1000)) }).success).toBe(false); // 6,000 ids
    expect(OrderBody.safeParse({ groups: [{ children: ['1', '../2'] }] }).success).toBe(false);
    expect(OrderBody.safeParse({ groups: [{ parent: 'x', children: ['1', '2'] }] }).success).toBe(false);
    expect(OrderBody.safeParse({ groups: [group(2)], extra: true }).success).toBe(false);
  });

  it('reads a reply only within its bounds', () => {
    expect(readAnswer('order', { status: 200, body: { done: 2, moved: 3 } })).toEqual({ kind: 'ok', reply: { done: 2, moved: 3 } });
    expect(readAnswer('order', { status: 200, body: { done: ORDER_LIMITS.groups + 1, moved: 0 } })).toMatchObject({ kind: 'refused', code: 'unknown' });
  });
});

describe('receiveOrder', () => {
  it('moves the copies under the home page into the order given, and no page it holds no record of', async () => {
    const w = world({ home: ['2003', 'own', '2001', '2002'] });
    const reply = await receiveOrder(w.deps, opened({ groups: [{ children: ['1001', '1002', '1003', '1999'] }] }));
    expect(reply).toEqual({ status: 200, body: { done: 1, moved: 1 } });
    expect(w.children.home).toEqual(['own', '2001', '2002', '2003']);
  });

  it('orders under the parent’s copy, and leaves a group alone whose parent has no copy', async () => {
    const w = world({ '2500': ['2011', '2010'], '2600': ['2021', '2020'] });
    const reply = await receiveOrder(w.deps, opened({ groups: [{ parent: '1500', children: ['1010', '1011'] }, { parent: '1600', children: ['1020', '1021'] }] }));
    expect(reply).toEqual({ status: 200, body: { done: 2, moved: 1 } });
    expect(w.children['2500']).toEqual(['2010', '2011']);
    expect(w.children['2600']).toEqual(['2021', '2020']);
  });

  it('refuses while the pair is paused, and changes nothing', async () => {
    const w = world({ home: ['2002', '2001'] });
    expect(await receiveOrder(w.deps, opened({ groups: [{ children: ['1001', '1002'] }] }, 'paused'))).toEqual({ status: 409, body: { error: 'state' } });
    expect(w.moves).toEqual([]);
  });

  it('answers busy when Confluence is busy before any group was done, and the groups done when after', async () => {
    const busy = () => new ConfluenceError(429, 'slow down', 30);
    const first = world({ home: ['2002', '2001'] }, { moveFails: busy });
    expect(await receiveOrder(first.deps, opened({ groups: [{ children: ['1001', '1002'] }] }))).toEqual({ status: 503, body: { error: 'busy', retryAfter: 30 } });
    const later = world({ home: ['2002', '2001'], '2500': ['2011', '2010'] }, { moveFails: (id) => (id === '2011' ? busy() : undefined) });
    expect(await receiveOrder(later.deps, opened({ groups: [{ children: ['1001', '1002'] }, { parent: '1500', children: ['1010', '1011'] }] }))).toEqual({ status: 200, body: { done: 1, moved: 1 } });
  });

  it('takes how the copies stand from their records’ positions when every one has one, and lists the parent otherwise', async () => {
    const { deps, moves } = world({ home: ['2001', '2002', '2003'] });
    let listed = 0;
    const children = deps.content.children;
    deps.content.children = async (id, kind) => (listed++, children(id, kind));
    const at = (position: number) => ({ parentId: 'home', position });
    const records = new Map<string, MapRecord>([['1001', { ...record('2001'), place: at(300) }], ['1002', { ...record('2002'), place: at(100) }], ['1003', { ...record('2003'), place: at(200) }]]);
    const cleared: string[] = [];
    deps.copies = copyStore(async (_pair, sourceId) => records.get(sourceId), async (_pair, sourceId, r) => void (r.place === undefined && cleared.push(sourceId)));
    // The records say 2002, 2003, 2001 (the listing would say 2001, 2002, 2003): one move puts 2001 first.
    await receiveOrder(deps, opened({ groups: [{ children: ['1001', '1002', '1003'] }] }));
    expect(listed).toBe(0);
    expect(moves).toEqual(['2001 before 2002']);
    expect(cleared).toEqual(['1001']);
    // One copy changed by someone (lookFirst) or without a position: the parent is listed.
    records.set('1003', { ...record('2003'), place: at(200), lookFirst: true });
    await receiveOrder(deps, opened({ groups: [{ children: ['1001', '1002', '1003'] }] }));
    expect(listed).toBe(1);
  });

  it('leaves out a copy removed with its original: it is in the trash, not among its siblings', async () => {
    const { deps, moves } = world({ home: ['2003', '2001'] });
    const at = (position: number) => ({ parentId: 'home', position });
    const records = new Map<string, MapRecord>([['1001', { ...record('2001'), place: at(300) }], ['1002', { ...record('2002'), place: at(100), status: 'deleted' }], ['1003', { ...record('2003'), place: at(200) }]]);
    deps.copies = copyStore(async (_pair, sourceId) => records.get(sourceId));
    await receiveOrder(deps, opened({ groups: [{ children: ['1001', '1002', '1003'] }] }));
    expect(moves).toEqual(['2003 after 2001']);
  });

  it('goes on past a move Confluence refuses (the copy trashed meanwhile)', async () => {
    const w = world({ home: ['2003', '2002', '2001'] }, { moveFails: (id) => (id === '2002' ? new ConfluenceError(404, 'gone') : undefined) });
    const reply = await receiveOrder(w.deps, opened({ groups: [{ children: ['1001', '1002', '1003'] }] }));
    expect(reply).toEqual({ status: 200, body: { done: 1, moved: 1 } });
  });

  it('makes no move past its time, and counts only the groups finished from the first', async () => {
    let now = 0;
    const w = world({ home: ['2002', '2001'], '2500': ['2011', '2010'] }, { elapsed: () => now });
    w.deps.content.movePage = (async (id: string) => {
      w.moves.push(id);
      now = ORDER_TIME.answerWithinMs + 1;
    }) as OrderDeps['content']['movePage'];
    expect(await receiveOrder(w.deps, opened({ groups: [{ children: ['1001', '1002'] }, { parent: '1500', children: ['1010', '1011'] }] }))).toEqual({ status: 200, body: { done: 1, moved: 1 } });
    expect(w.moves).toEqual(['2002']);
  });

  it('orders a family of 1,000 copies in time although each record read takes a while (KVS answers in 20-60 ms)', async () => {
    // The copies 2000..2999 stand in order but for the first, which stands last.
    const ids = Array.from({ length: 1000 }, (_, i) => String(2000 + i));
    const w = world({ home: [...ids.slice(1), ids[0]] });
    // Each batch read (25 records, kvs-copy-store.ts) takes 30 ms; the clock is the message's: one read a record at a time would take 30 s.
    const get = w.deps.copies.get;
    w.deps.copies.getMany = async (pair, sourceIds) => {
      const out = [];
      for (let i = 0; i < sourceIds.length; i += 25) {
        await new Promise((r) => setTimeout(r, 30));
        out.push(...(await Promise.all(sourceIds.slice(i, i + 25).map((id) => get(pair, id)))));
      }
      return out;
    };
    const arrived = Date.now();
    w.deps.elapsedMs = () => Date.now() - arrived;
    const reply = await receiveOrder(w.deps, opened({ groups: [{ children: ids.map((id) => `1${id.slice(1)}`) }] }));
    expect(reply).toEqual({ status: 200, body: { done: 1, moved: 1 } });
    expect(w.children.home).toEqual(ids);
    expect(Date.now() - arrived).toBeLessThan(ORDER_TIME.answerWithinMs);
  }, 30_000);

  it('starts no group past its time', async () => {
    const w = world({ home: ['2002', '2001'] }, { elapsed: () => ORDER_TIME.startWithinMs + 1 });
    expect(await receiveOrder(w.deps, opened({ groups: [{ children: ['1001', '1002'] }] }))).toEqual({ status: 200, body: { done: 0, moved: 0 } });
    expect(w.moves).toEqual([]);
  });

  it('reads the first move back before any other, and where it wrote a version moves no more', async () => {
    const versions = new Map<string, number>();
    const w = world({ home: ['2002', '2001'], '2500': ['2011', '2010'], '2600': ['2021', '2020'] });
    const puts: string[] = [];
    w.deps.copies.put = async (_pair, sourceId, record) => void puts.push(`${sourceId}@${record.destVersion}`);
    const move = w.deps.content.movePage;
    w.deps.content.movePage = async (id, position, target) => {
      versions.set(id, 2);
      await move(id, position, target);
    };
    w.deps.content.get = async (id) => ({ id, status: 'current', title: id, version: versions.get(id) ?? 1, labels: [] });
    const reply = await receiveOrder(w.deps, opened({ groups: [{ children: ['1001', '1002'] }, { parent: '1500', children: ['1010', '1011'] }] }));
    expect(reply).toEqual({ status: 200, body: { done: 2, moved: 1 } });
    expect(w.moves).toHaveLength(1);
    expect(puts).toEqual(['1002@2']);
  });
});

describe('runSiblingOrder (the source)', () => {
  /** A source whose peer answers each order message as `answer` says; the jobs it queues and the lines it logs. */
  const oneFamily = ['1', '2', '3'].map((id, i) => ({ id, kind: 'page' as const, title: id, parentId: 'home', position: i }));
  async function source(answer: (n: number) => { done: number; moved: number }, elapsedMs?: () => number, pages = oneFamily) {
    const keys = await createPairingKey();
    const queued: OrderJob[] = [];
    const logged: string[] = [];
    let messages = 0;
    const deps: OrderSourceDeps = {
      keys: { keyPair: async () => keys } as never,
      transport: { send: async () => ({ status: 200, body: answer(messages++) }) },
      nowSeconds: () => Math.floor(Date.now() / 1000),
      // One family of three pages under the home page, unless told otherwise.
      content: { space: async () => ({ key: 'ENG', homepageId: 'home' }), list: async () => pages } as never,
      queue: { push: async (jobs) => void queued.push(...(jobs as OrderJob[])) },
      activity: { log: async (entry) => void logged.push(`${entry.outcome}: ${entry.detail}`) },
      now: () => '2026-12-07T00:00:00.000Z',
      ...(elapsedMs ? { elapsedMs } : {}),
    };
    const sourceSync = { id: 's1', pairId: newPairAddress(), role: 'source', state: 'active', space: { id: '1', key: 'ENG' }, peer: { pairId: newPairAddress(), inbox: 'https://peer.example/x1/inbox' } } as unknown as Sync;
    const run = (job: OrderJob) => runSiblingOrder(deps, sourceSync, job);
    return { run, queued, logged };
  }
  const start: OrderJob = { type: 'order', syncId: 's1', spaceId: '1', next: 0, moved: 0 };

  it('takes a reply that moved copies without finishing the group as progress, and counts its moves', async () => {
    const s = await source((n) => (n === 0 ? { done: 0, moved: 2 } : { done: 1, moved: 1 }));
    await s.run(start);
    expect(s.queued).toEqual([expect.objectContaining({ next: 0, moved: 2, attempt: 1, partial: 2 })]);
    await s.run(s.queued[0]);
    expect(s.logged).toEqual(['reordered: 3 copies were moved to stand in the same order as the original pages.']);
  });

  it('gives up once a group has been said to move more copies than it holds, as it does when nothing moves', async () => {
    const s = await source(() => ({ done: 0, moved: 1 }));
    let job = start;
    for (let i = 0; i < 20 && !s.logged.length; i++) {
      await s.run(job);
      job = s.queued[s.queued.length - 1];
    }
    expect(s.logged).toEqual([expect.stringContaining('The page order could not be set: the other space did not answer.')]);
    // Three moves are one a page; from the fourth on each try counts, six in all.
    expect(s.queued.map((j) => j.attempt)).toEqual([1, 1, 1, 2, 3, 4, 5, 6]);
  });

  it('starts a finished group\'s successor afresh at a checkpoint: the moves counted against the one before are done with', async () => {
    // Two families, so the first can finish before the invocation reaches its checkpoint.
    let elapsed = 0;
    const s = await source(() => {
      elapsed = Number.MAX_SAFE_INTEGER;
      return { done: 1, moved: 1 };
    }, () => elapsed, [...oneFamily, { id: '4', kind: 'page' as const, title: '4', parentId: '1', position: 0 }, { id: '5', kind: 'page' as const, title: '5', parentId: '1', position: 1 }]);
    await s.run({ ...start, partial: 2 });
    expect(s.queued).toEqual([expect.objectContaining({ next: 1, moved: 1, attempt: 1, partial: 0 })]);
  });
});
