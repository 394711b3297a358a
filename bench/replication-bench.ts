/**
 * `npm run bench`: what replication costs, measured on the local Forge host and emulated
 * Confluence sites. For each size of the sandbox's generated space (a tree with labels,
 * comments with replies and inline ones, attachments, in fixed proportions), cross-site and
 * same-site, it pairs the space, edits one page, and runs the scheduled reconcile over the
 * unchanged space. It prints, and writes as JSON:
 * - REST requests and points per synced item beside the minimum the API allows, as a ratio;
 * - the edit's requests, points, and time from the Confluence event to the updated copy;
 * - the reconcile's requests, points and destination writes (must be 0);
 * - throughput, and how cost per item grows with size (it should stay flat: linear cost);
 * - the largest queue push, KVS write and peer message against their limits, and the longest
 *   invocation of each function against its timeout.
 *
 * The host runs in real time (1 platform second = 1 s) so timeouts and checkpoints behave as
 * they would in Forge. BENCH_SIZES (default 100,1000,10000), BENCH_MODES (cross-site,same-site)
 * and BENCH_OUT (default bench/results/latest.json) change what runs and where it is written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startEmulatedSites, type EmulatedSite } from '../test/support/emulated-sites';
import { pair, spaceView } from '../test/support/replication';
import { generateSpace } from '../sandbox/confluence/seed';

const SIZES = (process.env.BENCH_SIZES ?? process.env.BENCH_PAGES ?? '100,1000,10000').split(',').map(Number);
const MODES = (process.env.BENCH_MODES ?? 'cross-site,same-site').split(',') as Mode[];
const OUT = process.env.BENCH_OUT ?? join(__dirname, 'results', 'latest.json');
const LIST_LIMIT = 250;
const LIMITS = { queuePush: 200 * 1024, kvsValue: 240 * 1024, peerMessage: 256 * 1024 };

type Mode = 'cross-site' | 'same-site';
type Env = Awaited<ReturnType<typeof startEmulatedSites>>;

interface Shape {
  pages: number;
  labelled: number;
  comments: number;
  attachments: number;
}

interface Cost {
  requests: number;
  points: number;
}

interface PhaseResult {
  items: number;
  source: Cost;
  destination: Cost;
  minimum: { source: Cost; destination: Cost };
  /** Requests made over the minimum the API allows (1 = the minimum). */
  ratio: number;
  wallMs: number;
}

interface RunResult {
  pages: number;
  mode: Mode;
  shape: Shape;
  fullSync: PhaseResult & { itemsPerSecond: number };
  edit: PhaseResult & { eventToCopyMs: number };
  reconcile: PhaseResult & { destinationWrites: number };
  largest: { queuePushBytes: number; kvsWriteBytes: number; peerMessageBytes: number };
  longestInvocations: Array<{ functionKey: string; ms: number; timeoutMs: number }>;
}

/** The sandbox's generated space, made the source admin's to pair. */
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
 * file, and its status (v1 content state: no v2 read has it; its look's properties come with the
 * page read, include-properties). Destination: the space, and per page one create, one owner mark (a content property the
 * copy must carry, which the v2 create cannot set: DESIGN.md section 3), one label write when it
 * has labels, one write per comment and per file.
 */
function fullSyncMinimum(shape: Shape) {
  const listings = Math.ceil(shape.pages / LIST_LIMIT) + 1;
  // Folders and other tree nodes are in no listing: finding them takes one direct-children read
  // of the home page and of each page (its rows: every page is some node's child).
  const treeWalk = 1 + shape.pages;
  const sourceRequests = 1 + listings + shape.pages * 5 + treeWalk + shape.comments + shape.attachments;
  const sourcePoints = sourceRequests + 1 + shape.pages /* listed */ + shape.pages /* page reads */ + shape.pages /* direct-children rows */ + shape.comments + shape.attachments;
  const destRequests = 1 + shape.pages * 2 + shape.labelled + shape.comments + shape.attachments;
  return { source: { requests: sourceRequests, points: sourcePoints }, destination: { requests: destRequests, points: destRequests + 1 } };
}

const meterOf = (s: EmulatedSite): Cost => ({ requests: s.emulator.meter.requests, points: s.emulator.meter.points });

