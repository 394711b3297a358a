import { startEmulatedSites } from '../support/emulated-sites';
import { expectedCopy, pair, spaceView } from '../support/replication';
import { generateSpace } from '../../sandbox/confluence/seed';
import type { Actor } from '../../sandbox/confluence/site';
import { FULL_EVERY_RUNS } from '../../src/replication/reconcile';

/**
 * The hourly reconcile of a space finds what events missed for a few points: what was modified
 * since its last run, and counts against what was sent; a full comparison when those disagree,
 * when something never sent was modified, and every FULL_EVERY_RUNS runs.
 */
describe('the reconcile, cheaply', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let spaceId: string;
  const owner: Actor = { kind: 'user', accountId: 'gen-rec-owner' };
  const src = () => env.source.site;
  const reconcile = async () => {
    const before = { requests: env.source.emulator.meter.requests, points: env.source.emulator.meter.points, listings: env.source.emulator.meter.byOperation.get('getPagesInSpace')?.requests ?? 0 };
    await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
    await env.host.settled();
    return { requests: env.source.emulator.meter.requests - before.requests, points: env.source.emulator.meter.points - before.points, listings: (env.source.emulator.meter.byOperation.get('getPagesInSpace')?.requests ?? 0) - before.listings };
  };
  const state = (syncId: string) => env.host.runInInvocation(env.source.installation, async () => (await import('../../src/platform/kvs-reconcile-state-store')).kvsReconcileStateStore.get(syncId));
  const page = (n: number) => src().contents.withTitle(spaceId, 'page', `REC page ${n}`)[0];
  let syncId: string;

  beforeEach(async () => {
    env = await startEmulatedSites();
    src().muted(() => {
      ({ spaceId } = generateSpace(src(), 'REC', 300));
      src().grant(src().spaces.get(spaceId)!, env.source.admin, ['read', 'write', 'administer']);
      // Written a day before the sync, as a space is.
      for (const c of src().contents.values()) for (const v of new Set([c.version, ...c.history])) v.createdAt = new Date(Date.parse(v.createdAt) - 86_400_000).toISOString();
    });
    syncId = await pair(env.host, { site: env.source, spaceId }, { site: env.dest });
  }, 120_000); // a 300-page full sync, on a loaded machine
  afterEach(async () => {
    expect(env.source.emulator.contract.violations).toEqual([]);
    expect(env.dest.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  it('costs an unchanged 300-page space a handful of points and writes nothing', async () => {
    const writes = env.host.log.of('product').filter((r) => r.method !== 'GET').length;
    const cost = await reconcile();
    expect(cost.listings).toBe(1); // the peek at the newest-modified pages, not the whole listing
    // The change peek and counts (4 requests, 14 points); the newest row of the site's footer-comment,
    // inline-comment and attachment listings (3 requests of one row, 2 points each: comment- and
    // file-only changes make no page version); and the label check: the space's labels (its
    // content labels, then the site's global ones: v2.json lists only my and team in the first)
    // and one CQL count per label (label-census.ts); and the parts census, a CQL count each of the
    // space's comments and attachments (parts-census.ts).
    const labels = new Set(src().contents.inSpace(spaceId, 'page').flatMap((p) => [...p.labels].filter((l) => !l.includes(':')))).size;
    expect(cost.requests).toBeLessThanOrEqual(4 + 3 + 2 + labels + 2);
    expect(cost.points).toBeLessThanOrEqual(15 + 3 * 2 + 2 + labels + labels + 2);
    expect(env.host.log.of('product').filter((r) => r.method !== 'GET').length).toBe(writes);
    expect((await state(syncId))?.runsSinceFull).toBe(1);
  });

  it('finds an edit whose event was missed, and a page made without an event (by comparing everything)', async () => {
    const p = page(7);
    src().muted(() => src().updatePage(owner, p.id, { type: 'page', title: p.title, body: '<p>Edited quietly.</p>', status: 'current', version: p.version.number + 1 }));
    const quiet = await reconcile();
    expect(quiet.listings).toBe(1);
    expect(spaceView(env.dest.site, env.dest.spaceId)['page:REC page 7'].body).toBe('<p>Edited quietly.</p>');

    src().muted(() => src().createPage(owner, { type: 'page', spaceId, title: 'Made quietly', body: '<p>New.</p>', parentId: page(3).id }));
    const full = await reconcile();
    expect(full.listings).toBeGreaterThan(1);
    expect(spaceView(env.dest.site, env.dest.spaceId)['page:Made quietly']?.parent).toBe('REC page 3');
    expect((await state(syncId))?.runsSinceFull).toBe(0);
  });

  it('pages that leave without an event (trashed with their parent): the copy follows, and the reconcile after writes nothing', async () => {
    // A parent with a few descendants: fewer than the mass-delete guard's 20, so nothing is held.
    const pages = src().contents.inSpace(spaceId, 'page');
    const under = (id: string): number => pages.filter((p) => p.parentId === id).reduce((n, p) => n + 1 + under(p.id), 0);
    const parent = pages.find((p) => p.title.startsWith('REC page') && under(p.id) >= 2 && under(p.id) < 20)!;
    src().trash(owner, parent.id, ['page']); // its children go to the trash with it, without events
    await env.host.settled();
    // The parent's event takes its copy's subtree along (the mass-delete guard counts it whole), so
    // the counts agree with the records again and the hourly run stays cheap.
    const writes = env.host.log.of('product').filter((r) => r.method !== 'GET').length;
    await reconcile();
    expect(env.host.log.of('product').filter((r) => r.method !== 'GET').length).toBe(writes);
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(expectedCopy(spaceView(src(), spaceId)));
  });

  it(`compares everything every ${FULL_EVERY_RUNS} runs`, async () => {
    await env.host.runInInvocation(env.source.installation, async () => (await import('../../src/platform/kvs-reconcile-state-store')).kvsReconcileStateStore.put(syncId, { watermark: new Date().toISOString(), runsSinceFull: FULL_EVERY_RUNS - 1 }));
    expect((await reconcile()).listings).toBeGreaterThan(1);
    expect((await reconcile()).listings).toBe(1);
  });

  it('compares everything while search does not count a synced smart link (UNCONFIRMED index), staying correct', async () => {
    src().createNode(owner, { type: 'embed', spaceId, title: 'Status', parentId: page(1).id, embedUrl: 'https://status.example.org/' });
    await env.host.settled();
    src().cqlFindsEmbeds = false;
    expect((await reconcile()).listings).toBeGreaterThan(1);
    src().cqlFindsEmbeds = true;
    expect((await reconcile()).listings).toBe(1);
  });
});

