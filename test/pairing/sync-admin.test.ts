import { kvs, WhereConditions } from '@forge/kvs';
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { readPairingToken, hashJti } from '../../src/pairing/pairing-token';
import { NOT_ADMIN } from '../../src/pairing/sync-admin';
import { appAudience } from '../../src/platform/installation';
import { resolverCall } from '../support/resolver-call';

describe('creating syncs and issuing tokens through the real resolver', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let s: EmulatedSite;
  const settings = (accountId: string, spaceKey = 'ENG') =>
    env.host.openUiModule(s.installation, 'space-sync-settings', accountId, { type: 'confluence:spaceSettings', space: { id: s.spaceId, key: spaceKey } });
  const call = (token: string, fn: string, payload?: unknown) => resolverCall(env.host)(token, fn, payload);
  const allKeys = () =>
    env.host.runInInvocation(s.installation, async () => {
      const page = await kvs.query().where('key', WhereConditions.beginsWith('')).limit(100).getMany();
      return page.results;
    });

  beforeEach(async () => {
    env = await startEmulatedSites();
    s = env.source;
  });
  afterEach(async () => {
    expect(s.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  it('lets a space admin create a sync, which shows as awaiting import', async () => {
    const admin = settings(s.admin);
    const created = (await call(admin, 'createSync', { name: 'Handbook for Globex', message: 'Hi Gil', options: { attachments: false, mode: 'manual' } })) as Record<string, unknown>;
    expect(created).toMatchObject({
      name: 'Handbook for Globex',
      message: 'Hi Gil',
      role: 'source',
      state: 'awaiting-import',
      options: { blogPosts: true, comments: true, labels: true, attachments: false, mode: 'manual', conflictPolicy: 'source-wins' },
    });
    expect(await call(admin, 'listSyncs')).toEqual([created]);
  });

  /** Every resolver of the space settings page: each declares `auth: 'space-admin'` once, and the edge checks it. */
  const SPACE_ADMIN_RESOLVERS = ['listSyncs', 'createSync', 'issueToken', 'emailToken', 'previewToken', 'importToken', 'editSync', 'deleteSync', 'changePair', 'decideClaim', 'searchPeople', 'describePageSync', 'syncDetails', 'resyncEverything', 'retryItem', 'startVerify', 'verifyReport', 'repairDifference', 'repairAllDifferences'];
  const permissionChecks = () => env.host.log.of('product').filter((p) => p.path.endsWith('/operations'));

  it('refuses everyone but space admins, on the server, with a code, asking Confluence once and writing nothing', async () => {
    for (const fn of SPACE_ADMIN_RESOLVERS) {
      env.host.log.clear();
      await expect(call(settings(s.writer), fn, { name: 'Sneaky', syncId: 'x' })).rejects.toMatchObject({ code: 'not-space-admin', message: NOT_ADMIN });
      expect(env.host.log.of('product').map((p) => p.path)).toEqual([`/wiki/api/v2/spaces/${s.spaceId}/operations`]);
    }
    expect(await allKeys()).toEqual([]);
  });

  it('asks Confluence whether the caller administers the space once per call, then parses the payload', async () => {
    const admin = settings(s.admin);
    const sync = await call(admin, 'createSync', { name: 'Once' });
    for (const [fn, payload] of [['listSyncs', undefined], ['searchPeople', { query: 'a' }], ['syncDetails', { syncId: sync.id }], ['describePageSync', { users: [], groups: [] }]] as const) {
      env.host.log.clear();
      await call(admin, fn, payload);
      expect(permissionChecks()).toHaveLength(1);
    }
    await expect(call(admin, 'changePair', { syncId: sync.id, action: 'explode' })).rejects.toMatchObject({ code: 'invalid-request', message: 'That request is not valid.' });
    await expect(call(admin, 'changePair', { syncId: sync.id, action: 'pause' })).rejects.toMatchObject({ code: 'not-allowed-now', message: 'This sync is not paired with another space yet.' });
    await expect(call(admin, 'deleteSync', { syncId: 'gone' })).rejects.toMatchObject({ code: 'sync-not-found' });
  });

  it('rejects a sync without a name with a clear message', async () => {
    await expect(call(settings(s.admin), 'createSync', { name: '   ' })).rejects.toMatchObject({ code: 'invalid-input', field: 'name', message: 'Give the sync a name' });
    expect(await allKeys()).toEqual([]);
  });

  it('issues a signed token naming the source space and inbox; re-issuing revokes the previous one; no token is stored', async () => {
    const admin = settings(s.admin);
    const sync = (await call(admin, 'createSync', { name: 'Handbook / Globex' })) as { id: string };
    const first = (await call(admin, 'issueToken', { syncId: sync.id })) as { token: string; fileName: string; expiresAt: string };
    expect(first.fileName).toBe('Handbook-Globex.spacesync-token');
    const audience = await env.host.runInInvocation(s.installation, async () => appAudience());
    expect(audience).toMatch(/^ari:cloud:ecosystem::environment\/[\w-]+\/sandbox-environment$/);
    const claims = await readPairingToken(first.token, audience, Math.floor(Date.now() / 1000));
    expect(claims).toMatchObject({ aud: audience, sync: { name: 'Handbook / Globex' }, space: { id: s.spaceId, key: 'ENG', name: 'acme space' }, site: { cloudId: s.site.cloudId } });
    // The token opens the pair by the source's own address for it, which no resolver ever shows.
    expect(claims.pair).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(claims.pair).not.toBe(sync.id);
    expect(JSON.stringify(await call(admin, 'listSyncs'))).not.toContain(claims.pair);
    expect(claims.inbox).toMatch(/\/x1\/[0-9a-f]{32}$/);

    const second = (await call(admin, 'issueToken', { syncId: sync.id })) as { token: string };
    const secondClaims = await readPairingToken(second.token, audience, Math.floor(Date.now() / 1000));
    const stored = await allKeys();
    const tokenRecord = stored.find((r) => r.key === `token:${sync.id}`)?.value as { jtiHash: string };
    expect(tokenRecord.jtiHash).toBe(hashJti(secondClaims.jti));
    expect(tokenRecord.jtiHash).not.toBe(hashJti(claims.jti));
    const everything = JSON.stringify(stored);
    expect(everything).not.toContain(first.token);
    expect(everything).not.toContain(second.token);
    expect(everything).not.toContain(secondClaims.jti);
    const listed = (await call(admin, 'listSyncs')) as Array<{ tokenExpiresAt?: string }>;
    expect(listed[0].tokenExpiresAt).toBeDefined();
  });

  it('takes the space from the platform context, so a payload cannot reach another space', async () => {
    const admin = settings(s.admin);
    const sync = (await call(admin, 'createSync', { name: 'Mine' })) as { id: string };
    const elsewhere = env.host.openUiModule(s.installation, 'space-sync-settings', s.admin, { type: 'confluence:spaceSettings', space: { id: '999999', key: 'NOPE' } });
    await expect(call(elsewhere, 'issueToken', { syncId: sync.id, space: { id: s.spaceId } })).rejects.toThrow(NOT_ADMIN);
    await expect(call(admin, 'issueToken', { syncId: 'not-a-sync' })).rejects.toThrow('That sync does not exist in this space.');
  });

  it('edits a sync awaiting import, and deletes it with its token', async () => {
    const admin = settings(s.admin);
    const sync = (await call(admin, 'createSync', { name: 'Draft' })) as { id: string };
    await call(admin, 'issueToken', { syncId: sync.id });
    const edited = await call(admin, 'editSync', { syncId: sync.id, name: 'Final', message: 'Read me', options: { comments: false }, pageSync: { users: ['u1'], groups: ['editors'] } });
    expect(edited).toMatchObject({ name: 'Final', message: 'Read me', options: { comments: false, labels: true }, pageSync: { users: ['u1'], groups: ['editors'] } });
    await expect(call(admin, 'editSync', { syncId: sync.id, name: ' ' })).rejects.toThrow('Give the sync a name');
    await expect(call(settings(s.writer), 'deleteSync', { syncId: sync.id })).rejects.toThrow(NOT_ADMIN);
    expect(await call(admin, 'deleteSync', { syncId: sync.id })).toEqual({ deleted: sync.id });
    expect(await call(admin, 'listSyncs')).toEqual([]);
    // All that is left is the mark that its token was used up (it expires after the token would).
    expect((await allKeys()).map((r) => r.key)).toEqual([expect.stringMatching(/^used-token:[0-9a-f]{64}$/)]);
  });

  it('finds people and groups for the "Sync now" picker, and names those already chosen', async () => {
    const admin = settings(s.admin);
    expect(await call(admin, 'searchPeople', { query: 'writ' })).toEqual([
      { kind: 'user', id: s.writer, name: 'acme Writer' },
      { kind: 'group', id: 'acme-writers', name: 'acme-writers' },
    ]);
    expect(await call(admin, 'describePageSync', { users: [s.writer, 'gone-user'], groups: ['acme-writers'] })).toEqual([
      { kind: 'user', id: s.writer, name: 'acme Writer' },
      { kind: 'user', id: 'gone-user', name: 'Unknown user' },
      { kind: 'group', id: 'acme-writers', name: 'acme-writers' },
    ]);
    await expect(call(settings(s.writer), 'searchPeople', { query: 'a' })).rejects.toThrow(NOT_ADMIN);
  });
});
