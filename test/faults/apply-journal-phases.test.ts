/**
 * The destination dies in the middle of an apply, at every phase of its journal: just before a
 * phase is recorded (the work before it done, its record lost) and just after (nothing of the
 * next phase done). From the kill on, every call that invocation makes fails, as if the function
 * had stopped. The source retries, and the two spaces are compared item by item: no page,
 * comment or file lost or doubled, no file uploaded twice, no page version written twice, no
 * edit of the app's own mistaken for one made here (the sync keeps destination changes, so such
 * a mistake would leave the copy behind), and no journal left open.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, HOST_MODES, pageByTitle, pair, settingsOf, spaceView } from '../support/replication';
import { entriesWithPrefix } from '../../src/platform/kvs-query';
import type { ForgeHost } from '../../sandbox/forge-host/forge-host';
import type { Installation } from '../../sandbox/forge-host/installation';
import type { Actor } from '../../sandbox/confluence/site';
import type { Content } from '../../sandbox/confluence/model';

type Env = Awaited<ReturnType<typeof startEmulatedSites>>;
type KillPoint = { when: 'before' | 'after'; phase: 'planned' | 'page-written' | 'parts-written' | 'committed' };

const KILL_POINTS: KillPoint[] = [
  { when: 'after', phase: 'planned' },
  { when: 'before', phase: 'page-written' },
  { when: 'after', phase: 'page-written' },
  { when: 'before', phase: 'parts-written' },
  { when: 'after', phase: 'parts-written' },
  { when: 'before', phase: 'committed' },
  { when: 'after', phase: 'committed' },
];

/** The journal phase a KVS write records for `sourceId` (the commit drops the journal), if any. */
function phaseWritten(path: string, init: RequestInit | undefined, sourceId: string): KillPoint['phase'] | undefined {
  const body = typeof init?.body === 'string' ? JSON.parse(init.body) : {};
  const journal = (key: unknown) => typeof key === 'string' && key.startsWith('apply:') && key.endsWith(`:${sourceId}`);
  const sets: Array<{ key: string; value: { phase?: KillPoint['phase'] } }> = path.endsWith('/transaction') ? (body.set ?? []) : path.endsWith('/set') ? [body] : [];
  const written = sets.find((s) => journal(s.key))?.value.phase;
  if (written) return written;
  return path.endsWith('/transaction') && (body.delete ?? []).some((d: { key: string }) => journal(d.key)) ? 'committed' : undefined;
}

/**
 * Kills the first invocation of `installation` whose apply of `sourceId` reaches the kill point:
 * the phase's write is refused (before) or goes through (after), and every later call of that
 * invocation fails. Returns whether it struck.
 */
function killAt(host: ForgeHost, installation: Installation, sourceId: () => string | undefined, point: KillPoint): () => boolean {
  const forgeFetch = host.forgeFetch.bind(host);
  let dead: string | undefined;
  host.forgeFetch = async (invocation, descriptor, path, init) => {
    if (dead === invocation.id) throw new Error('The function stopped (killed by the test).');
    const id = sourceId();
    const strikes = !dead && id && invocation.installation.id === installation.id && descriptor.type === 'kvs' && phaseWritten(path, init, id) === point.phase;
    if (strikes && point.when === 'before') {
      dead = invocation.id;
      throw new Error('The function stopped (killed by the test).');
    }
    const response = await forgeFetch(invocation, descriptor, path, init);
    if (strikes) dead = invocation.id;
    return response;
  };
  return () => dead !== undefined;
}

/** Copies whose history holds the same words twice in a row: a page write made twice. */
function doubledWrites(site: EmulatedSite['site'], spaceId: string): string[] {
  const pages = [...site.contents.values()].filter((c) => c.spaceId === spaceId && c.type === 'page');
  return pages.filter((p) => p.history.some((v, i) => i > 0 && v.body === p.history[i - 1].body && v.title === p.history[i - 1].title)).map((p) => p.title);
}

