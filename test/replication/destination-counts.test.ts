/**
 * The destination's dashboard counts its copies by status, as the source counts its items: a
 * copy edited here is Ahead on both sides, a copy whose original was trashed is Deleted, and
 * after a re-pair (plain, or with a page trashed while unpaired) both sides' numbers equal what
 * the spaces hold.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, HOST_MODES, pageByTitle, pair, settingsOf } from '../support/replication';
import type { Actor } from '../../sandbox/confluence/site';

describe.each(HOST_MODES)('the destination’s counts%s', (_mode, hostOptions) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  afterEach(() => env.host.close());
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const settings = (s: EmulatedSite) => settingsOf(env.host, s);

  it('counts a copy edited here as Ahead, as the source does', async () => {
    env = await startEmulatedSites(hostOptions);
    const call = bridgeCall(env.host);
    env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Start.</p>' });
    env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Setup', body: '<p>Install.</p>' });
    await pair(env.host, { site: env.source }, { site: env.dest });
    const copy = pageByTitle(env.dest.site, env.dest.spaceId, 'Guide');
    env.dest.site.updatePage(as(env.dest), copy.id, { type: 'page', title: 'Guide', body: '<p>Ours.</p>', status: 'current', version: copy.version.number + 1 });
    await env.host.settled();
    const pageAction = (s: EmulatedSite, id: string) => env.host.openUiModule(s.installation, 'space-sync-page-action', s.admin, { type: 'confluence:contentAction', space: { id: s.spaceId, key: s.site.spaces.get(s.spaceId)!.key }, content: { id, type: 'page' } });
    const destStatus = (await call(pageAction(env.dest, copy.id), 'pageSyncStatus'))[0].status;
    const src = (await call(settings(env.source), 'listSyncs'))[0].overview;
    const dst = (await call(settings(env.dest), 'listSyncs'))[0].overview;
    expect(destStatus).toBe('ahead');
    expect(src).toMatchObject({ synced: 1, ahead: 1 });
    expect(dst).toMatchObject({ synced: 1, ahead: 1 });
    // Its original changed and sent again: kept as edited here (keep destination), still Ahead on both sides.
    await call(settings(env.source), 'editSync', { syncId: (await call(settings(env.source), 'listSyncs'))[0].id, options: { conflictPolicy: 'keep-destination' } });
    const original = pageByTitle(env.source.site, env.source.spaceId, 'Guide');
    env.source.site.updatePage(as(env.source), original.id, { type: 'page', title: 'Guide', body: '<p>Start, again.</p>', status: 'current', version: original.version.number + 1 });
    await env.host.settled();
    expect((await call(settings(env.dest), 'listSyncs'))[0].overview).toMatchObject({ synced: 1, ahead: 1 });
    expect((await call(settings(env.source), 'listSyncs'))[0].overview).toMatchObject({ synced: 1, ahead: 1 });
    // Overwritten from the source (source wins): synced again on both sides.
    await call(settings(env.source), 'editSync', { syncId: (await call(settings(env.source), 'listSyncs'))[0].id, options: { conflictPolicy: 'source-wins' } });
    const later = pageByTitle(env.source.site, env.source.spaceId, 'Guide');
    env.source.site.updatePage(as(env.source), later.id, { type: 'page', title: 'Guide', body: '<p>Start, once more.</p>', status: 'current', version: later.version.number + 1 });
    await env.host.settled();
    expect((await call(settings(env.dest), 'listSyncs'))[0].overview).toMatchObject({ synced: 2, ahead: 0 });
    expect((await call(settings(env.source), 'listSyncs'))[0].overview).toMatchObject({ synced: 2, ahead: 0 });
  });

  it.each(['plain', 'trashed while unpaired', 'trashed while paired (control)'] as const)('re-paired, %s: counts equal what the spaces hold', async (kind) => {
    env = await startEmulatedSites(hostOptions);
    const call = bridgeCall(env.host);
    const guide = env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Start.</p>' });
    env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Setup', body: '<p>Install.</p>', parentId: guide.id });
    env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Other', body: '<p>Other.</p>' });
    await pair(env.host, { site: env.source }, { site: env.dest });
    const live = async (s: EmulatedSite) => ((await call(settings(s), 'listSyncs')) as Array<{ id: string; state: string; overview?: unknown }>).find((x) => x.state === 'active')!;
    if (kind === 'trashed while paired (control)') {
      env.source.site.trash(as(env.source), pageByTitle(env.source.site, env.source.spaceId, 'Other').id, ['page']);
      await env.host.settled();
    } else {
      await call(settings(env.source), 'changePair', { syncId: (await live(env.source)).id, action: 'unpair' });
      await env.host.settled();
      if (kind === 'trashed while unpaired') env.source.site.trash(as(env.source), pageByTitle(env.source.site, env.source.spaceId, 'Other').id, ['page']);
      await pair(env.host, { site: env.source }, { site: env.dest });
    }
    const copies = [...env.dest.site.contents.values()].filter((c) => c.spaceId === env.dest.spaceId && c.type === 'page' && c.status === 'current' && c.id !== env.dest.homeId).length;
    const originals = [...env.source.site.contents.values()].filter((c) => c.spaceId === env.source.spaceId && c.type === 'page' && c.status === 'current' && c.id !== env.source.homeId).length;
    expect(copies).toBe(originals);
    expect((await live(env.source)).overview).toMatchObject({ synced: originals, ahead: 0, failed: 0 });
    expect((await live(env.dest)).overview).toMatchObject({ synced: copies, ahead: 0, failed: 0 });
    // Item by status, both sides say the same (the trashed original's copy counts as deleted).
    const counts = async (s: EmulatedSite) => (await call(settings(s), 'syncDetails', { syncId: (await live(s)).id })).counts;
    expect(await counts(env.dest)).toEqual(await counts(env.source));
    expect((await counts(env.dest)).deleted).toBe(kind === 'plain' ? 0 : 1);
  });
});
