/**
 * The source reads a page's status (v1 content state, a request and two points a page) only
 * where the page may have one: once a page with a status has shown that the site keeps it as the
 * property `content-state-published`, a page whose properties show none is not asked. Whether
 * v2's property reads show it, and whether it goes with the status, is UNCONFIRMED
 * (ConfluenceSite.stateProperty), so each outcome is run: every status still arrives, follows
 * changes and removals, and nothing is skipped before the site has shown where it keeps them.
 */
import { startEmulatedSites } from '../support/emulated-sites';
import { expectedCopy, pageByTitle, pair, spaceView } from '../support/replication';
import type { Actor } from '../../sandbox/confluence/site';
import type { Content } from '../../sandbox/confluence/model';

const REVIEW = { name: 'In review', color: '#ff7452' };
const READY = { name: 'Ready', color: '#57d9a3' };

describe.each(['shown', 'hidden', 'stale'] as const)('status reads where the site keeps statuses as properties: %s', (mode) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const src = () => env.source.site;
  const as = (): Actor => ({ kind: 'user', accountId: env.source.writer });
  const copyOf = (title: string) => pageByTitle(env.dest.site, env.dest.spaceId, title);
  const inSync = () => expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(expectedCopy(spaceView(src(), env.source.spaceId)));
  const page = (title: string, type: 'page' | 'blogpost' = 'page') => src().createPage(as(), { type, spaceId: env.source.spaceId, title, body: `<p>${title}.</p>` });
  const edit = (c: Content, body: string) => src().updatePage(as(), c.id, { type: c.type as 'page', title: c.title, body, status: 'current', version: src().contents.get(c.id)!.version.number + 1 });
  /** The source's status reads since `since` (v1 getContentState, as the app). */
  const statusReads = (since: number) =>
    env.host.log
      .of('product')
      .slice(since)
      .filter((r) => r.installationId === env.source.installation.id && r.method === 'GET' && /\/rest\/api\/content\/[^/]+\/state\?/.test(r.path)).length;
  const mark = () => env.host.log.of('product').length;

  beforeEach(async () => {
    env = await startEmulatedSites();
    src().stateProperty = mode;
    env.dest.site.stateProperty = mode;
  });
  afterEach(() => env.host.close());

  it('copies every status, then reads none for a page that shows none once the site has shown where it keeps them', async () => {
    const plan = page('Plan');
    src().setContentState(as(), plan.id, REVIEW);
    const news = page('News', 'blogpost');
    src().setContentState(as(), news.id, READY);
    const notes = [1, 2, 3, 4].map((n) => page(`Notes ${n}`));
    const since = mark();
    await pair(env.host, { site: env.source }, { site: env.dest });
    inSync();
    expect(copyOf('Plan').contentState).toMatchObject(REVIEW);
    expect(copyOf('News').contentState).toMatchObject(READY);
    // Each of the six is read once at most; where the site hides the property, every one is.
    const fullSyncReads = statusReads(since);
    if (mode === 'hidden') expect(fullSyncReads).toBe(6);
    else expect(fullSyncReads).toBeLessThanOrEqual(6);

    // An edit of a page with no status: read only where the site does not show statuses as properties.
    let before = mark();
    edit(notes[0], '<p>Notes, edited.</p>');
    await env.host.settled();
    inSync();
    expect(statusReads(before)).toBe(mode === 'hidden' ? 1 : 0);

    // A status set later arrives: setting it publishes a version, and the page now shows the property.
    src().setContentState(as(), notes[1].id, READY);
    await env.host.settled();
    inSync();
    expect(copyOf('Notes 2').contentState).toMatchObject(READY);

    // A status removed goes from the copy too. Where the property stays behind, the status is read and found gone.
    before = mark();
    src().removeContentState(as(), plan.id);
    await env.host.settled();
    inSync();
    expect(copyOf('Plan').contentState).toBeUndefined();
    expect(statusReads(before)).toBe(mode === 'shown' ? 0 : 1);
  });

  it('reads every page’s status while no page with one has shown where the site keeps them', async () => {
    const notes = [1, 2, 3].map((n) => page(`Notes ${n}`));
    const since = mark();
    await pair(env.host, { site: env.source }, { site: env.dest });
    inSync();
    expect(statusReads(since)).toBe(3);
    const before = mark();
    edit(notes[2], '<p>Notes, edited.</p>');
    await env.host.settled();
    expect(statusReads(before)).toBe(1);
    // A status set on a site that hides the property: found by the read every page still gets.
    src().setContentState(as(), notes[0].id, REVIEW);
    await env.host.settled();
    inSync();
    expect(copyOf('Notes 1').contentState).toMatchObject(REVIEW);
  });
});
