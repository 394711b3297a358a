/**
 * Replication on what real Confluence does where our first picture of it was wrong: downloads
 * that redirect to the media host on another origin (under both plausible Forge behaviours),
 * pages with more labels than `include-labels` shows, att-prefixed attachment ids, and titles
 * that clash only case-insensitively.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { expectedCopy, pageByTitle, pair, spaceView } from '../support/replication';
import { mediaHost } from '../../sandbox/confluence/media-host';
import type { Actor } from '../../sandbox/confluence/site';

describe.each(['follow', 'return'] as const)('replication on real Confluence shapes (the platform %ss a cross-origin redirect)', (productRedirects) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const source = () => spaceView(env.source.site, env.source.spaceId);
  const copy = () => spaceView(env.dest.site, env.dest.spaceId);
  const createPage = (s: EmulatedSite, title: string, body: string) => s.site.createPage(as(s), { type: 'page', spaceId: s.spaceId, title, body });

  beforeEach(async () => {
    env = await startEmulatedSites({ productRedirects });
  });
  afterEach(() => env.host.close());

  it('downloads att… attachments through the media host, with no site credential on the hop', async () => {
    const guide = createPage(env.source, 'Guide', '<p>See the map.</p>');
    const file = env.source.site.upload(as(env.source), guide.id, { name: 'map.png', mediaType: 'image/png', data: Buffer.from('map bytes'), comment: '', minorEdit: true }, 'createOrUpdate');
    expect(file.id).toMatch(/^att\d+$/);
    const served = mediaHost.served;
    await pair(env.host, { site: env.source }, { site: env.dest });
    expect(copy()).toEqual(expectedCopy(source()));
    expect(mediaHost.served).toBe(served + 1);
    const hops = env.host.log.entries.filter((e) => e.kind === 'egress' && String(e.url).startsWith('https://api.media.atlassian.com/file/'));
    expect(hops).toHaveLength(1);
    expect(hops[0]).toMatchObject({ allowed: true });

    // A newer version, and then the file trashed: the copy follows (the delete sends the number, as v2 declares).
    env.source.site.upload(as(env.source), guide.id, { name: 'map.png', mediaType: 'image/png', data: Buffer.from('map bytes, v2'), comment: '', minorEdit: true }, 'createOrUpdate');
    await env.host.settled();
    expect(copy()).toEqual(expectedCopy(source()));
    env.source.site.deleteAttachment(as(env.source), file.id, false);
    await env.host.settled();
    expect(copy()['page:Guide'].files).toEqual([]);
    expect(env.dest.emulator.contract.violations).toEqual([]);
  });

  it('copies all 60 labels of a page (include-labels shows 50) and removes only the one removed at the source', async () => {
    const guide = createPage(env.source, 'Guide', '<p>Labelled.</p>');
    const names = Array.from({ length: 60 }, (_, i) => `topic-${String(i).padStart(2, '0')}`);
    env.source.site.addLabels(as(env.source), guide.id, names);
    await pair(env.host, { site: env.source }, { site: env.dest });
    expect(copy()['page:Guide'].labels).toEqual(names);

    // A body edit: the destination reads its copy's labels too, and must not drop the ten it cannot see at first.
    env.source.site.updatePage(as(env.source), guide.id, { type: 'page', title: 'Guide', body: '<p>Labelled, again.</p>', status: 'current', version: 2 });
    await env.host.settled();
    expect(copy()['page:Guide'].labels).toEqual(names);

    env.source.site.removeLabel(as(env.source), guide.id, 'topic-57');
    await env.host.settled();
    expect(copy()).toEqual(expectedCopy(source()));
    expect(copy()['page:Guide'].labels).toHaveLength(59);
  });

  it('waits out a 429 whose Retry-After is 9223372036854775807 (confluence-real row 74) and the full sync completes', async () => {
    createPage(env.source, 'Guide', '<p>Start here.</p>');
    createPage(env.source, 'Setup', '<p>Then this.</p>');
    // The full sync's read of a page by id (bulk-snapshots.ts, the call it makes for every page) meets the 429.
    // Set before pairing: the full sync may start before the import's answer is back, and pairing reads no page by id.
    env.source.emulator.beforeNext('getPageById', () => env.source.emulator.meter.injectBurst(1, 9223372036854775807));
    const syncId = await pair(env.host, { site: env.source }, { site: env.dest });
    expect(env.host.log.of('product').filter((r) => r.status === 429)).toHaveLength(1);
    // Re-queued 900 s later (the most a push may ask), with no consumer falling over on the way.
    expect(env.host.log.of('queue-delivery').some((d) => d.delaySeconds === 900)).toBe(true);
    expect(env.host.log.of('invocation').filter((i) => i.outcome === 'error')).toEqual([]);
    expect(copy()).toEqual(expectedCopy(source()));
    const progress = await env.host.runInInvocation(env.source.installation, async () => (await import('../../src/platform/kvs-full-sync-store')).kvsFullSyncStore.progress(syncId));
    expect(progress).toMatchObject({ state: 'complete', failedCount: 0 });
  });

  it('copies global labels only: a person’s my: label stays theirs (confluence-real row 56)', async () => {
    const guide = createPage(env.source, 'Guide', '<p>Labelled.</p>');
    env.source.site.addLabels(as(env.source), guide.id, ['runbook']);
    env.source.site.addLabels(as(env.source), guide.id, ['favourite'], 'my');
    await pair(env.host, { site: env.source }, { site: env.dest });
    expect(source()['page:Guide'].labels).toEqual(['my:favourite', 'runbook']);
    expect(copy()['page:Guide'].labels).toEqual(['runbook']);

    // A label event for the personal label sends nothing new; a global one still arrives.
    env.source.site.addLabels(as(env.source), guide.id, ['later'], 'my');
    env.source.site.addLabels(as(env.source), guide.id, ['tier-1']);
    await env.host.settled();
    expect(copy()['page:Guide'].labels).toEqual(['runbook', 'tier-1']);
    expect(env.dest.emulator.contract.violations).toEqual([]);
    expect(env.source.emulator.contract.violations).toEqual([]);
  });

  it('reports a file larger than a transfer carries as FAILED without downloading it', async () => {
    const guide = createPage(env.source, 'Guide', '<p>See the video.</p>');
    const file = env.source.site.upload(as(env.source), guide.id, { name: 'walkthrough.mp4', mediaType: 'video/mp4', data: Buffer.from('stand-in bytes'), comment: '', minorEdit: true }, 'createOrUpdate');
    (file.attachment as { fileSize: number }).fileSize = 200 * 2 ** 20; // what the listing says of a 200 MiB file
    const served = mediaHost.served;
    const syncId = await pair(env.host, { site: env.source }, { site: env.dest });
    expect(mediaHost.served).toBe(served);
    const store = async () => (await import('../../src/platform/kvs-full-sync-store')).kvsFullSyncStore;
    const progress = await env.host.runInInvocation(env.source.installation, async () => (await store()).progress(syncId));
    expect(progress).toMatchObject({ state: 'incomplete', failedCount: 1 });
    const failures = await env.host.runInInvocation(env.source.installation, async () => (await store()).failures(syncId, progress?.startedAt ?? '', 10));
    expect(failures).toEqual([{ sourceId: guide.id, reason: expect.stringMatching(/walkthrough\.mp4” is larger than the \d+ MiB/) }]);
  });

  it('fits a clashing copy’s title, key added, in 255 characters', async () => {
    const long = `Runbook ${'x'.repeat(247)}`;
    expect(long).toHaveLength(255);
    createPage(env.dest, long, '<p>Partner page.</p>');
    createPage(env.source, long, '<p>Ours.</p>');
    await pair(env.host, { site: env.source }, { site: env.dest });
    const copied = [...env.dest.site.contents.values()].find((c) => c.body === '<p>Ours.</p>');
    expect(copied?.title).toBe(`${long.slice(0, 249)} (ENG)`);
    expect(copied?.title).toHaveLength(255);
  });

  it('never takes over a page whose title differs only in case (title= and the clash check are case-insensitive)', async () => {
    const theirs = createPage(env.dest, 'guide', '<p>Partner guide.</p>');
    createPage(env.source, 'Guide', '<p>Start here.</p>');
    await pair(env.host, { site: env.source }, { site: env.dest });
    expect(env.dest.site.contents.get(theirs.id)).toMatchObject({ title: 'guide', body: '<p>Partner guide.</p>' });
    expect(pageByTitle(env.dest.site, env.dest.spaceId, 'Guide (ENG)').body).toBe('<p>Start here.</p>');
  });
});
