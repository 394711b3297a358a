/**
 * What a Verify run costs on the benchmark's generated space (100 pages: a tree, labels on every
 * second page, comments, replies and inline comments, a file on every tenth), by the emulator's
 * meters: Confluence requests and points on each side, no write at all, and every message and
 * storage value far below the platform's limits. The figures go to test-artifacts/verify-cost.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSpace } from '../../sandbox/confluence/seed';
import { startEmulatedSites } from '../support/emulated-sites';
import { pair } from '../support/replication';
import { syncOf } from '../support/pairs';
import { ARTIFACTS_DIR } from '../support/browser';
import { startVerify } from '../../src/replication/verify-source';
import { kvsVerifyStore } from '../../src/platform/kvs-verify-store';
import { kvsFullSyncStore } from '../../src/platform/kvs-full-sync-store';
import { outboundQueue } from '../../src/platform/outbound-queue';

const PAGES = 100;

describe('the cost of a Verify run', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  beforeEach(async () => {
    env = await startEmulatedSites();
  });
  afterEach(() => env.host.close());

  it(`reads ${PAGES} pages once on each side, writes nothing, and keeps every message small`, async () => {
    const space = generateSpace(env.source.site, 'BENCH', PAGES);
    env.source.site.grant(env.source.site.spaces.get(space.spaceId)!, env.source.admin, ['read', 'write', 'administer']);
    await pair(env.host, { site: env.source, spaceId: space.spaceId }, { site: env.dest });
    const sync = await syncOf(env.host, env.source, 'source');
    env.source.emulator.meter.reset();
    env.dest.emulator.meter.reset();
    const logFrom = env.host.log.entries.length;

    // The run alone: started as the resolver starts it, without the resolver's own permission check.
    await env.host.runInInvocation(env.source.installation, () => startVerify({ verify: kvsVerifyStore, fullSync: kvsFullSyncStore, jobs: outboundQueue, now: () => new Date().toISOString() }, sync));
    await env.host.settled();
    const report = await env.host.runInInvocation(env.source.installation, () => kvsVerifyStore.report(sync.id));
    expect(report).toMatchObject({ state: 'complete', checked: PAGES, differences: [], more: 0 });

    const log = env.host.log.entries.slice(logFrom);
    const product = log.filter((e) => e.kind === 'product');
    const messages = log.filter((e) => e.kind === 'web-trigger');
    const kvsWrites = log.filter((e) => e.kind === 'kvs' && /set|transact/.test(e.op));
    const cost = {
      pages: PAGES,
      comments: space.comments + space.replies + space.inlineComments,
      attachments: space.attachments,
      source: { requests: env.source.emulator.meter.requests, points: env.source.emulator.meter.points },
      destination: { requests: env.dest.emulator.meter.requests, points: env.dest.emulator.meter.points },
      byOperation: { source: Object.fromEntries(env.source.emulator.meter.byOperation), destination: Object.fromEntries(env.dest.emulator.meter.byOperation) },
      writes: product.filter((e) => e.kind === 'product' && e.method !== 'GET').length,
      batches: messages.length,
      largestMessageBytes: Math.max(...messages.map((e) => (e.kind === 'web-trigger' ? e.bytes : 0))),
      largestKvsWriteBytes: Math.max(...kvsWrites.map((e) => (e.kind === 'kvs' ? e.bytes : 0))),
    };
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(join(ARTIFACTS_DIR, 'verify-cost.json'), `${JSON.stringify(cost, null, 2)}\n`);

    expect(cost.writes).toBe(0);
    // The source reads what a full sync reads, less the downloads: the listings, the tree walk,
    // and each page's body, comments (a reply listing per comment), files and status (the v1
    // content state; its other looks come with the body read).
    const listings = Math.ceil(PAGES / 250) + 1;
    expect(cost.source.requests).toBeLessThanOrEqual(1 + listings + (1 + PAGES) + PAGES * 5 + cost.comments);
    // The destination reads each copy, and for a copy with comments or files their listings.
    expect(cost.destination.requests).toBeLessThanOrEqual(1 + PAGES + 2 * space.comments + cost.attachments + space.replies);
    expect(cost.batches).toBeLessThanOrEqual(Math.ceil(PAGES / 10));
    expect(cost.largestMessageBytes).toBeLessThan(64 * 1024);
    expect(cost.largestKvsWriteBytes).toBeLessThan(64 * 1024);
  });
});