/** Cost by side; on one site both sides share a meter, so the whole cost counts as the source's. */
function measure(env: Env, mode: Mode) {
  const source = meterOf(env.source);
  const dest = mode === 'cross-site' ? meterOf(env.dest) : { requests: 0, points: 0 };
  return { source, dest, at: Date.now() };
}

function phase(before: ReturnType<typeof measure>, after: ReturnType<typeof measure>, items: number, minimum: { source: Cost; destination: Cost }, mode: Mode): PhaseResult {
  const source = { requests: after.source.requests - before.source.requests, points: after.source.points - before.source.points };
  const destination = { requests: after.dest.requests - before.dest.requests, points: after.dest.points - before.dest.points };
  const min = mode === 'cross-site' ? minimum : { source: { requests: minimum.source.requests + minimum.destination.requests, points: minimum.source.points + minimum.destination.points }, destination: { requests: 0, points: 0 } };
  const least = min.source.requests + min.destination.requests;
  const used = source.requests + destination.requests;
  return { items, source, destination, minimum: min, ratio: least ? Number((used / least).toFixed(2)) : used === 0 ? 1 : Infinity, wallMs: after.at - before.at };
}

async function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('The copy was not updated in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function run(pages: number, mode: Mode): Promise<RunResult> {
  const env = await startEmulatedSites({ msPerSecond: 1000 });
  try {
    const { spaceId, shape } = generate(env.source, pages);
    const target = mode === 'cross-site' ? { site: env.dest } : { site: env.source, spaceId: env.source.site.createSpace('COPY', 'Bench copy', [env.source.admin]).id };
    const targetSite = target.site.site;
    const targetSpaceId = target.spaceId ?? target.site.spaceId;
    env.source.emulator.meter.reset();
    env.dest.emulator.meter.reset();

    const t0 = measure(env, mode);
    await pair(env.host, { site: env.source, spaceId }, target);
    const t1 = measure(env, mode);
    const copied = Object.keys(spaceView(targetSite, targetSpaceId)).length;
    if (copied !== shape.pages) throw new Error(`Only ${copied} of ${shape.pages} pages were copied`);
    const fullSync = phase(t0, t1, shape.pages, fullSyncMinimum(shape), mode);

    const pagesOfSource = [...env.source.site.contents.values()].filter((c) => c.type === 'page' && c.spaceId === spaceId && c.title.startsWith('BENCH page'));
    const edited = pagesOfSource[Math.floor(pagesOfSource.length / 2)];
    const body = `${edited.body}<p>Edited.</p>`;
    const eventAt = Date.now();
    env.source.site.updatePage({ kind: 'user', accountId: env.source.admin }, edited.id, { type: 'page', title: edited.title, body, status: 'current', version: edited.version.number + 1 });
    await waitFor(() => [...targetSite.contents.values()].some((c) => c.spaceId === targetSpaceId && c.title === edited.title && c.body === body));
    const eventToCopyMs = Date.now() - eventAt;
    await env.host.settled();
    const t2 = measure(env, mode);
    // An edit: read the page; read the copy's version (the AHEAD check) and write it.
    const edit = { ...phase(t1, t2, 1, { source: { requests: 1, points: 2 }, destination: { requests: 2, points: 3 } }, mode), eventToCopyMs };

    const writesBefore = env.host.log.of('product').filter((r) => r.method !== 'GET').length;
    await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
    await env.host.settled();
    const t3 = measure(env, mode);
    const listings = Math.ceil(shape.pages / LIST_LIMIT) + 1;
    const reconcile = { ...phase(t2, t3, shape.pages, { source: { requests: listings, points: listings + shape.pages }, destination: { requests: 0, points: 0 } }, mode), destinationWrites: env.host.log.of('product').filter((r) => r.method !== 'GET').length - writesBefore };

    return { pages, mode, shape, fullSync: { ...fullSync, itemsPerSecond: Math.round(shape.pages / (fullSync.wallMs / 1000)) }, edit, reconcile, largest: largest(env), longestInvocations: longestInvocations(env) };
  } finally {
    await env.host.close();
  }
}

function largest(env: Env): RunResult['largest'] {
  const max = (values: number[]) => values.reduce((a, b) => Math.max(a, b), 0);
  return {
    queuePushBytes: max(env.host.log.of('queue-push').map((e) => e.bytes)),
    kvsWriteBytes: max(env.host.log.of('kvs').filter((e) => /set|transact/.test(e.op)).map((e) => e.bytes)),
    peerMessageBytes: max(env.host.log.of('web-trigger').map((e) => e.bytes)),
  };
}

