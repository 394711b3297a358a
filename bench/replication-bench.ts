/**
 * `npm run bench`: what replication costs, measured on the local Forge host and emulated
 * Confluence sites. For each size of the sandbox's generated space (a tree with labels,
 * comments with replies and inline ones, attachments, in fixed proportions), cross-site and
 * same-site, it pairs the space, edits one page, and runs the scheduled reconcile over the
 * unchanged space. It prints, and writes as JSON:
 * - REST requests and points per synced item beside the cheapest plan the API documents allow
 *   (bench/cheapest-plan.ts), as a ratio, and points per page on each side;
 * - what Forge's points quotas allow per hour at that cost (bench/points-budget.ts);
 * - wall time and pages per second under a latency model (bench/latency-model.ts): REST calls,
 *   KVS calls and web-trigger requests each wait a seeded, uniformly drawn time;
 * - the edit's requests, points, and time from the Confluence event to the updated copy;
 * - the reconcile's requests, points and destination writes (must be 0);
 * - how cost per item grows with size (it should stay flat: linear cost);
 * - the largest queue push, KVS write and peer message against their limits, and the longest
 *   invocation of each function against its timeout.
 *
 * The host runs in real time (1 platform second = 1 s) so timeouts and checkpoints behave as
 * they would in Forge. BENCH_SIZES (default 100,1000,10000), BENCH_MODES (cross-site,same-site),
 * BENCH_OUT (default bench/results/latest.json), BENCH_LATENCY_MS, BENCH_KVS_LATENCY_MS,
 * BENCH_WEBTRIGGER_LATENCY_MS, BENCH_SEED, BENCH_TIER2_POINTS and BENCH_FANOUT (children per
 * page, default 8; a number at least the size makes a flat space) change what runs and how.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startEmulatedSites, type EmulatedSite } from '../test/support/emulated-sites';
import { pair, spaceView } from '../test/support/replication';
import { generateSpace } from '../sandbox/confluence/seed';
import { destinationFullSync, editMinimum, reconcileMinimum, sourceFullSync, type Cost, type PlanStep, type SpaceShape } from './cheapest-plan';
import { describeLatency, latencies, latencyFromEnv, latencyJson } from './latency-model';
import { fullSyncBudget, reconcileBudget, tier2PointsPerHour, TIER1_POINTS_PER_HOUR, type Budget } from './points-budget';
import type { ConfluenceSite } from '../sandbox/confluence/site';
import { storageUse, type StorageCall, type StorageUse } from './storage-use';
import { FORGE_KVS_LIMITS, operationOf } from '../sandbox/forge-host/kvs/kvs-rate-limit';

const SIZES = (process.env.BENCH_SIZES ?? process.env.BENCH_PAGES ?? '100,1000,10000').split(',').map(Number);
const MODES = (process.env.BENCH_MODES ?? 'cross-site,same-site').split(',') as Mode[];
const OUT = process.env.BENCH_OUT ?? join(__dirname, 'results', 'latest.json');
const LATENCY = latencyFromEnv(process.env);
const TIER2 = tier2PointsPerHour(process.env);
const FANOUT = process.env.BENCH_FANOUT ? Number(process.env.BENCH_FANOUT) : undefined;
if (FANOUT !== undefined && !(Number.isInteger(FANOUT) && FANOUT > 0)) throw new Error('BENCH_FANOUT must be a whole number of children per page');
const LIMITS = { queuePush: 200 * 1024, kvsValue: 240 * 1024, peerMessage: 256 * 1024 };

type Mode = 'cross-site' | 'same-site';
type Env = Awaited<ReturnType<typeof startEmulatedSites>>;

interface PhaseResult {
  items: number;
  source: Cost;
  destination: Cost;
  minimum: { source: Cost; destination: Cost };
  /** Requests made over the minimum the API allows (1 = the minimum). */
  ratio: number;
  wallMs: number;
  /** Points per item on each side (same-site: all on the source's meter). */
  pointsPerItem: { source: number; destination: number };
  /** Requests and points by REST operation on each side. */
  byOperation: { source: Record<string, Cost>; destination: Record<string, Cost> };
}

interface RunResult {
  pages: number;
  mode: Mode;
  shape: SpaceShape;
  latencyMs: ReturnType<typeof latencyJson>;
  /** `outOfOrder`: families whose copies do not stand in their originals' order at the end. */
  fullSync: PhaseResult & { itemsPerSecond: number; pagesPerSecond: number; outOfOrder: number; budget: Budget; plan: { source: PlanStep[]; destination: PlanStep[] } };
  edit: PhaseResult & { eventToCopyMs: number };
  reconcile: PhaseResult & { destinationWrites: number; budget: Budget };
  largest: { queuePushBytes: number; kvsWriteBytes: number; peerMessageBytes: number };
  /** Each installation's KVS use over the whole run against Forge's limits (storage-use.ts). */
  storage: { source: StorageUse; destination: StorageUse };
  longestInvocations: Array<{ functionKey: string; ms: number; timeoutMs: number }>;
}

