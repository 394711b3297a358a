/**
 * `npm run bench`: what replication costs, measured on the local Forge host and two emulated
 * Confluence sites. The sandbox's generated space of 1,000 pages (a tree, labels, comments with
 * replies and inline comments, attachments) is paired; then one page is edited; then the
 * scheduled reconcile runs over the unchanged space. For each phase it prints REST requests and
 * points per synced item on each site beside the minimum the API allows, the largest queue
 * payload, peer message and KVS write against their limits, and the wall time.
 *
 * The host runs in real time (1 platform second = 1 s) so timeouts and checkpoints behave as
 * they would in Forge. BENCH_PAGES changes the size for a quick look.
 */
import { startEmulatedSites, type EmulatedSite } from '../test/support/emulated-sites';
import { pair, spaceView } from '../test/support/replication';
import { generateSpace } from '../sandbox/confluence/seed';

const PAGES = Number(process.env.BENCH_PAGES ?? 1000);
const LIST_LIMIT = 250;
const LIMITS = { queuePush: 200 * 1024, kvsValue: 240 * 1024, peerMessage: 256 * 1024 };

interface Shape {
  pages: number;
  labelled: number;
  comments: number;
  attachments: number;
}

/** The sandbox's generated space, made the source's admin's to pair. */
function generate(s: EmulatedSite, count: number): { spaceId: string; shape: Shape } {
  const space = generateSpace(s.site, 'BENCH', count);
  s.site.grant(s.site.spaces.get(space.spaceId)!, s.admin, ['read', 'write', 'administer']);
  const comments = space.comments + space.replies + space.inlineComments;
  return { spaceId: space.spaceId, shape: { pages: space.pages, labelled: space.labels, comments, attachments: space.attachments } };
}

/**
 * The fewest requests the APIs allow for the first full sync, and their points (reads cost one
 * plus one per object returned, writes one). Source: the space, the listings (250 a request,
 * pages and blog posts), and per page its body with labels, its footer, inline and attachment
 * listings, one reply listing per comment (v2 lists replies per comment), one download per
 * file. Destination: the space, and per page one create, one label write, one write per comment
 * and per file.
 */
function fullSyncMinimum(shape: Shape) {
  const listings = Math.ceil(shape.pages / LIST_LIMIT) + 1;
  const sourceRequests = 1 + listings + shape.pages * 4 + shape.comments + shape.attachments;
  const sourcePoints = sourceRequests + 1 + shape.pages /* listed */ + shape.pages /* page reads */ + shape.comments + shape.attachments;
  const destRequests = 1 + shape.pages + shape.labelled + shape.comments + shape.attachments;
  return { source: { requests: sourceRequests, points: sourcePoints }, dest: { requests: destRequests, points: destRequests + 1 } };
}

interface Meter {
  requests: number;
  points: number;
}

function snapshot(env: Awaited<ReturnType<typeof startEmulatedSites>>) {
  return { source: { ...pick(env.source) }, dest: { ...pick(env.dest) }, log: env.host.log.entries.length, at: Date.now() };
}
const pick = (s: EmulatedSite): Meter => ({ requests: s.emulator.meter.requests, points: s.emulator.meter.points });
const diff = (a: Meter, b: Meter): Meter => ({ requests: b.requests - a.requests, points: b.points - a.points });

function report(name: string, items: number, before: ReturnType<typeof snapshot>, after: ReturnType<typeof snapshot>, minimum: { source: Meter; dest: Meter }) {
  const per = (n: number) => (items ? (n / items).toFixed(2) : String(n));
  const row = (side: 'source' | 'dest') => {
    const used = diff(before[side], after[side]);
    return `  ${side === 'source' ? 'source site' : 'destination'}  requests ${String(used.requests).padStart(6)} (${per(used.requests)}/item, minimum ${per(minimum[side].requests)})   points ${String(used.points).padStart(6)} (${per(used.points)}/item, minimum ${per(minimum[side].points)})`;
  };
  console.log(`\n${name}: ${items} item(s), ${((after.at - before.at) / 1000).toFixed(1)} s wall`);
  console.log(row('source'));
  console.log(row('dest'));
}