/** Source files whose copy has another version count: uploaded twice, or not at all. */
function uploadsOff(env: Env): string[] {
  const files = (s: EmulatedSite) => new Map([...s.site.contents.values()].filter((c) => c.type === 'attachment' && c.status === 'current' && s.site.contents.get(c.containerId ?? '')?.spaceId === s.spaceId).map((c) => [`${s.site.contents.get(c.containerId ?? '')?.title}/${c.title}`, c.version.number]));
  const copies = files(env.dest);
  return [...files(env.source)].filter(([name, version]) => copies.get(name) !== version).map(([name]) => name);
}

describe.each(['create', 'update'] as const)('the destination killed mid-apply at every journal phase (%s)', (kind) => {
  let env: Env;
  afterEach(() => env.host.close());
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const upload = (s: EmulatedSite, page: Content, name: string, data: string) => s.site.upload(as(s), page.id, { name, mediaType: 'text/plain', data: Buffer.from(data), comment: '', minorEdit: true }, 'createOrUpdate');

  /** A page with a label, a footer comment with a reply, an inline comment and a file: every part of the apply. */
  function fill(page: Content, round: string): void {
    const site = env.source.site;
    const thread = site.createComment(as(env.source), { containerId: page.id, body: `<p>Question ${round}?</p>` });
    site.createComment(as(env.source), { containerId: page.id, parentCommentId: thread.id, body: `<p>Answer ${round}.</p>` });
    site.createComment(as(env.source), { containerId: page.id, body: `<p>About the words ${round}.</p>`, inline: { textSelection: `words ${round}`, textSelectionMatchCount: 1, textSelectionMatchIndex: 0 } });
    upload(env.source, page, 'notes.txt', `notes ${round}`);
    site.addLabels(as(env.source), page.id, [`label-${round}`]);
  }

  it.each(KILL_POINTS)('killed $when $phase: the retry converges with nothing lost or doubled', async (point) => {
    env = await startEmulatedSites();
    // Each inline comment writes its marker as a new page version: the app's own versions must not read as edits.
    env.dest.site.inlineMarkerWrite = 'new-version';
    const site = env.source.site;
    const parent = site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Parent', body: '<p>Above.</p>' });
    let target: Content | undefined;
    if (kind === 'update') {
      target = site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Runbook', parentId: parent.id, body: '<p>The words one.</p>' });
      fill(target, 'one');
    }
    const syncId = await pair(env.host, { site: env.source }, { site: env.dest }, { conflictPolicy: 'keep-destination' });
    expect(syncId).toBeTruthy();

    const struck = killAt(env.host, env.dest.installation, () => target?.id, point);
    if (kind === 'create') {
      target = site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Runbook', parentId: parent.id, body: '<p>The words two.</p>' });
    } else {
      const page = site.contents.get((target as Content).id) as Content;
      site.updatePage(as(env.source), page.id, { type: 'page', title: 'Runbook', body: `${page.body}<p>The words two.</p>`, status: 'current', version: page.version.number + 1 });
    }
    fill(target as Content, 'two');
    await env.host.settled();
    expect(struck()).toBe(true);
    for (let round = 0; round < 3 && JSON.stringify(spaceView(env.dest.site, env.dest.spaceId)) !== JSON.stringify(spaceView(site, env.source.spaceId)); round++) {
      await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
      await env.host.settled();
    }

    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(spaceView(site, env.source.spaceId));
    expect(uploadsOff(env)).toEqual([]);
    expect(doubledWrites(env.dest.site, env.dest.spaceId)).toEqual([]);
    const copy = pageByTitle(env.dest.site, env.dest.spaceId, 'Runbook');
    const kvs = await env.host.runInInvocation(env.dest.installation, async () => ({ journals: await entriesWithPrefix('apply:'), records: await entriesWithPrefix<{ destId: string }>('map:') }));
    expect(kvs.journals).toEqual([]);
    expect(kvs.records.map((r) => r.value.destId)).toContain(copy.id);
    const sent = await env.host.runInInvocation(env.source.installation, async () => (await import('../../src/platform/kvs-sent-store')).kvsSentStore.get((await entriesWithPrefix<unknown>('sent:'))[0].key.split(':')[1], (target as Content).id));
    expect(sent).toMatchObject({ status: 'synced', destId: copy.id });
  });
});