/**
 * The families whose copies do not stand in their originals' order once the full sync (and its
 * order pass) is done: the order's work checked, as the page count checks the copies'. Copies
 * are found by title, as the generated space's titles are unique.
 */
function familiesOutOfOrder(source: ConfluenceSite, spaceId: string, target: ConfluenceSite, targetSpaceId: string): number {
  const titles = (site: ConfluenceSite, id: string) => site.treeChildren(id).map((c) => c.title);
  const copyOf = (title: string) => target.contents.withTitle(targetSpaceId, 'page', title)[0];
  let families = 0;
  const walk = (original: string, copy: string | undefined) => {
    const children = titles(source, original);
    if (!children.length) return;
    // What else stands beside the copies (the destination's own pages) does not count.
    const originals = new Set(children);
    const copies = copy ? titles(target, copy).filter((t) => originals.has(t)) : [];
    if (JSON.stringify(copies) !== JSON.stringify(children)) families++;
    for (const child of source.treeChildren(original)) walk(child.id, copyOf(child.title)?.id);
  };
  walk(source.spaces.get(spaceId)!.homepageId, target.spaces.get(targetSpaceId)!.homepageId);
  return families;
}

/** The sandbox's generated space, made the source admin's to pair, and what the cheapest plan depends on. */
function generate(s: EmulatedSite, count: number): { spaceId: string; shape: SpaceShape } {
  const space = generateSpace(s.site, 'BENCH', count, FANOUT);
  s.site.grant(s.site.spaces.get(space.spaceId)!, s.admin, ['read', 'write', 'administer']);
  backdate(s.site, space.spaceId, 24 * 3600 * 1000);
  return { spaceId: space.spaceId, shape: shapeOf(s.site, space.spaceId) };
}

/**
 * A space is older than its sync: its content is dated a day back, as if written then (the
 * generator writes it a moment before pairing, which would make every page look just modified
 * to the reconcile).
 */
function backdate(site: ConfluenceSite, spaceId: string, ms: number): void {
  const earlier = (iso: string) => new Date(Date.parse(iso) - ms).toISOString();
  for (const c of [...site.contents.values()].filter((x) => x.spaceId === spaceId)) {
    c.createdAt = earlier(c.createdAt);
    for (const v of new Set([c.version, ...c.history])) v.createdAt = earlier(v.createdAt);
  }
}

/** Counted off the site, so the plan follows whatever the generator makes. */
function shapeOf(site: ConfluenceSite, spaceId: string): SpaceShape {
  const homepageId = site.spaces.get(spaceId)!.homepageId;
  const pages = site.contents.inSpace(spaceId, 'page').filter((p) => p.id !== homepageId && p.status === 'current');
  const inPages = pages.flatMap((p) => site.contents.inContainer(p.id).filter((c) => c.status === 'current'));
  const labels = pages.flatMap((p) => [...p.labels].filter((l) => !l.includes(':')));
  const files = inPages.filter((c) => c.type === 'attachment');
  const blogPosts = site.contents.inSpace(spaceId, 'blogpost').filter((p) => p.status === 'current');
  const nodes = (['folder', 'whiteboard', 'database', 'embed'] as const).flatMap((t) => site.contents.inSpace(spaceId, t).filter((n) => n.status === 'current'));
  return {
    pages: pages.length,
    blogPosts: blogPosts.length,
    labelled: pages.filter((p) => [...p.labels].some((l) => !l.includes(':'))).length,
    distinctLabels: new Set(labels).size,
    labelRows: labels.length,
    footerComments: inPages.filter((c) => c.type === 'footer-comment').length,
    inlineComments: inPages.filter((c) => c.type === 'inline-comment').length,
    replies: inPages.filter((c) => c.parentCommentId).length,
    attachments: files.length,
    pagesWithFiles: new Set(files.map((f) => f.containerId)).size,
    nodes: nodes.length,
    statuses: [...pages, ...blogPosts].filter((p) => p.contentState).length,
  };
}

const meterOf = (s: EmulatedSite): Cost => ({ requests: s.emulator.meter.requests, points: s.emulator.meter.points });
const operationsOf = (s: EmulatedSite): Record<string, Cost> => Object.fromEntries([...s.emulator.meter.byOperation].map(([op, c]) => [op, { ...c }]));

/** Cost by side; on one site both sides share a meter, so the whole cost counts as the source's. */
function measure(env: Env, mode: Mode) {
  const source = meterOf(env.source);
  const dest = mode === 'cross-site' ? meterOf(env.dest) : { requests: 0, points: 0 };
  return { source, dest, at: Date.now(), ops: { source: operationsOf(env.source), dest: mode === 'cross-site' ? operationsOf(env.dest) : {} } };
}