function largest(env: Awaited<ReturnType<typeof startEmulatedSites>>) {
  const max = (values: number[]) => values.reduce((a, b) => Math.max(a, b), 0);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const queue = max(env.host.log.of('queue-push').map((e) => e.bytes));
  const kvs = max(env.host.log.of('kvs').filter((e) => /set|transact/.test(e.op)).map((e) => e.bytes));
  const peer = max(env.host.log.of('web-trigger').map((e) => e.bytes));
  console.log('\nLargest payloads (limit):');
  console.log(`  queue push      ${kb(queue)} (${kb(LIMITS.queuePush)})`);
  console.log(`  KVS write       ${kb(kvs)} (${kb(LIMITS.kvsValue)} per value; the request holds key and value)`);
  console.log(`  peer message    ${kb(peer)} (${kb(LIMITS.peerMessage)}, the app's inbox limit)`);
  return { queue, kvs, peer };
}

function byOperation(s: EmulatedSite, title: string) {
  const rows = [...s.emulator.meter.byOperation.entries()].sort((a, b) => b[1].requests - a[1].requests);
  console.log(`  ${title}: ${rows.map(([op, m]) => `${op} ${m.requests}`).join(', ')}`);
}

async function main() {
  const env = await startEmulatedSites({ msPerSecond: 1000 });
  try {
    const started = Date.now();
    const { spaceId, shape } = generate(env.source, PAGES);
    console.log(`Generated ${shape.pages} pages, ${shape.comments} comments (replies and inline ones included), ${shape.attachments} attachments, labels on ${shape.labelled} pages.`);
    env.source.emulator.meter.reset();
    env.dest.emulator.meter.reset();

    const t0 = snapshot(env);
    await pair(env.host, { site: env.source, spaceId }, { site: env.dest });
    const t1 = snapshot(env);
    const copied = Object.keys(spaceView(env.dest.site, env.dest.spaceId)).length;
    if (copied !== shape.pages) throw new Error(`Only ${copied} of ${shape.pages} pages were copied`);
    report('First full sync', shape.pages, t0, t1, fullSyncMinimum(shape));
    console.log('  by operation:');
    byOperation(env.source, 'source');
    byOperation(env.dest, 'destination');

    const pages = [...env.source.site.contents.values()].filter((c) => c.type === 'page' && c.spaceId === spaceId && c.title.startsWith('BENCH page'));
    const page = pages[Math.floor(pages.length / 2)];
    env.source.site.updatePage({ kind: 'user', accountId: env.source.admin }, page.id, { type: 'page', title: page.title, body: `${page.body}<p>Edited.</p>`, status: 'current', version: page.version.number + 1 });
    await env.host.settled();
    const t2 = snapshot(env);
    // An edit: read the page; read the copy's version (the AHEAD check) and write it.
    report('One edit', 1, t1, t2, { source: { requests: 1, points: 2 }, dest: { requests: 2, points: 3 } });

    await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
    await env.host.settled();
    const t3 = snapshot(env);
    const listings = Math.ceil(shape.pages / LIST_LIMIT) + 1;
    report('Reconcile, unchanged space', shape.pages, t2, t3, { source: { requests: listings, points: listings + shape.pages }, dest: { requests: 0, points: 0 } });

    const sizes = largest(env);
    console.log(`\nTotal wall time ${((Date.now() - started) / 1000).toFixed(1)} s (real-time host).`);
    if (sizes.queue > LIMITS.queuePush || sizes.kvs > LIMITS.kvsValue + 1024 || sizes.peer > LIMITS.peerMessage) throw new Error('A payload went over its limit');
  } finally {
    await env.host.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
