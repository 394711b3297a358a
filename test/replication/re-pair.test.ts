/**
 * Re-pairing the same two spaces (issue 15, "Catch-up, always"): a new sync between the source
 * installation and space an unpaired sync was paired with takes over that sync's copies. The
 * destination ends up with exactly what it lacks: no second copy, no doubled comment, no file
 * uploaded or sent again, no page version where nothing changed, "keep destination" respected,
 * and both logs saying "Adopted". A sync from another installation, or from another space of the
 * same one, adopts nothing. Both spaces are compared item by item.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_DIR } from '../support/browser';
import { emulatedSite, startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, expectedCopy, pageByTitle, pair, settingsOf, spaceView, HOST_MODES } from '../support/replication';
import { entriesWithPrefix } from '../../src/platform/kvs-query';
import type { Actor } from '../../sandbox/confluence/site';
import type { Content } from '../../sandbox/confluence/model';

type Entry = { title: string; outcome: string; cause: string; detail?: string; sourceId?: string };

describe.each(HOST_MODES)('re-pairing the same two spaces%s', (_mode, hostOptions) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const call = (token: string, fn: string, payload?: unknown) => bridgeCall(env.host)(token, fn, payload);
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const settings = (s: EmulatedSite, spaceId = s.spaceId) => settingsOf(env.host, s, spaceId);
  const source = () => spaceView(env.source.site, env.source.spaceId);
  const copy = () => spaceView(env.dest.site, env.dest.spaceId);
  const page = (s: EmulatedSite, title: string) => pageByTitle(s.site, s.spaceId, title);
  const edit = (s: EmulatedSite, p: Content, body: string) => s.site.updatePage(as(s), p.id, { type: p.type as 'page', title: p.title, body, status: 'current', version: p.version.number + 1 });
  const syncs = async (s: EmulatedSite, spaceId = s.spaceId) => (await call(settings(s, spaceId), 'listSyncs')) as Array<{ id: string; state: string; role: string }>;
  const live = async (s: EmulatedSite, spaceId = s.spaceId) => (await syncs(s, spaceId)).find((x) => x.state === 'active')!.id;
  const activity = async (s: EmulatedSite, id: string, spaceId = s.spaceId) => (await call(settings(s, spaceId), 'syncDetails', { syncId: id })).activity as Entry[];
  const pageAction = (s: EmulatedSite, p: Content) =>
    env.host.openUiModule(s.installation, 'space-sync-page-action', s.admin, { type: 'confluence:contentAction', space: { id: s.spaceId, key: s.site.spaces.get(s.spaceId)!.key }, content: { id: p.id, type: p.type } });
  const statusOn = async (s: EmulatedSite, p: Content) => ((await call(pageAction(s, p), 'pageSyncStatus')) as Array<{ status: string; syncId: string }>).find((x) => x.status !== 'not-synced') ?? { status: 'not-synced' };
  const ofType = (type: string) => [...env.dest.site.contents.values()].filter((c) => c.spaceId === env.dest.spaceId && c.id !== env.dest.homeId && c.type === type && c.status === 'current');
  const versions = () => Object.fromEntries(['page', 'blogpost'].flatMap(ofType).map((c) => [c.title, c.version.number]));
  const fileVersions = () => ofType('attachment').map((a) => `${a.title}:${a.version.number}`).sort();
  const unpair = async () => {
    await call(settings(env.source), 'changePair', { syncId: await live(env.source), action: 'unpair' });
    await env.host.settled();
  };
  const destWrites = () => [...env.dest.emulator.meter.byOperation].filter(([op]) => !/^get|^search|download/i.test(op)).map(([op, m]) => `${op}:${m.requests}`);

  beforeEach(async () => {
    env = await startEmulatedSites(hostOptions);
    const guide = env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Start here.</p>' });
    env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Setup', body: '<p>Install.</p>', parentId: guide.id });
    env.source.site.addLabels(as(env.source), guide.id, ['guide']);
    env.source.site.createComment(as(env.source), { containerId: guide.id, body: '<p>Nice.</p>' });
    env.source.site.upload(as(env.source), guide.id, { name: 'notes.txt', mediaType: 'text/plain', data: Buffer.from('the notes'), comment: '', minorEdit: true }, 'createOrUpdate');
  });
  afterEach(() => env.host.close());

  /** What a pairing costs: Confluence requests on each side, the destination's writes, and the peer messages. */
  const measured = async (work: () => Promise<unknown>) => {
    env.source.emulator.meter.reset();
    env.dest.emulator.meter.reset();
    const from = env.host.log.entries.length;
    await work();
    const messages = env.host.log.entries.slice(from).filter((e) => e.kind === 'web-trigger');
    return {
      sourceRequests: env.source.emulator.meter.requests,
      destinationRequests: env.dest.emulator.meter.requests,
      destinationWrites: destWrites(),
      downloads: env.source.emulator.meter.byOperation.get('downloadAttachmentFile')?.requests ?? 0,
      peerMessages: messages.length,
      peerBytes: messages.reduce((n, e) => n + (e.kind === 'web-trigger' ? e.bytes : 0), 0),
    };
  };

  it('adopts every copy: nothing doubled, no file sent or uploaded again, no page version written, both logs say Adopted', async () => {
    const first = await measured(() => pair(env.host, { site: env.source }, { site: env.dest }));
    expect(copy()).toEqual(expectedCopy(source()));
    await unpair();
    const before = { view: copy(), versions: versions(), files: fileVersions() };

    const again = await measured(() => pair(env.host, { site: env.source }, { site: env.dest }));
    if (!_mode) {
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      writeFileSync(join(ARTIFACTS_DIR, 're-pair-cost.json'), `${JSON.stringify({ first, again }, null, 2)}\n`);
    }
    expect(again.destinationWrites).toEqual([]);
    expect(again.downloads).toBe(0);
    expect(again.peerBytes).toBeLessThan(first.peerBytes);
    expect(copy()).toEqual(before.view);
    expect(copy()).toEqual(expectedCopy(source()));
    expect(versions()).toEqual(before.versions); // no page version written
    expect(fileVersions()).toEqual(before.files); // no file uploaded again
    expect(ofType('footer-comment')).toHaveLength(1);
    expect(env.source.emulator.meter.byOperation.get('downloadAttachmentFile')).toBeUndefined(); // the bytes never left the source
    expect(destWrites()).toEqual([]); // the destination wrote nothing to Confluence

    for (const s of [env.source, env.dest]) {
      const log = await activity(s, await live(s));
      expect(log.filter((e) => e.sourceId).map((e) => [e.title, e.outcome]).sort()).toEqual([
        ['Guide', 'adopted'],
        ['Setup', 'adopted'],
      ]);
      expect(log.find((e) => e.outcome === 'inherited')?.detail).toMatch(/earlier sync/);
      expect((await statusOn(s, page(s, 'Guide'))).status).toBe('synced');
    }
    // The new sync's own records now: a later edit is an update of the adopted copy.
    edit(env.source, page(env.source, 'Guide'), '<p>Start here, again.</p>');
    await env.host.settled();
    expect(copy()).toEqual(expectedCopy(source()));
    expect(ofType('page')).toHaveLength(2);
  });

  it('says in the import preview how many copies will be kept, and only for the same installation and space', async () => {
    await pair(env.host, { site: env.source }, { site: env.dest });
    await unpair();
    const tokenFrom = async (s: EmulatedSite, spaceId = s.spaceId) => {
      const created = await call(settings(s, spaceId), 'createSync', { name: 'Again' });
      return (await call(settings(s, spaceId), 'issueToken', { syncId: created.id })).token as string;
    };
    const preview = await call(settings(env.dest), 'previewToken', { token: await tokenFrom(env.source) });
    expect(preview.inheritance).toEqual({ copies: 2, text: expect.stringMatching(/^2 copies from your earlier sync “Handbook” with acme space \(ENG\) on acme\.atlassian\.net will be kept and updated/) });
    const ops = env.source.site.createSpace('OPS', 'Operations', [env.source.admin]);
    expect((await call(settings(env.dest), 'previewToken', { token: await tokenFrom(env.source, ops.id) })).inheritance).toBeUndefined();
  });

  it('brings a page changed at the source while unpaired, and only that page', async () => {
    await pair(env.host, { site: env.source }, { site: env.dest });
    await unpair();
    edit(env.source, page(env.source, 'Setup'), '<p>Install, changed while unpaired.</p>');
    env.source.site.createComment(as(env.source), { containerId: page(env.source, 'Guide').id, body: '<p>While unpaired.</p>' });
    const before = versions();
    await pair(env.host, { site: env.source }, { site: env.dest });
    expect(copy()).toEqual(expectedCopy(source()));
    expect(versions()).toEqual({ ...before, Setup: before.Setup + 1 }); // a comment alone writes no page version
    expect(ofType('footer-comment')).toHaveLength(2);
    const log = await activity(env.dest, await live(env.dest));
    expect(log.find((e) => e.title === 'Setup')).toMatchObject({ outcome: 'adopted', detail: expect.stringMatching(/updated/i) });
    expect((await statusOn(env.dest, page(env.dest, 'Setup'))).status).toBe('synced');
    expect((await statusOn(env.source, page(env.source, 'Setup'))).status).toBe('synced');
  });

  it.each([
    ['keep-destination', '<p>Our own words.</p>', 'ahead-kept', 'ahead'],
    ['source-wins', '<p>Start here.</p>', 'ahead-overwritten', 'synced'],
  ])('a copy edited while unpaired, re-paired under %s', async (policy, body, outcome, status) => {
    await pair(env.host, { site: env.source }, { site: env.dest }, { conflictPolicy: policy });
    await unpair();
    edit(env.dest, page(env.dest, 'Guide'), '<p>Our own words.</p>');
    await env.host.settled();
    await pair(env.host, { site: env.source }, { site: env.dest }, { conflictPolicy: policy });
    expect(copy()['page:Guide'].body).toBe(body);
    expect(copy()['page:Setup']).toEqual(expectedCopy(source())['page:Setup']);
    expect(ofType('page')).toHaveLength(2);
    expect(ofType('footer-comment')).toHaveLength(1);
    for (const s of [env.source, env.dest]) {
      expect((await activity(s, await live(s))).find((e) => e.title === 'Guide')).toMatchObject({ outcome });
      expect((await statusOn(s, page(s, 'Guide'))).status).toBe(status);
    }
  });

  it('shows the inherited copies under the new sync before its first full sync has taken them over', async () => {
    await pair(env.host, { site: env.source }, { site: env.dest });
    await unpair();
    const from = settings(env.source);
    const created = await call(from, 'createSync', { name: 'Again' });
    const { token } = await call(from, 'issueToken', { syncId: created.id });
    await call(settings(env.dest), 'importToken', { token });
    // Every storage write at the destination fails: the first full sync cannot take a copy over.
    env.host.failNextKvsWrites(env.dest.installation, 100_000);
    await env.host.settled();
    env.host.failNextKvsWrites(env.dest.installation, 0);

    const guide = page(env.dest, 'Guide');
    const [state] = (await call(pageAction(env.dest, guide), 'pageSyncStatus')) as Array<{ syncId: string; status: string; state: string }>;
    expect(state).toMatchObject({ syncId: await live(env.dest), state: 'active', status: 'synced' });
    // Verify compares each item with the copy record the new sync inherited: nothing is missing.
    await call(settings(env.source), 'startVerify', { syncId: await live(env.source) });
    await env.host.settled();
    const report = await call(settings(env.dest), 'verifyReport', { syncId: await live(env.dest) });
    expect(report).toMatchObject({ state: 'complete', differences: [] });
    edit(env.dest, guide, '<p>Edited before the take-over.</p>');
    await env.host.settled();
    expect((await call(pageAction(env.dest, page(env.dest, 'Guide')), 'pageSyncStatus'))[0]).toMatchObject({ syncId: await live(env.dest), status: 'ahead' });
  });

  /** Re-paired, and the first full sync has not reached any page yet (a large space): the source's outbound worker stops at its first call. */
  const repairedBeforeTakeOver = async () => {
    await pair(env.host, { site: env.source }, { site: env.dest });
    await unpair();
    const created = await call(settings(env.source), 'createSync', { name: 'Again' });
    const { token } = await call(settings(env.source), 'issueToken', { syncId: created.id });
    await call(settings(env.dest), 'importToken', { token });
    let stopped = true;
    const forgeFetch = env.host.forgeFetch.bind(env.host);
    env.host.forgeFetch = async (invocation, descriptor, path, init) => {
      if (stopped && invocation.installation.id === env.source.installation.id && invocation.functionKey === 'outbound-worker') throw new Error('The function stopped (the full sync has not got this far).');
      return forgeFetch(invocation, descriptor, path, init);
    };
    await env.host.settled();
    stopped = false;
  };
  const statuses = async (title: string) => ({ source: (await statusOn(env.source, page(env.source, title))).status, dest: (await statusOn(env.dest, page(env.dest, title))).status });

  it('an inherited copy edited before its take-over shows Ahead on both sides', async () => {
    await repairedBeforeTakeOver();
    expect(await statuses('Guide')).toEqual({ source: 'synced', dest: 'synced' });
    edit(env.dest, page(env.dest, 'Guide'), '<p>Edited before the take-over.</p>');
    await env.host.settled();
    expect(await statuses('Guide')).toEqual({ source: 'ahead', dest: 'ahead' });
    // The full sync then reaches it: taken over, and the two sides still agree.
    await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
    await env.host.settled();
    expect(await statuses('Guide')).toEqual({ source: 'ahead', dest: 'ahead' });
    expect(await statuses('Setup')).toEqual({ source: 'synced', dest: 'synced' });
    const pairs = await env.host.runInInvocation(env.dest.installation, async () => (await entriesWithPrefix('map:')).map((e) => e.key.split(':')[1]));
    expect(new Set(pairs).size).toBe(1);
  });

  it('the hourly check finds an inherited copy edited without an event before its take-over, and the source hears of it', async () => {
    await repairedBeforeTakeOver();
    env.dest.site.muted(() => edit(env.dest, page(env.dest, 'Guide'), '<p>Quietly edited before the take-over.</p>'));
    await env.host.settled();
    expect(await statuses('Guide')).toEqual({ source: 'synced', dest: 'ahead' });
    await env.host.runScheduledTrigger(env.dest.installation, 'reconcile');
    await env.host.settled();
    const scheduled = (await call(settings(env.dest), 'verifyReport', { syncId: await live(env.dest) })).scheduled;
    expect(scheduled.differences.map((d: { title: string; code: string }) => [d.title, d.code])).toEqual([['Guide', 'ahead']]);
    expect(await statuses('Guide')).toEqual({ source: 'ahead', dest: 'ahead' });
  });

  it('trashes the copy of a page trashed at the source while no sync ran', async () => {
    await pair(env.host, { site: env.source }, { site: env.dest });
    await unpair();
    const setup = page(env.source, 'Setup');
    env.source.site.trash(as(env.source), setup.id, ['page']);
    await pair(env.host, { site: env.source }, { site: env.dest });
    expect(copy()).toEqual(expectedCopy(source()));
    expect(ofType('page').map((c) => c.title)).toEqual(['Guide']);
    expect([...env.dest.site.contents.values()].find((c) => c.title === 'Setup')?.status).toBe('trashed');
    for (const s of [env.source, env.dest]) {
      expect((await activity(s, await live(s))).find((e) => e.sourceId === setup.id)).toMatchObject({ outcome: 'trashed' });
    }
  });

  it('adopts nothing for a sync from another installation: a title clash, as for any page it did not make', async () => {
    await pair(env.host, { site: env.source }, { site: env.dest });
    await unpair();
    // Another installation holding a space of the same key and the same titles.
    const other = await emulatedSite(env.host, 'initech', 'ENG', 90_000);
    other.site.createPage(as(other), { type: 'page', spaceId: other.spaceId, title: 'Guide', body: '<p>Not yours.</p>' });
    await pair(env.host, { site: other }, { site: env.dest });
    expect(copy()['page:Guide'].body).toBe('<p>Start here.</p>'); // the earlier copy is untouched
    expect(copy()['page:Guide (ENG)'].body).toBe('<p>Not yours.</p>');
    const log = await activity(env.dest, await live(env.dest));
    expect(log.map((e) => e.outcome)).not.toContain('adopted');
    expect(log.map((e) => e.outcome)).not.toContain('inherited');
    expect(log.find((e) => e.title === 'Guide')).toMatchObject({ outcome: 'title-clash' });
  });

  it('adopts nothing for a sync from another space of the same installation', async () => {
    await pair(env.host, { site: env.source }, { site: env.dest });
    await unpair();
    const ops = env.source.site.createSpace('OPS', 'Operations', [env.source.admin]);
    env.source.site.grant(ops, env.source.writer, ['read', 'write']);
    env.source.site.createPage(as(env.source), { type: 'page', spaceId: ops.id, title: 'Guide', body: '<p>Ops guide.</p>' });
    await pair(env.host, { site: env.source, spaceId: ops.id }, { site: env.dest });
    expect(copy()['page:Guide'].body).toBe('<p>Start here.</p>');
    expect(copy()['page:Guide (OPS)'].body).toBe('<p>Ops guide.</p>');
    const log = await activity(env.dest, await live(env.dest));
    expect(log.map((e) => e.outcome)).not.toContain('adopted');
    expect(log.find((e) => e.title === 'Guide')).toMatchObject({ outcome: 'title-clash' });
  });
});