function operationsBetween(before: Record<string, Cost>, after: Record<string, Cost>): Record<string, Cost> {
  const out: Record<string, Cost> = {};
  for (const [op, c] of Object.entries(after)) {
    const b = before[op] ?? { requests: 0, points: 0 };
    if (c.requests > b.requests) out[op] = { requests: c.requests - b.requests, points: c.points - b.points };
  }
  return out;
}

function phase(before: ReturnType<typeof measure>, after: ReturnType<typeof measure>, items: number, minimum: { source: Cost; destination: Cost }, mode: Mode): PhaseResult {
  const source = { requests: after.source.requests - before.source.requests, points: after.source.points - before.source.points };
  const destination = { requests: after.dest.requests - before.dest.requests, points: after.dest.points - before.dest.points };
  const min = mode === 'cross-site' ? minimum : { source: { requests: minimum.source.requests + minimum.destination.requests, points: minimum.source.points + minimum.destination.points }, destination: { requests: 0, points: 0 } };
  const least = min.source.requests + min.destination.requests;
  const used = source.requests + destination.requests;
  const per = (n: number) => (items ? Number((n / items).toFixed(2)) : n);
  return {
    items,
    source,
    destination,
    minimum: min,
    ratio: least ? Number((used / least).toFixed(2)) : used === 0 ? 1 : Infinity,
    wallMs: after.at - before.at,
    pointsPerItem: { source: per(source.points), destination: per(destination.points) },
    byOperation: { source: operationsBetween(before.ops.source, after.ops.source), destination: operationsBetween(before.ops.dest, after.ops.dest) },
  };
}

async function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('The copy was not updated in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function run(pages: number, mode: Mode): Promise<RunResult> {
  const wait = latencies(LATENCY);
  const env = await startEmulatedSites({ msPerSecond: 1000, latency: { kvs: wait.kvs, webTrigger: wait.webTrigger } });
  try {
    env.source.emulator.latency = wait.sourceRest;
    env.dest.emulator.latency = wait.destRest;
    const { spaceId, shape } = generate(env.source, pages);
    const target = mode === 'cross-site' ? { site: env.dest } : { site: env.source, spaceId: env.source.site.createSpace('COPY', 'Bench copy', [env.source.admin]).id };
    const targetSite = target.site.site;
    const targetSpaceId = target.spaceId ?? target.site.spaceId;
    env.source.emulator.meter.reset();
    env.dest.emulator.meter.reset();
    const calls = watchStorage(env);

    const t0 = measure(env, mode);
    await pair(env.host, { site: env.source, spaceId }, target);
    const t1 = measure(env, mode);
    const copied = Object.keys(spaceView(targetSite, targetSpaceId)).length;
    if (copied !== shape.pages) throw new Error(`Only ${copied} of ${shape.pages} pages were copied`);
    const outOfOrder = familiesOutOfOrder(env.source.site, spaceId, targetSite, targetSpaceId);
    const sourcePlan = sourceFullSync(shape);
    const destinationPlan = destinationFullSync(shape);
    const fullSync = phase(t0, t1, shape.pages, { source: sourcePlan.cost, destination: destinationPlan.cost }, mode);

    const pagesOfSource = env.source.site.contents.inSpace(spaceId, 'page').filter((c) => c.title.startsWith('BENCH page'));
    const edited = pagesOfSource[Math.floor(pagesOfSource.length / 2)];
    const body = `${edited.body}<p>Edited.</p>`;
    const eventAt = Date.now();
    env.source.site.updatePage({ kind: 'user', accountId: env.source.admin }, edited.id, { type: 'page', title: edited.title, body, status: 'current', version: edited.version.number + 1 });
    await waitFor(() => targetSite.contents.withTitle(targetSpaceId, 'page', edited.title).some((c) => c.body === body));
    const eventToCopyMs = Date.now() - eventAt;
    await env.host.settled();
    const t2 = measure(env, mode);
    const edit = { ...phase(t1, t2, 1, editMinimum, mode), eventToCopyMs };

    const writesBefore = env.host.log.of('product').filter((r) => r.method !== 'GET').length;
    await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
    await env.host.settled();
    const t3 = measure(env, mode);
    const reconcilePhase = phase(t2, t3, shape.pages, reconcileMinimum(shape), mode);
    const reconcile = { ...reconcilePhase, destinationWrites: env.host.log.of('product').filter((r) => r.method !== 'GET').length - writesBefore, budget: reconcileBudget((reconcilePhase.source.points + reconcilePhase.destination.points) / shape.pages, TIER2) };

    const perSecond = Number((shape.pages / (fullSync.wallMs / 1000)).toFixed(2));
    const budget = fullSyncBudget(fullSync.source.points / shape.pages, fullSync.destination.points / shape.pages, TIER2);
    return {
      pages,
      mode,
      shape,
      latencyMs: latencyJson(LATENCY),
      fullSync: { ...fullSync, itemsPerSecond: perSecond, pagesPerSecond: perSecond, outOfOrder, budget, plan: { source: sourcePlan.steps, destination: destinationPlan.steps } },
      edit,
      reconcile,
      largest: largest(env),
      storage: { source: storageUse(calls.get(env.source.installation.id) ?? []), destination: storageUse(mode === 'cross-site' ? (calls.get(env.dest.installation.id) ?? []) : []) },
      longestInvocations: longestInvocations(env),
    };
  } finally {
    await env.host.close();
  }
}