/**
 * A re-pair takes over the copies the earlier sync of the same two spaces made: the first apply
 * of each reads the earlier pair's record. Killed mid-way, the retry must still read it (only this
 * pair's journal is there yet), or it takes the copy for someone else's page and makes or adopts
 * it again: a second record of one copy, a version written twice, the log saying "created".
 */
describe.each(HOST_MODES)('the destination killed while it takes over a copy a re-pair inherited%s', (_mode, options) => {
  let env: Env;
  afterEach(() => env.host.close());
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const TAKE_OVER_POINTS: Array<KillPoint | { when: 'never'; phase: 'none' }> = [
    { when: 'never', phase: 'none' },
    { when: 'after', phase: 'planned' },
    { when: 'before', phase: 'committed' },
    { when: 'after', phase: 'committed' },
  ];

  it.each(TAKE_OVER_POINTS)('killed $when $phase: converges, one page write, the earlier record taken over', async (point) => {
    env = await startEmulatedSites(options);
    const call = bridgeCall(env.host);
    const site = env.source.site;
    const guide = site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Start here.</p>' });
    const setup = site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Setup', body: '<p>Install.</p>', parentId: guide.id });
    await pair(env.host, { site: env.source }, { site: env.dest }, { conflictPolicy: 'keep-destination' });
    const live = async (s: EmulatedSite) => ((await call(settingsOf(env.host, s), 'listSyncs')) as Array<{ id: string; state: string }>).find((x) => x.state === 'active')!.id;
    await call(settingsOf(env.host, env.source), 'changePair', { syncId: await live(env.source), action: 'unpair' });
    await env.host.settled();
    const now = site.contents.get(setup.id)!;
    site.updatePage(as(env.source), setup.id, { type: 'page', title: 'Setup', body: '<p>Install, changed while unpaired.</p>', status: 'current', version: now.version.number + 1 });

    const struck = point.when === 'never' ? () => true : killAt(env.host, env.dest.installation, () => setup.id, point as KillPoint);
    await pair(env.host, { site: env.source }, { site: env.dest }, { conflictPolicy: 'keep-destination' });
    expect(struck()).toBe(true);
    for (let round = 0; round < 3 && JSON.stringify(spaceView(env.dest.site, env.dest.spaceId)) !== JSON.stringify(spaceView(site, env.source.spaceId)); round++) {
      await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
      await env.host.settled();
    }

    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(spaceView(site, env.source.spaceId));
    const pages = [...env.dest.site.contents.values()].filter((c) => c.spaceId === env.dest.spaceId && c.type === 'page' && c.status === 'current' && c.id !== env.dest.homeId);
    expect(pages.map((p) => p.title).sort()).toEqual(['Guide', 'Setup']);
    expect(doubledWrites(env.dest.site, env.dest.spaceId)).toEqual([]);
    const log = (await call(settingsOf(env.host, env.dest), 'syncDetails', { syncId: await live(env.dest) })).activity as Array<{ title: string; outcome: string; detail?: string }>;
    // Killed after its commit, the apply's log entry (written after it) is lost with the invocation.
    const logged = point.when === 'after' && point.phase === 'committed' ? [] : ['adopted'];
    expect(log.filter((e) => e.title === 'Setup').map((e) => e.outcome)).toEqual(logged);
    if (logged.length) expect(log.find((e) => e.title === 'Setup')?.detail).toMatch(/updated with what changed since/);
    const copy = pageByTitle(env.dest.site, env.dest.spaceId, 'Setup');
    const kvs = await env.host.runInInvocation(env.dest.installation, async () => ({ journals: await entriesWithPrefix('apply:'), records: await entriesWithPrefix<{ destId: string }>('map:') }));
    expect(kvs.journals).toEqual([]);
    // One record of Setup's copy: the earlier pair's is dropped when this sync takes it over.
    expect(kvs.records.filter((r) => r.value.destId === copy.id).map((r) => r.key)).toHaveLength(1);
  });
});
