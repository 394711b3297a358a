/**
 * A peer (or a stranger) that answers or sends what it should not: oversized details, more
 * transfer parts than any file has, pair ids KVS would refuse, error codes named after Object's
 * members. Each gets a clear refusal or a bounded record, and nothing else changes.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, pageByTitle, spaceView } from '../support/replication';
import { FakePeer } from '../support/fake-peer';
import { inboxOf, postTo, signedBy, syncOf } from '../support/pairs';
import { IMPORT_ERRORS } from '../../src/pairing/import-token';
import { kvsSentStore } from '../../src/platform/kvs-sent-store';
import { kvsTransferStore } from '../../src/platform/kvs-transfer-store';
import { receivePart } from '../../src/replication/transfer';
import { MAX_TRANSFER_PARTS } from '../../src/replication/snapshot';

describe('hostile peers and strangers', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const call = (token: string, fn: string, payload?: unknown) => bridgeCall(env.host)(token, fn, payload);
  const settings = (s: EmulatedSite) => env.host.openUiModule(s.installation, 'space-sync-settings', s.admin, { type: 'confluence:spaceSettings', space: { id: s.spaceId, key: s.site.spaces.get(s.spaceId)!.key } });
  const writer = (s: EmulatedSite) => ({ kind: 'user' as const, accountId: s.writer });
  const storage = (s: EmulatedSite) => env.host.runInInvocation(s.installation, async () => (await kvs.query().where('key', WhereConditions.beginsWith('')).limit(100).getMany()).results.filter((r) => !r.key.startsWith('seen-message:')));
  const pairUp = async (options: Record<string, unknown> = {}) => {
    const sync = await call(settings(env.source), 'createSync', { name: 'Handbook', options });
    return (await call(settings(env.source), 'issueToken', { syncId: sync.id })).token as string;
  };

  beforeEach(async () => {
    env = await startEmulatedSites();
    env.source.site.createPage(writer(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Start here.</p>' });
  });
  afterEach(() => env.host.close());

  it('keeps the source’s record bounded whatever the destination answers', async () => {
    const fake = await FakePeer.create(env.host);
    const token = await pairUp();
    let claimed = false;
    for (const reply of [
      { status: 'synced', outcome: 'created', destId: '1', destVersion: 1, detail: 'x'.repeat(300 * 1024) },
      { status: 'synced', outcome: 'created', destId: 'javascript:alert(1)', destVersion: 1 },
      { status: 'synced', outcome: 'constructor', destId: '1', destVersion: 1 },
    ]) {
      fake.answer = (m) => (m.type === 'apply' ? { status: 200, body: reply } : { status: 200, body: m.type === 'claim' ? { state: 'active', options: { blogPosts: true, comments: true, labels: true, attachments: true, mode: 'automatic', conflictPolicy: 'source-wins' } } : { ok: true } });
      if (!claimed) expect((await fake.claim(await inboxOf(env.host, env.source), token)).status).toBe(200);
      claimed = true;
      const sync = await syncOf(env.host, env.source, 'source');
      await call(settings(env.source), 'resyncEverything', { syncId: sync.id }).catch(() => undefined);
      await env.host.settled();
      const guide = pageByTitle(env.source.site, env.source.spaceId, 'Guide');
      const sent = await env.host.runInInvocation(env.source.installation, () => kvsSentStore.get(sync.pairId, guide.id));
      expect(sent).toMatchObject({ status: 'failed', reason: expect.stringContaining('refused') });
      expect(JSON.stringify(sent).length).toBeLessThan(2000);
    }
  });

  it('refuses transfers larger than any file before reading a part, and caps a pair’s parts per day', async () => {
    await call(settings(env.dest), 'importToken', { token: await pairUp() });
    await env.host.settled();
    const dest = await syncOf(env.host, env.dest, 'destination');
    const inbox = await inboxOf(env.host, env.dest);
    const before = await storage(env.dest);
    const reads = () => env.host.log.entries.filter((e) => e.kind === 'kvs' && e.installationId === env.dest.installation.id).length;
    const readsBefore = reads();
    const snapshotTransfer = { id: 'snapshot-1-abc', parts: 10_000, sha256: 'x' };
    expect((await postTo(inbox, await signedBy(env.host, env.source, { type: 'apply', to: 'destination', pair: dest.pairId, body: { snapshotTransfer, cause: 'x' } }))).status).toBe(400);
    const part = { transfer: 'file-1-v1', index: 0, count: MAX_TRANSFER_PARTS + 1, data: 'AAAA' };
    expect((await postTo(inbox, await signedBy(env.host, env.source, { type: 'part', to: 'destination', pair: dest.pairId, body: part }))).status).toBe(400);
    // Only the replay guard and the pair lookup were read: not one of the 10,000 parts.
    expect(reads() - readsBefore).toBeLessThan(10);
    expect(await storage(env.dest)).toEqual(before);

    // The daily quota: past it, parts are refused with `quota` and nothing is stored.
    const opened = { sync: dest, message: {} as never, body: { transfer: 'file-2-v1', index: 0, count: 3, data: 'AAAA' } };
    const deps = { transfers: kvsTransferStore, now: () => '2026-12-01T10:00:00.000Z', partsPerDay: 2 };
    const answers = await env.host.runInInvocation(env.dest.installation, async () => [
      await receivePart(deps, opened),
      await receivePart(deps, { ...opened, body: { ...opened.body, index: 1 } }),
      await receivePart(deps, { ...opened, body: { ...opened.body, index: 2 } }),
      await receivePart({ ...deps, now: () => '2026-12-02T10:00:00.000Z' }, { ...opened, body: { ...opened.body, index: 2 } }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429, 200]);
    expect(answers[2].body).toEqual({ error: 'quota' });
  });

  it('answers a stranger whose pair id KVS would refuse with the generic 401, not a 500', async () => {
    await call(settings(env.dest), 'importToken', { token: await pairUp() });
    const stranger = await FakePeer.create(env.host);
    for (const pair of ['a b/c', '../../etc', 'x'.repeat(600), '', 'pair:with:colons#']) {
      const signed = await stranger.sign({ type: 'pause', to: 'destination', pair, body: {} });
      expect(await postTo(await inboxOf(env.host, env.dest), signed)).toEqual({ status: 401, body: { error: 'unauthorized' } });
    }
  });

  it('reads a source’s refusal through its own table only: a code named after Object’s members is just a refusal', async () => {
    for (const code of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const source = await FakePeer.create(env.host);
      source.answer = () => ({ status: 409, body: { error: code } });
      await expect(call(settings(env.dest), 'importToken', { token: await source.token(env.dest) })).rejects.toThrow(IMPORT_ERRORS.refused);
    }
    expect(await storage(env.dest)).toEqual([]);
  });

  it('keeps an edited copy out of the trash when the sync keeps destination changes', async () => {
    await call(settings(env.dest), 'importToken', { token: await pairUp({ conflictPolicy: 'keep-destination' }) });
    await env.host.settled();
    const copy = pageByTitle(env.dest.site, env.dest.spaceId, 'Guide');
    env.dest.site.updatePage(writer(env.dest), copy.id, { type: 'page', title: 'Guide', body: '<p>Our own notes.</p>', status: 'current', version: copy.version.number + 1 });
    env.source.site.trash(writer(env.source), pageByTitle(env.source.site, env.source.spaceId, 'Guide').id, ['page']);
    await env.host.settled();
    expect(spaceView(env.dest.site, env.dest.spaceId)['page:Guide']).toMatchObject({ status: 'current', body: '<p>Our own notes.</p>' });
    const dest = await syncOf(env.host, env.dest, 'destination');
    expect((await call(settings(env.dest), 'syncDetails', { syncId: dest.id })).activity[0]).toMatchObject({ outcome: 'ahead-kept', detail: expect.stringContaining('trashed') });
  });
});
