/**
 * Audit (issue 15, "Both sides see drift" after a re-pair): before the first full sync has taken
 * an inherited copy over, a copy edited at the destination must show Ahead on both sides.
 * Same set-up as re-pair.test.ts "shows the inherited copies under the new sync before its first
 * full sync has taken them over", plus the source side.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, pageByTitle, pair, settingsOf } from '../support/replication';
import { entriesWithPrefix } from '../../src/platform/kvs-query';
import type { Actor } from '../../sandbox/confluence/site';
import type { Content } from '../../sandbox/confluence/model';

describe('re-pair: drift before the take-over, both sides', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  afterEach(() => env.host.close());
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });

  it('an inherited copy edited before its take-over shows Ahead at the source too', async () => {
    env = await startEmulatedSites();
    const call = bridgeCall(env.host);
    const settings = (s: EmulatedSite) => settingsOf(env.host, s);
    const page = (s: EmulatedSite, title: string) => pageByTitle(s.site, s.spaceId, title);
    const pageAction = (s: EmulatedSite, p: Content) =>
      env.host.openUiModule(s.installation, 'space-sync-page-action', s.admin, { type: 'confluence:contentAction', space: { id: s.spaceId, key: s.site.spaces.get(s.spaceId)!.key }, content: { id: p.id, type: p.type } });
    const status = async (s: EmulatedSite, title: string) => ((await call(pageAction(s, page(s, title)), 'pageSyncStatus')) as Array<{ status: string; state: string }>).filter((x) => x.state === 'active').map((x) => x.status);
    const live = async (s: EmulatedSite) => ((await call(settings(s), 'listSyncs')) as Array<{ id: string; state: string }>).find((x) => x.state === 'active')!.id;

    const guide = env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Start here.</p>' });
    env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Setup', body: '<p>Install.</p>', parentId: guide.id });
    await pair(env.host, { site: env.source }, { site: env.dest });
    await call(settings(env.source), 'changePair', { syncId: await live(env.source), action: 'unpair' });
    await env.host.settled();

    const created = await call(settings(env.source), 'createSync', { name: 'Again' });
    const { token } = await call(settings(env.source), 'issueToken', { syncId: created.id });
    await call(settings(env.dest), 'importToken', { token });
    // The first full sync has not reached these pages yet (a large space): the source's outbound
    // worker stops at its first call while this is set, so nothing is sent or recorded.
    let stopped = true;
    const forgeFetch = env.host.forgeFetch.bind(env.host);
    env.host.forgeFetch = async (invocation, descriptor, path, init) => {
      if (stopped && invocation.installation.id === env.source.installation.id && invocation.functionKey === 'outbound-worker') throw new Error('stopped by the audit test');
      return forgeFetch(invocation, descriptor, path, init);
    };
    await env.host.settled();
    stopped = false;

    const ownDest = await env.host.runInInvocation(env.dest.installation, async () => (await entriesWithPrefix<unknown>('map:')).map((e) => e.key));
    const ownSource = await env.host.runInInvocation(env.source.installation, async () => (await entriesWithPrefix<{ status: string }>('sent:')).map((e) => `${e.key}=${e.value.status}`));
    console.log('dest map records', JSON.stringify(ownDest), '\nsource sent records', JSON.stringify(ownSource));
    console.log('before edit: source', await status(env.source, 'Guide'), 'dest', await status(env.dest, 'Guide'));

    const copy = page(env.dest, 'Guide');
    env.dest.site.updatePage(as(env.dest), copy.id, { type: 'page', title: copy.title, body: '<p>Edited before the take-over.</p>', status: 'current', version: copy.version.number + 1 });
    await env.host.settled();
    const after = { source: await status(env.source, 'Guide'), dest: await status(env.dest, 'Guide') };
    console.log('after edit', JSON.stringify(after));
    expect(after).toEqual({ source: ['ahead'], dest: ['ahead'] });
  });
});
