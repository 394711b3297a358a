/**
 * Audit (issue 15: counts equal what the spaces hold, both sides see drift): the destination's
 * dashboard numbers after a copy is edited there (Ahead on both page actions).
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, pageByTitle, pair, settingsOf } from '../support/replication';
import type { Actor } from '../../sandbox/confluence/site';

it('the destination dashboard counts an Ahead copy as Ahead', async () => {
  const env = await startEmulatedSites();
  try {
    const call = bridgeCall(env.host);
    const settings = (s: EmulatedSite) => settingsOf(env.host, s);
    const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
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
    console.log(JSON.stringify({ destStatus, src, dst }));
    expect(destStatus).toBe('ahead');
    expect(src).toMatchObject({ synced: 1, ahead: 1 });
    expect(dst).toMatchObject({ synced: 1, ahead: 1 });
  } finally {
    await env.host.close();
  }
});
