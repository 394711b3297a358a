/**
 * The points governor between two emulated sites: a re-sync of a space larger than what is left
 * of the source's points quota stops starting items while the quota left is within the reserve
 * kept for product events, goes on by itself when the window resets, and meets no 429 on the
 * way; an edit made meanwhile still arrives (the event path is not held). Where the site's
 * answers carry no quota headers (UNCONFIRMED which Confluence sends, points-meter.ts), the same
 * run meets 429s and waits them out. The quota's window here is seconds of real time.
 */
import { startEmulatedSites } from '../support/emulated-sites';
import { bridgeCall, expectedCopy, pageByTitle, pair, settingsOf, spaceView } from '../support/replication';
import { generateSpace } from '../../sandbox/confluence/seed';
import { kvsFullSyncStore } from '../../src/platform/kvs-full-sync-store';
import type { Actor } from '../../sandbox/confluence/site';
import type { RateLimitOptions } from '../../sandbox/confluence/points-meter';

/**
 * 200 points a window, half kept for events (a quota under twice RESERVE_MIN_POINTS): the re-sync
 * of 60 pages costs about 220 points at the source (each page read by id; statuses only where a
 * page shows one), so it needs three windows, and would meet a 429 in the first if it did not
 * pace itself.
 */
const QUOTA: RateLimitOptions = { pointsPerWindow: 200, windowSeconds: 4 };

describe('the full sync paces itself by the points quota left', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let spaceId: string;
  const owner: Actor = { kind: 'user', accountId: 'gen-gov-owner' };
  const copy = () => spaceView(env.dest.site, env.dest.spaceId);
  const source = () => spaceView(env.source.site, spaceId);
  const refusedAtSource = () => env.host.log.of('product').filter((r) => r.installationId === env.source.installation.id && r.status === 429).length;
  const progress = async (syncId: string) => env.host.runInInvocation(env.source.installation, () => kvsFullSyncStore.progress(syncId));

  beforeEach(async () => {
    // Real seconds: the quota's window and the run's waits are measured in them.
    env = await startEmulatedSites({ msPerSecond: 1000 });
    env.source.site.muted(() => {
      ({ spaceId } = generateSpace(env.source.site, 'GOV', 60));
      env.source.site.grant(env.source.site.spaces.get(spaceId)!, env.source.admin, ['read', 'write', 'administer']);
    });
    await pair(env.host, { site: env.source, spaceId }, { site: env.dest });
    expect(copy()).toEqual(expectedCopy(source()));
  }, 120_000);
  afterEach(async () => {
    env.source.emulator.meter.configure({});
    expect(env.source.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  const resync = async () => {
    const settings = settingsOf(env.host, env.source, spaceId);
    const syncId = (await bridgeCall(env.host)(settings, 'listSyncs'))[0].id as string;
    await bridgeCall(env.host)(settings, 'resyncEverything', { syncId });
    return syncId;
  };

  it.each(['enforced', 'beta'] as const)('with %s quota headers: pauses within the reserve, lets an edit through meanwhile, and finishes without a 429', async (headers) => {
    env.source.emulator.meter.configure({ ...QUOTA, headers });
    const syncId = await resync();
    // Wait for the pause.
    let paused: string | undefined;
    for (let i = 0; i < 200 && !paused; i++) {
      const p = await progress(syncId);
      expect(p?.state).not.toBe('complete');
      paused = p?.quotaWaitUntil;
      if (!paused) await new Promise((r) => setTimeout(r, 25));
    }
    expect(paused).toBeDefined();
    // The admin sees why the run stands still, and until when.
    const settings = settingsOf(env.host, env.source, spaceId);
    const shown = (await bridgeCall(env.host)(settings, 'syncDetails', { syncId })).progress;
    expect(shown).toMatchObject({ state: 'running', quotaWaitUntil: expect.any(String) });
    expect(Date.parse(shown.quotaWaitUntil)).toBeGreaterThan(Date.now() - 5_000);
    // An edit while the full sync waits: its event is not held.
    const edited = pageByTitle(env.source.site, spaceId, 'GOV page 7');
    env.source.site.updatePage(owner, edited.id, { type: 'page', title: edited.title, body: '<p>Edited while the full sync waits.</p>', status: 'current', version: edited.version.number + 1 });
    for (let i = 0; i < 200 && copy()[`page:${edited.title}`]?.body !== '<p>Edited while the full sync waits.</p>'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(copy()[`page:${edited.title}`]?.body).toBe('<p>Edited while the full sync waits.</p>');
    expect((await progress(syncId))?.state).toBe('running');
    await env.host.settled();
    const done = await progress(syncId);
    expect(done).toMatchObject({ state: 'complete', done: done?.total });
    expect(done?.quotaWaitUntil).toBeUndefined();
    expect(copy()).toEqual(expectedCopy(source()));
    expect(refusedAtSource()).toBe(0);
  }, 120_000);

  it('where answers carry no quota headers, the same run meets 429s, waits them out and finishes', async () => {
    env.source.emulator.meter.configure({ ...QUOTA, headers: 'none' });
    const syncId = await resync();
    await env.host.settled();
    expect(await progress(syncId)).toMatchObject({ state: 'complete' });
    expect(copy()).toEqual(expectedCopy(source()));
    expect(refusedAtSource()).toBeGreaterThan(0);
  }, 120_000);
});
