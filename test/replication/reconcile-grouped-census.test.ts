/**
 * Where search's totals cannot be held to the records (a sync without blog posts: their comments
 * are counted and never recorded), a comment deleted without its event is still found: every
 * GROUPED_EVERY_RUNS runs the recorded items are counted in groups (src/domain/parts-locate.ts)
 * and only the pages of a group that differs are read.
 */
import { startEmulatedSites } from '../support/emulated-sites';
import { expectedCopy, HOST_MODES, pair } from '../support/replication';
import { missedChangesView, MISS_OWNER, seedMissSpace } from '../support/missed-changes';
import { GROUPED_EVERY_RUNS, LOCATE_LEAF } from '../../src/domain/parts-locate';

describe.each(HOST_MODES)('the grouped parts census%s', (_mode, hostOptions) => {
  const world: { env?: Awaited<ReturnType<typeof startEmulatedSites>>; spaceId?: string } = {};
  const { src, copy, source, thread, reconcile, activity } = missedChangesView(world);
  afterEach(() => world.env?.host.close());

  it('finds a comment deleted without its event in a sync without blog posts within its runs, reading a few pages, never the space', async () => {
    const env = (world.env = await startEmulatedSites(hostOptions));
    const spaceId = (world.spaceId = seedMissSpace(env));
    await pair(env.host, { site: env.source, spaceId }, { site: env.dest }, { blogPosts: false });
    await reconcile(); // the first run after the full sync is a full comparison
    src().muted(() => src().deleteComment(MISS_OWNER, thread(10).id, 'footer-comment'));
    expect(copy()).not.toEqual(expectedCopy(source()));
    const runs: Array<{ points: number; destWrites: number; pagesRead: number }> = [];
    for (let run = 0; run < GROUPED_EVERY_RUNS; run++) {
      const logged = env.host.log.of('product').length;
      const cost = await reconcile();
      const pagesRead = new Set(env.host.log.of('product').slice(logged).filter((r) => r.installationId === env.source.installation.id && r.method === 'GET').map((r) => /^\/wiki\/api\/v2\/pages\/(\d+)\?/.exec(r.path)?.[1]).filter(Boolean)).size;
      runs.push({ ...cost, pagesRead });
    }
    expect(copy()).toEqual(expectedCopy(source()));
    // One run in GROUPED_EVERY_RUNS counted the groups: it read one group of pages at most and
    // wrote the deletion (the comment and its reply); the others cost what an unchanged run does.
    const writing = runs.filter((r) => r.destWrites > 0);
    expect(writing).toHaveLength(1);
    expect(writing[0].destWrites).toBe(2);
    expect(writing[0].pagesRead).toBeGreaterThanOrEqual(1);
    expect(writing[0].pagesRead).toBeLessThanOrEqual(LOCATE_LEAF);
    expect(runs.filter((r) => r.pagesRead > 0)).toHaveLength(1);
    expect((await activity()).filter((e) => e.outcome === 'caught-up')).toEqual([]);
    // Afterwards the groups agree: the next counting run writes nothing.
    for (let run = 0; run < GROUPED_EVERY_RUNS; run++) expect((await reconcile()).destWrites).toBe(0);
  }, 180_000);
});
