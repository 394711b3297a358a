/**
 * Audit (issue 15, Done when: "the counts equal to what the spaces really hold") for re-pairing:
 * re-pair.test.ts asserts no counts. After a re-pair (plain, and with a page trashed while
 * unpaired), the dashboard's numbers on both sides against the spaces.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, HOST_MODES, pageByTitle, pair, settingsOf } from '../support/replication';
import type { Actor } from '../../sandbox/confluence/site';

describe.each(HOST_MODES.slice(0, 1))('re-pair counts%s', (_mode, hostOptions) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  afterEach(() => env.host.close());
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });

  it.each(['plain', 'trashed while unpaired', 'trashed while paired (control)'] as const)('%s: counts equal what the spaces hold', async (kind) => {
    env = await startEmulatedSites(hostOptions);
    const call = bridgeCall(env.host);
    const settings = (s: EmulatedSite) => settingsOf(env.host, s);
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
    const src = (await live(env.source)).overview;
    const dst = (await live(env.dest)).overview;
    const details = async (s: EmulatedSite) => (await call(settings(s), 'syncDetails', { syncId: (await live(s)).id })).counts;
    console.log(kind, { originals, copies }, JSON.stringify({ src, dst, srcCounts: await details(env.source), dstCounts: await details(env.dest) }));
    expect(copies).toBe(originals);
    expect(src).toMatchObject({ synced: originals, ahead: 0, failed: 0 });
    expect(dst).toMatchObject({ synced: copies, ahead: 0, failed: 0 });
  });
});
