/**
 * Audit (issue 15): the destination killed while it takes over a copy a re-pair inherited.
 * Same kill mechanism as test/faults/apply-journal-phases.test.ts, applied to the first apply
 * of an inherited record (Setup, changed at the source while the spaces were unpaired).
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, pageByTitle, pair, settingsOf, spaceView } from '../support/replication';
import { entriesWithPrefix } from '../../src/platform/kvs-query';
import type { ForgeHost } from '../../sandbox/forge-host/forge-host';
import type { Installation } from '../../sandbox/forge-host/installation';
import type { Actor } from '../../sandbox/confluence/site';

type Env = Awaited<ReturnType<typeof startEmulatedSites>>;
type KillPoint = { when: 'before' | 'after'; phase: 'planned' | 'page-written' | 'parts-written' | 'committed' };

function phaseWritten(path: string, init: RequestInit | undefined, sourceId: string): KillPoint['phase'] | undefined {
  const body = typeof init?.body === 'string' ? JSON.parse(init.body) : {};
  const journal = (key: unknown) => typeof key === 'string' && key.startsWith('apply:') && key.endsWith(`:${sourceId}`);
  const sets: Array<{ key: string; value: { phase?: KillPoint['phase'] } }> = path.endsWith('/transaction') ? (body.set ?? []) : path.endsWith('/set') ? [body] : [];
  const written = sets.find((s) => journal(s.key))?.value.phase;
  if (written) return written;
  return path.endsWith('/transaction') && (body.delete ?? []).some((d: { key: string }) => journal(d.key)) ? 'committed' : undefined;
}

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

function doubledWrites(site: EmulatedSite['site'], spaceId: string): string[] {
  const pages = [...site.contents.values()].filter((c) => c.spaceId === spaceId && c.type === 'page');
  return pages.filter((p) => p.history.some((v, i) => i > 0 && v.body === p.history[i - 1].body && v.title === p.history[i - 1].title)).map((p) => p.title);
}

const POINTS: Array<KillPoint | { when: 'never'; phase: 'none' }> = [
  { when: 'never', phase: 'none' },
  { when: 'after', phase: 'planned' },
  { when: 'before', phase: 'committed' },
];

describe('re-pair: the destination killed while it takes over an inherited copy', () => {
  let env: Env;
  afterEach(() => env.host.close());
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });

  it.each(POINTS)('killed $when $phase: converges, one page write, earlier record taken over', async (point) => {
    env = await startEmulatedSites();
    const call = bridgeCall(env.host);
    const site = env.source.site;
    const guide = site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Start here.</p>' });
    const setup = site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Setup', body: '<p>Install.</p>', parentId: guide.id });
    await pair(env.host, { site: env.source }, { site: env.dest }, { conflictPolicy: 'keep-destination' });
    const live = async () => ((await call(settingsOf(env.host, env.source), 'listSyncs')) as Array<{ id: string; state: string }>).find((x) => x.state === 'active')!.id;
    await call(settingsOf(env.host, env.source), 'changePair', { syncId: await live(), action: 'unpair' });
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
    const destSync = ((await call(settingsOf(env.host, env.dest), 'listSyncs')) as Array<{ id: string; state: string }>).find((x) => x.state === 'active')!.id;
    const log = (await call(settingsOf(env.host, env.dest), 'syncDetails', { syncId: destSync })).activity as Array<{ title: string; outcome: string; detail?: string }>;
    console.log(point.when, point.phase, JSON.stringify(log.filter((e) => e.title === 'Setup').map((e) => [e.outcome, e.detail])), JSON.stringify(pageByTitle(env.dest.site, env.dest.spaceId, 'Setup').history.map((h) => h.body)));
    expect(doubledWrites(env.dest.site, env.dest.spaceId)).toEqual([]);
    const copy = pageByTitle(env.dest.site, env.dest.spaceId, 'Setup');
    const kvs = await env.host.runInInvocation(env.dest.installation, async () => ({ journals: await entriesWithPrefix('apply:'), records: await entriesWithPrefix<{ destId: string }>('map:') }));
    expect(kvs.journals).toEqual([]);
    // One record of Setup's copy: the earlier pair's is dropped when this sync takes it over.
    const setupRecords = kvs.records.filter((r) => r.value.destId === copy.id).map((r) => r.key);
    expect(setupRecords).toHaveLength(1);
  });
});
