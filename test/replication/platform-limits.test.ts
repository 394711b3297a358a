/**
 * What replication asks of the platform's own limits: a peer message costs no web-trigger URL
 * lookup after the first per installation (each `getUrl` is a round trip, limited to 1,000 a
 * minute per app, environment and site).
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { expectedCopy, pair, spaceView } from '../support/replication';
import type { Actor } from '../../sandbox/confluence/site';

describe('replication within the platform limits', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });

  beforeEach(async () => {
    env = await startEmulatedSites();
  });
  afterEach(() => env.host.close());

  it('looks its own inbox URL up no more once a message has gone through, however many a full sync and its edits send', async () => {
    const pages = Array.from({ length: 20 }, (_, i) => env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: `Page ${i}`, body: `<p>${i}</p>` }));
    await pair(env.host, { site: env.source }, { site: env.dest });
    const lookupsOf = (s: EmulatedSite) => env.host.log.of('web-trigger-url').filter((e) => e.installationId === s.installation.id).length;
    const afterPairing = [lookupsOf(env.source), lookupsOf(env.dest)];
    // Creating the sync, issuing and importing its token read the URL before any message went through.
    expect(Math.max(...afterPairing)).toBeLessThanOrEqual(4);
    for (const [i, page] of pages.slice(0, 10).entries()) {
      env.source.site.updatePage(as(env.source), page.id, { type: 'page', title: page.title, body: `<p>${i}, edited</p>`, status: 'current', version: 2 });
    }
    await env.host.settled();
    // The full sync sends its items in batches (apply-batcher.ts); edits sent one at a time make the many messages.
    for (const [i, page] of pages.entries()) {
      const current = env.source.site.contents.get(page.id)!;
      env.source.site.updatePage(as(env.source), page.id, { type: 'page', title: page.title, body: `<p>${i}, edited again</p>`, status: 'current', version: current.version.number + 1 });
    }
    await env.host.settled();
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(expectedCopy(spaceView(env.source.site, env.source.spaceId)));
    const messages = env.host.log.of('web-trigger').length;
    expect(messages).toBeGreaterThan(30);
    // The full sync of 20 pages and thirty edits sent every message without another lookup.
    expect([lookupsOf(env.source), lookupsOf(env.dest)]).toEqual(afterPairing);
  });
});
