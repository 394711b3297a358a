/**
 * The apply batcher (apply-batcher.ts) against a peer the test plays: which messages leave, what
 * each caller gets back, and how it falls back to single applies for a peer without batches.
 */
import { decodeJwt } from 'jose';
import { applyBatcher, type BatcherOptions } from '../../src/replication/apply-batcher';
import { answerOrRetry, RetryLater } from '../../src/replication/retry';
import { createPairingKey } from '../../src/pairing/pairing-token';
import { APPLY_BATCH_LIMITS, batchItemBytes, Envelope, type ApplyBody, type PeerResult } from '../../src/contract/peer-protocol';
import { newPairAddress } from '../../src/domain/identity';
import type { Sync } from '../../src/domain/sync';
import type { PeerReply } from '../../src/pairing/ports';

type Answerer = (message: Envelope) => PeerReply | undefined | Promise<PeerReply | undefined>;

const snapshotOf = (id: string, body = '<p>x</p>') => ({ sourceId: id, kind: 'page' as const, status: 'current' as const, title: `Page ${id}`, body, labels: [], version: 1, sourceSpaceKey: 'ENG' });
const applyOf = (id: string, body?: string): ApplyBody => ({ snapshot: snapshotOf(id, body), cause: 'full sync' });
const idOf = (item: unknown) => (item as { snapshot: { sourceId: string } }).snapshot.sourceId;
const synced = (id: string) => ({ status: 200, body: { status: 'synced', outcome: 'created', destId: id, destVersion: 1 } });

/** A peer that answers every item of a batch as synced, each with its own id as the copy's. */
const politePeer: Answerer = (m) => (m.type === 'apply-batch' ? { status: 200, body: { replies: (m.body.items as unknown[]).map((i) => synced(idOf(i))) } } : m.type === 'apply' ? synced(idOf(m.body)) : undefined);

async function setUp(answer: Answerer, options: BatcherOptions = {}, keyFailure?: Error) {
  const keys = await createPairingKey();
  const sent: Array<{ message: Envelope; jws: string }> = [];
  const transport = {
    async send(_inbox: string, jws: string): Promise<PeerReply> {
      const message = Envelope.parse(decodeJwt(jws));
      sent.push({ message, jws });
      const reply = await answer(message);
      if (!reply) throw new Error('no answer');
      return reply;
    },
  };
  const sync = { id: 'sync-1', pairId: newPairAddress(), role: 'source', state: 'active', peer: { pairId: newPairAddress(), inbox: 'https://peer.example/x1/inbox' } } as unknown as Sync;
  const batcher = applyBatcher({ keys: { keyPair: async () => { if (keyFailure) throw keyFailure; return keys; } } as never, transport, nowSeconds: () => Math.floor(Date.now() / 1000) }, options);
  return { batcher, sync, sent, types: () => sent.map((s) => s.message.type) };
}

const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => String(from + i));

