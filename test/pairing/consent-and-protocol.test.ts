/**
 * Consent on both sides (the source admin sees who claimed a token, and may have to approve it),
 * claims racing a delete or a new token, and the protocol version checked in both directions.
 */
import { kvs } from '@forge/kvs';
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, spaceView } from '../support/replication';
import { FakePeer } from '../support/fake-peer';
import { inboxOf, postTo, signedBy, syncOf, syncRecords } from '../support/pairs';
import { IMPORT_ERRORS } from '../../src/pairing/import-token';
import { JUST_CLAIMED, NOT_ADMIN } from '../../src/pairing/sync-admin';
import { hashJti } from '../../src/pairing/pairing-token';
import { kvsSyncStore } from '../../src/platform/kvs-sync-store';
import { kvsFullSyncStore } from '../../src/platform/kvs-full-sync-store';

describe('consent, claim races and protocol versions', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const call = (token: string, fn: string, payload?: unknown) => bridgeCall(env.host)(token, fn, payload);
  const settings = (s: EmulatedSite, as = s.admin) => env.host.openUiModule(s.installation, 'space-sync-settings', as, { type: 'confluence:spaceSettings', space: { id: s.spaceId, key: s.site.spaces.get(s.spaceId)!.key } });
  const rowOn = async (s: EmulatedSite) => (await call(settings(s), 'listSyncs'))[0];
  const tokenPayload = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  const newSync = async (options: Record<string, unknown> = {}) => {
    const sync = await call(settings(env.source), 'createSync', { name: 'Handbook', ...options });
    return { sync, token: (await call(settings(env.source), 'issueToken', { syncId: sync.id })).token as string };
  };

  beforeEach(async () => {
    env = await startEmulatedSites();
    env.source.site.createPage({ kind: 'user', accountId: env.source.writer }, { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Start here.</p>' });
  });
  afterEach(() => env.host.close());

  describe('approval of a claim', () => {
    it('keeps a claimed sync waiting, sends nothing, and starts the first full sync once the source admin approves', async () => {
      const { sync, token } = await newSync({ requireApproval: true });
      expect(sync.requireApproval).toBe(true);
      const imported = await call(settings(env.dest), 'importToken', { token });
      expect(imported.state).toBe('awaiting-approval');
      await env.host.settled();
      const row = await rowOn(env.source);
      expect(row).toMatchObject({ state: 'awaiting-approval', peer: { spaceKey: 'PARTNER', keyFingerprint: (await rowOn(env.dest)).own.keyFingerprint } });
      expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual({});
      expect(await env.host.runInInvocation(env.source.installation, () => kvsFullSyncStore.progress(sync.id))).toBeUndefined();
      const log = (await call(settings(env.source), 'syncDetails', { syncId: sync.id })).activity;
      expect(log).toEqual([expect.objectContaining({ outcome: 'claimed', detail: expect.stringContaining('Waiting for your approval') })]);

      await expect(call(settings(env.source, env.source.writer), 'decideClaim', { syncId: sync.id, decision: 'approve' })).rejects.toThrow(NOT_ADMIN);
      await expect(call(settings(env.dest), 'decideClaim', { syncId: imported.id, decision: 'approve' })).rejects.toThrow('no claim waiting');
      expect((await call(settings(env.source), 'decideClaim', { syncId: sync.id, decision: 'approve' })).state).toBe('active');
      await env.host.settled();
      expect((await rowOn(env.dest)).state).toBe('active');
      expect(Object.keys(spaceView(env.dest.site, env.dest.spaceId))).toEqual(['page:Guide']);
      const after = (await call(settings(env.source), 'syncDetails', { syncId: sync.id })).activity;
      expect(after.map((a: { outcome: string }) => a.outcome)).toEqual(expect.arrayContaining(['approved', 'claimed', 'created']));
    });

    it('declines: the destination ends, the old address and token are dead, and a new token pairs afresh', async () => {
      const { sync, token } = await newSync({ requireApproval: true });
      await call(settings(env.dest), 'importToken', { token });
      const declined = await syncOf(env.host, env.dest, 'destination');
      const oldSourcePair = (await syncOf(env.host, env.source, 'source')).pairId;
      expect((await call(settings(env.source), 'decideClaim', { syncId: sync.id, decision: 'decline' })).state).toBe('awaiting-import');
      expect(await rowOn(env.dest)).toMatchObject({ state: 'unpaired', endedBecause: 'declined' });
      expect((await rowOn(env.source)).peer).toBeUndefined();
      // The declined destination can no longer reach the pair it claimed.
      expect((await postTo(await inboxOf(env.host, env.source), await signedBy(env.host, env.dest, { type: 'ready', to: 'source', pair: oldSourcePair, body: {} }))).status).toBe(401);
      expect((await syncOf(env.host, env.source, 'source')).pairId).not.toBe(oldSourcePair);
      expect(declined.state).toBe('awaiting-approval');
      await expect(call(settings(env.dest), 'importToken', { token })).rejects.toThrow(IMPORT_ERRORS.revoked);
      const fresh = (await call(settings(env.source), 'issueToken', { syncId: sync.id })).token;
      expect(tokenPayload(fresh).pair).not.toBe(oldSourcePair);
      await call(settings(env.source), 'editSync', { syncId: sync.id, requireApproval: false });
      await call(settings(env.dest), 'changePair', { syncId: declined.id, action: 'unpair' }).catch(() => undefined);
      await call(settings(env.dest), 'deleteSync', { syncId: declined.id });
      expect((await call(settings(env.dest), 'importToken', { token: fresh })).state).toBe('active');
      await env.host.settled();
      expect(Object.keys(spaceView(env.dest.site, env.dest.spaceId))).toEqual(['page:Guide']);
    });
  });

  describe('a claim racing a delete or a new token', () => {
    it('a delete after the claim won refuses, and the sync goes on to pair', async () => {
      const { sync, token } = await newSync();
      // The claim has used the token up, and is on its way to recording the pair.
      await env.host.runInInvocation(env.source.installation, () => kvsSyncStore.markTokenUsed(hashJti(tokenPayload(token).jti), {}));
      await expect(call(settings(env.source), 'deleteSync', { syncId: sync.id })).rejects.toThrow(JUST_CLAIMED);
      await expect(call(settings(env.source), 'issueToken', { syncId: sync.id })).rejects.toThrow(JUST_CLAIMED);
      expect((await rowOn(env.source)).state).toBe('awaiting-import');
    });

    it('a claim after the delete won is refused as revoked, and writes nothing on either side', async () => {
      const { sync, token } = await newSync();
      await call(settings(env.source), 'deleteSync', { syncId: sync.id });
      await expect(call(settings(env.dest), 'importToken', { token })).rejects.toThrow(IMPORT_ERRORS.revoked);
      expect(await syncRecords(env.host, env.source)).toEqual([]);
      expect(await syncRecords(env.host, env.dest)).toEqual([]);
    });
  });

  describe('the protocol version, in both directions', () => {
    it('refuses a message from the paired peer on another version, says so on the receiving side, and changes nothing', async () => {
      const { token } = await newSync();
      await call(settings(env.dest), 'importToken', { token });
      await env.host.settled();
      const source = await syncOf(env.host, env.source, 'source');
      const dest = await syncOf(env.host, env.dest, 'destination');

      const toDest = await postTo(await inboxOf(env.host, env.dest), await signedBy(env.host, env.source, { type: 'pause', to: 'destination', pair: dest.pairId, body: {} }, { version: 2 }));
      expect(toDest).toEqual({ status: 426, body: { error: 'version', supported: { min: 1, max: 1 } } });
      const destRow = await rowOn(env.dest);
      expect(destRow.state).toBe('active');
      expect(destRow.peerProblem).toContain('runs a newer version of Space Sync');
      expect((await call(settings(env.dest), 'syncDetails', { syncId: dest.id })).activity[0]).toMatchObject({ outcome: 'version-refused' });

      const toSource = await postTo(await inboxOf(env.host, env.source), await signedBy(env.host, env.dest, { type: 'pause', to: 'source', pair: source.pairId, body: {} }, { version: 2 }));
      expect(toSource.status).toBe(426);
      expect((await rowOn(env.source)).peerProblem).toContain('it speaks protocol 2; this site speaks 1');

      // Only the pair's own peer learns the version: a stranger on any version gets the generic 401.
      const stranger = await FakePeer.create(env.host);
      expect((await stranger.send(await inboxOf(env.host, env.dest), { type: 'pause', to: 'destination', pair: dest.pairId, body: {} }, 2)).status).toBe(401);
    });

    it('shows the sender a peer that refuses its version: pause, options and import all say so', async () => {
      const { token } = await newSync();
      const fake = await FakePeer.create(env.host);
      expect((await fake.claim(await inboxOf(env.host, env.source), token)).status).toBe(200);
      fake.answer = () => ({ status: 426, body: { error: 'version', supported: { min: 2, max: 2 } } });
      const row = await rowOn(env.source);
      const paused = await call(settings(env.source), 'changePair', { syncId: row.id, action: 'pause' });
      expect(paused.peerNotified).toBe(false);
      expect(paused.peerProblem).toContain('runs a newer version of Space Sync');
      expect((await rowOn(env.source)).peerProblem).toContain('Update Space Sync on this site');
      // Once the peer answers again, the note goes.
      fake.answer = () => ({ status: 200, body: { ok: true } });
      await call(settings(env.source), 'changePair', { syncId: row.id, action: 'resume' });
      expect((await rowOn(env.source)).peerProblem).toBeUndefined();

      // A source on another version refuses the claim: the importer reads why.
      const source = await FakePeer.create(env.host);
      source.answer = () => ({ status: 426, body: { error: 'version', supported: { min: 0, max: 0 } } });
      await expect(call(settings(env.dest), 'importToken', { token: await source.token(env.dest) })).rejects.toThrow('runs an older version of Space Sync');
      expect(await syncRecords(env.host, env.dest)).toEqual([]);
    });

    it('answers a claim in a version it cannot read with the version it can', async () => {
      const { token } = await newSync();
      const fake = await FakePeer.create(env.host);
      const answer = await fake.claim(await inboxOf(env.host, env.source), token, 2);
      expect(answer).toEqual({ status: 426, body: { error: 'version', supported: { min: 1, max: 1 } } });
      expect((await rowOn(env.source)).state).toBe('awaiting-import');
    });
  });

  it('gives a non-admin nothing that opens a pair: no address, key or token through any resolver', async () => {
    const { sync, token } = await newSync();
    await call(settings(env.dest), 'importToken', { token });
    await env.host.settled();
    const records = [...(await syncRecords(env.host, env.source)), ...(await syncRecords(env.host, env.dest))];
    const secrets = [token, tokenPayload(token).jti, ...records.flatMap((r) => [r.pairId, r.peer?.pairId ?? 'none', r.peer?.key.x ?? 'none'])];
    const keys = await Promise.all([env.source, env.dest].map((s) => env.host.runInInvocation(s.installation, () => kvs.getSecret<{ publicJwk: { x: string } }>('pairing-key'))));
    secrets.push(...keys.map((k) => k!.publicJwk.x));
    const copy = [...env.dest.site.contents.values()].find((c) => c.title === 'Guide' && c.spaceId === env.dest.spaceId)!;
    const original = [...env.source.site.contents.values()].find((c) => c.title === 'Guide' && c.spaceId === env.source.spaceId)!;
    const answers = [
      await call(env.host.openUiModule(env.source.installation, 'space-sync-page-action', env.source.writer, { type: 'confluence:contentAction', space: { id: env.source.spaceId, key: 'ENG' }, content: { id: original.id, type: 'page' } }), 'pageSyncStatus'),
      await call(env.host.openUiModule(env.dest.installation, 'space-sync-page-action', env.dest.writer, { type: 'confluence:contentAction', space: { id: env.dest.spaceId, key: 'PARTNER' }, content: { id: copy.id, type: 'page' } }), 'pageSyncStatus'),
      // Admins neither: they see fingerprints, never the keys or addresses behind them.
      await call(settings(env.source), 'listSyncs'),
      await call(settings(env.dest), 'listSyncs'),
      await call(settings(env.source), 'syncDetails', { syncId: sync.id }),
    ];
    expect(answers[0]).toHaveLength(1);
    expect(answers[1]).toHaveLength(1);
    for (const answer of answers) for (const secret of secrets) expect(JSON.stringify(answer)).not.toContain(secret);
    // Nor does a resolver named after Object's own members answer with the request and its context.
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      await expect(call(settings(env.source, env.source.writer), name)).rejects.toThrow(/no definition|not/i);
    }
  });
});
