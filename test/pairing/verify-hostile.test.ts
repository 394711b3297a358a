/**
 * Verify's messages from a peer that should not send them, or sends what it should not: the
 * wrong side, another pair's items, malformed or out-of-order batches, a destination that
 * answers about items it was never asked about. Each is refused or ignored, and nothing else
 * changes.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, pageByTitle, pair, settingsOf, spaceView } from '../support/replication';
import { FakePeer, politeAnswer } from '../support/fake-peer';
import { inboxOf, postTo, signedBy, syncOf } from '../support/pairs';
import { kvsSentStore } from '../../src/platform/kvs-sent-store';
import type { Envelope } from '../../src/contract/peer-protocol';

describe('hostile Verify messages', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const call = (token: string, fn: string, payload?: unknown) => bridgeCall(env.host)(token, fn, payload);
  const writer = (s: EmulatedSite) => ({ kind: 'user' as const, accountId: s.writer });
  /** What Verify keeps, and the copies' records (the replay guard's entries aside). */
  const storage = (s: EmulatedSite) => env.host.runInInvocation(s.installation, async () => (await kvs.query().where('key', WhereConditions.beginsWith('')).limit(100).getMany()).results.filter((r) => !r.key.startsWith('seen-message:')));
  const guide = () => pageByTitle(env.source.site, env.source.spaceId, 'Guide');

  beforeEach(async () => {
    env = await startEmulatedSites();
    const g = env.source.site.createPage(writer(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Start here.</p>' });
    env.source.site.createPage(writer(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Setup', body: '<p>Install.</p>', parentId: g.id });
  });
  afterEach(() => env.host.close());

  describe('between two real installations', () => {
    let source: Awaited<ReturnType<typeof syncOf>>;
    let dest: Awaited<ReturnType<typeof syncOf>>;
    beforeEach(async () => {
      await pair(env.host, { site: env.source }, { site: env.dest });
      source = await syncOf(env.host, env.source, 'source');
      dest = await syncOf(env.host, env.dest, 'destination');
    });
    const toDest = async (type: string, body: Record<string, unknown>) => postTo(await inboxOf(env.host, env.dest), await signedBy(env.host, env.source, { type, to: 'destination', pair: dest.pairId, body }));
    const toSource = async (type: string, body: Record<string, unknown>) => postTo(await inboxOf(env.host, env.source), await signedBy(env.host, env.dest, { type, to: 'source', pair: source.pairId, body }));
    const item = (over: Record<string, unknown> = {}) => ({ id: guide().id, kind: 'page', status: 'current', ...over });
    const batch = (over: Record<string, unknown> = {}) => ({ run: '6b1f9f2e-8c1a-4c55-9d1e-5f4a0e9b7c21', seq: 0, items: [item()], last: false, ...over });

    it('refuses each message from the side that may not send it, and changes nothing', async () => {
      const before = [await storage(env.source), await storage(env.dest)];
      // Only the source sends batches; only the destination asks for a run or a repair.
      expect((await toSource('verify', batch())).status).toBe(400);
      expect((await toDest('verify-request', {})).status).toBe(400);
      expect((await toDest('resend', { items: [{ sourceId: guide().id, recheck: false, resendFiles: false }] })).status).toBe(400);
      await env.host.settled();
      expect([await storage(env.source), await storage(env.dest)]).toEqual(before);
    });

    it('refuses malformed batches and requests before reading anything', async () => {
      const before = await storage(env.dest);
      const reads = () => env.host.log.of('product').filter((r) => r.installationId === env.dest.installation.id).length;
      const readsBefore = reads();
      for (const body of [
        batch({ items: Array.from({ length: 26 }, () => item()) }),
        batch({ items: [item({ id: '12ab' })] }),
        batch({ items: [item({ id: '../../x' })] }),
        batch({ items: [item({ hash: 'not a hash' })] }),
        batch({ items: [item({ labels: Array.from({ length: 51 }, (_, i) => `l${i}`) })] }),
        batch({ items: [item({ comments: ['a b'] })] }),
        batch({ items: [item({ owner: 'me' })] }),
        batch({ items: [item({ kind: 'attachment' })] }),
        batch({ seq: -1 }),
        batch({ run: 'not-a-uuid' }),
        batch({ extra: true }),
      ]) {
        expect((await toDest('verify', body)).status).toBe(400);
      }
      for (const body of [{ items: [] }, { items: Array.from({ length: 201 }, () => ({ sourceId: '1', recheck: false, resendFiles: false })) }, { items: [{ sourceId: 'x1', recheck: false, resendFiles: false }] }, { items: [{ sourceId: '1' }] }]) {
        expect((await toSource('resend', body)).status).toBe(400);
      }
      expect((await toSource('verify-request', { now: true })).status).toBe(400);
      expect(reads()).toBe(readsBefore);
      expect(await storage(env.dest)).toEqual(before);
    });

    it('refuses a batch out of sequence, and one for a pair it does not have', async () => {
      const before = await storage(env.dest);
      expect(await toDest('verify', batch({ seq: 3 }))).toEqual({ status: 409, body: { error: 'sequence' } });
      const stranger = await FakePeer.create(env.host);
      const signed = await stranger.sign({ type: 'verify', to: 'destination', pair: dest.pairId, body: batch() });
      expect((await postTo(await inboxOf(env.host, env.dest), signed)).status).toBe(401);
      expect(await storage(env.dest)).toEqual(before);
    });

    it('repairs only items of its own pair, each once in a while however often it is asked', async () => {
      const other = env.source.site.createSpace('OPS', 'Operations', [env.source.admin]);
      const foreign = env.source.site.createPage({ kind: 'user', accountId: env.source.admin }, { type: 'page', spaceId: other.id, title: 'Secret plan', body: '<p>Not for Globex.</p>' });
      const resend = (ids: string[]) => toSource('resend', { items: ids.map((sourceId) => ({ sourceId, recheck: true, resendFiles: true })) });
      expect(await resend([foreign.id, '99999'])).toEqual({ status: 200, body: { queued: 0 } });
      expect(await resend([guide().id])).toEqual({ status: 200, body: { queued: 1 } });
      expect(await resend([guide().id])).toEqual({ status: 200, body: { queued: 0 } });
      await env.host.settled();
      expect(Object.keys(spaceView(env.dest.site, env.dest.spaceId))).toEqual(['page:Guide', 'page:Setup']);
      const sent = await env.host.runInInvocation(env.source.installation, () => kvsSentStore.get(source.pairId, foreign.id));
      expect(sent).toBeUndefined();
    });
  });

  describe('from a destination that answers what it was not asked', () => {
    let fake: FakePeer;
    const reportOf = async () => call(settingsOf(env.host, env.source), 'verifyReport', { syncId: (await syncOf(env.host, env.source, 'source')).id });

    beforeEach(async () => {
      fake = await FakePeer.create(env.host);
      const sync = await call(settingsOf(env.host, env.source), 'createSync', { name: 'Handbook' });
      const { token } = await call(settingsOf(env.host, env.source), 'issueToken', { syncId: sync.id });
      expect((await fake.claim(await inboxOf(env.host, env.source), token)).status).toBe(200);
      await env.host.settled();
    });

    it('keeps only differences of items the batch named, in its own words and titles', async () => {
      // One item checked per answer, so the run takes two batches; every answer names strangers too.
      fake.answer = (m: Envelope) => {
        if (m.type !== 'verify') return politeAnswer(m);
        const items = (m.body as { items: Array<{ id: string }> }).items;
        const named = items.slice(0, 1).map((i) => ({ sourceId: i.id, kind: 'page', title: '<img src=x onerror=alert(1)>', code: 'ahead', facts: { copyVersion: 9, appVersion: 1, kept: false } }));
        const strangers = [
          { sourceId: '424242', kind: 'page', title: 'Injected', code: 'missing', facts: {} },
          { sourceId: items[0]?.id ?? '1', kind: 'page', title: 'x', code: 'unreadable', facts: {} },
          { sourceId: '434343', kind: 'blogpost', title: 'Orphan', code: 'orphan', facts: {} },
        ];
        return { status: 200, body: { checked: Math.min(1, items.length), differences: [...named, ...strangers], more: 0, done: items.length <= 1 } };
      };
      await call(settingsOf(env.host, env.source), 'startVerify', { syncId: (await syncOf(env.host, env.source, 'source')).id });
      await env.host.settled();
      const report = await reportOf();
      expect(report.state).toBe('complete');
      expect(report.differences.map((d: { title: string; code: string; sourceId: string }) => [d.title, d.code, d.sourceId]).sort()).toEqual([
        ['Guide', 'ahead', guide().id],
        ['Orphan', 'orphan', '434343'],
        ['Setup', 'ahead', pageByTitle(env.source.site, env.source.spaceId, 'Setup').id],
      ]);
      // An orphan's row is the peer's word: it is not something the source repairs.
      expect(report.differences.find((d: { code: string }) => d.code === 'orphan').repair).toBeUndefined();
      const resend = await fake.send(await inboxOf(env.host, env.source), { type: 'resend', to: 'source', pair: (await syncOf(env.host, env.source, 'source')).pairId, body: { items: [{ sourceId: '434343', recheck: false, resendFiles: false }] } });
      expect(resend).toEqual({ status: 200, body: { queued: 0 } });
    });

    it('gives a run up when the destination stops making progress', async () => {
      fake.answer = (m: Envelope) => (m.type === 'verify' ? { status: 200, body: { checked: 0, differences: [], more: 0, done: false } } : politeAnswer(m));
      await call(settingsOf(env.host, env.source), 'startVerify', { syncId: (await syncOf(env.host, env.source, 'source')).id });
      await env.host.settled();
      expect(await reportOf()).toMatchObject({ state: 'failed', reason: 'The other space stopped making progress.' });
      expect(fake.of('verify').length).toBe(20);
    });
  });
});
