/**
 * `apply-batch` (peer-protocol.ts): its bounds, the destination checking every item as a single
 * `apply` (one bad item refused alone), its time budget, and a peer without it getting singles.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, pair } from '../support/replication';
import { inboxOf, postTo, signedBy, syncOf } from '../support/pairs';
import { FakePeer, politeAnswer } from '../support/fake-peer';
import { APPLY_BATCH_LIMITS, ApplyBatchBody, ApplyBatchReply, batchItemBytes } from '../../src/contract/peer-protocol';
import { signPeerMessage } from '../../src/pairing/peer-message';
import { createPairingKey } from '../../src/pairing/pairing-token';
import { newPairAddress } from '../../src/domain/identity';
import { MAX_PEER_MESSAGE_BYTES } from '../../src/entry/peer-inbox';
import { receiveApplyBatch } from '../../src/replication/inbox-handlers';
import { kvsFullSyncStore } from '../../src/platform/kvs-full-sync-store';
import type { OpenedMessage } from '../../src/pairing/peer-channel';
import { latencyOf } from '../../sandbox/forge-host/latency';

const snapshotOf = (id: string, title = `Batched ${id}`, body = '<p>From a batch.</p>') => ({ sourceId: id, kind: 'page', status: 'current', title, body, labels: [], version: 1, sourceSpaceKey: 'ENG' });
const applyOf = (id: string, title?: string) => ({ snapshot: snapshotOf(id, title), cause: 'full sync' });
const synced = { status: 200, body: { status: 'synced', outcome: 'created', destId: '1', destVersion: 1 } };

describe('apply-batch: the message', () => {
  it('bounds the items: 1 to 16, objects only, no other field, within the byte budget', () => {
    expect(ApplyBatchBody.safeParse({ items: [applyOf('1')] }).success).toBe(true);
    expect(ApplyBatchBody.safeParse({ items: Array.from({ length: 16 }, (_, i) => applyOf(String(i + 1))) }).success).toBe(true);
    expect(ApplyBatchBody.safeParse({ items: [] }).success).toBe(false);
    expect(ApplyBatchBody.safeParse({ items: Array.from({ length: 17 }, (_, i) => applyOf(String(i + 1))) }).success).toBe(false);
    expect(ApplyBatchBody.safeParse({ items: ['text'] }).success).toBe(false);
    expect(ApplyBatchBody.safeParse({ items: [applyOf('1')], pair: 'another' }).success).toBe(false);
    const big = (id: string) => ({ snapshot: snapshotOf(id, 'Big', `<p>${'x'.repeat(50_000)}</p>`), cause: 'full sync' });
    expect(ApplyBatchBody.safeParse({ items: [big('1'), big('2')] }).success).toBe(true);
    expect(ApplyBatchBody.safeParse({ items: [big('1'), big('2'), big('3')] }).success).toBe(false);
  });

  it('bounds the reply: one answer per item at most 16, each an apply reply with 200 or a refusal with 4xx/5xx', () => {
    const refusal = { status: 422, body: { error: 'refused' } };
    expect(ApplyBatchReply.safeParse({ replies: [synced, refusal, { status: 503, body: { error: 'busy', retryAfter: 30 } }] }).success).toBe(true);
    expect(ApplyBatchReply.safeParse({ replies: [] }).success).toBe(false);
    expect(ApplyBatchReply.safeParse({ replies: Array.from({ length: 17 }, () => synced) }).success).toBe(false);
    expect(ApplyBatchReply.safeParse({ replies: [{ status: 200, body: { error: 'refused' } }] }).success).toBe(false);
    expect(ApplyBatchReply.safeParse({ replies: [{ status: 302, body: { error: 'refused' } }] }).success).toBe(false);
    expect(ApplyBatchReply.safeParse({ replies: [{ ...synced, body: { ...synced.body, detail: 'x'.repeat(1001) } }] }).success).toBe(false);
    expect(ApplyBatchReply.safeParse({ replies: [{ status: 422, body: { error: 'refused', note: 'more' } }] }).success).toBe(false);
  });

  it('fits the inbox when full: 16 items at the byte budget sign to a JWS under 200,000 characters and a request under 256 KiB', async () => {
    const { privateJwk } = await createPairingKey();
    // Sixteen items of multi-byte text, as large as the budget lets them be together.
    const each = Math.floor(APPLY_BATCH_LIMITS.bytes / APPLY_BATCH_LIMITS.items);
    const filler = (n: number) => 'é'.repeat(Math.floor((each - 1 - batchItemBytes({ snapshot: snapshotOf('1', 'Big', '<p></p>'), cause: 'full sync' })) / 2) - n);
    const items = Array.from({ length: APPLY_BATCH_LIMITS.items }, (_, i) => ({ snapshot: snapshotOf(String(1000 + i), 'Big', `<p>${filler(1)}</p>`), cause: 'full sync' }));
    expect(ApplyBatchBody.safeParse({ items }).success).toBe(true);
    expect(items.reduce((n, i) => n + batchItemBytes(i) + 1, 0)).toBeGreaterThan(APPLY_BATCH_LIMITS.bytes - 200);
    const jws = await signPeerMessage(privateJwk, { type: 'apply-batch', to: 'destination', pair: newPairAddress(), from: newPairAddress(), body: { items } }, Math.floor(Date.now() / 1000));
    expect(jws.length).toBeLessThan(200_000);
    expect(Buffer.byteLength(JSON.stringify({ message: jws }))).toBeLessThan(MAX_PEER_MESSAGE_BYTES);
  });
});

describe('apply-batch: the destination’s time budget', () => {
  const opened = (n: number) => ({ sync: { id: 's', state: 'active' }, message: {}, body: { items: Array.from({ length: n }, (_, i) => applyOf(String(i + 1))) } }) as unknown as OpenedMessage<'apply-batch'>;
  const idOf = (o: OpenedMessage<'apply'>) => ('snapshot' in o.body ? o.body.snapshot.sourceId : '');

  it('answers in time whatever an item does: one that hangs or throws is busy (sent again), the others are answered', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const started = Date.now();
    const reply = await receiveApplyBatch({ elapsedMs: () => Date.now() - started, time: { startWithinMs: 40, answerWithinMs: 80 } }, async (o) => {
      if (idOf(o) === '2') return new Promise(() => undefined);
      if (idOf(o) === '3') throw new Error('unexpected');
      return { status: 200, body: { ...synced.body, destId: idOf(o) } };
    }, opened(4));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(reply).toEqual({
      status: 200,
      body: { replies: [{ status: 200, body: { ...synced.body, destId: '1' } }, { status: 503, body: { error: 'busy' } }, { status: 503, body: { error: 'busy' } }, { status: 200, body: { ...synced.body, destId: '4' } }] },
    });
    expect(ApplyBatchReply.safeParse(reply.body).success).toBe(true);
    // The throw is logged by its name only: nothing of the item's content goes to the logs.
    expect(errors.mock.calls).toEqual([['An item of a batch failed: Error']]);
    errors.mockRestore();
  });

  it('starts no item past its start limit: those answer busy without being tried', async () => {
    const started = Date.now();
    const tried: string[] = [];
    const reply = await receiveApplyBatch({ elapsedMs: () => Date.now() - started, concurrency: 1, time: { startWithinMs: 25, answerWithinMs: 5_000 } }, async (o) => {
      tried.push(idOf(o));
      await new Promise((r) => setTimeout(r, 20));
      return { status: 200, body: { ...synced.body, destId: idOf(o) } };
    }, opened(4));
    expect(tried).toEqual(['1', '2']);
    expect((reply.body.replies as Array<{ status: number }>).map((r) => r.status)).toEqual([200, 200, 503, 503]);
  });

  it('starts no item once little of the site’s points quota is left: those answer busy with the wait, for the source to send again then', async () => {
    const tried: string[] = [];
    let wait: number | undefined;
    const reply = await receiveApplyBatch({ elapsedMs: () => 0, concurrency: 1, quotaWait: () => wait }, async (o) => {
      tried.push(idOf(o));
      // The first item's answers told of the quota: the batch starts nothing more.
      wait = 120;
      return { status: 200, body: { ...synced.body, destId: idOf(o) } };
    }, opened(3));
    expect(tried).toEqual(['1']);
    expect(reply.body.replies).toEqual([expect.objectContaining({ status: 200 }), { status: 503, body: { error: 'busy', retryAfter: 120 } }, { status: 503, body: { error: 'busy', retryAfter: 120 } }]);
  });
});

describe('apply-batch: the creates of one family', () => {
  const under = (id: string, parent?: string, kind = 'page') => ({ snapshot: { ...snapshotOf(id), kind, ...(parent ? { parentSourceId: parent } : {}) }, cause: 'full sync' });
  const batch = (items: unknown[]) => ({ sync: { id: 's', state: 'active' }, message: {}, body: { items } }) as unknown as OpenedMessage<'apply-batch'>;
  const idOf = (o: OpenedMessage<'apply'>) => ('snapshot' in o.body ? o.body.snapshot.sourceId : '');
  const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("creates a family's copies one after another in the batch's order, while other families, blog posts and everything else go at once", async () => {
    const log: string[] = [];
    // Each item's own work takes longer the earlier it comes, so at once they would create in reverse.
    const reply = await receiveApplyBatch({ elapsedMs: () => 0 }, async (o, turn) => {
      const id = idOf(o);
      log.push(`start ${id}`);
      await tick(50 - 10 * Number(id.slice(-1)));
      await turn.wait();
      log.push(`create ${id}`);
      await tick(5);
      turn.done();
      return { status: 200, body: { ...synced.body, destId: id } };
    }, batch([under('11', 'p'), under('12', 'p'), under('21', 'q'), under('13', 'p'), under('95', undefined, 'blogpost'), under('22', 'q')]));
    expect((reply.body.replies as Array<{ status: number }>).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    // Every item started before any created.
    expect(log.slice(0, 6).every((l) => l.startsWith('start'))).toBe(true);
    const creates = log.filter((l) => l.startsWith('create')).map((l) => l.slice(7));
    expect(creates.filter((id) => id.startsWith('1'))).toEqual(['11', '12', '13']);
    expect(creates.filter((id) => id.startsWith('2'))).toEqual(['21', '22']);
    // The blog post has no family: it created first, as its own work was shortest.
    expect(creates[0]).toBe('95');
  });

  it('lets a create wait no longer than its limit for an item before it that creates nothing and takes long', async () => {
    const log: string[] = [];
    await receiveApplyBatch({ elapsedMs: () => 0, turnWaitMs: 40 }, async (o, turn) => {
      const id = idOf(o);
      if (id === '11') {
        // Its copy exists: it never creates, and its other work takes 300 ms.
        await tick(300);
        log.push('11 done');
        return { status: 200, body: { ...synced.body, outcome: 'unchanged', destId: id } };
      }
      await turn.wait();
      log.push(`create ${id}`);
      turn.done();
      return { status: 200, body: { ...synced.body, destId: id } };
    }, batch([under('11', 'p'), under('12', 'p'), under('13', 'p')]));
    expect(log).toEqual(['create 12', 'create 13', '11 done']);
  });

  it('lets the next of a family go once an item finishes without creating, fails or is malformed', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const created: string[] = [];
    const reply = await receiveApplyBatch({ elapsedMs: () => 0 }, async (o, turn) => {
      const id = idOf(o);
      if (id === '11') return { status: 200, body: { ...synced.body, outcome: 'unchanged', destId: id } };
      if (id === '12') throw new Error('unexpected');
      await turn.wait();
      created.push(id);
      turn.done();
      return { status: 200, body: { ...synced.body, destId: id } };
    }, batch([under('11', 'p'), under('12', 'p'), { snapshot: 'not one' }, under('14', 'p'), under('15', 'p')]));
    expect(created).toEqual(['14', '15']);
    expect((reply.body.replies as Array<{ status: number }>).map((r) => r.status)).toEqual([200, 503, 400, 200, 200]);
    errors.mockRestore();
  });
});

describe('apply-batch between two sites', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const call = (token: string, fn: string, payload?: unknown) => bridgeCall(env.host)(token, fn, payload);
  const settings = (s: EmulatedSite) => env.host.openUiModule(s.installation, 'space-sync-settings', s.admin, { type: 'confluence:spaceSettings', space: { id: s.spaceId, key: s.site.spaces.get(s.spaceId)!.key } });
  const titles = (s: EmulatedSite) => [...s.site.contents.values()].filter((c) => c.spaceId === s.spaceId && c.type === 'page' && c.status === 'current').map((c) => c.title).sort();

  beforeEach(async () => {
    env = await startEmulatedSites();
  });
  afterEach(() => env.host.close());

  it('checks every item as a single apply: a malformed or foreign item is refused alone, the others are applied', async () => {
    await pair(env.host, { site: env.source }, { site: env.dest });
    const dest = await syncOf(env.host, env.dest, 'destination');
    const inbox = await inboxOf(env.host, env.dest);
    const before = titles(env.dest);
    const items = [
      applyOf('90001', 'Batched first'),
      // A field no apply has (naming another pair): refused as a single apply with it would be.
      { ...applyOf('90002', 'Batched sneaky'), pair: 'another-pair' },
      // A transfer this pair never received (another pair's, or none): the item is incomplete.
      { snapshotTransfer: { id: 'snapshot-90003-foreign', parts: 1, sha256: 'x' }, cause: 'full sync' },
      // Not an apply at all.
      { snapshot: { sourceId: 'not digits' }, cause: 'full sync' },
      applyOf('90005', 'Batched last'),
    ];
    const jws = await signedBy(env.host, env.source, { type: 'apply-batch', to: 'destination', pair: dest.pairId, body: { items } });
    const answer = await postTo(inbox, jws);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      replies: [
        { status: 200, body: expect.objectContaining({ status: 'synced', outcome: 'created' }) },
        { status: 400, body: { error: 'bad-request' } },
        { status: 422, body: { error: 'incomplete' } },
        { status: 400, body: { error: 'bad-request' } },
        { status: 200, body: expect.objectContaining({ status: 'synced', outcome: 'created' }) },
      ],
    });
    expect(titles(env.dest)).toEqual([...before, 'Batched first', 'Batched last'].sort());
    const replies = answer.body.replies as Array<{ body: { destId?: string } }>;
    expect(env.dest.site.contents.get(replies[0].body.destId!)?.title).toBe('Batched first');
    expect(env.dest.site.contents.get(replies[4].body.destId!)?.title).toBe('Batched last');

    // The signature and message id cover the batch as a whole: replayed or altered, all of it is refused, and nothing is written.
    expect(await postTo(inbox, jws)).toEqual({ status: 401, body: { error: 'unauthorized' } });
    const fresh = await signedBy(env.host, env.source, { type: 'apply-batch', to: 'destination', pair: dest.pairId, body: { items: [applyOf('90006', 'Batched altered')] } });
    const [header, payload, signature] = fresh.split('.');
    const altered = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('Batched altered', 'Batched forged!'), 'utf8').toString('base64url');
    expect(await postTo(inbox, `${header}.${altered}.${signature}`)).toEqual({ status: 401, body: { error: 'unauthorized' } });
    expect(titles(env.dest)).not.toEqual(expect.arrayContaining(['Batched altered']));
    expect(titles(env.dest).some((t) => t.startsWith('Batched forged'))).toBe(false);
  });

  it("creates the copies of a batch's siblings in the batch's order, however long each item's calls take", async () => {
    await pair(env.host, { site: env.source }, { site: env.dest });
    const dest = await syncOf(env.host, env.dest, 'destination');
    const inbox = await inboxOf(env.host, env.dest);
    // From now on each of the destination's REST answers takes 1-40 ms: at once, the creates would land in any order.
    env.dest.emulator.latency = latencyOf({ min: 1, max: 40 }, 11);
    const names = Array.from({ length: 8 }, (_, i) => `Sibling ${i + 1}`);
    const items = names.map((title, i) => applyOf(String(90_101 + i), title));
    const answer = await postTo(inbox, await signedBy(env.host, env.source, { type: 'apply-batch', to: 'destination', pair: dest.pairId, body: { items } }));
    expect((answer.body.replies as Array<{ status: number }>).map((r) => r.status)).toEqual(names.map(() => 200));
    const home = env.dest.site.spaces.get(env.dest.spaceId)!.homepageId;
    expect(env.dest.site.treeChildren(home).map((c) => c.title).filter((t) => t.startsWith('Sibling'))).toEqual(names);
  });

  it('takes a batch only from the source: the destination sending one to its source is refused as a whole', async () => {
    await pair(env.host, { site: env.source }, { site: env.dest });
    const source = await syncOf(env.host, env.source, 'source');
    const before = titles(env.source);
    const answer = await postTo(await inboxOf(env.host, env.source), await signedBy(env.host, env.dest, { type: 'apply-batch', to: 'source', pair: source.pairId, body: { items: [applyOf('90001', 'Backwards')] } }));
    expect(answer).toEqual({ status: 400, body: { error: 'bad-request' } });
    expect(titles(env.source)).toEqual(before);
  });

  it('refuses every item of a batch for a paused sync, as it refuses a single apply', async () => {
    await pair(env.host, { site: env.source }, { site: env.dest });
    const source = await syncOf(env.host, env.source, 'source');
    await call(settings(env.source), 'changePair', { syncId: source.id, action: 'pause' });
    await env.host.settled();
    const dest = await syncOf(env.host, env.dest, 'destination');
    expect(dest.state).toBe('paused');
    const answer = await postTo(await inboxOf(env.host, env.dest), await signedBy(env.host, env.source, { type: 'apply-batch', to: 'destination', pair: dest.pairId, body: { items: [applyOf('90001'), applyOf('90002')] } }));
    expect(answer).toEqual({ status: 200, body: { replies: [{ status: 409, body: { error: 'state' } }, { status: 409, body: { error: 'state' } }] } });
  });

  it('sends single applies to a peer that does not know apply-batch, and the full sync completes', async () => {
    const writer = { kind: 'user' as const, accountId: env.source.writer };
    for (let i = 0; i < 6; i++) env.source.site.createPage(writer, { type: 'page', spaceId: env.source.spaceId, title: `Older ${i}`, body: `<p>${i}</p>` });
    const older = await FakePeer.create(env.host);
    // A build without the type answers it as any type it cannot read (peer-channel.ts): 400 bad-request, nothing applied.
    older.answer = (m) => (m.type === 'apply-batch' ? { status: 400, body: { error: 'bad-request' } } : politeAnswer(m));
    const sync = await call(settings(env.source), 'createSync', { name: 'Handbook', options: {} });
    const { token } = await call(settings(env.source), 'issueToken', { syncId: sync.id });
    expect((await older.claim(await inboxOf(env.host, env.source), token)).status).toBe(200);
    await call(settings(env.source), 'resyncEverything', { syncId: sync.id });
    await env.host.settled();

    const sourceIds = [...env.source.site.contents.values()].filter((c) => c.spaceId === env.source.spaceId && c.type === 'page' && c.title.startsWith('Older')).map((c) => c.id).sort();
    const applied = older.of('apply').map((m) => (m.body.snapshot as { sourceId: string }).sourceId);
    expect([...new Set(applied)].sort()).toEqual(sourceIds);
    // One batch was tried in the run's invocation; after its refusal every item went alone.
    expect(older.of('apply-batch')).toHaveLength(1);
    expect((older.of('apply-batch')[0].body.items as unknown[]).length).toBeGreaterThan(1);
    const progress = await env.host.runInInvocation(env.source.installation, () => kvsFullSyncStore.progress(sync.id));
    expect(progress).toMatchObject({ state: 'complete', total: 6, done: 6, failedCount: 0, outcomes: { synced: 6 } });
    // Nothing about it shows as a problem with the peer.
    expect((await syncOf(env.host, env.source, 'source')).peerProblem).toBeUndefined();
  });
});
