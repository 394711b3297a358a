/**
 * The status tells the truth after a pause, an option switched off and on, and an edit on the
 * copy: the destination catches up with exactly what it lacks, both sides see a copy that is
 * AHEAD, and "Sync now" always ends in a visible outcome. Both spaces are compared item by item.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, expectedCopy, pageByTitle, pair, settingsOf, spaceView, HOST_MODES } from '../support/replication';
import type { Actor } from '../../sandbox/confluence/site';
import type { Content } from '../../sandbox/confluence/model';
import { inboxOf, postTo, signedBy, syncOf } from '../support/pairs';

describe.each(HOST_MODES)('catch-up and drift%s', (_mode, hostOptions) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let syncId: string;
  const call = (token: string, fn: string, payload?: unknown) => bridgeCall(env.host)(token, fn, payload);
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const source = () => spaceView(env.source.site, env.source.spaceId);
  const copy = () => spaceView(env.dest.site, env.dest.spaceId);
  const settings = (s: EmulatedSite) => settingsOf(env.host, s);
  const page = (s: EmulatedSite, title: string) => pageByTitle(s.site, s.spaceId, title);
  const edit = (s: EmulatedSite, p: Content, body: string) => s.site.updatePage(as(s), p.id, { type: p.type as 'page', title: p.title, body, status: 'current', version: p.version.number + 1 });
  const pageAction = (s: EmulatedSite, p: Content, accountId = s.writer) =>
    env.host.openUiModule(s.installation, 'space-sync-page-action', accountId, { type: 'confluence:contentAction', space: { id: s.spaceId, key: s.site.spaces.get(s.spaceId)!.key }, content: { id: p.id, type: p.type } });
  const statusOn = async (s: EmulatedSite, p: Content, accountId?: string) => (await call(pageAction(s, p, accountId), 'pageSyncStatus'))[0];
  const sourceSyncId = async () => (await call(settings(env.source), 'listSyncs'))[0].id as string;
  const destSyncId = async () => (await call(settings(env.dest), 'listSyncs'))[0].id as string;
  const activity = async (s: EmulatedSite, id: string) => (await call(settings(s), 'syncDetails', { syncId: id })).activity as Array<{ title: string; outcome: string; cause: string; detail?: string }>;
  const commentCount = () => [...env.dest.site.contents.values()].filter((c) => c.spaceId === env.dest.spaceId && c.type === 'footer-comment').length;

  beforeEach(async () => {
    env = await startEmulatedSites(hostOptions);
    const guide = env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Start here.</p>' });
    env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Setup', body: '<p>Install.</p>', parentId: guide.id });
    env.source.site.addLabels(as(env.source), guide.id, ['guide']);
    env.source.site.createComment(as(env.source), { containerId: guide.id, body: '<p>Nice.</p>' });
    syncId = await pair(env.host, { site: env.source }, { site: env.dest });
  });
  afterEach(() => env.host.close());

  describe.each(['source', 'destination'] as const)('a pause held by the %s', (side) => {
    it('catches up on Resume with every change made meanwhile (body, label, comment), and says so', async () => {
      const pauser = side === 'source' ? env.source : env.dest;
      const id = side === 'source' ? await sourceSyncId() : await destSyncId();
      await call(settings(pauser), 'changePair', { syncId: id, action: 'pause' });
      const guide = page(env.source, 'Guide');
      edit(env.source, guide, '<p>Start here, edited while paused.</p>');
      env.source.site.addLabels(as(env.source), guide.id, ['paused-label']);
      env.source.site.createComment(as(env.source), { containerId: page(env.source, 'Setup').id, body: '<p>Made while paused.</p>' });
      await env.host.settled();
      expect(copy()['page:Guide'].body).toBe('<p>Start here.</p>'); // nothing moves while paused
      expect((await statusOn(env.source, page(env.source, 'Guide'))).status).toBe('behind');

      await call(settings(pauser), 'changePair', { syncId: id, action: 'resume' });
      await env.host.settled();
      expect(copy()).toEqual(expectedCopy(source()));
      expect(commentCount()).toBe(2); // nothing doubled
      expect((await statusOn(env.source, page(env.source, 'Guide'))).status).toBe('synced');
      expect((await statusOn(env.dest, page(env.dest, 'Guide'))).status).toBe('synced');
      const log = await activity(env.source, await sourceSyncId());
      expect(log.find((a) => a.outcome === 'caught-up')).toMatchObject({ detail: expect.stringMatching(/2 items changed while the sync was paused/) });
    });
  });

  it('brings what changed while an option was off once it is switched on again', async () => {
    const off = { comments: false, labels: false };
    await call(settings(env.source), 'editSync', { syncId: await sourceSyncId(), options: off });
    const guide = page(env.source, 'Guide');
    env.source.site.addLabels(as(env.source), guide.id, ['while-off']);
    env.source.site.createComment(as(env.source), { containerId: guide.id, body: '<p>While off.</p>' });
    await env.host.settled();
    expect(copy()['page:Guide'].labels).toEqual(['guide']); // the copy keeps what it had
    expect(copy()['page:Guide'].comments).toHaveLength(1);

    await call(settings(env.source), 'editSync', { syncId: await sourceSyncId(), options: { comments: true, labels: true } });
    await env.host.settled();
    expect(copy()).toEqual(expectedCopy(source()));
    expect(commentCount()).toBe(2);
    expect((await statusOn(env.source, page(env.source, 'Guide'))).status).toBe('synced');
  });

  it('logs what "Sync now" found, even when the copy is already up to date', async () => {
    const guide = page(env.source, 'Guide');
    expect(await call(pageAction(env.source, guide, env.source.admin), 'syncPageNow', { syncId: await sourceSyncId() })).toEqual({ queued: 1 });
    await env.host.settled();
    const entry = (await activity(env.source, await sourceSyncId())).find((a) => a.cause === 'Sync now');
    expect(entry).toMatchObject({ title: 'Guide', outcome: 'unchanged', detail: expect.stringMatching(/already up to date/) });
    expect((await statusOn(env.source, guide)).status).toBe('synced');
  });

  it('answers one "Sync now" once, however often its job is delivered', async () => {
    await env.host.close();
    env = await startEmulatedSites({ ...hostOptions, queue: { faults: { duplicateRate: 1, reorderSeconds: 3 } } });
    env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Start here.</p>' });
    await pair(env.host, { site: env.source }, { site: env.dest });
    const guide = page(env.source, 'Guide');
    await call(pageAction(env.source, guide, env.source.admin), 'syncPageNow', { syncId: await sourceSyncId() });
    await env.host.settled();
    const lines = (await activity(env.source, await sourceSyncId())).filter((a) => a.cause === 'Sync now');
    expect(lines).toEqual([expect.objectContaining({ title: 'Guide', outcome: 'unchanged' })]);
    // A second press is a new request: answered (and logged) again.
    await call(pageAction(env.source, guide, env.source.admin), 'syncPageNow', { syncId: await sourceSyncId() });
    await env.host.settled();
    expect((await activity(env.source, await sourceSyncId())).filter((a) => a.cause === 'Sync now')).toHaveLength(2);
  });

  it('shows a copy edited on the destination as AHEAD on both sides, and "Sync now" at the source overwrites it', async () => {
    const copied = page(env.dest, 'Guide');
    edit(env.dest, copied, '<p>Our own words.</p>');
    await env.host.settled();
    expect((await statusOn(env.dest, page(env.dest, 'Guide'))).status).toBe('ahead');
    expect((await statusOn(env.source, page(env.source, 'Guide'))).status).toBe('ahead');

    await call(pageAction(env.source, page(env.source, 'Guide'), env.source.admin), 'syncPageNow', { syncId: await sourceSyncId() });
    await env.host.settled();
    expect(copy()['page:Guide'].body).toBe('<p>Start here.</p>');
    expect((await statusOn(env.source, page(env.source, 'Guide'))).status).toBe('synced');
    expect((await statusOn(env.dest, page(env.dest, 'Guide'))).status).toBe('synced');
    const log = await activity(env.source, await sourceSyncId());
    // The source's log says where the copy was edited: there, not here.
    expect(log.find((a) => a.cause === 'Sync now')).toMatchObject({ outcome: 'ahead-overwritten', detail: expect.stringMatching(/^The copy in globex space on globex\.atlassian\.net had been edited there; version \d+ was overwritten and stays in its page history\.$/) });
    expect(log.filter((a) => a.outcome === 'ahead')).toEqual([expect.objectContaining({ title: 'Guide', detail: expect.stringMatching(/was edited there \(its version \d+\)/) })]);
  });

  it('takes a drift report only for a copy it sent, at a version newer than the app wrote, and only from the destination', async () => {
    const guide = page(env.source, 'Guide');
    const sourceSync = await syncOf(env.host, env.source, 'source');
    const destSync = await syncOf(env.host, env.dest, 'destination');
    const inbox = await inboxOf(env.host, env.source);
    const drift = async (sourceId: string, version: number, from = env.dest) => postTo(inbox, await signedBy(env.host, from, { type: 'drift', to: 'source', pair: sourceSync.pairId, ...(from === env.dest ? {} : { from: destSync.pairId }), body: { sourceId, version } }));
    const copyVersion = page(env.dest, 'Guide').version.number;
    expect((await drift('99999', 50)).status).toBe(200); // never sent: nothing to mark
    expect((await drift(guide.id, copyVersion)).status).toBe(200); // the version the app wrote
    expect((await statusOn(env.source, guide)).status).toBe('synced');
    expect((await drift(guide.id, copyVersion + 1, env.source)).status).toBe(401); // not the destination's key
    expect((await statusOn(env.source, guide)).status).toBe('synced');
    expect((await activity(env.source, await sourceSyncId())).filter((a) => a.outcome === 'ahead')).toEqual([]);
  });

  it('keeps a copy edited on the destination when the sync keeps destination changes, and both sides say AHEAD', async () => {
    await call(settings(env.source), 'editSync', { syncId: await sourceSyncId(), options: { conflictPolicy: 'keep-destination' } });
    await env.host.settled();
    edit(env.dest, page(env.dest, 'Guide'), '<p>Our own words.</p>');
    await env.host.settled();
    edit(env.source, page(env.source, 'Guide'), '<p>Source words.</p>');
    await env.host.settled();
    expect(copy()['page:Guide'].body).toBe('<p>Our own words.</p>');
    expect((await statusOn(env.source, page(env.source, 'Guide'))).status).toBe('ahead');
    expect((await statusOn(env.dest, page(env.dest, 'Guide'))).status).toBe('ahead');
    void syncId;
  });
});