/** Each KVS call as it is logged, with when it came, per installation. */
function watchStorage(env: Env): Map<string, StorageCall[]> {
  const calls = new Map<string, StorageCall[]>();
  env.host.log.onEntry((e) => {
    if (e.kind !== 'kvs') return;
    const list = calls.get(e.installationId) ?? [];
    list.push({ at: Date.now(), operation: operationOf(`/api/v1/${e.op}`), units: e.units ?? 1, refused: e.status === 429 });
    calls.set(e.installationId, list);
  });
  return calls;
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
  const comments = r.shape.footerComments + r.shape.inlineComments;
  const perPage = (p: PhaseResult) => `${p.pointsPerItem.source} + ${p.pointsPerItem.destination}`;
  const n = (x: number) => (Number.isFinite(x) ? x.toLocaleString('en-US') : 'unlimited');
  console.log(`\n${r.pages} pages, ${r.mode} (${comments} comments, ${r.shape.attachments} attachments, labels on ${r.shape.labelled} pages, ${r.shape.nodes} nodes); requests are source + destination:`);
  line('First full sync', r.fullSync, `${(r.fullSync.wallMs / 1000).toFixed(1)} s, ${r.fullSync.pagesPerSecond} pages/s, ${r.fullSync.outOfOrder} families out of order`);
  console.log(`  ${''.padEnd(22)} points per page ${perPage(r.fullSync)}; Tier 1 (${n(TIER1_POINTS_PER_HOUR)} points/hour for the whole app) allows ${n(r.fullSync.budget.tier1PagesPerHour)} pages/hour for all customers together; a Tier 2 quota of ${n(TIER2)} points/hour per tenant, ${n(r.fullSync.budget.tier2PagesPerHour)} pages/hour per pair`);
  line('One edit', r.edit, `event to copy ${r.edit.eventToCopyMs} ms`);
  line('Reconcile, unchanged', r.reconcile, `destination writes ${r.reconcile.destinationWrites}; hourly, Tier 1 watches ${n(r.reconcile.budget.tier1PagesPerHour)} synced pages, Tier 2 ${n(r.reconcile.budget.tier2PagesPerHour)} per tenant`);
  const top = (ops: Record<string, Cost>) => Object.entries(ops).sort((a, b) => b[1].requests - a[1].requests).slice(0, 6).map(([op, c]) => `${op} ${c.requests}`).join(', ');
  console.log(`  Full sync, source: ${top(r.fullSync.byOperation.source)}`);
  if (r.mode === 'cross-site') console.log(`  Full sync, destination: ${top(r.fullSync.byOperation.destination)}`);
  const use = (u: StorageUse) => `${n(u.peakReadUnitsPerMinute)} read and ${n(u.peakWriteUnitsPerMinute)} write units in a minute, ${n(u.peakRequestsPerSecond)} requests in a second, ${n(u.refused)} refused`;
  console.log(`  Storage at most (limits ${n(FORGE_KVS_LIMITS.readUnitsPerMinute)}, ${n(FORGE_KVS_LIMITS.writeUnitsPerMinute)} and ${n(FORGE_KVS_LIMITS.requestsPerSecond)}): source ${use(r.storage.source)}; destination ${use(r.storage.destination)}`);
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
  console.log(`Latency: ${describeLatency(LATENCY)}.`);
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
  writeFileSync(OUT, `${JSON.stringify({ sizes: SIZES, modes: MODES, ...(FANOUT === undefined ? {} : { fanout: FANOUT }), hostTime: 'real time', latencyMs: latencyJson(LATENCY), tier1PointsPerHour: TIER1_POINTS_PER_HOUR, tier2PointsPerHour: TIER2, results, scaling }, null, 2)}\n`);
  console.log(`\nWrote ${OUT}. Total wall time ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  if (over.length) throw new Error('A payload went over its limit, an invocation over its timeout, or the reconcile wrote');
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
