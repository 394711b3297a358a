/**
 * Audit (issue 15, "Reconcile finds every missed change"): a comment deleted at the source with its
 * event lost, (a) in a sync without blog posts (README: the parts census is left out there), and
 * (b) as reconcile-missed-changes.test.ts does it, with the cost of the catch-up it takes.
 */
import { startEmulatedSites } from '../support/emulated-sites';
import { expectedCopy, pair } from '../support/replication';
import { missedChangesView, MISS_OWNER, seedMissSpace } from '../support/missed-changes';

describe('the reconcile and a comment deleted without its event', () => {
  const world: { env?: Awaited<ReturnType<typeof startEmulatedSites>>; spaceId?: string } = {};
  const { src, copy, source, thread, reconcile } = missedChangesView(world);
  afterEach(() => world.env?.host.close());

  it.each([
    ['blog posts not synced', { blogPosts: false }],
    ['default options', {}],
  ] as const)('%s: repaired by the hourly reconcile within three runs', async (_name, options) => {
    const env = (world.env = await startEmulatedSites());
    const spaceId = (world.spaceId = seedMissSpace(env));
    await pair(env.host, { site: env.source, spaceId }, { site: env.dest }, options);
    await reconcile();
    const unchanged = await reconcile();
    src().muted(() => src().deleteComment(MISS_OWNER, thread(10).id, 'footer-comment'));
    expect(copy()).not.toEqual(expectedCopy(source()));
    const runs = [];
    for (let run = 0; run < 3 && JSON.stringify(copy()) !== JSON.stringify(expectedCopy(source())); run++) runs.push(await reconcile());
    console.log(_name, JSON.stringify({ unchanged, runs }));
    expect(copy()).toEqual(expectedCopy(source()));
  }, 120_000);
});
