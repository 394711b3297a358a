/**
 * An import cut off half-way (busy storage, a crash) after the source used the token up must not
 * burn the token: the same import tried again finishes the pairing, because it claims with the
 * same address and key (importAddresses), which the source recorded with the token's used mark.
 * Anyone else holding the token is still refused.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import { startEmulatedSites, emulatedSite, type EmulatedSite } from '../support/emulated-sites';
import { IMPORT_ERRORS } from '../../src/pairing/import-token';
import { kvsPairingKeys, kvsSyncStore } from '../../src/platform/kvs-sync-store';
import { hashJti } from '../../src/pairing/pairing-token';
import { ABANDONED_AFTER_SECONDS, RESUME_WITHIN_SECONDS } from '../../src/domain/claim-window';
import { inboxOf, postTo, syncOf } from '../support/pairs';
import { FakePeer } from '../support/fake-peer';
import { CLAIM_UNDER_WAY } from '../../src/pairing/sync-admin';
import { resolverCall } from '../support/resolver-call';

describe('an import cut off after the source used the token', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const settings = (s: EmulatedSite, accountId = s.admin, space = { id: s.spaceId, key: s.site.spaces.get(s.spaceId)!.key }) =>
    env.host.openUiModule(s.installation, 'space-sync-settings', accountId, { type: 'confluence:spaceSettings', space });
  const call = (token: string, fn: string, payload?: unknown) => resolverCall(env.host)(token, fn, payload);
  const keysOf = async (s: EmulatedSite) => (await env.host.runInInvocation(s.installation, async () => (await kvs.query().where('key', WhereConditions.beginsWith('')).limit(100).getMany()).results)).map((r) => r.key).sort();

  async function newToken() {
    const admin = settings(env.source);
    const sync = await call(admin, 'createSync', { name: 'Handbook', message: 'Welcome!' });
    return { sync, token: (await call(admin, 'issueToken', { syncId: sync.id })).token as string };
  }
  /** Both sides' rows once paired: the same pair, seen from each end. */
  async function expectPaired(sourceSyncId: string) {
    const [source] = await call(settings(env.source), 'listSyncs');
    const dest = await call(settings(env.dest), 'listSyncs');
    expect(source).toMatchObject({ id: sourceSyncId, state: 'active' });
    expect(dest).toEqual([expect.objectContaining({ role: 'destination', state: 'active' })]);
    expect(source.peer).toMatchObject({ keyFingerprint: dest[0].own.keyFingerprint, inboxHost: dest[0].own.inboxHost, spaceKey: 'PARTNER' });
    const claimed = (await call(settings(env.source), 'syncDetails', { syncId: sourceSyncId })).activity.filter((a: { outcome: string }) => a.outcome === 'claimed');
    expect(claimed).toHaveLength(1);
  }

  /** The source's used mark of the token, dated `secondsAgo` back: a claim cut off that long ago. */
  async function backdateUse(token: string, secondsAgo: number) {
    const key = `used-token:${hashJti(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).jti)}`;
    await env.host.runInInvocation(env.source.installation, async () => {
      const mark = await kvs.get<{ usedAt: number }>(key);
      await kvs.set(key, { ...mark, usedAt: mark!.usedAt - secondsAgo });
    });
  }

  beforeEach(async () => {
    env = await startEmulatedSites();
    // The destination's key exists already, so its first storage write in an import is the pair's.
    await env.host.runInInvocation(env.dest.installation, () => kvsPairingKeys.keyPair());
  });
  afterEach(() => env.host.close());

  it.each([
    ['busy storage (429, past the client’s three retries)', { busy: true, count: 4 }, 'busy', IMPORT_ERRORS.busy],
    ['a crash (500)', { busy: false, count: 1 }, 'source-unreachable', IMPORT_ERRORS.unreachable],
  ])('at the source, by %s: the same import again pairs the spaces', async (_name, fault, code, message) => {
    const { sync, token } = await newToken();
    // The claim's first write marks its message seen, the second uses the token up; the next, which records the pair, fails.
    env.host.failNextKvsWrites(env.source.installation, fault.count, { after: 2, busy: fault.busy });
    await expect(call(settings(env.dest), 'importToken', { token })).rejects.toMatchObject({ code, message });
    expect((await call(settings(env.source), 'listSyncs'))[0].state).toBe('awaiting-import');
    expect(await keysOf(env.source)).toContainEqual(expect.stringMatching(/^used-token:/)); // cut off after it used the token
    expect(await call(settings(env.dest), 'listSyncs')).toEqual([]);

    await call(settings(env.dest), 'importToken', { token });
    await env.host.settled();
    await expectPaired(sync.id);
  });

  it('at the destination, after the source paired: the same import again records the pair, and the source answers as before', async () => {
    const { sync, token } = await newToken();
    // The inbox's address is kept and the pair's index written; its record is not (the function dies between the two).
    const writes = () => env.host.log.of('kvs').filter((e) => e.installationId === env.dest.installation.id && e.op === 'set');
    const before = writes().length;
    env.host.failNextKvsWrites(env.dest.installation, 1, { after: 2 });
    await expect(call(settings(env.dest), 'importToken', { token })).rejects.toMatchObject({ code: 'internal' });
    expect(writes().slice(before).map((w) => w.status)).toEqual([204, 204, 500]);
    expect((await call(settings(env.source), 'listSyncs'))[0].state).toBe('active');
    expect(await call(settings(env.dest), 'listSyncs')).toEqual([]);

    await call(settings(env.dest), 'importToken', { token });
    await env.host.settled();
    await expectPaired(sync.id);
    // And once it is recorded, the token is spent for this space too.
    await expect(call(settings(env.dest), 'importToken', { token })).rejects.toMatchObject({ code: 'already-paired' });
  });

  it('refuses the token to anyone else meanwhile: another site, and another space of the same site', async () => {
    const { sync, token } = await newToken();
    env.host.failNextKvsWrites(env.source.installation, 1, { after: 2 });
    await expect(call(settings(env.dest), 'importToken', { token })).rejects.toMatchObject({ code: 'source-unreachable' });

    const third = await emulatedSite(env.host, 'initech', 'OPS', 90_000);
    const before = await keysOf(third);
    await expect(call(settings(third), 'importToken', { token })).rejects.toMatchObject({ code: 'token-revoked' });
    expect(await keysOf(third)).toEqual(before);
    const otherSpace = env.dest.site.createSpace('OTHER', 'Other space', [env.dest.admin]);
    await expect(call(settings(env.dest, env.dest.admin, { id: otherSpace.id, key: 'OTHER' }), 'importToken', { token })).rejects.toMatchObject({ code: 'token-revoked' });
    expect((await call(settings(env.source), 'listSyncs'))[0].state).toBe('awaiting-import');

    await call(settings(env.dest), 'importToken', { token });
    await env.host.settled();
    await expectPaired(sync.id);
    await expect(call(settings(third), 'importToken', { token })).rejects.toMatchObject({ code: 'token-used' });
  });

  it(`lets the claimant finish only within ${RESUME_WITHIN_SECONDS / 60} minutes, and the source admin take the token back after ${ABANDONED_AFTER_SECONDS / 60}`, async () => {
    const { sync, token } = await newToken();
    env.host.failNextKvsWrites(env.source.installation, 1, { after: 2 });
    await expect(call(settings(env.dest), 'importToken', { token })).rejects.toMatchObject({ code: 'source-unreachable' });
    // Still in the claim's way for a while: the admin cannot delete the sync or issue a new token.
    await expect(call(settings(env.source), 'issueToken', { syncId: sync.id })).rejects.toMatchObject({ code: 'token-just-claimed', message: CLAIM_UNDER_WAY });
    await backdateUse(token, RESUME_WITHIN_SECONDS + 1);
    await expect(call(settings(env.dest), 'importToken', { token })).rejects.toMatchObject({ code: 'token-revoked' });
    expect((await call(settings(env.source), 'listSyncs'))[0].state).toBe('awaiting-import');
    await expect(call(settings(env.source), 'deleteSync', { syncId: sync.id })).rejects.toMatchObject({ code: 'token-just-claimed' });
    await backdateUse(token, ABANDONED_AFTER_SECONDS - RESUME_WITHIN_SECONDS);
    const fresh = await call(settings(env.source), 'issueToken', { syncId: sync.id });
    await call(settings(env.dest), 'importToken', { token: fresh.token });
    await env.host.settled();
    await expectPaired(sync.id);
  });

  it('takes up no removed pair: the same import again, after the destination dropped its side unheard, is refused', async () => {
    const { token } = await newToken();
    await call(settings(env.dest), 'importToken', { token });
    await env.host.settled();
    // The destination's side goes, and the source is never told (its unpair message lost).
    const dropped = await syncOf(env.host, env.dest, 'destination');
    await env.host.runInInvocation(env.dest.installation, () => kvsSyncStore.remove(dropped));
    expect(await call(settings(env.dest), 'listSyncs')).toEqual([]);
    await expect(call(settings(env.dest), 'importToken', { token })).rejects.toMatchObject({ code: 'source-refused' });
    expect(await call(settings(env.dest), 'listSyncs')).toEqual([]);
    expect(await env.host.runInInvocation(env.dest.installation, () => kvsSyncStore.findByPair(dropped.pairId, 'destination'))).toBeUndefined();
  });

  it('refuses a claim replayed word for word, even from its claimant’s own words: a retry is signed anew', async () => {
    const { sync, token } = await newToken();
    const fake = await FakePeer.create(env.host);
    const pair = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).pair as string;
    const destination = { site: { cloudId: 'cloud-fake', url: 'https://fake.atlassian.net' }, space: { id: '777', key: 'FAKE', name: 'Fake space' }, inbox: fake.inbox, key: fake.publicKey, pair: fake.pair, syncName: 'Fake' };
    const claim = await fake.sign({ type: 'claim', to: 'source', pair, body: { token, destination } });
    const inbox = await inboxOf(env.host, env.source);
    expect((await postTo(inbox, claim)).status).toBe(200);
    expect(await postTo(inbox, claim)).toEqual({ status: 401, body: { error: 'unauthorized' } });
    // The claimant's own new claim is answered as the first was.
    expect(await fake.claim(inbox, token)).toEqual({ status: 200, body: { state: 'active', options: expect.any(Object) } });
    expect((await call(settings(env.source), 'listSyncs'))[0]).toMatchObject({ id: sync.id, state: 'active' });
  });
});
