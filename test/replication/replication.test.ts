import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { syncOf } from '../support/pairs';
import { bridgeCall, expectedCopy, pageByTitle, pair, settingsOf, spaceView, HOST_MODES } from '../support/replication';
import type { Actor } from '../../sandbox/confluence/site';

describe.each(HOST_MODES)('replication between two emulated sites%s', (_mode, hostOptions) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  /** The source's own address for the pair, under which it keeps what it sent. */
  const sourcePair = async () => (await syncOf(env.host, env.source, 'source')).pairId;
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const createPage = (s: EmulatedSite, title: string, body: string, parentId?: string, type: 'page' | 'blogpost' = 'page') => s.site.createPage(as(s), { type, spaceId: s.spaceId, title, body, parentId });
  const edit = (s: EmulatedSite, title: string, change: { title?: string; body?: string; parentId?: string }) => {
    const page = pageByTitle(s.site, s.spaceId, title);
    return s.site.updatePage(as(s), page.id, { type: page.type as 'page', title: change.title ?? page.title, body: change.body ?? page.body, status: 'current', version: page.version.number + 1, ...(change.parentId ? { parentId: change.parentId } : {}) });
  };
  const source = () => spaceView(env.source.site, env.source.spaceId);
  const copy = () => spaceView(env.dest.site, env.dest.spaceId);

  /** A small realistic tree: two levels, a link by page id, labels, a blog post. */
  function seed() {
    const guide = createPage(env.source, 'Guide', '<p>Start here.</p>');
    const setup = createPage(env.source, 'Setup', `<p>Back to <a href="${env.source.site.siteUrl}/wiki/spaces/ENG/pages/${guide.id}/Guide">the guide</a>.</p>`, guide.id);
    createPage(env.source, 'Editors', '<p>Use <ac:link><ri:page ri:space-key="ENG" ri:content-title="Setup" /></ac:link>.</p>', setup.id);
    createPage(env.source, 'News', '<p>Launched.</p>', undefined, 'blogpost');
    env.source.site.addLabels(as(env.source), guide.id, ['start', 'guide']);
    return { guide, setup };
  }

  /** Body rewriting the copy must show: space key ENG → PARTNER, page ids → the copies' ids. */
  const rewrite = (body: string) =>
    body.replace(/ri:space-key="ENG"/g, 'ri:space-key="PARTNER"').replace(/https:\/\/acme\.atlassian\.net\/wiki\/spaces\/ENG\/pages\/(\d+)\/Guide/g, () => `/wiki/spaces/PARTNER/pages/${pageByTitle(env.dest.site, env.dest.spaceId, 'Guide').id}`);

  beforeEach(async () => {
    env = await startEmulatedSites(hostOptions);
  });
  afterEach(() => env.host.close());

  it('copies the whole space on pairing, in tree order, with labels, blog posts and rewritten links; progress ends complete', async () => {
    seed();
    const syncId = await pair(env.host, { site: env.source }, { site: env.dest });
    expect(copy()).toEqual(expectedCopy(source(), rewrite));
    const syncs = await bridgeCall(env.host)(settingsOf(env.host, env.source), 'listSyncs');
    expect(syncs.find((s: { id: string }) => s.id === syncId).state).toBe('active');
    const progress = await env.host.runInInvocation(env.source.installation, async () => (await import('../../src/platform/kvs-full-sync-store')).kvsFullSyncStore.progress(syncId));
    expect(progress).toMatchObject({ state: 'complete', total: 4, done: 4, failedCount: 0 });
  });

  it('follows edits, moves, label changes, trash and restore by events', async () => {
    const { guide, setup } = seed();
    await pair(env.host, { site: env.source }, { site: env.dest });
    const copyOfGuide = pageByTitle(env.dest.site, env.dest.spaceId, 'Guide');
    env.dest.site.addLabels({ kind: 'user', accountId: env.dest.admin }, copyOfGuide.id, ['partner-only']);

    edit(env.source, 'Guide', { body: '<p>Start here, now with more.</p>' });
    env.source.site.removeLabel(as(env.source), guide.id, 'start');
    env.source.site.addLabels(as(env.source), guide.id, ['new']);
    const other = createPage(env.source, 'Other', '<p>Elsewhere.</p>');
    edit(env.source, 'Editors', { parentId: other.id });
    await env.host.settled();
    const expected = expectedCopy(source(), rewrite);
    expected['page:Guide'].labels = ['guide', 'new', 'partner-only'];
    expect(copy()).toEqual(expected);

    env.source.site.trash(as(env.source), setup.id, ['page']);
    await env.host.settled();
    expect(copy()['page:Setup']).toBeUndefined();
    expect(spaceView(env.dest.site, env.dest.spaceId, ['trashed'])['page:Setup']).toBeDefined();

    env.source.site.updatePage(as(env.source), setup.id, { type: 'page', title: 'Setup', body: env.source.site.contents.get(setup.id)!.body, status: 'current', version: env.source.site.contents.get(setup.id)!.version.number + 1 });
    await env.host.settled();
    expect(copy()['page:Setup']).toEqual(expected['page:Setup']);
  });

  it('gives a restored copy the words the source has now, when the source was edited since its restore', async () => {
    const { setup } = seed();
    await pair(env.host, { site: env.source }, { site: env.dest });
    env.source.site.trash(as(env.source), setup.id, ['page']);
    await env.host.settled();
    // Restored (which keeps the trashed words) and edited before the copy is restored.
    const trashed = env.source.site.contents.get(setup.id)!;
    env.source.site.updatePage(as(env.source), setup.id, { type: 'page', title: 'Setup', body: trashed.body, status: 'current', version: trashed.version.number + 1 });
    edit(env.source, 'Setup', { body: '<p>Rewritten after the restore.</p>' });
    await env.host.settled();
    expect(copy()['page:Setup']).toMatchObject({ body: '<p>Rewritten after the restore.</p>', parent: 'Guide' });
    expect(copy()).toEqual(expectedCopy(source(), rewrite));
  });

  it('trashes the copies of a page moved to another space, saying why, and brings them back when it returns', async () => {
    const { guide, setup } = seed();
    await pair(env.host, { site: env.source }, { site: env.dest });
    const admin: Actor = { kind: 'user', accountId: env.source.admin };
    const ops = env.source.site.createSpace('OPS', 'Operations', [env.source.admin]);

    // Setup moves with its child Editors; only Setup raises an event, the reconcile finds Editors.
    env.source.site.moveToSpace(admin, setup.id, ops.id);
    await env.host.settled();
    await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
    await env.host.settled();
    expect(Object.keys(copy()).sort()).toEqual(['blogpost:News', 'page:Guide']);
    expect(Object.keys(spaceView(env.dest.site, env.dest.spaceId, ['trashed'])).sort()).toEqual(['page:Editors', 'page:Setup']);
    const syncId = (await bridgeCall(env.host)(settingsOf(env.host, env.source), 'listSyncs'))[0].id;
    const details = await bridgeCall(env.host)(settingsOf(env.host, env.source), 'syncDetails', { syncId });
    expect(details.activity.filter((a: { detail?: string }) => a.detail?.startsWith('Moved to another space')).map((a: { title: string }) => a.title).sort()).toEqual(['Editors', 'Setup']);
    expect(details.counts).toMatchObject({ synced: 2, deleted: 2 });

    env.source.site.moveToSpace(admin, setup.id, env.source.spaceId, guide.id);
    await env.host.settled();
    await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
    await env.host.settled();
    expect(copy()).toEqual(expectedCopy(source(), rewrite));
    expect((await bridgeCall(env.host)(settingsOf(env.host, env.source), 'syncDetails', { syncId })).counts).toMatchObject({ synced: 4, deleted: 0 });
  });

  it('does not echo its own writes back when two spaces sync each other', async () => {
    const docs = env.source.site.createSpace('DOCS', 'Docs', [env.source.admin]);
    seed();
    await pair(env.host, { site: env.source }, { site: env.source, spaceId: docs.id });
    await pair(env.host, { site: env.source, spaceId: docs.id }, { site: env.source });
    const pushesBefore = env.host.log.of('queue-push').length;
    const eventsBefore = env.host.log.of('product-event').length;
    edit(env.source, 'Guide', { body: '<p>Edited once.</p>' });
    await env.host.settled();
    // One job per delivery of the human edit's event (fault mode delivers it twice); the app's
    // write into DOCS raised an event that queued nothing.
    const humanDeliveries = env.host.log.of('product-event').slice(eventsBefore).filter((e) => e.outcome === 'ok' && e.actor === env.source.writer).length;
    expect(humanDeliveries).toBeGreaterThanOrEqual(1);
    expect(env.host.log.of('queue-push').length - pushesBefore).toBe(humanDeliveries);
    expect(Object.keys(source()).sort()).toEqual(['blogpost:News', 'page:Editors', 'page:Guide', 'page:Setup']);
    expect(spaceView(env.source.site, docs.id)['page:Guide'].body).toBe('<p>Edited once.</p>');
    expect(pageByTitle(env.source.site, env.source.spaceId, 'Guide').version.number).toBe(2);
  });

  it('keeps or overwrites a copy edited at the destination (AHEAD), as the sync says, and logs it', async () => {
    seed();
    const syncId = await pair(env.host, { site: env.source }, { site: env.dest }, { conflictPolicy: 'keep-destination' });
    edit(env.dest, 'Guide', { body: '<p>Our own words.</p>' });
    edit(env.source, 'Guide', { body: '<p>Source words.</p>' });
    await env.host.settled();
    expect(copy()['page:Guide'].body).toBe('<p>Our own words.</p>');

    await bridgeCall(env.host)(settingsOf(env.host, env.source), 'editSync', { syncId, options: { blogPosts: true, comments: true, labels: true, attachments: true, mode: 'automatic', conflictPolicy: 'source-wins' } });
    const overwritten = pageByTitle(env.dest.site, env.dest.spaceId, 'Guide').version.number;
    edit(env.source, 'Guide', { body: '<p>Source words, again.</p>' });
    await env.host.settled();
    expect(copy()['page:Guide'].body).toBe('<p>Source words, again.</p>');
    const activity = await env.host.runInInvocation(env.dest.installation, async () => (await import('../../src/platform/kvs-activity-log')).kvsActivityLog.recent((await bridgeCall(env.host)(settingsOf(env.host, env.dest), 'listSyncs'))[0].id, 50));
    expect(activity.map((a) => a.outcome)).toEqual(expect.arrayContaining(['ahead-kept', 'ahead-overwritten']));
    // The destination's log speaks of its own copy: "your copy", "here".
    expect(activity.find((a) => a.outcome === 'ahead-overwritten')?.detail).toBe(`Your copy had been edited here; version ${overwritten} was overwritten and stays in the page history.`);
  });

  it('never overwrites a destination page it did not create when titles clash', async () => {
    const theirs = createPage(env.dest, 'Guide', '<p>Partner guide.</p>');
    seed();
    await pair(env.host, { site: env.source }, { site: env.dest });
    expect(env.dest.site.contents.get(theirs.id)).toMatchObject({ title: 'Guide', body: '<p>Partner guide.</p>', version: expect.objectContaining({ number: 1 }) });
    expect(copy()['page:Guide (ENG)'].body).toBe('<p>Start here.</p>');
    expect(copy()['page:Setup'].parent).toBe('Guide (ENG)');
  });

  it('where Confluence allows duplicate titles: keeps the title beside a page it did not make, and adopts a copy whose record was lost', async () => {
    env.dest.site.allowDuplicateTitles = true;
    const theirs = createPage(env.dest, 'Guide', '<p>Partner guide.</p>');
    seed();
    // The destination dies after creating the copy of Setup (the second page made), before recording it.
    let creates = 0;
    const armCrashOnSetup = () =>
      env.dest.emulator.beforeNext('createPage', () => {
        if (++creates === 2) env.host.failNextKvsWrites(env.dest.installation, 1);
        else armCrashOnSetup();
      });
    armCrashOnSetup();
    await pair(env.host, { site: env.source }, { site: env.dest });
    expect(env.host.log.of('kvs').filter((k) => k.installationId === env.dest.installation.id && k.status === 500)).toHaveLength(1);
    expect(env.dest.site.contents.get(theirs.id)).toMatchObject({ title: 'Guide', body: '<p>Partner guide.</p>' });
    const titles = [...env.dest.site.contents.values()].filter((c) => c.spaceId === env.dest.spaceId && c.type === 'page' && c.status === 'current').map((c) => c.title);
    expect(titles.sort()).toEqual(['Editors', 'Guide', 'Guide', 'Setup', 'globex space']);
  });

  it('reconciles what events miss (children of a trashed parent) and writes nothing for an unchanged space', async () => {
    seed();
    await pair(env.host, { site: env.source }, { site: env.dest });
    const writes = () => env.host.log.of('product').filter((r) => r.installationId === env.dest.installation.id && r.method !== 'GET').length;
    const before = writes();
    await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
    await env.host.settled();
    expect(writes()).toBe(before);

    // Changes whose events never arrived: an edit and a trashed page.
    env.source.site.muted(() => {
      edit(env.source, 'Guide', { body: '<p>Edited while events were lost.</p>' });
      env.source.site.trash(as(env.source), pageByTitle(env.source.site, env.source.spaceId, 'Editors').id, ['page']);
    });
    await env.host.settled();
    expect(copy()['page:Guide'].body).toBe('<p>Start here.</p>');
    await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
    await env.host.settled();
    expect(copy()).toEqual(expectedCopy(source(), rewrite));
    expect(copy()['page:Editors']).toBeUndefined();
  });

  it('re-links a copy when a page it links to arrives later, and moves a child that arrived before its parent', async () => {
    const intro = createPage(env.source, 'Intro', '<p>See below.</p>');
    const later = createPage(env.source, 'Later', '<p>Later.</p>');
    env.source.site.updatePage(as(env.source), intro.id, { type: 'page', title: 'Intro', status: 'current', version: 2, body: `<p>See <a href="${env.source.site.siteUrl}/wiki/spaces/ENG/pages/${later.id}/Later">later</a>.</p>` });
    await pair(env.host, { site: env.source }, { site: env.dest });
    expect(copy()['page:Intro'].body).toBe(`<p>See <a href="/wiki/spaces/PARTNER/pages/${pageByTitle(env.dest.site, env.dest.spaceId, 'Later').id}">later</a>.</p>`);

    let parent: ReturnType<typeof createPage> | undefined;
    env.source.site.muted(() => {
      parent = createPage(env.source, 'Parent', '<p>Arrives second.</p>');
    });
    createPage(env.source, 'Child', '<p>Arrives first.</p>', parent!.id);
    await env.host.settled();
    expect(copy()['page:Child'].parent).toBeNull(); // under the home page while its parent is missing
    await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
    await env.host.settled();
    expect(copy()['page:Child'].parent).toBe('Parent');
    expect(copy()).toEqual(expectedCopy(source(), (b) => b.replace(/https:\/\/acme\.atlassian\.net\/wiki\/spaces\/ENG\/pages\/\d+\/Later/, `/wiki/spaces/PARTNER/pages/${pageByTitle(env.dest.site, env.dest.spaceId, 'Later').id}`)));
  });

  it('reports a source page the app cannot read as RESTRICTED, never silently skipped, and leaves its copy alone', async () => {
    const { guide } = seed();
    const syncId = await pair(env.host, { site: env.source }, { site: env.dest });
    // Made and restricted before its event is handled: the consumer cannot read it.
    const secret = createPage(env.source, 'Secret plans', '<p>Hidden.</p>');
    env.source.site.restrictReading(as(env.source), secret.id, [env.source.writer]);
    await env.host.settled();
    const store = async () => ({ ...(await import('../../src/platform/kvs-sent-store')).kvsSentStore, ...(await import('../../src/platform/kvs-activity-log')).kvsActivityLog });
    expect(await env.host.runInInvocation(env.source.installation, async () => (await store()).get(await sourcePair(), secret.id))).toMatchObject({ status: 'restricted', reason: expect.stringContaining('cannot read') });
    expect(copy()['page:Secret plans']).toBeUndefined();

    // A page restricted after it was copied: reported, and the copy stays as it was.
    env.source.site.restrictReading(as(env.source), guide.id, [env.source.writer]);
    edit(env.source, 'Guide', { body: '<p>Now secret.</p>' });
    await env.host.settled();
    expect(await env.host.runInInvocation(env.source.installation, async () => (await store()).get(await sourcePair(), guide.id))).toMatchObject({ status: 'restricted' });
    expect(copy()['page:Guide'].body).toBe('<p>Start here.</p>');
    const activity = await env.host.runInInvocation(env.source.installation, async () => (await store()).recent(syncId, 50));
    expect(activity.filter((a) => a.outcome === 'restricted').map((a) => a.sourceId).sort()).toEqual([guide.id, secret.id].sort());
  });

  it('converges with duplicated and reordered deliveries, nothing doubled', async () => {
    await env.host.close();
    env = await startEmulatedSites({ queue: { faults: { duplicateRate: 1, reorderSeconds: 3 } } });
    seed();
    await pair(env.host, { site: env.source }, { site: env.dest });
    edit(env.source, 'Guide', { body: '<p>v2</p>' });
    edit(env.source, 'Guide', { body: '<p>v3</p>' });
    await env.host.settled();
    expect(copy()).toEqual(expectedCopy(source(), rewrite));
    expect(copy()['page:Guide'].body).toBe('<p>v3</p>');
  });

  it('syncs two spaces of one site the same way', async () => {
    const docs = env.source.site.createSpace('DOCS', 'Docs copy', [env.source.admin]);
    seed();
    await pair(env.host, { site: env.source }, { site: env.source, spaceId: docs.id });
    const local = spaceView(env.source.site, docs.id);
    expect(Object.keys(local).sort()).toEqual(Object.keys(source()).sort());
    expect(local['page:Editors'].body).toContain('ri:space-key="DOCS"');
    expect(local['page:Setup'].parent).toBe('Guide');
  });

  it('waits out 429 bursts on both sites (Retry-After) and converges, nothing lost or doubled', async () => {
    seed();
    const syncId = await pair(env.host, { site: env.source }, { site: env.dest }, {}, () => {
      // The full sync is queued: its reads and writes meet the bursts.
      env.dest.emulator.meter.injectBurst(3, 1);
      env.source.emulator.meter.injectBurst(2, 1);
    });
    expect(env.host.log.of('product').filter((r) => r.status === 429)).toHaveLength(5);
    expect(copy()).toEqual(expectedCopy(source(), rewrite));
    env.dest.emulator.meter.injectBurst(2, 1);
    edit(env.source, 'Setup', { body: '<p>After the storm.</p>' });
    await env.host.settled();
    expect(copy()['page:Setup'].body).toBe('<p>After the storm.</p>');
    const progress = await env.host.runInInvocation(env.source.installation, async () => (await import('../../src/platform/kvs-full-sync-store')).kvsFullSyncStore.progress(syncId));
    expect(progress).toMatchObject({ state: 'complete', failedCount: 0 });
  });

  it('reports an item it cannot write as FAILED with the reason, and the next reconcile retries it', async () => {
    seed();
    await pair(env.host, { site: env.source }, { site: env.dest });
    const space = env.dest.site.spaces.get(env.dest.spaceId)!;
    const appWrite = space.permissions.get(env.dest.site.appAccountId)!;
    appWrite.delete('write'); // an admin took the app's write permission away
    const guide = edit(env.source, 'Guide', { body: '<p>Needs a write.</p>' });
    await env.host.settled();
    const store = async () => ({ ...(await import('../../src/platform/kvs-sent-store')).kvsSentStore, ...(await import('../../src/platform/kvs-activity-log')).kvsActivityLog });
    const sent = await env.host.runInInvocation(env.source.installation, async () => (await store()).get(await sourcePair(), guide.id));
    expect(sent).toMatchObject({ status: 'failed', reason: expect.stringContaining('could not write this page') });
    expect(sent?.reason).not.toContain('403'); // Confluence's answer stays on the destination
    expect(copy()['page:Guide'].body).toBe('<p>Start here.</p>');

    appWrite.add('write');
    await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
    await env.host.settled();
    expect(copy()['page:Guide'].body).toBe('<p>Needs a write.</p>');
    expect(await env.host.runInInvocation(env.source.installation, async () => (await store()).get(await sourcePair(), guide.id))).toMatchObject({ status: 'synced' });
  });
});