function longestInvocations(env: Env): RunResult['longestInvocations'] {
  const byFunction = new Map<string, number>();
  for (const i of env.host.log.of('invocation')) byFunction.set(i.functionKey, Math.max(byFunction.get(i.functionKey) ?? 0, i.ms));
  return [...byFunction.entries()].map(([functionKey, ms]) => ({ functionKey, ms, timeoutMs: env.host.functionTimeoutSeconds(functionKey) * 1000 }));
}

const perItem = (n: number, items: number) => (items ? (n / items).toFixed(2) : String(n));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function print(r: RunResult): void {
  const line = (name: string, p: PhaseResult, extra: string) =>
    console.log(
      `  ${name.padEnd(22)} requests/item ${perItem(p.source.requests, p.items)} + ${perItem(p.destination.requests, p.items)} (minimum ${perItem(p.minimum.source.requests, p.items)} + ${perItem(p.minimum.destination.requests, p.items)}, ratio ${p.ratio})  points/item ${perItem(p.source.points + p.destination.points, p.items)}  ${extra}`,
    );
  console.log(`\n${r.pages} pages, ${r.mode} (${r.shape.comments} comments, ${r.shape.attachments} attachments, labels on ${r.shape.labelled} pages); requests are source + destination:`);
  line('First full sync', r.fullSync, `${(r.fullSync.wallMs / 1000).toFixed(1)} s, ${r.fullSync.itemsPerSecond} items/s`);
  line('One edit', r.edit, `event to copy ${r.edit.eventToCopyMs} ms`);
  line('Reconcile, unchanged', r.reconcile, `destination writes ${r.reconcile.destinationWrites}`);
  console.log(`  Largest: queue push ${kb(r.largest.queuePushBytes)} (limit ${kb(LIMITS.queuePush)}), KVS write ${kb(r.largest.kvsWriteBytes)} (${kb(LIMITS.kvsValue)} per value), peer message ${kb(r.largest.peerMessageBytes)} (${kb(LIMITS.peerMessage)})`);
  console.log(`  Longest invocation: ${r.longestInvocations.map((i) => `${i.functionKey} ${(i.ms / 1000).toFixed(1)} s of ${i.timeoutMs / 1000} s`).join(', ')}`);
}

/** Cost per item at each size against the smallest: flat (about 1) means cost grows linearly. */
function growth(results: RunResult[]): Array<{ mode: Mode; pages: number; requestsPerItem: number; versusSmallest: number }> {
  return MODES.flatMap((mode) => {
    const runs = results.filter((r) => r.mode === mode).sort((a, b) => a.pages - b.pages);
    const perItemOf = (r: RunResult) => (r.fullSync.source.requests + r.fullSync.destination.requests) / r.pages;
    return runs.map((r) => ({ mode, pages: r.pages, requestsPerItem: Number(perItemOf(r).toFixed(2)), versusSmallest: Number((perItemOf(r) / perItemOf(runs[0])).toFixed(2)) }));
  });
}

async function main() {
  const started = Date.now();
  const results: RunResult[] = [];
  for (const pages of SIZES) {
    for (const mode of MODES) {
      const result = await run(pages, mode);
      print(result);
      results.push(result);
    }
  }
  const scaling = growth(results);
  console.log('\nCost per item as the space grows (1.00 = the smallest space):');
  for (const g of scaling) console.log(`  ${g.mode.padEnd(10)} ${String(g.pages).padStart(6)} pages: ${g.requestsPerItem} requests/item (${g.versusSmallest})`);
  const over = results.filter((r) => r.largest.queuePushBytes > LIMITS.queuePush || r.largest.kvsWriteBytes > LIMITS.kvsValue + 1024 || r.largest.peerMessageBytes > LIMITS.peerMessage || r.reconcile.destinationWrites > 0 || r.longestInvocations.some((i) => i.ms > i.timeoutMs));
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify({ sizes: SIZES, modes: MODES, hostTime: 'real time', results, scaling }, null, 2)}\n`);
  console.log(`\nWrote ${OUT}. Total wall time ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  if (over.length) throw new Error('A payload went over its limit, an invocation over its timeout, or the reconcile wrote');
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
