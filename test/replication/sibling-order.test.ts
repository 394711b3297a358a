/**
 * Copies stand in their originals' sibling order. The parallel full sync makes many copies at
 * once and Confluence puts each new page last, so the copy's tree came out in whatever order the
 * creates landed. After the full sync the source sends each parent's pages in order and the
 * destination moves the fewest copies (sibling-order.ts). Whether a move writes a page version is
 * UNCONFIRMED: under both answers no copy may read as edited afterwards.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, expectedCopy, HOST_MODES, pageByTitle, pair, settingsOf, spaceView } from '../support/replication';
import { generateSpace } from '../../sandbox/confluence/seed';
import type { Actor, ConfluenceSite } from '../../sandbox/confluence/site';
import type { Content } from '../../sandbox/confluence/model';

/** Each page's children by title, in the order the page tree shows them. */
function treeOrder(site: ConfluenceSite, spaceId: string): Record<string, string[]> {
  const space = site.spaces.get(spaceId)!;
  const out: Record<string, string[]> = {};
  const walk = (id: string, name: string) => {
    const children = site.treeChildren(id);
    if (children.length) out[name] = children.map((c) => c.title);
    for (const c of children) walk(c.id, c.title);
  };
  walk(space.homepageId, '(home)');
  return out;
}

describe.each(HOST_MODES)('copies stand in the source’s sibling order%s', (_mode, hostOptions) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const call = (token: string, fn: string, payload?: unknown) => bridgeCall(env.host)(token, fn, payload);
  /** The source syncs the generated space, the destination its own. */
  let sourceSpace = '';
  const spaceOf = (s: EmulatedSite) => (s === env.source ? sourceSpace : s.spaceId);
  const settings = (s: EmulatedSite) => settingsOf(env.host, s, spaceOf(s));
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.admin });
  const pageAction = (s: EmulatedSite, p: Content) =>
    env.host.openUiModule(s.installation, 'space-sync-page-action', s.admin, { type: 'confluence:contentAction', space: { id: spaceOf(s), key: s.site.spaces.get(spaceOf(s))!.key }, content: { id: p.id, type: p.type } });
  const statusOn = async (s: EmulatedSite, p: Content) => (await call(pageAction(s, p), 'pageSyncStatus'))[0].status as string;
  const activity = async (s: EmulatedSite) => {
    const [sync] = await call(settings(s), 'listSyncs');
    return (await call(settings(s), 'syncDetails', { syncId: sync.id })).activity as Array<{ outcome: string; cause: string; detail?: string }>;
  };
  const moves = () => env.dest.emulator.meter.byOperation.get('movePage')?.requests ?? 0;
  const listings = () => ['getPageDirectChildren', 'getFolderDirectChildren'].reduce((n, op) => n + (env.dest.emulator.meter.byOperation.get(op)?.requests ?? 0), 0);

  afterEach(async () => {
    expect(env.source.emulator.contract.violations).toEqual([]);
    expect(env.dest.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  async function pairWideSpace(): Promise<string> {
    let spaceId = '';
    env.source.site.muted(() => {
      // 24 pages under the home page, then 16 under each of the first pages.
      ({ spaceId } = generateSpace(env.source.site, 'ORD', 72, 24));
      sourceSpace = spaceId;
      env.source.site.grant(env.source.site.spaces.get(spaceId)!, env.source.admin, ['read', 'write', 'administer']);
    });
    await pair(env.host, { site: env.source, spaceId }, { site: env.dest });
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(expectedCopy(spaceView(env.source.site, spaceId)));
    return spaceId;
  }

  it('after a full sync of wide levels made many at once, with the fewest moves, logged once', async () => {
    env = await startEmulatedSites(hostOptions);
    const spaceId = await pairWideSpace();
    const source = treeOrder(env.source.site, spaceId);
    expect(source['(home)']).toHaveLength(24);
    expect(treeOrder(env.dest.site, env.dest.spaceId)).toEqual(source);
    const moved = moves();
    expect(moved).toBeLessThan(72); // never more than one move a page, and none for those in order
    // How the copies stood came from the positions their creates were answered with: no parent was listed.
    expect(listings()).toBe(0);
    // And the source's order came from the full sync's own listing, kept in its plan: it did not list its pages again.
    const requests = env.host.log.of('product');
    const lastCreate = requests.map((r) => r.installationId === env.dest.installation.id && r.method === 'POST' && r.path.startsWith('/wiki/api/v2/pages')).lastIndexOf(true);
    const pageListings = requests.map((r, i) => ({ r, i })).filter(({ r }) => r.installationId === env.source.installation.id && r.path.startsWith(`/wiki/api/v2/spaces/${spaceId}/pages`));
    expect(pageListings.length).toBeGreaterThan(0);
    expect(pageListings.filter(({ i }) => i > lastCreate)).toEqual([]);
    const lines = (await activity(env.source)).filter((a) => a.cause === 'page order');
    expect(lines).toEqual(moved ? [expect.objectContaining({ outcome: 'reordered', detail: `${moved === 1 ? '1 copy was' : `${moved} copies were`} moved to stand in the same order as the original pages.` })] : []);
    // The app's own moves are no edits of the copies: every page reads Synced on both sides.
    for (const title of source['(home)'].slice(0, 6)) {
      expect(await statusOn(env.source, pageByTitle(env.source.site, spaceId, title))).toBe('synced');
      expect(await statusOn(env.dest, pageByTitle(env.dest.site, env.dest.spaceId, title))).toBe('synced');
    }

    // "Re-sync everything" puts back an order someone changed at the copy, moving only that page.
    const home = treeOrder(env.dest.site, env.dest.spaceId)['(home)'];
    const [first, , third] = home.map((t) => pageByTitle(env.dest.site, env.dest.spaceId, t));
    env.dest.site.movePage(as(env.dest), first.id, 'after', third.id);
    expect(treeOrder(env.dest.site, env.dest.spaceId)).not.toEqual(source);
    const before = moves();
    const [sync] = await call(settings(env.source), 'listSyncs');
    await call(settings(env.source), 'resyncEverything', { syncId: sync.id });
    await env.host.settled();
    expect(treeOrder(env.dest.site, env.dest.spaceId)).toEqual(source);
    expect(moves() - before).toBe(1);
  }, 180_000);

  it('a second order pass after the first moves nothing: the copies it moved no longer claim their creates’ positions', async () => {
    env = await startEmulatedSites(hostOptions);
    const spaceId = await pairWideSpace();
    expect(moves()).toBeGreaterThan(0);
    const source = treeOrder(env.source.site, spaceId);
    const before = moves();
    const [sync] = await call(settings(env.source), 'listSyncs');
    await call(settings(env.source), 'resyncEverything', { syncId: sync.id });
    await env.host.settled();
    expect(treeOrder(env.dest.site, env.dest.spaceId)).toEqual(source);
    expect(moves()).toBe(before);
    expect(listings()).toBeGreaterThan(0);
  }, 180_000);

  it('where a move writes a page version (UNCONFIRMED), takes that version as the app’s own, moves no more, and an edit of the original still arrives', async () => {
    env = await startEmulatedSites(hostOptions);
    const spaceId = await pairWideSpace();
    // Someone moves a copy out of place (a move that writes no version, so it is no edit)...
    const home = treeOrder(env.dest.site, env.dest.spaceId)['(home)'];
    const [first, second, third] = home.map((t) => pageByTitle(env.dest.site, env.dest.spaceId, t));
    env.dest.site.movePage(as(env.dest), first.id, 'after', third.id);
    env.dest.site.movePage(as(env.dest), second.id, 'after', first.id);
    // ...and from now on this site writes a version with each move.
    env.dest.site.moveWritesVersion = 'yes';
    const versions = new Map([first, second, third].map((c) => [c.id, c.version.number]));
    const before = moves();
    const [sync] = await call(settings(env.source), 'listSyncs');
    await call(settings(env.source), 'resyncEverything', { syncId: sync.id });
    await env.host.settled();
    expect(moves() - before).toBe(1); // the first move wrote a version: no second one
    const moved = [first, second, third].map((c) => env.dest.site.contents.get(c.id)!).filter((c) => c.version.number > versions.get(c.id)!);
    expect(moved).toHaveLength(1);
    const [copy] = moved;
    expect(await statusOn(env.dest, copy)).toBe('synced');
    const original = pageByTitle(env.source.site, spaceId, copy.title);
    env.source.site.updatePage(as(env.source), original.id, { type: 'page', title: original.title, body: '<p>Edited after the order was set.</p>', status: 'current', version: original.version.number + 1 });
    await env.host.settled();
    expect(env.dest.site.contents.get(copy.id)!.body).toBe('<p>Edited after the order was set.</p>');
    expect(await statusOn(env.source, pageByTitle(env.source.site, spaceId, copy.title))).toBe('synced');
    expect(await statusOn(env.dest, copy)).toBe('synced');
  }, 180_000);
});
