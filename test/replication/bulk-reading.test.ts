import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { generateSpace } from '../../sandbox/confluence/seed';
import type { Actor } from '../../sandbox/confluence/site';
import { sourceContent } from '../../src/confluence/pages';
import { bulkSource } from '../../src/confluence/bulk-snapshots';
import { chunksOf, READING_CHUNK, type ReadingCovers } from '../../src/replication/bulk-reading';
import { snapshotHash, treeOrder, NODE_KINDS, type PageSnapshot } from '../../src/replication/snapshot';
import type { PlanItem } from '../../src/replication/ports';

/**
 * The full sync reads a space in bulk (src/confluence/space-reading.ts, bulk-snapshots.ts); each
 * page's snapshot must be the one a per-page read gives (src/confluence/pages.ts snapshot). Both
 * readings of a generated space with labels, footer comments with replies, inline comments with
 * a reply, attachments, folders, a page with more than 50 labels and blog posts are compared item
 * by item, and again with each UNCONFIRMED listing behaviour the other way round.
 */
describe('reading a space in bulk', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let s: EmulatedSite;
  let spaceId: string;
  const parts = { labels: true, comments: true, attachments: true };

  beforeEach(async () => {
    env = await startEmulatedSites();
    s = env.source;
    s.site.muted(() => {
      ({ spaceId } = generateSpace(s.site, 'BULK', 200));
      const owner: Actor = { kind: 'user', accountId: 'gen-bulk-owner' };
      s.site.grant(s.site.spaces.get(spaceId)!, s.site.appAccountId, ['read', 'write']);
      const home = s.site.spaces.get(spaceId)!.homepageId;
      const folder = s.site.createNode(owner, { type: 'folder', spaceId, title: 'Runbooks', parentId: home });
      const inFolder = s.site.createPage(owner, { type: 'page', spaceId, title: 'In a folder', body: '<p>Kept in a folder.</p>', parentId: folder.id });
      s.site.createNode(owner, { type: 'whiteboard', spaceId, title: 'Board', parentId: inFolder.id });
      s.site.addLabels(owner, inFolder.id, Array.from({ length: 55 }, (_, i) => `many-${i}`));
      s.site.addLabels(owner, inFolder.id, ['mine'], 'my');
      const inline = s.site.createComment(owner, { containerId: inFolder.id, body: '<p>Why here?</p>', inline: { textSelection: 'Kept', textSelectionMatchCount: 1, textSelectionMatchIndex: 0 } });
      s.site.createComment(owner, { parentCommentId: inline.id, body: '<p>Because.</p>' });
      const reply = s.site.contents.ofType('footer-comment').find((c) => c.parentCommentId && c.spaceId === spaceId)!;
      s.site.createComment(owner, { parentCommentId: reply.id, body: '<p>A reply to a reply.</p>' });
      const post = s.site.createPage(owner, { type: 'blogpost', spaceId, title: 'News', body: '<p>News.</p>' });
      s.site.addLabels(owner, post.id, ['topic-1', 'news']);
      s.site.createComment(owner, { containerId: post.id, body: '<p>Nice.</p>' });
      s.site.upload(owner, post.id, { name: 'news.txt', mediaType: 'text/plain', data: Buffer.from('news'), comment: '', minorEdit: true }, 'create');
      // Another space on the site: its comments, files and labels are in the site-wide listings too.
      const other = generateSpace(s.site, 'ELSE', 20);
      s.site.grant(s.site.spaces.get(other.spaceId)!, s.site.appAccountId, ['read', 'write']);
    });
  });
  afterEach(async () => {
    expect(s.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  /** Every planned item read per page, then in bulk, as the full sync would; with what the bulk reading covered. */
  async function bothReadings() {
    return env.host.runInInvocation(s.installation, async () => {
      const info = await sourceContent.space(spaceId);
      const space = { id: spaceId, ...info };
      const listed = await sourceContent.list(spaceId, ['page', 'blogpost', ...NODE_KINDS]);
      const items: PlanItem[] = treeOrder(listed.filter((i) => i.id !== info.homepageId)).map((i) => ({ id: i.id, kind: i.kind }));
      const perPage = new Map<string, PageSnapshot | undefined>();
      const start = s.emulator.meter.requests;
      for (const item of items) perPage.set(item.id, await sourceContent.snapshot(item.id, item.kind, space, parts));
      const before = s.emulator.meter.requests;
      const reading = await bulkSource.readParts(space, items, parts);
      const chunks = chunksOf('run', items, reading, () => true);
      const bulk = new Map<string, PageSnapshot>();
      for (let i = 0; i < chunks.length; i++) {
        for (const [id, snap] of await bulkSource.snapshots(items.slice(i * READING_CHUNK, (i + 1) * READING_CHUNK), space, parts, chunks[i])) bulk.set(id, snap);
      }
      return { items, perPage, bulk, covers: reading.covers, perPageRequests: before - start, bulkRequests: s.emulator.meter.requests - before };
    });
  }

  function expectSame(r: Awaited<ReturnType<typeof bothReadings>>, covers: ReadingCovers) {
    expect(r.covers).toEqual(covers);
    const containers = r.items.filter((i) => i.kind === 'page' || i.kind === 'blogpost');
    expect(containers.length).toBeGreaterThan(200);
    for (const item of containers) {
      const perPage = r.perPage.get(item.id);
      expect({ id: item.id, snapshot: r.bulk.get(item.id) }).toEqual({ id: item.id, snapshot: perPage });
      expect(snapshotHash(r.bulk.get(item.id)!)).toBe(snapshotHash(perPage!));
    }
    // What the space holds is in the comparison: labels past 50, replies to replies, inline replies, files on a blog post.
    const all = [...r.bulk.values()];
    expect(all.some((p) => p.labels.length > 50)).toBe(true);
    expect(all.some((p) => p.kind === 'blogpost' && p.labels.length === 2 && p.attachments?.length === 1 && p.comments?.length === 1)).toBe(true);
    expect(all.some((p) => p.comments?.some((c) => c.location === 'inline' && c.parentSourceId))).toBe(true);
    expect(all.filter((p) => p.comments?.some((c) => c.parentSourceId && p.comments?.some((d) => d.parentSourceId === c.sourceId))).length).toBe(1);
    expect(all.some((p) => p.parentSourceId && r.items.find((i) => i.id === p.parentSourceId)?.kind === 'folder')).toBe(true);
    expect(r.items.filter((i) => i.kind === 'folder' || i.kind === 'whiteboard').map((i) => i.kind)).toEqual(['folder', 'whiteboard']);
  }

  it('gives each page and blog post the snapshot a per-page read gives, in a few requests', async () => {
    const r = await bothReadings();
    expectSame(r, { labels: true, comments: true, attachments: true });
    // Each page and blog post read by id once (body, labels and the look's properties together)
    // and its content state (v1, per page: main's appearance): two requests each. The parts come
    // from listings: two for each of the 63 labels (pages, blog posts), two of comments, one of
    // files; and the page with more than 50 labels lists its own. The per-page read needs three
    // part listings more per page.
    const containers = r.items.filter((i) => i.kind === 'page' || i.kind === 'blogpost').length;
    expect(r.bulkRequests).toBeLessThanOrEqual(2 * containers + 2 + 63 * 2 + 2 + 1 + 1);
    expect(r.perPageRequests).toBeGreaterThan(5 * 200);
  });

  it('gives the same snapshots when the site-wide comment listings leave replies out (UNCONFIRMED), reading replies per comment', async () => {
    s.site.siteCommentListing = 'top-level';
    expectSame(await bothReadings(), { labels: true, comments: true, attachments: true });
  });

  it('gives the same snapshots when the space label listing shows global labels too (UNCONFIRMED)', async () => {
    s.site.spaceContentLabels = 'all';
    expectSame(await bothReadings(), { labels: true, comments: true, attachments: true });
  });

  it('reads labels with each page when there are as many labels to list as pages, with the same snapshots', async () => {
    s.site.muted(() => {
      const owner: Actor = { kind: 'user', accountId: 'gen-bulk-owner' };
      const pages = s.site.contents.inSpace(spaceId, 'page');
      for (const [i, p] of pages.entries()) s.site.addLabels(owner, p.id, [`own-${i}`]);
    });
    expectSame(await bothReadings(), { labels: false, comments: true, attachments: true });
  });

  it('reads comments and files per page when the site holds far more of them elsewhere than this space has pages, with the same snapshots', async () => {
    s.site.muted(() => {
      const big = s.site.createSpace('BIG', 'Big', [s.admin]);
      const page = s.site.createPage({ kind: 'user', accountId: s.admin }, { type: 'page', spaceId: big.id, title: 'Busy', body: '<p>Busy.</p>' });
      for (let i = 0; i < 300; i++) {
        s.site.createComment({ kind: 'user', accountId: s.admin }, { containerId: page.id, body: `<p>${i}</p>` });
        s.site.upload({ kind: 'user', accountId: s.admin }, page.id, { name: `f${i}.txt`, mediaType: 'text/plain', data: Buffer.from(String(i)), comment: '', minorEdit: true }, 'create');
      }
    });
    expectSame(await bothReadings(), { labels: true, comments: false, attachments: false });
  });
});
