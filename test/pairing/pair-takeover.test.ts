/**
 * The pair-takeover attack, tried as an attacker would through the real resolvers, web triggers
 * and KVS. Mallory can view a source page and administers a space of her own on the destination's
 * site. She learns what the page action tells her, makes a token of her own naming the source,
 * imports it into her space, and then signs messages meant to rewrite and trash the victim's
 * copies and lock the real source out. Each try must be refused, the victim's space and storage
 * must not change, and the legitimate pair must go on syncing.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, pageByTitle, spaceView } from '../support/replication';
import { FakePeer } from '../support/fake-peer';
import { inboxOf, postTo, syncOf, syncRecords } from '../support/pairs';

type Env = Awaited<ReturnType<typeof startEmulatedSites>>;

const MODES: Array<[string, (env: Env) => { site: EmulatedSite; spaceId: string }]> = [
  ['cross site', (env) => ({ site: env.dest, spaceId: env.dest.spaceId })],
  [
    'same site',
    (env) => {
      const docs = env.source.site.createSpace('DOCS', 'Docs copy', [env.source.admin]);
      env.source.site.grant(docs, env.source.writer, ['read', 'write']);
      return { site: env.source, spaceId: docs.id };
    },
  ],
];

describe.each(MODES)('a pair nobody can borrow (%s)', (_mode, destinationOf) => {
  let env: Env;
  let victim: { site: EmulatedSite; spaceId: string };
  const call = (token: string, fn: string, payload?: unknown) => bridgeCall(env.host)(token, fn, payload);
  const settings = (s: EmulatedSite, spaceId: string, accountId = s.admin) => {
    const space = s.site.spaces.get(spaceId)!;
    return env.host.openUiModule(s.installation, 'space-sync-settings', accountId, { type: 'confluence:spaceSettings', space: { id: space.id, key: space.key } });
  };
  const writer = (s: EmulatedSite) => ({ kind: 'user' as const, accountId: s.writer });
  const storage = (s: EmulatedSite) => env.host.runInInvocation(s.installation, async () => {
    const out: Array<{ key: string; value: unknown }> = [];
    let cursor: string | undefined;
    do {
      const page = await kvs.query().where('key', WhereConditions.beginsWith('')).limit(100).cursor(cursor ?? '').getMany();
      out.push(...page.results);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  });
  /** Strings that mark Mallory's own records (her space, her pair), which her import may of course write. */
  const hers: string[] = [];
  /** What the victim's side keeps: its records and copies, minus the log of messages seen, activity, and Mallory's own. */
  const victimState = async () => ({
    space: spaceView(victim.site.site, victim.spaceId, ['current', 'trashed']),
    storage: (await storage(victim.site)).filter((r) => !/^(seen-message|log|space-info):/.test(r.key) && !hers.some((h) => JSON.stringify(r).includes(h))),
  });

  beforeEach(async () => {
    env = await startEmulatedSites();
    victim = destinationOf(env);
    const guide = env.source.site.createPage(writer(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Start here.</p>' });
    env.source.site.createPage(writer(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Setup', body: '<p>Then this.</p>', parentId: guide.id });
    env.source.site.addLabels(writer(env.source), guide.id, ['start']);
    const sync = await call(settings(env.source, env.source.spaceId), 'createSync', { name: 'Handbook' });
    const { token } = await call(settings(env.source, env.source.spaceId), 'issueToken', { syncId: sync.id });
    await call(settings(victim.site, victim.spaceId), 'importToken', { token });
    await env.host.settled();
    expect(Object.keys(spaceView(victim.site.site, victim.spaceId))).toEqual(['page:Guide', 'page:Setup']);
  });
  afterEach(() => env.host.close());

  it('refuses every step of the takeover, changes nothing of the victim, and the real pair keeps syncing', async () => {
    const guide = pageByTitle(env.source.site, env.source.spaceId, 'Guide');
    // Mallory can read the source space, and administers a space of her own where the copies live.
    const mallory = `acc-${victim.site.site.name}-mallory`;
    env.source.site.addUser({ accountId: 'acc-acme-mallory', displayName: 'Mallory', accountType: 'atlassian' });
    env.source.site.grant(env.source.site.spaces.get(env.source.spaceId)!, 'acc-acme-mallory', ['read']);
    if (!victim.site.site.users.has(mallory)) victim.site.site.addUser({ accountId: mallory, displayName: 'Mallory', accountType: 'atlassian' });
    const evil = victim.site.site.createSpace('EVIL', 'Mallory’s space', [mallory]);
    hers.push(`"${evil.id}"`);

    // 1. What the page action tells a page viewer names no address, key or token.
    const viewer = env.host.openUiModule(env.source.installation, 'space-sync-page-action', 'acc-acme-mallory', { type: 'confluence:contentAction', space: { id: env.source.spaceId, key: 'ENG' }, content: { id: guide.id, type: 'page' } });
    const seen = JSON.stringify(await call(viewer, 'pageSyncStatus'));
    const records = [...(await syncRecords(env.host, env.source)), ...(await syncRecords(env.host, victim.site))];
    for (const secret of records.flatMap((r) => [r.pairId, r.peer?.pairId ?? '', r.peer?.key.x ?? ''])) expect(seen).not.toContain(secret);
    const syncIdShown = JSON.parse(seen)[0].syncId as string;

    const before = await victimState();
    const sourceRow = (await call(settings(env.source, env.source.spaceId), 'listSyncs'))[0];
    const victimPair = (await syncOf(env.host, victim.site, 'destination')).pairId;

    // 2. A token naming the sync id she saw is not even a token.
    const fake = await FakePeer.create(env.host);
    const mine = settings(victim.site, evil.id, mallory);
    await expect(call(mine, 'previewToken', { token: await fake.token(victim.site, { pair: syncIdShown }) })).rejects.toThrow('not a Space Sync token');
    // One with an address of her own, naming the real source, previews what it claims apart from what is verified.
    const claimingSource = await fake.token(victim.site, { site: { cloudId: env.source.site.cloudId, url: env.source.site.siteUrl }, space: { id: env.source.spaceId, key: 'ENG', name: 'acme space' } });
    let token = claimingSource;
    if (victim.site === env.source) {
      // Claiming this very site with a key that is not this site's own is called out, and refused.
      await expect(call(mine, 'previewToken', { token })).rejects.toThrow('this site did not sign it');
      await expect(call(mine, 'importToken', { token })).rejects.toThrow('this site did not sign it');
      token = await fake.token(victim.site, { site: { cloudId: 'cloud-elsewhere', url: 'https://elsewhere.atlassian.net' } });
    }
    const preview = await call(mine, 'previewToken', { token });
    expect(preview.verified.keyFingerprint).not.toBe(sourceRow.own.keyFingerprint);
    expect(preview.verified).toMatchObject({ sameSite: false, inboxHost: new URL(fake.inbox).host });
    expect(preview.claimed.external).toBe(true);

    // 3. Her import pairs her own space with her own inbox: a new pair, under an address the destination made.
    await call(mine, 'importToken', { token });
    const claim = fake.of('claim')[0];
    const evilPair = (claim.body as { destination: { pair: string } }).destination.pair;
    expect(evilPair).not.toBe(victimPair);
    hers.push(evilPair);
    expect(await victimState()).toEqual(before);

    // 4. Her signed messages: to her own pair they touch only her space; to anything else they are refused alike.
    const inbox = await inboxOf(env.host, victim.site);
    const from = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).pair as string; // her "source" address
    const overwrite = { snapshot: { sourceId: guide.id, kind: 'page', status: 'current', title: 'Guide', body: '<p>pwned</p>', labels: [], version: 99, sourceSpaceKey: 'ENG' }, cause: 'attack' };
    const trash = { snapshot: { ...overwrite.snapshot, status: 'trashed', version: 100 }, cause: 'attack' };
    for (const pair of [victimPair, syncIdShown.replace(/-/g, '').slice(0, 22), (await syncOf(env.host, env.source, 'source')).pairId]) {
      for (const [type, body] of [['apply', overwrite], ['apply', trash], ['pause', {}], ['unpair', {}]] as const) {
        expect((await fake.send(inbox, { type, to: 'destination', pair, from, body })).status).toBe(401);
      }
    }
    expect((await fake.send(inbox, { type: 'apply', to: 'destination', pair: evilPair, from, body: overwrite })).status).toBe(200);
    expect((await fake.send(inbox, { type: 'apply', to: 'destination', pair: evilPair, from, body: trash })).status).toBe(200);
    expect(spaceView(victim.site.site, evil.id, ['current', 'trashed'])).toMatchObject({ 'page:Guide': { body: '<p>pwned</p>', status: 'trashed' } });
    await env.host.settled();
    expect(await victimState()).toEqual(before);

    // 5. The real source is not locked out: its next edit arrives as before.
    env.source.site.updatePage(writer(env.source), guide.id, { type: 'page', title: 'Guide', body: '<p>Start here, v2.</p>', status: 'current', version: guide.version.number + 1 });
    await env.host.settled();
    expect(spaceView(victim.site.site, victim.spaceId)['page:Guide'].body).toBe('<p>Start here, v2.</p>');
    const sourceSync = await syncOf(env.host, env.source, 'source');
    const sent = await env.host.runInInvocation(env.source.installation, async () => (await import('../../src/platform/kvs-sent-store')).kvsSentStore.get(sourceSync.pairId, guide.id));
    expect(sent).toMatchObject({ status: 'synced', version: pageByTitle(env.source.site, env.source.spaceId, 'Guide').version.number });
  });

  it('refuses messages the destination’s key signed for another of its pairs, forwarded to the source', async () => {
    // Mallory has seen the real token (say, in an intercepted email): she knows the source's address.
    const sourceSync = await syncOf(env.host, env.source, 'source');
    const mallory = `acc-${victim.site.site.name}-mallory`;
    if (!victim.site.site.users.has(mallory)) victim.site.site.addUser({ accountId: mallory, displayName: 'Mallory', accountType: 'atlassian' });
    const evil = victim.site.site.createSpace('EVIL', 'Mallory’s space', [mallory]);
    const fake = await FakePeer.create(env.host);
    const mine = settings(victim.site, evil.id, mallory);
    // Her token names the real source's address, so the destination addresses her pair's messages to it…
    await call(mine, 'importToken', { token: await fake.token(victim.site, { pair: sourceSync.pairId, site: { cloudId: 'cloud-elsewhere', url: 'https://elsewhere.atlassian.net' } }) });
    const hers = (await syncRecords(env.host, victim.site)).find((r) => r.space.id === evil.id)!;
    await call(mine, 'changePair', { syncId: hers.id, action: 'pause' });
    await call(mine, 'changePair', { syncId: hers.id, action: 'unpair' });
    const captured = fake.raw.filter((m) => ['ready', 'pause', 'unpair'].includes(m.type));
    expect(captured.map((m) => m.type)).toEqual(['ready', 'pause', 'unpair']);
    // …signed with the very key the source trusts for the real pair. Forwarded, every one is refused.
    const inbox = await inboxOf(env.host, env.source);
    for (const { jws } of captured) expect((await postTo(inbox, jws)).status).toBe(401);
    expect(await syncOf(env.host, env.source, 'source')).toMatchObject({ state: 'active' });
    expect((await syncOf(env.host, env.source, 'source')).pausedBy ?? []).toEqual([]);
  });

  it('never adopts a person’s page that carries a forged owner mark', async () => {
    const dest = await syncOf(env.host, victim.site, 'destination');
    const sourceSync = await syncOf(env.host, env.source, 'source');
    await call(settings(env.source, env.source.spaceId), 'changePair', { syncId: sourceSync.id, action: 'pause' });
    const roadmap = env.source.site.createPage(writer(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Roadmap', body: '<p>The plan.</p>' });
    // A writer of the destination space, who may edit but not delete, dresses a page of theirs up as the copy.
    const theirs = victim.site.site.createPage(writer(victim.site), { type: 'page', spaceId: victim.spaceId, title: 'Roadmap', body: '<p>Mine.</p>' });
    victim.site.site.setProperty(writer(victim.site), theirs.id, 'space-sync-copy', { v: 1, sync: dest.id, source: roadmap.id });
    await call(settings(env.source, env.source.spaceId), 'changePair', { syncId: sourceSync.id, action: 'resume' });
    const admin = env.host.openUiModule(env.source.installation, 'space-sync-page-action', env.source.admin, { type: 'confluence:contentAction', space: { id: env.source.spaceId, key: 'ENG' }, content: { id: roadmap.id, type: 'page' } });
    await call(admin, 'syncPageNow', { syncId: sourceSync.id });
    await env.host.settled();
    const view = spaceView(victim.site.site, victim.spaceId);
    expect(view['page:Roadmap'].body).toBe('<p>Mine.</p>');
    expect(view['page:Roadmap (ENG)'].body).toBe('<p>The plan.</p>');
  });

  it('never adopts another pair’s copy: a second source with the same titles gets its own copies', async () => {
    // A second source space syncs into the same destination space; its "Guide" clashes with the first pair's copy.
    const other = env.source.site.createSpace('OPS', 'Ops handbook', [env.source.admin]);
    const opsAdmin = { kind: 'user' as const, accountId: env.source.admin };
    env.source.site.createPage(opsAdmin, { type: 'page', spaceId: other.id, title: 'Guide', body: '<p>The ops guide.</p>' });
    const sync = await call(settings(env.source, other.id), 'createSync', { name: 'Ops' });
    const { token } = await call(settings(env.source, other.id), 'issueToken', { syncId: sync.id });
    const first = spaceView(victim.site.site, victim.spaceId)['page:Guide'];
    await call(settings(victim.site, victim.spaceId), 'importToken', { token });
    await env.host.settled();
    const view = spaceView(victim.site.site, victim.spaceId);
    expect(view['page:Guide']).toEqual(first);
    expect(view['page:Guide (OPS)'].body).toBe('<p>The ops guide.</p>');

    // Even an apply that was cut off mid-create (the journal says so) does not take the first pair's page.
    const opsPair = (await syncRecords(env.host, victim.site)).find((r) => r.role === 'destination' && r.peer?.space.key === 'OPS')!.pairId;
    const opsGuide = pageByTitle(env.source.site, other.id, 'Guide');
    await env.host.runInInvocation(victim.site.installation, async () => {
      await kvs.delete(`map:${opsPair}:${opsGuide.id}`);
      await kvs.set(`new:${opsPair}:${opsGuide.id}`, { creating: true });
    });
    const copyOfOps = pageByTitle(victim.site.site, victim.spaceId, 'Guide (OPS)');
    victim.site.site.trash({ kind: 'user', accountId: victim.site.admin }, copyOfOps.id, ['page']);
    env.source.site.updatePage(opsAdmin, opsGuide.id, { type: 'page', title: 'Guide', body: '<p>The ops guide, v2.</p>', status: 'current', version: opsGuide.version.number + 1 });
    await env.host.settled();
    const after = spaceView(victim.site.site, victim.spaceId);
    expect(after['page:Guide']).toEqual(first);
    expect(after['page:Guide (OPS)'].body).toBe('<p>The ops guide, v2.</p>');
  });
});
