/**
 * The emulated world of the reconcile's missed-change tests: a 40-page generated space ("MISS")
 * on the source site, written a day before any sync, and what the tests read of both sites (the
 * spaces item by item, the destination's writes, the source's catch-ups).
 */
import type { startEmulatedSites } from './emulated-sites';
import { spaceView } from './replication';
import { syncOf } from './pairs';
import { generateSpace } from '../../sandbox/confluence/seed';
import { kvsActivityLog } from '../../src/platform/kvs-activity-log';
import type { Actor } from '../../sandbox/confluence/site';

type Env = Awaited<ReturnType<typeof startEmulatedSites>>;

/** The generated space's owner, who makes the changes the tests lose the events of. */
export const MISS_OWNER: Actor = { kind: 'user', accountId: 'gen-miss-owner' };

/** Seeds the source's 40-page space, its versions a day old as a space's are; returns its id. */
export function seedMissSpace(env: Env): string {
  const site = env.source.site;
  let spaceId = '';
  site.muted(() => {
    ({ spaceId } = generateSpace(site, 'MISS', 40));
    site.grant(site.spaces.get(spaceId)!, env.source.admin, ['read', 'write', 'administer']);
    for (const c of site.contents.values()) for (const v of new Set([c.version, ...c.history])) v.createdAt = new Date(Date.parse(v.createdAt) - 86_400_000).toISOString();
  });
  return spaceId;
}

/** What the tests read, for the env and space the holder has now (set in each test's setup). */
export function missedChangesView(world: { env?: Env; spaceId?: string }) {
  const env = () => world.env as Env;
  const src = () => env().source.site;
  const page = (n: number) => src().contents.withTitle(world.spaceId as string, 'page', `MISS page ${n}`)[0];
  const destWrites = () => env().host.log.of('product').filter((r) => r.method !== 'GET' && r.installationId === env().dest.installation.id).length;
  return {
    src,
    page,
    copy: () => spaceView(env().dest.site, env().dest.spaceId),
    source: () => spaceView(src(), world.spaceId as string),
    /** The first footer comment of page n. */
    thread: (n: number) => src().comments(page(n).id, 'footer-comment')[0],
    /** The hourly reconcile once, and what it cost: source requests and points, destination writes. */
    async reconcile() {
      const meter = env().source.emulator.meter;
      const before = { requests: meter.requests, points: meter.points, writes: destWrites() };
      await env().host.runScheduledTrigger(env().source.installation, 'reconcile');
      await env().host.settled();
      return { requests: meter.requests - before.requests, points: meter.points - before.points, destWrites: destWrites() - before.writes };
    },
    /** The source sync's latest activity, newest first. */
    async activity(count = 200) {
      const sourceSync = await syncOf(env().host, env().source, 'source');
      return env().host.runInInvocation(env().source.installation, () => kvsActivityLog.recent(sourceSync.id, count));
    },
  };
}
