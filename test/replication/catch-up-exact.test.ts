/**
 * Catch-up, always: Resume and an option switched back on bring exactly what
 * the destination lacks: no re-upload of the same bytes, no new page version where nothing
 * changed, counts equal to what the spaces hold, statuses on both sides, and a log line.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, expectedCopy, HOST_MODES, pageByTitle, pair, settingsOf, spaceView } from '../support/replication';
import type { Actor } from '../../sandbox/confluence/site';
import type { Content } from '../../sandbox/confluence/model';

describe.each(HOST_MODES)('strict catch-up%s', (_mode, hostOptions) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  afterEach(() => env.host.close());
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });

  async function setup() {
    env = await startEmulatedSites(hostOptions);
    const call = bridgeCall(env.host);
    const settings = (s: EmulatedSite) => settingsOf(env.host, s);
    const src = env.source.site;
    const guide = src.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Start.</p>' });
    const setupPage = src.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Setup', body: '<p>Install.</p>', parentId: guide.id });
    const files = src.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Files', body: '<p>Files.</p>' });
    src.upload(as(env.source), files.id, { name: 'plan.txt', mediaType: 'text/plain', data: Buffer.from('plan bytes'), comment: '', minorEdit: true }, 'create');
    src.createComment(as(env.source), { containerId: guide.id, body: '<p>Nice.</p>' });
    await pair(env.host, { site: env.source }, { site: env.dest });
    const ofType = (type: string) => [...env.dest.site.contents.values()].filter((c) => c.spaceId === env.dest.spaceId && c.id !== env.dest.homeId && c.type === type && c.status === 'current');
    const versions = () => Object.fromEntries(ofType('page').map((c) => [c.title, c.version.number]));
    const fileVersions = () => [...env.dest.site.contents.values()].filter((c) => c.type === 'attachment' && c.status === 'current').map((a) => `${a.title}:${a.version.number}`).sort();
    const syncIdOf = async (s: EmulatedSite) => (await call(settings(s), 'listSyncs'))[0].id as string;
    const overview = async (s: EmulatedSite) => (await call(settings(s), 'listSyncs'))[0].overview;
    const pageAction = (s: EmulatedSite, p: Content) =>
      env.host.openUiModule(s.installation, 'space-sync-page-action', s.admin, { type: 'confluence:contentAction', space: { id: s.spaceId, key: s.site.spaces.get(s.spaceId)!.key }, content: { id: p.id, type: p.type } });
    const statuses = async (s: EmulatedSite) => Object.fromEntries(await Promise.all(['Guide', 'Setup', 'Files'].map(async (t) => [t, (await call(pageAction(s, pageByTitle(s.site, s.spaceId, t)), 'pageSyncStatus'))[0].status])));
    const activity = async (s: EmulatedSite) => (await call(settings(s), 'syncDetails', { syncId: await syncIdOf(s) })).activity as Array<{ title: string; outcome: string; detail?: string }>;
    return { call, settings, guide, setupPage, files, ofType, versions, fileVersions, syncIdOf, overview, statuses, activity };
  }

  it('Resume: only the changed page written, no file again, counts and statuses true on both sides', async () => {
    const t = await setup();
    await t.call(t.settings(env.source), 'changePair', { syncId: await t.syncIdOf(env.source), action: 'pause' });
    const g = env.source.site.contents.get(t.guide.id)!;
    env.source.site.updatePage(as(env.source), g.id, { type: 'page', title: 'Guide', body: '<p>Start, paused.</p>', status: 'current', version: g.version.number + 1 });
    env.source.site.createComment(as(env.source), { containerId: t.setupPage.id, body: '<p>While paused.</p>' });
    await env.host.settled();
    const before = { versions: t.versions(), files: t.fileVersions() };
    env.source.emulator.meter.reset();
    await t.call(t.settings(env.source), 'changePair', { syncId: await t.syncIdOf(env.source), action: 'resume' });
    await env.host.settled();
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(expectedCopy(spaceView(env.source.site, env.source.spaceId)));
    expect(t.versions()).toEqual({ ...before.versions, Guide: before.versions.Guide + 1 });
    expect(t.fileVersions()).toEqual(before.files);
    expect(env.source.emulator.meter.byOperation.get('downloadAttachmentFile')?.requests ?? 0).toBe(0);
    expect(t.ofType('footer-comment')).toHaveLength(2);
    expect(await t.statuses(env.source)).toEqual({ Guide: 'synced', Setup: 'synced', Files: 'synced' });
    expect(await t.statuses(env.dest)).toEqual({ Guide: 'synced', Setup: 'synced', Files: 'synced' });
    expect(await t.overview(env.source)).toMatchObject({ synced: 3, ahead: 0, failed: 0, pending: 0 });
    expect(await t.overview(env.dest)).toMatchObject({ synced: 3, ahead: 0, failed: 0 });
    expect((await t.activity(env.source)).filter((e) => e.outcome === 'caught-up')).toHaveLength(1);
  });

  it('an option switched off and on: the copy catches up, one Caught up line, Sync now meanwhile logs an outcome', async () => {
    const t = await setup();
    await t.call(t.settings(env.source), 'editSync', { syncId: await t.syncIdOf(env.source), options: { comments: false } });
    await env.host.settled();
    env.source.site.createComment(as(env.source), { containerId: t.setupPage.id, body: '<p>While off.</p>' });
    await env.host.settled();
    const syncNow = await t.call(env.host.openUiModule(env.source.installation, 'space-sync-page-action', env.source.admin, { type: 'confluence:contentAction', space: { id: env.source.spaceId, key: env.source.site.spaces.get(env.source.spaceId)!.key }, content: { id: t.setupPage.id, type: 'page' } }), 'syncPageNow', { syncId: await t.syncIdOf(env.source) });
    await env.host.settled();
    const nowLine = (await t.activity(env.source)).find((e) => e.title === 'Setup');
    console.log('sync now while off', JSON.stringify(syncNow), JSON.stringify(nowLine));
    expect(nowLine).toBeDefined();
    const before = { versions: t.versions(), files: t.fileVersions() };
    await t.call(t.settings(env.source), 'editSync', { syncId: await t.syncIdOf(env.source), options: { comments: true } });
    await env.host.settled();
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(expectedCopy(spaceView(env.source.site, env.source.spaceId)));
    expect(t.versions()).toEqual(before.versions);
    expect(t.fileVersions()).toEqual(before.files);
    expect(t.ofType('footer-comment')).toHaveLength(2);
    expect(await t.statuses(env.source)).toEqual({ Guide: 'synced', Setup: 'synced', Files: 'synced' });
    expect(await t.statuses(env.dest)).toEqual({ Guide: 'synced', Setup: 'synced', Files: 'synced' });
    expect(await t.overview(env.source)).toMatchObject({ synced: 3, ahead: 0, failed: 0, pending: 0 });
    const lines = (await t.activity(env.source)).filter((e) => e.outcome === 'caught-up');
    console.log('caught-up lines', JSON.stringify(lines));
    expect(lines).toHaveLength(1);
  });
});
