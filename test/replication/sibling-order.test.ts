/**
 * Copies keep their siblings' order: the parallel full sync makes many copies at once, and
 * Confluence puts each new page last, so without placing them the copy's page tree came out in
 * whatever order the creates landed (and differently each run). Two emulated sites in both host
 * modes; the order is compared level by level.
 */
import { startEmulatedSites } from '../support/emulated-sites';
import { expectedCopy, HOST_MODES, pair, spaceView } from '../support/replication';
import { generateSpace } from '../../sandbox/confluence/seed';
import type { ConfluenceSite } from '../../sandbox/confluence/site';

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
  afterEach(async () => {
    expect(env.source.emulator.contract.violations).toEqual([]);
    expect(env.dest.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  it('after a full sync of wide levels made many at once', async () => {
    env = await startEmulatedSites(hostOptions);
    let spaceId = '';
    env.source.site.muted(() => {
      // 24 pages under the home page, then 16 under each of the first pages.
      ({ spaceId } = generateSpace(env.source.site, 'ORD', 72, 24));
      env.source.site.grant(env.source.site.spaces.get(spaceId)!, env.source.admin, ['read', 'write', 'administer']);
    });
    await pair(env.host, { site: env.source, spaceId }, { site: env.dest });
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(expectedCopy(spaceView(env.source.site, spaceId)));
    const source = treeOrder(env.source.site, spaceId);
    expect(source['(home)']).toHaveLength(24);
    expect(treeOrder(env.dest.site, env.dest.spaceId)).toEqual(source);
  }, 120_000);
});
