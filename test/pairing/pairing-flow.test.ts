import { kvs, WhereConditions } from '@forge/kvs';
import { webTrigger } from '@forge/api';
import { startEmulatedSites, emulatedSite, type EmulatedSite } from '../support/emulated-sites';
import { IMPORT_ERRORS } from '../../src/pairing/import-token';
import { resolverCall } from '../support/resolver-call';
import { FakePeer } from '../support/fake-peer';
import { TOKEN_LIFETIME_SECONDS } from '../../src/pairing/pairing-token';

describe('pairing two spaces through the real resolvers, web triggers and KVS', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const settings = (s: EmulatedSite, accountId = s.admin, space = { id: s.spaceId, key: s.site.spaces.get(s.spaceId)!.key }) =>
    env.host.openUiModule(s.installation, 'space-sync-settings', accountId, { type: 'confluence:spaceSettings', space });
  const call = (token: string, fn: string, payload?: unknown) => resolverCall(env.host)(token, fn, payload);
  const storage = (s: EmulatedSite) =>
    env.host.runInInvocation(s.installation, async () => (await kvs.query().where('key', WhereConditions.beginsWith('')).limit(100).getMany()).results);

  async function newToken(name = 'Handbook for Globex') {
    const admin = settings(env.source);
    const sync = await call(admin, 'createSync', { name, message: 'Welcome, Globex!' });
    return { sync, issued: await call(admin, 'issueToken', { syncId: sync.id }) };
  }

  beforeEach(async () => {
    env = await startEmulatedSites();
  });
  afterEach(async () => {
    expect(env.source.emulator.contract.violations).toEqual([]);
    expect(env.dest.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  it('pairs across sites: preview, import, and both sides ACTIVE with the peer shown as external', async () => {
    const { sync, issued } = await newToken();
    const dest = settings(env.dest);
    const preview = await call(dest, 'previewToken', { token: issued.token });
    expect(preview).toMatchObject({ claimed: { siteUrl: 'https://acme.atlassian.net', spaceKey: 'ENG', spaceName: 'acme space', external: true }, syncName: 'Handbook for Globex', message: 'Welcome, Globex!' });
    // What is verified is shown apart, and is exactly what the source admin sees on their row.
    const [sourceRow] = await call(settings(env.source), 'listSyncs');
    expect(preview.verified).toEqual({ ...sourceRow.own, sameSite: false });
    expect(preview.verified.keyFingerprint).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$/);
    expect(preview.verified.inboxHost).toBe(new URL(JSON.parse(Buffer.from(issued.token.split('.')[1], 'base64url').toString()).inbox).host);
    expect(new Date(preview.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);

    const imported = await call(dest, 'importToken', { token: issued.token, name: 'From Acme' });
    expect(imported.id).not.toBe(sync.id);
    expect(imported).toMatchObject({ name: 'From Acme', role: 'destination', state: 'active', peer: { siteUrl: 'https://acme.atlassian.net', spaceKey: 'ENG', external: true } });
    const sourceRows = await call(settings(env.source), 'listSyncs');
    const [destOwn] = (await call(dest, 'listSyncs')).map((r: { own: unknown }) => r.own);
    expect(sourceRows).toEqual([expect.objectContaining({ id: sync.id, state: 'active', peer: { siteUrl: 'https://globex.atlassian.net', spaceKey: 'PARTNER', spaceName: 'globex space', external: true, ...destOwn, pairedAt: expect.any(String) } })]);
    // The list adds the sync's page counts; the source space is empty, so there is nothing to copy.
    expect(await call(dest, 'listSyncs')).toEqual([{ ...imported, own: destOwn, overview: { synced: 0, ahead: 0, failed: 0, pending: 0 } }]);
    // The source's activity log says who claimed the token, with what the two admins can compare,
    // and names the site by its host as the other log lines and the UI do, not by its https address.
    const details = await call(settings(env.source), 'syncDetails', { syncId: sync.id });
    const claimed = `Claimed by globex space (PARTNER) on globex.atlassian.net, inbox host ${destOwn.inboxHost}, key fingerprint ${destOwn.keyFingerprint}. The spaces are paired.`;
    expect(details.activity).toEqual([expect.objectContaining({ outcome: 'claimed', detail: claimed })]);
    // The claim, then "ready" (start the first full sync), went over loopback HTTP to the source's peer-inbox web trigger.
    const toSource = { installationId: env.source.installation.id, moduleKey: 'peer-inbox', status: 200 };
    expect(env.host.log.of('web-trigger').filter((e) => e.installationId === env.source.installation.id)).toEqual([expect.objectContaining(toSource), expect.objectContaining(toSource)]);
    expect(env.host.log.of('egress').filter((e) => e.installationId === env.dest.installation.id)).toEqual([expect.objectContaining({ allowed: true }), expect.objectContaining({ allowed: true })]);
  });

  it('refuses a token a second time, naming why, and writes nothing on the destination', async () => {
    const { issued } = await newToken();
    await call(settings(env.dest), 'importToken', { token: issued.token });
    const third = await emulatedSite(env.host, 'initech', 'OPS', 90_000);
    const before = await storage(third);
    await expect(call(settings(third), 'importToken', { token: issued.token })).rejects.toMatchObject({ code: 'token-used', message: IMPORT_ERRORS.used });
    expect(await storage(third)).toEqual(before);
    await expect(call(settings(env.dest), 'importToken', { token: issued.token })).rejects.toMatchObject({ code: 'already-paired', message: IMPORT_ERRORS.alreadyPaired });
  });

  it('tells an expired token from a used or a revoked one by its code, in preview and import alike', async () => {
    const fake = await FakePeer.create(env.host);
    const expired = await fake.token(env.dest, {}, Math.floor(Date.now() / 1000) - TOKEN_LIFETIME_SECONDS - 60);
    for (const fn of ['previewToken', 'importToken']) await expect(call(settings(env.dest), fn, { token: expired })).rejects.toMatchObject({ code: 'token-expired', message: IMPORT_ERRORS.expired });
    await expect(call(settings(env.dest), 'previewToken', { token: 'hello' })).rejects.toMatchObject({ code: 'token-not-a-token' });
    expect(await storage(env.dest)).toEqual([]);
  });

  it('refuses a revoked token (a newer one was issued)', async () => {
    const { sync, issued } = await newToken();
    await call(settings(env.source), 'issueToken', { syncId: sync.id });
    await expect(call(settings(env.dest), 'importToken', { token: issued.token })).rejects.toMatchObject({ code: 'token-revoked', message: IMPORT_ERRORS.revoked });
    expect(await storage(env.dest)).toEqual([]);
    const source = await call(settings(env.source), 'listSyncs');
    expect(source[0].state).toBe('awaiting-import');
  });

  it('refuses tampered and malformed tokens, and tokens from this very space', async () => {
    const { issued } = await newToken();
    const [h, p, sig] = issued.token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, space: { ...claims.space, name: 'Evil' } })).toString('base64url')}.${sig}`;
    await expect(call(settings(env.dest), 'previewToken', { token: forged })).rejects.toThrow('altered');
    await expect(call(settings(env.dest), 'importToken', { token: forged })).rejects.toThrow('altered');
    await expect(call(settings(env.dest), 'importToken', { token: 'not a token' })).rejects.toThrow('not a Space Sync token');
    await expect(call(settings(env.source), 'importToken', { token: issued.token })).rejects.toThrow(IMPORT_ERRORS.sameSpace);
    expect(await storage(env.dest)).toEqual([]);
  });

  it('refuses a destination admin check the same way as the source', async () => {
    const { issued } = await newToken();
    await expect(call(settings(env.dest, env.dest.writer), 'importToken', { token: issued.token })).rejects.toMatchObject({ code: 'not-space-admin', message: expect.stringContaining('Only admins') });
    expect(await storage(env.dest)).toEqual([]);
  });

  it('pairs two spaces of one site in-process, with no web-trigger round trip', async () => {
    const second = env.source.site.createSpace('DOCS', 'Docs copy', [env.source.admin]);
    const { issued } = await newToken();
    const imported = await call(settings(env.source, env.source.admin, { id: second.id, key: 'DOCS' }), 'importToken', { token: issued.token });
    expect(imported).toMatchObject({ role: 'destination', state: 'active', peer: { spaceKey: 'ENG', external: false } });
    expect(env.host.log.of('web-trigger')).toEqual([]);
    const listed = await call(settings(env.source), 'listSyncs');
    expect(listed[0]).toMatchObject({ state: 'active', peer: { spaceKey: 'DOCS', external: false } });
  });

  it('answers unsigned, forged and garbage messages at the inbox with the same generic 401', async () => {
    const { issued } = await newToken();
    const inbox = JSON.parse(Buffer.from(issued.token.split('.')[1], 'base64url').toString()).inbox;
    const post = (body: string) => fetch(inbox, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answers = await Promise.all([post('nonsense'), post('{}'), post(JSON.stringify({ message: 'a.b.c' })), post(JSON.stringify({ message: issued.token }))]);
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect(await Promise.all(answers.map((a) => a.json()))).toEqual(Array(4).fill({ error: 'unauthorized' }));

    // An oversized body is refused before anything reads it, and changes nothing.
    const before = await storage(env.source);
    const huge = await post(JSON.stringify({ message: 'x'.repeat(300 * 1024) }));
    expect(huge.status).toBe(413);
    expect(await storage(env.source)).toEqual(before);
  });

  it('says so when the source cannot be reached, writing nothing', async () => {
    const { issued } = await newToken();
    const inbox = JSON.parse(Buffer.from(issued.token.split('.')[1], 'base64url').toString()).inbox;
    await env.host.runInInvocation(env.source.installation, () => webTrigger.deleteUrl(inbox));
    await expect(call(settings(env.dest), 'importToken', { token: issued.token })).rejects.toThrow(IMPORT_ERRORS.unreachable);
    expect(await storage(env.dest)).toEqual([]);
  });
});