describe('the apply batcher', () => {
  it('sends applies made at about the same time as one batch, each caller getting its own item’s answer in order', async () => {
    const { batcher, sync, sent, types } = await setUp(politePeer);
    const results = await Promise.all(ids(5).map((id) => batcher.send(sync, applyOf(id))));
    expect(types()).toEqual(['apply-batch']);
    expect((sent[0].message.body.items as unknown[]).map(idOf)).toEqual(ids(5));
    expect(sent[0].message).toMatchObject({ to: 'destination', pair: sync.peer!.pairId, from: sync.pairId });
    expect(results).toEqual(ids(5).map((id) => ({ kind: 'ok', reply: { status: 'synced', outcome: 'created', destId: id, destVersion: 1 } })));
  });

  it("sends each family's pages in their originals' order, whatever order their reads finished in", async () => {
    const { batcher, sync, sent } = await setUp(politePeer);
    const under = (id: string, parent?: string, kind: 'page' | 'blogpost' = 'page'): ApplyBody => ({ snapshot: { ...snapshotOf(id), kind, ...(parent ? { parentSourceId: parent } : {}) }, cause: 'full sync' });
    // Gathered as the reads finished: 13 (position 30) before 11 (10); 21 and 22 under another parent; a blog post; 15 without a position.
    const gathered: Array<[ApplyBody, number | undefined]> = [
      [under('13', 'p1'), 30], [under('21', 'p2'), 200], [under('11', 'p1'), 10], [under('90', undefined, 'blogpost'), undefined],
      [under('22', 'p2'), 100], [under('15', 'p1'), undefined], [under('12', 'p1'), 20],
    ];
    const results = await Promise.all(gathered.map(([body, position]) => batcher.send(sync, body, position)));
    expect((sent[0].message.body.items as unknown[]).map(idOf)).toEqual(['11', '22', '12', '90', '21', '15', '13']);
    // Each caller still hears its own item's answer.
    expect(results.map((r) => (r.kind === 'ok' ? r.reply.destId : r.kind))).toEqual(['13', '21', '11', '90', '22', '15', '12']);
  });

  it('sends a lone item as a plain apply', async () => {
    const { batcher, sync, sent, types } = await setUp(politePeer);
    expect(await batcher.send(sync, applyOf('7'))).toEqual({ kind: 'ok', reply: { status: 'synced', outcome: 'created', destId: '7', destVersion: 1 } });
    expect(types()).toEqual(['apply']);
    expect(idOf(sent[0].message.body)).toBe('7');
  });

  it('answers each item as a single apply would be answered: a refusal or a busy item is that item’s alone', async () => {
    const { batcher, sync } = await setUp((m) => ({
      status: 200,
      body: { replies: [synced('1'), { status: 422, body: { error: 'refused' } }, { status: 503, body: { error: 'busy', retryAfter: 30 } }, { status: 400, body: { error: 'bad-request' } }, synced('5')] },
    }));
    const results = await Promise.all(ids(5).map((id) => batcher.send(sync, applyOf(id))));
    expect(results).toEqual([
      { kind: 'ok', reply: expect.objectContaining({ destId: '1' }) },
      { kind: 'refused', status: 422, code: 'refused' },
      { kind: 'unreachable', status: 503, retryAfter: 30 },
      { kind: 'refused', status: 400, code: 'bad-request' },
      { kind: 'ok', reply: expect.objectContaining({ destId: '5' }) },
    ]);
    // The busy item is retried later, exactly as after a single apply's 503; the others are settled.
    expect(() => answerOrRetry(results[2])).toThrow(RetryLater);
    expect(answerOrRetry(results[1])).toEqual(results[1]);
  });

  it('gives every item of a batch the answer the whole message got: unreachable, refused, or a reply that does not answer each item', async () => {
    for (const [answer, expected] of [
      [undefined, { kind: 'unreachable' }],
      [{ status: 502, body: {} }, { kind: 'unreachable', status: 502 }],
      [{ status: 409, body: { error: 'state' } }, { kind: 'refused', status: 409, code: 'state' }],
      [{ status: 200, body: { replies: [synced('1')] } }, { kind: 'refused', status: 200, code: 'unknown' }],
      [{ status: 200, body: { replies: [synced('1'), synced('2'), { status: 200, body: { error: 'refused' } }] } }, { kind: 'refused', status: 200, code: 'unknown' }],
    ] as Array<[PeerReply | undefined, PeerResult<'apply'>]>) {
      const { batcher, sync, types } = await setUp(() => answer);
      expect(await Promise.all(ids(3).map((id) => batcher.send(sync, applyOf(id))))).toEqual([expected, expected, expected]);
      expect(types()).toEqual(['apply-batch']);
    }
  });

  it('falls back to single applies for a peer that does not know apply-batch, for the rest of its life, and resends the refused batch as singles', async () => {
    // What a build without the type answers (peer-channel.ts: a type it cannot read is a bad request).
    const older: Answerer = (m) => (m.type === 'apply-batch' ? { status: 400, body: { error: 'bad-request' } } : politePeer(m));
    const { batcher, sync, types, sent } = await setUp(older);
    const first = await Promise.all(ids(4).map((id) => batcher.send(sync, applyOf(id))));
    expect(first.map((r) => r.kind === 'ok' && r.reply.destId)).toEqual(ids(4));
    expect(types()).toEqual(['apply-batch', 'apply', 'apply', 'apply', 'apply']);
    const later = await Promise.all(ids(3, 10).map((id) => batcher.send(sync, applyOf(id))));
    expect(later.map((r) => r.kind === 'ok' && r.reply.destId)).toEqual(ids(3, 10));
    expect(types().slice(5)).toEqual(['apply', 'apply', 'apply']);
    expect(sent.slice(1).map((s) => idOf(s.message.body)).sort()).toEqual([...ids(4), ...ids(3, 10)].sort());
    // Another invocation's batcher tries batches again (the peer may have been updated).
    const next = await setUp(politePeer);
    await Promise.all(ids(2).map((id) => next.batcher.send(next.sync, applyOf(id))));
    expect(next.types()).toEqual(['apply-batch']);
  });

  it('sends at most 16 items in a batch: a full batch leaves at once', async () => {
    const { batcher, sync, sent } = await setUp(politePeer, { lingerMs: 500 });
    const results = Promise.all(ids(APPLY_BATCH_LIMITS.items + 4).map((id) => batcher.send(sync, applyOf(id))));
    await new Promise((r) => setTimeout(r, 50));
    // The first 16 did not wait for the (long) linger; the other four do.
    expect(sent.map((s) => (s.message.body.items as unknown[]).length)).toEqual([APPLY_BATCH_LIMITS.items]);
    expect((sent[0].message.body.items as unknown[]).map(idOf)).toEqual(ids(16));
    expect((await results).map((r) => r.kind === 'ok' && r.reply.destId)).toEqual(ids(20));
    expect((sent[1].message.body.items as unknown[]).map(idOf)).toEqual(ids(4, 17));
  });

  it('keeps a batch within its byte budget, so the signed message stays under the inbox’s limits', async () => {
    // A long linger: only the budget splits the batches, however slowly a loaded machine reaches each send.
    const { batcher, sync, sent } = await setUp(politePeer, { lingerMs: 500 });
    // Seven items of about 40 KB with non-ASCII text: three fit the 140,000-byte budget at a time (bytes counted, not characters).
    const big = (id: string) => applyOf(id, `<p>${'é'.repeat(20_000)}</p>`);
    expect(batchItemBytes(big('1'))).toBeGreaterThan(40_000);
    const results = await Promise.all(ids(7).map((id) => batcher.send(sync, big(id))));
    expect(results.every((r) => r.kind === 'ok')).toBe(true);
    // Two batches may be under way at once, so which is signed and sent first is not fixed: the groups are.
    const groups = sent.map((s) => (s.message.type === 'apply-batch' ? (s.message.body.items as unknown[]).map(idOf) : [idOf(s.message.body)]));
    expect(groups.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([['1', '2', '3'], ['4', '5', '6'], ['7']]);
    for (const s of sent) {
      if (s.message.type === 'apply-batch') expect((s.message.body.items as unknown[]).reduce((n: number, i) => n + batchItemBytes(i) + 1, 0)).toBeLessThanOrEqual(APPLY_BATCH_LIMITS.bytes);
      // The inbox takes a JWS of 200,000 characters at most, in a request of 256 KiB (peer-inbox.ts).
      expect(s.jws.length).toBeLessThan(200_000);
    }
  });

  it('sends an item larger than the byte budget alone, as a plain apply', async () => {
    const { batcher, sync, types } = await setUp(politePeer, { maxBytes: 1_000 });
    const results = await Promise.all([batcher.send(sync, applyOf('1')), batcher.send(sync, applyOf('2', 'x'.repeat(2_000))), batcher.send(sync, applyOf('3'))]);
    expect(results.map((r) => r.kind === 'ok' && r.reply.destId)).toEqual(['1', '2', '3']);
    expect(types().sort()).toEqual(['apply', 'apply-batch']);
  });

  it('holds a ready batch while the messages under way are at the limit, gathering items until one comes back', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const { batcher, sync, sent } = await setUp(async (m) => {
      if (calls++ === 0) await gate;
      return politePeer(m);
    }, { lingerMs: 5, maxInFlight: 1 });
    const first = Promise.all(ids(2).map((id) => batcher.send(sync, applyOf(id))));
    await new Promise((r) => setTimeout(r, 30));
    const second = [batcher.send(sync, applyOf('3'))];
    await new Promise((r) => setTimeout(r, 30));
    second.push(batcher.send(sync, applyOf('4')), batcher.send(sync, applyOf('5')));
    await new Promise((r) => setTimeout(r, 30));
    expect(sent).toHaveLength(1);
    release();
    await first;
    await Promise.all(second);
    expect(sent.map((s) => (s.message.body.items as unknown[]).map(idOf))).toEqual([ids(2), ids(3, 3)]);
  });

  it('hands a failure to send or to sign to every caller of the batch', async () => {
    const broken = await setUp(() => {
      throw new Error('transport broke');
    });
    // The transport's throw is an unreachable peer (peer-channel.ts), for each item.
    expect(await Promise.all(ids(3).map((id) => broken.batcher.send(broken.sync, applyOf(id))))).toEqual(ids(3).map(() => ({ kind: 'unreachable' })));
    const unsigned = await setUp(politePeer, {}, new Error('no key'));
    const outcomes = await Promise.allSettled(ids(3).map((id) => unsigned.batcher.send(unsigned.sync, applyOf(id))));
    expect(outcomes).toEqual(ids(3).map(() => ({ status: 'rejected', reason: new Error('no key') })));
    expect(unsigned.sent).toEqual([]);
  });
});
