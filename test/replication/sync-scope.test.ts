/**
 * A sync's scope on two emulated sites: chosen subtrees, labels to include or exclude, pages left
 * out with or without their children, blog posts; the preview's counts are what the first full
 * sync then copies, item by item; a narrowed scope keeps or trashes copies, a widened one copies
 * what entered it; an event for a page out of scope sends nothing.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, pageByTitle, settingsOf, spaceView, HOST_MODES } from '../support/replication';
import type { Actor } from '../../sandbox/confluence/site';
import type { Content } from '../../sandbox/confluence/model';

type Scope = { roots?: string[]; includeLabels?: string[]; excludeLabels?: string[]; excludedPages?: Array<{ id: string; withChildren?: boolean }>; onLeave?: 'keep' | 'trash' };
interface PreviewItem { id: string; kind: string; title: string; in: boolean; reason?: string; why?: string }

describe.each(HOST_MODES)('sync scope%s', (_mode, hostOptions) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const call = (token: string, fn: string, payload?: unknown) => bridgeCall(env.host)(token, fn, payload);
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const settings = (s: EmulatedSite) => settingsOf(env.host, s);
  const src = (title: string) => pageByTitle(env.source.site, env.source.spaceId, title);
  const page = (title: string, parentId?: string, labels: string[] = [], type: 'page' | 'blogpost' = 'page') => {
    const p = env.source.site.createPage(as(env.source), { type, spaceId: env.source.spaceId, title, body: `<p>${title}.</p>`, parentId });
    if (labels.length) env.source.site.addLabels(as(env.source), p.id, labels);
    return p;
  };
  /** The copy's items: `type:title` → parent (as spaceView names it) and status. */
  const copied = (statuses = ['current']) => Object.fromEntries(Object.entries(spaceView(env.dest.site, env.dest.spaceId, statuses)).map(([k, v]) => [k, v.status === 'current' ? v.parent : `${v.parent} (${v.status})`]));
  const sourceSyncId = async () => (await call(settings(env.source), 'listSyncs'))[0].id as string;
  const activity = async () => (await call(settings(env.source), 'syncDetails', { syncId: await sourceSyncId() })).activity as Array<{ sourceId: string; title: string; outcome: string; detail?: string }>;

  /** Every batch of the dry run, added up as the dialog does. */
  async function preview(scope: Scope, blogPosts = true): Promise<PreviewItem[]> {
    const items: PreviewItem[] = [];
    for (let cursor: number | undefined = 0; cursor !== undefined; ) {
      const batch: { items: PreviewItem[]; next?: number } = await call(settings(env.source), 'previewScope', { scope, blogPosts, cursor });
      items.push(...batch.items);
      cursor = batch.next;
    }
    return items;
  }

  async function pairWith(scope: Scope | undefined, options: Record<string, unknown> = {}) {
    const from = settings(env.source);
    const sync = await call(from, 'createSync', { name: 'Handbook', options, ...(scope ? { scope } : {}) });
    const { token } = await call(from, 'issueToken', { syncId: sync.id });
    await call(settings(env.dest), 'importToken', { token });
    await env.host.settled();
    return sync.id as string;
  }

  let guide: Content, internal: Content, runbooks: Content, archive: Content;
  beforeEach(async () => {
    env = await startEmulatedSites(hostOptions);
    guide = page('Guide', undefined, ['public']);
    page('Setup', guide.id, ['public']);
    internal = page('Internal', guide.id, ['secret']);
    page('Internal FAQ', internal.id, ['public']);
    runbooks = env.source.site.createNode(as(env.source), { type: 'folder', spaceId: env.source.spaceId, title: 'Runbooks' });
    page('Incident response', runbooks.id, ['public']);
    archive = page('Archive');
    page('Old notes', archive.id);
    page('News', undefined, ['public'], 'blogpost');
    page('Leak', undefined, ['secret'], 'blogpost');
  });
  afterEach(() => env.host.close());

  /** The preview says exactly what the first full sync then copies; the rest falls out for the reason given. */
  async function expectPreviewThenSync(scope: Scope, copy: Record<string, string | null>, out: Record<string, string>) {
    const items = await preview(scope);
    const key = (i: PreviewItem) => `${i.kind}:${i.title}`;
    expect(items.filter((i) => i.in).map(key).sort()).toEqual(Object.keys(copy).sort());
    expect(Object.fromEntries(items.filter((i) => !i.in).map((i) => [key(i), i.reason]))).toEqual(out);
    expect(items.filter((i) => !i.in).every((i) => typeof i.why === 'string' && i.why.length > 0)).toBe(true);
    await pairWith(scope);
    expect(copied()).toEqual(copy);
    // Nothing left out was sent or failed: the log names only what was copied.
    expect((await activity()).filter((a) => a.sourceId && a.outcome !== 'created').map((a) => a.title)).toEqual([]);
  }

  it('whole space: every item, nothing out', async () => {
    const items = await preview({});
    expect(items.every((i) => i.in)).toBe(true);
    await pairWith(undefined);
    expect(Object.keys(copied()).sort()).toEqual(items.map((i) => `${i.kind}:${i.title}`).sort());
  });

  it('roots: only the chosen subtrees (a page and a folder), blog posts judged by labels only', async () => {
    await expectPreviewThenSync(
      { roots: [guide.id, runbooks.id] },
      { 'page:Guide': null, 'page:Setup': 'Guide', 'page:Internal': 'Guide', 'page:Internal FAQ': 'Internal', 'folder:Runbooks': null, 'page:Incident response': 'folder:Runbooks', 'blogpost:News': null, 'blogpost:Leak': null },
      { 'page:Archive': 'outside-roots', 'page:Old notes': 'outside-roots' },
    );
  });

  it('a root below the top: its copy goes to the top of the copy’s space', async () => {
    await expectPreviewThenSync(
      { roots: [internal.id] },
      { 'page:Internal': null, 'page:Internal FAQ': 'Internal', 'blogpost:News': null, 'blogpost:Leak': null },
      { 'page:Guide': 'outside-roots', 'page:Setup': 'outside-roots', 'folder:Runbooks': 'outside-roots', 'page:Incident response': 'outside-roots', 'page:Archive': 'outside-roots', 'page:Old notes': 'outside-roots' },
    );
  });

  it('include label: only pages and blog posts with it; folders stay, a child goes under its nearest synced ancestor', async () => {
    await expectPreviewThenSync(
      { includeLabels: ['public'] },
      { 'page:Guide': null, 'page:Setup': 'Guide', 'page:Internal FAQ': 'Guide', 'folder:Runbooks': null, 'page:Incident response': 'folder:Runbooks', 'blogpost:News': null },
      { 'page:Internal': 'label-missing', 'page:Archive': 'label-missing', 'page:Old notes': 'label-missing', 'blogpost:Leak': 'label-missing' },
    );
  });

  it('exclude label: a page with it is out, its children judged on their own', async () => {
    await expectPreviewThenSync(
      { excludeLabels: ['secret'] },
      { 'page:Guide': null, 'page:Setup': 'Guide', 'page:Internal FAQ': 'Guide', 'folder:Runbooks': null, 'page:Incident response': 'folder:Runbooks', 'page:Archive': null, 'page:Old notes': 'Archive', 'blogpost:News': null },
      { 'page:Internal': 'label-excluded', 'blogpost:Leak': 'label-excluded' },
    );
  });

  it('a page left out with its children', async () => {
    await expectPreviewThenSync(
      { excludedPages: [{ id: internal.id, withChildren: true }] },
      { 'page:Guide': null, 'page:Setup': 'Guide', 'folder:Runbooks': null, 'page:Incident response': 'folder:Runbooks', 'page:Archive': null, 'page:Old notes': 'Archive', 'blogpost:News': null, 'blogpost:Leak': null },
      { 'page:Internal': 'excluded-page', 'page:Internal FAQ': 'excluded-subtree' },
    );
  });

  it('a page left out alone: its children go under its parent’s copy', async () => {
    await expectPreviewThenSync(
      { excludedPages: [{ id: internal.id, withChildren: false }] },
      { 'page:Guide': null, 'page:Setup': 'Guide', 'page:Internal FAQ': 'Guide', 'folder:Runbooks': null, 'page:Incident response': 'folder:Runbooks', 'page:Archive': null, 'page:Old notes': 'Archive', 'blogpost:News': null, 'blogpost:Leak': null },
      { 'page:Internal': 'excluded-page' },
    );
  });

  it('blog posts: one left out by id; none at all when the sync leaves blog posts out', async () => {
    const leak = src('Leak');
    await expectPreviewThenSync(
      { excludedPages: [{ id: leak.id, withChildren: true }] },
      { 'page:Guide': null, 'page:Setup': 'Guide', 'page:Internal': 'Guide', 'page:Internal FAQ': 'Internal', 'folder:Runbooks': null, 'page:Incident response': 'folder:Runbooks', 'page:Archive': null, 'page:Old notes': 'Archive', 'blogpost:News': null },
      { 'blogpost:Leak': 'excluded-page' },
    );
    expect((await preview({}, false)).some((i) => i.kind === 'blogpost')).toBe(false);
  });

  it('an event for a page out of scope sends nothing; one in scope is copied', async () => {
    await pairWith({ roots: [guide.id] });
    const before = copied();
    page('Archive child', archive.id);
    env.source.site.updatePage(as(env.source), archive.id, { type: 'page', title: 'Archive', body: '<p>Edited.</p>', status: 'current', version: archive.version.number + 1 });
    await env.host.settled();
    expect(copied()).toEqual(before);
    expect((await activity()).filter((a) => a.title.startsWith('Archive'))).toEqual([]);
    page('Guide child', guide.id);
    await env.host.settled();
    expect(copied()).toEqual({ ...before, 'page:Guide child': 'Guide' });
  });

  it('narrowed with keep: the copies that left stay as they are and no longer follow', async () => {
    await pairWith(undefined);
    const syncId = await sourceSyncId();
    await call(settings(env.source), 'editSync', { syncId, scope: { excludedPages: [{ id: archive.id, withChildren: true }], onLeave: 'keep' } });
    await env.host.settled();
    expect(copied()['page:Archive']).toBe(null);
    expect(copied()['page:Old notes']).toBe('Archive');
    const log = await activity();
    expect(log.filter((a) => a.outcome === 'left-scope').map((a) => a.title).sort()).toEqual(['Archive', 'Old notes']);
    // The original changes: its kept copy does not follow, and no second entry is logged.
    env.source.site.updatePage(as(env.source), archive.id, { type: 'page', title: 'Archive', body: '<p>Edited after it left.</p>', status: 'current', version: archive.version.number + 1 });
    await env.host.settled();
    expect(spaceView(env.dest.site, env.dest.spaceId)['page:Archive'].body).toBe('<p>Archive.</p>');
    expect((await activity()).filter((a) => a.outcome === 'left-scope')).toHaveLength(2);
  });

  it('narrowed with trash: the copies that left go to the trash; widened again, they come back', async () => {
    await pairWith(undefined);
    const syncId = await sourceSyncId();
    await call(settings(env.source), 'editSync', { syncId, scope: { excludeLabels: ['secret'], onLeave: 'trash' } });
    await env.host.settled();
    const trashed = copied(['current', 'trashed']);
    expect(trashed['page:Internal']).toBe('Guide (trashed)');
    expect(trashed['blogpost:Leak']).toBe('null (trashed)');
    // Internal FAQ stays in scope (its own label): its copy, taken along with its parent's, comes back under Guide.
    expect(copied()['page:Internal FAQ']).toBe('Guide');
    // Setup, beside it, is untouched.
    expect(copied()['page:Setup']).toBe('Guide');
    expect((await activity()).filter((a) => a.outcome === 'trashed').map((a) => a.title).sort()).toEqual(['Internal', 'Leak']);

    await call(settings(env.source), 'editSync', { syncId, scope: {} });
    await env.host.settled();
    expect(copied()['page:Internal']).toBe('Guide');
    expect(copied()['blogpost:Leak']).toBe(null);
    expect(copied()['page:Internal FAQ']).toBe('Internal');
  });

  it('narrowed with trash, many at once: the mass-delete guard holds the trashes until an admin confirms', async () => {
    const bulk = page('Bulk');
    for (let i = 1; i < 25; i++) page(`Bulk ${i}`, bulk.id);
    await pairWith(undefined);
    const syncId = await sourceSyncId();
    await call(settings(env.source), 'editSync', { syncId, scope: { excludedPages: [{ id: bulk.id, withChildren: true }], onLeave: 'trash' } });
    await env.host.settled();
    const held = (await call(settings(env.source), 'listSyncs'))[0];
    expect(held.hold).toBeDefined();
    const trashedBulk = () => Object.keys(copied(['trashed'])).filter((k) => k.startsWith('page:Bulk')).length;
    // Nothing went: trashing the copy of Bulk would take its 24 children along, and the guard counted them.
    expect(trashedBulk()).toBe(0);
    expect(held.hold).toMatchObject({ trashes: 25 });
    await call(settings(env.source), 'answerMassDelete', { syncId, question: held.hold.question, answer: 'confirm' });
    await env.host.settled();
    expect(trashedBulk()).toBe(25);
    expect(copied()).toEqual({ 'page:Guide': null, 'page:Setup': 'Guide', 'page:Internal': 'Guide', 'page:Internal FAQ': 'Internal', 'folder:Runbooks': null, 'page:Incident response': 'folder:Runbooks', 'page:Archive': null, 'page:Old notes': 'Archive', 'blogpost:News': null, 'blogpost:Leak': null });
  });

  it('widened: what entered the scope is copied by a catch-up', async () => {
    await pairWith({ roots: [guide.id] });
    expect(copied()['page:Archive']).toBeUndefined();
    await call(settings(env.source), 'editSync', { syncId: await sourceSyncId(), scope: { roots: [guide.id, archive.id] } });
    await env.host.settled();
    expect(copied()).toMatchObject({ 'page:Archive': null, 'page:Old notes': 'Archive', 'page:Guide': null });
    expect(copied()['folder:Runbooks']).toBeUndefined();
    expect((await activity()).find((a) => a.outcome === 'caught-up')?.detail).toMatch(/2 items changed with the new scope/);
  });

  it('refuses a scope that is not well formed, and changes nothing', async () => {
    const from = settings(env.source);
    await expect(call(from, 'createSync', { name: 'Bad', scope: { roots: ['not-an-id'] } })).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(call(from, 'previewScope', { scope: { includeLabels: ['two words'] } })).rejects.toMatchObject({ code: 'invalid-request' });
    expect(await call(from, 'listSyncs')).toEqual([]);
  });
});
