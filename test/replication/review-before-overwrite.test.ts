/**
 * Review before overwrite on two emulated sites: a change of the original that meets an edited
 * copy waits beside it; the copy's page action compares the two and takes it or keeps the edits,
 * only for the people the sync lets answer; the source shows and logs the answer; the notice is
 * raised once per wait and cleared with it. Run as delivered and with duplicated, reordered
 * deliveries.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, expectedCopy, HOST_MODES, pageByTitle, pair, settingsOf, spaceView } from '../support/replication';
import { syncOf } from '../support/pairs';
import type { Actor } from '../../sandbox/confluence/site';
import type { Content } from '../../sandbox/confluence/model';

describe.each(HOST_MODES)('review before overwrite%s', (_mode, hostOptions) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const call = (token: string, fn: string, payload?: unknown) => bridgeCall(env.host)(token, fn, payload);
  const edit = (s: EmulatedSite, title: string, body: string) => {
    const page = pageByTitle(s.site, s.spaceId, title);
    return s.site.updatePage(as(s), page.id, { type: 'page', title: page.title, body, status: 'current', version: page.version.number + 1 });
  };
  const pageAction = (s: EmulatedSite, accountId: string, page: Content) =>
    env.host.openUiModule(s.installation, 'space-sync-page-action', accountId, { type: 'confluence:contentAction', space: { id: s.spaceId, key: s.site.spaces.get(s.spaceId)!.key }, content: { id: page.id, type: page.type } });
  const onCopy = (accountId = env.dest.admin) => pageAction(env.dest, accountId, pageByTitle(env.dest.site, env.dest.spaceId, 'Guide'));
  const onOriginal = () => pageAction(env.source, env.source.admin, pageByTitle(env.source.site, env.source.spaceId, 'Guide'));
  const copyState = async (accountId?: string) => (await call(onCopy(accountId), 'pageSyncStatus'))[0];
  const originalState = async () => (await call(onOriginal(), 'pageSyncStatus'))[0];
  const copyBody = () => pageByTitle(env.dest.site, env.dest.spaceId, 'Guide').body;
  const log = async (s: EmulatedSite) => {
    const sync = await syncOf(env.host, s, s === env.source ? 'source' : 'destination');
    return env.host.runInInvocation(s.installation, async () => (await import('../../src/platform/kvs-activity-log')).kvsActivityLog.recent(sync.id, 100));
  };
  const reviewEntries = async (s: EmulatedSite) => (await log(s)).filter((e) => e.outcome.startsWith('review-'));
  const attention = () => call(settingsOf(env.host, env.dest), 'spaceAttention');
  const answer = async (kind: 'take' | 'keep', accountId = env.dest.admin) => {
    const state = await copyState(accountId);
    return call(onCopy(accountId), 'answerReview', { syncId: state.syncId, generation: state.review.generation, answer: kind });
  };

  beforeEach(async () => {
    env = await startEmulatedSites(hostOptions);
    env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Start here.</p><p>Read the rules.</p>' });
    env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Setup', body: '<p>Install it.</p>' });
    await pair(env.host, { site: env.source }, { site: env.dest }, { conflictPolicy: 'review' });
    edit(env.dest, 'Guide', '<p>Start here.</p><p>Our partner notes.</p>');
    await env.host.settled();
  });
  afterEach(() => env.host.close());

  it('holds the change beside the edited copy, shows both side by side, keeps the edits (the source is told), then takes the next one', async () => {
    edit(env.source, 'Guide', '<p>Start here.</p><p>Read the new rules.</p>');
    await env.host.settled();
    expect(copyBody()).toBe('<p>Start here.</p><p>Our partner notes.</p>'); // nothing written to the copy

    const waiting = await copyState();
    expect(waiting).toMatchObject({ direction: 'incoming', status: 'ahead', review: { waitingVersion: 2, answer: { offered: true } } });
    const diff = await call(onCopy(), 'reviewDifference', { syncId: waiting.syncId });
    expect(diff).toMatchObject({ generation: waiting.review.generation, waiting: { version: 2, title: 'Guide' }, changes: 1, truncated: false });
    expect(diff.rows).toEqual([
      { kind: 'same', left: 'Start here.', right: 'Start here.' },
      { kind: 'changed', left: 'Our partner notes.', right: 'Read the new rules.' },
    ]);
    expect(await originalState()).toMatchObject({ status: 'ahead', copyReview: { state: 'waiting', sourceVersion: 2 } });
    expect(await attention()).toEqual([expect.objectContaining({ kind: 'review-waiting', title: 'A newer version is waiting for review' })]);
    expect((await reviewEntries(env.dest)).map((e) => e.outcome)).toEqual(['review-waiting']);

    // Keep my edits: the copy stays as edited, the waiting version goes, the source shows it.
    expect(await answer('keep')).toEqual({ status: 'ahead', peerNotified: true });
    await env.host.settled();
    expect(copyBody()).toBe('<p>Start here.</p><p>Our partner notes.</p>');
    expect((await copyState()).review).toBeUndefined();
    expect((await copyState()).status).toBe('ahead');
    const kept = await originalState();
    expect(kept).toMatchObject({ status: 'ahead', copyReview: { state: 'kept', sourceVersion: 2 } });
    expect(kept.reason).toMatch(/^The copy in globex space on globex\.atlassian\.net kept its edits \(its version \d+\); version 2 of this page was not applied there\.$/);
    expect((await reviewEntries(env.source)).map((e) => e.outcome)).toEqual(['review-kept', 'review-waiting']);
    expect((await reviewEntries(env.dest))[0]).toMatchObject({ outcome: 'review-kept', by: env.dest.admin });
    expect(await attention()).toEqual([]);
    // Answered: a second answer to it changes nothing.
    await expect(call(onCopy(), 'answerReview', { syncId: waiting.syncId, generation: waiting.review.generation, answer: 'take' })).rejects.toMatchObject({ code: 'review-stale' });
    // Re-sync everything sends the kept version again: it does not ask twice.
    const sourceSync = await syncOf(env.host, env.source, 'source');
    await call(settingsOf(env.host, env.source), 'resyncEverything', { syncId: sourceSync.id });
    await env.host.settled();
    expect((await copyState()).review).toBeUndefined();
    expect(copyBody()).toBe('<p>Start here.</p><p>Our partner notes.</p>');
    expect(await originalState()).toMatchObject({ status: 'ahead', copyReview: { state: 'kept', sourceVersion: 2 } });

    // The next change waits again; Take the new version: the copy holds it and is Synced on both sides.
    edit(env.source, 'Guide', '<p>Start here.</p><p>Read the newest rules.</p>');
    await env.host.settled();
    expect((await copyState()).review).toMatchObject({ waitingVersion: 3 });
    expect(await attention()).toHaveLength(1);
    expect(await answer('take')).toEqual({ status: 'synced', peerNotified: true });
    await env.host.settled();
    expect(copyBody()).toBe('<p>Start here.</p><p>Read the newest rules.</p>');
    expect(await copyState()).toMatchObject({ status: 'synced', syncedVersion: 3 });
    expect((await copyState()).review).toBeUndefined();
    expect(await originalState()).toMatchObject({ status: 'synced', syncedVersion: 3 });
    expect((await originalState()).copyReview).toBeUndefined();
    expect(await attention()).toEqual([]);
    expect((await reviewEntries(env.dest))[0]).toMatchObject({ outcome: 'review-taken', by: env.dest.admin, detail: expect.stringMatching(/^Version 3 of the original was taken in review; your edits \(version \d+\) stay in the page history\.$/) });
    expect((await reviewEntries(env.source))[0]).toMatchObject({ outcome: 'review-taken' });
    // Both spaces item by item: equal again.
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(expectedCopy(spaceView(env.source.site, env.source.spaceId)));
  });

  it('shows the truth on the original after Keep and a later edit of the copy: the copy is ahead of the version it kept', async () => {
    edit(env.source, 'Guide', '<p>Start here.</p><p>Read the new rules.</p>');
    await env.host.settled();
    expect(await answer('keep')).toEqual({ status: 'ahead', peerNotified: true });
    await env.host.settled();
    const keptAt = (await originalState()).copyReview.copyVersion as number;
    const later = edit(env.dest, 'Guide', '<p>Start here.</p><p>Our partner notes, again.</p>');
    expect(later.version.number).toBeGreaterThan(keptAt);
    await env.host.settled();
    const after = await originalState();
    expect(after).toMatchObject({ status: 'ahead', aheadVersion: later.version.number });
    expect(after.copyReview).toBeUndefined();
    expect(after.reason).toMatch(new RegExp(`^The copy in globex space .+ kept its edits at its version ${keptAt} and was edited there again \\(its version ${later.version.number}\\)\\.$`));
    // Re-sync everything sends the kept version again: the original still says where the copy is.
    const sourceSync = await syncOf(env.host, env.source, 'source');
    await call(settingsOf(env.host, env.source), 'resyncEverything', { syncId: sourceSync.id });
    await env.host.settled();
    expect(copyBody()).toBe('<p>Start here.</p><p>Our partner notes, again.</p>');
    expect(await originalState()).toMatchObject({ status: 'ahead', aheadVersion: later.version.number });
  });

  it('replaces the waiting version with a second change (one notice), stores a body larger than one storage value, and ignores a redelivery', async () => {
    edit(env.source, 'Guide', '<p>Start here.</p><p>Second thoughts.</p>');
    await env.host.settled();
    const first = (await copyState()).review;
    // A body of about 300 KB: more than one KVS value holds (240 KiB), so it is kept in parts.
    const big = `<p>Start here.</p>${Array.from({ length: 3000 }, (_, i) => `<p>Line ${i} ${'x'.repeat(90)}</p>`).join('')}`;
    edit(env.source, 'Guide', big);
    await env.host.settled();
    const second = await copyState();
    expect(second.review.waitingVersion).toBe(3);
    expect(second.review.generation).not.toBe(first.generation);
    expect(await attention()).toHaveLength(1); // one wait, one notice
    expect((await reviewEntries(env.dest)).map((e) => e.outcome)).toEqual(['review-waiting', 'review-waiting']);
    expect((await reviewEntries(env.dest))[0].detail).toMatch(/It replaces version 2, which waited before\.$/);

    // The first version's answer is stale now: nothing changes.
    await expect(call(onCopy(), 'answerReview', { syncId: second.syncId, generation: first.generation, answer: 'take' })).rejects.toMatchObject({ code: 'review-stale' });
    expect(copyBody()).toBe('<p>Start here.</p><p>Our partner notes.</p>');

    // Sync now at the source sends the same snapshot again: it waits already, so nothing new is logged or raised.
    await call(onOriginal(), 'syncPageNow', { syncId: (await originalState()).syncId });
    await env.host.settled();
    expect((await reviewEntries(env.dest)).filter((e) => e.outcome === 'review-waiting')).toHaveLength(2);
    expect(await attention()).toHaveLength(1);
    expect((await copyState()).review.generation).toBe(second.review.generation);

    const diff = await call(onCopy(), 'reviewDifference', { syncId: second.syncId });
    expect(diff.truncated).toBe(true); // 3001 lines: the first 1500 are compared
    expect(diff.rows[0]).toEqual({ kind: 'same', left: 'Start here.', right: 'Start here.' });
    expect(diff.rows[1]).toEqual({ kind: 'changed', left: 'Our partner notes.', right: `Line 0 ${'x'.repeat(90)}` });

    expect(await answer('take')).toMatchObject({ status: 'synced' });
    await env.host.settled();
    expect(copyBody()).toBe(big);
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(expectedCopy(spaceView(env.source.site, env.source.spaceId)));
  });

  it('takes a waiting version with its files, and a Sync now while it waits sends them again without asking twice', async () => {
    const guide = pageByTitle(env.source.site, env.source.spaceId, 'Guide');
    env.source.site.upload(as(env.source), guide.id, { name: 'notes.txt', mediaType: 'text/plain', data: Buffer.from('notes, new'), comment: '', minorEdit: true }, 'createOrUpdate');
    edit(env.source, 'Guide', '<p>Start here.</p><p>See the notes.</p>');
    await env.host.settled();
    expect((await copyState()).review).toMatchObject({ waitingVersion: expect.any(Number) });
    expect(spaceView(env.dest.site, env.dest.spaceId)['page:Guide'].files).toEqual([]); // nothing applied yet
    await call(onOriginal(), 'syncPageNow', { syncId: (await originalState()).syncId });
    await env.host.settled();
    expect(await attention()).toHaveLength(1);
    expect((await reviewEntries(env.dest)).map((e) => e.outcome)).toEqual(['review-waiting']);
    expect(await answer('take')).toMatchObject({ status: 'synced' });
    await env.host.settled();
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(expectedCopy(spaceView(env.source.site, env.source.spaceId)));
  });

  it('refuses an answer from someone the sync does not let answer, and changes nothing', async () => {
    edit(env.source, 'Guide', '<p>Start here.</p><p>Read the new rules.</p>');
    await env.host.settled();
    const asWriter = await copyState(env.dest.writer);
    expect(asWriter.review.answer).toEqual({ offered: false, message: expect.stringMatching(/^Only the users and groups this sync lists, and this space’s admins, may answer/) });
    await expect(call(onCopy(env.dest.writer), 'answerReview', { syncId: asWriter.syncId, generation: asWriter.review.generation, answer: 'take' })).rejects.toMatchObject({ code: 'review-not-permitted' });
    await expect(call(onCopy(env.dest.writer), 'answerReview', { syncId: asWriter.syncId, generation: asWriter.review.generation, answer: 'keep' })).rejects.toMatchObject({ code: 'review-not-permitted' });
    await expect(call(onCopy(env.dest.writer), 'reviewDifference', { syncId: asWriter.syncId })).rejects.toMatchObject({ code: 'review-not-permitted' });
    await env.host.settled();
    expect(copyBody()).toBe('<p>Start here.</p><p>Our partner notes.</p>');
    expect((await copyState()).review).toMatchObject({ generation: asWriter.review.generation });
    expect(await originalState()).toMatchObject({ copyReview: { state: 'waiting' } });
    expect(await attention()).toHaveLength(1);
    expect((await reviewEntries(env.dest)).map((e) => e.outcome)).toEqual(['review-waiting']);
    // The admin still may.
    expect(await answer('keep')).toMatchObject({ status: 'ahead' });
  });

  it('keeps the wait when the policy is switched, and lets the next change settle it as the new policy says', async () => {
    edit(env.source, 'Guide', '<p>Start here.</p><p>Read the new rules.</p>');
    await env.host.settled();
    const sourceSync = await syncOf(env.host, env.source, 'source');
    await call(settingsOf(env.host, env.source), 'editSync', { syncId: sourceSync.id, options: { ...sourceSync.options, conflictPolicy: 'source-wins' } });
    await env.host.settled();
    // Switching asks nothing of the waiting version: it waits as it was asked.
    expect((await copyState()).review).toMatchObject({ waitingVersion: 2 });
    expect(copyBody()).toBe('<p>Start here.</p><p>Our partner notes.</p>');

    edit(env.source, 'Guide', '<p>Start here.</p><p>Source wins now.</p>');
    await env.host.settled();
    expect(copyBody()).toBe('<p>Start here.</p><p>Source wins now.</p>');
    expect((await copyState()).review).toBeUndefined();
    expect(await copyState()).toMatchObject({ status: 'synced' });
    expect(await attention()).toEqual([]);
    expect((await reviewEntries(env.dest))[0]).toMatchObject({ outcome: 'review-taken', detail: 'Version 2 of the original no longer waits for review: a later change was applied as the sync now says.' });
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(expectedCopy(spaceView(env.source.site, env.source.spaceId)));
  });
});
