/**
 * Verify at the source: a queued, checkpointed run over every item of the space (the listing and
 * tree walk the full sync plans with, and what was sent and is no longer listed). Each item is
 * read as it is now and sent, in bounded batches, to the destination, which compares it with its
 * copy and answers the differences. Items the app cannot read are this side's to report. Either
 * admin may ask for a run; the source runs it, one at a time per sync.
 */
import { randomUUID } from 'node:crypto';
import type { Sync } from '../domain/sync';
import { UserError } from '../domain/user-error';
import { underWay, withDifferences, type ItemDifference, type VerifyReport } from '../domain/verify-report';
import { ConfluenceError } from '../confluence/client';
import { describeFailure, sendToPeer, type OpenedMessage } from '../pairing/peer-channel';
import type { PeerReply } from '../pairing/ports';
import { refuse, VERIFY_LIMITS, type PeerResult, type VerifyItem, type VerifyReply } from '../contract/peer-protocol';
import { backoffMs, CHECKPOINT_AFTER_MS } from './full-sync';
import { retryable, STORAGE_STAYED_BUSY, STORAGE_WINDOW_SECONDS, storageWaitAfter } from './retry';
import { isEcho, readSnapshot, type SourceDeps } from './send-item';
import { inTree, NODE_KINDS, type ContentKind } from './snapshot';
import { destinationCost, goneItem, unreadableItem, verifyItemOf } from './verify-item';
import type { FullSyncState, VerifyPlanItem, VerifyQueue, VerifyStore } from './verify-ports';

/** A batch's JSON stays far below the inbox's 256 KB once signed (base64url adds a third). */
export const MAX_BATCH_BYTES = 64 * 1024;
/** What a batch may cost the destination, in requests (it also stops at its own time budget). */
export const MAX_BATCH_COST = 40;
/** Tries of a batch (a 429 on a read, the peer unreachable) before the run fails. */
const BATCH_TRIES = 8;
/** Answers in a row that moved nothing before the run is given up. */
const MAX_STALLS = 20;
/** The destination may ask for this many runs an hour (one at a time): each reads the whole space. */
export const PEER_RUNS_PER_HOUR = 6;

export interface VerifySourceDeps extends SourceDeps {
  verify: VerifyStore;
  jobs: VerifyQueue;
  elapsedMs(): number;
}

const nowMs = (deps: { now(): string }) => Date.parse(deps.now());

export type StartDeps = Pick<VerifySourceDeps, 'verify' | 'jobs' | 'now'> & { fullSync: FullSyncState };

export const FULL_SYNC_UNDER_WAY = 'A full sync of this space is under way; verify once it is done.';

const fullSyncRunning = async (deps: StartDeps, sync: Sync) => ['queued', 'running'].includes((await deps.fullSync.progress(sync.id))?.state ?? '');

/** Queues a run and records it as queued: not while one is under way, nor while a full sync is. */
export async function startVerify(deps: StartDeps, sync: Sync, by?: string): Promise<VerifyReport> {
  if (sync.role !== 'source' || sync.state !== 'active') throw new UserError('not-allowed-now', 'Verify needs an active sync.');
  if (await fullSyncRunning(deps, sync)) throw new UserError('full-sync-running', FULL_SYNC_UNDER_WAY);
  const last = await deps.verify.report(sync.id);
  if (underWay(last, nowMs(deps))) throw new UserError('verify-running', 'A verify of this sync is already under way.');
  const now = deps.now();
  const report: VerifyReport = { run: randomUUID(), state: 'queued', startedAt: now, updatedAt: now, ...(by ? { by } : {}), checked: 0, differences: [], more: 0, position: { next: 0, seq: 0 } };
  await deps.verify.putReport(sync.id, report);
  await deps.jobs.push([{ type: 'verify', syncId: sync.id, spaceId: sync.space.id, run: report.run }]);
  return report;
}

/** The destination's admin asks for a run: the one under way serves; a new one only while the hour's allowance lasts. */
export async function receiveVerifyRequest(deps: StartDeps, { sync }: OpenedMessage<'verify-request'>): Promise<PeerReply> {
  if (sync.state !== 'active') return refuse.state();
  const last = await deps.verify.report(sync.id);
  if (last && underWay(last, nowMs(deps))) return { status: 200, body: { run: last.run } };
  if (await fullSyncRunning(deps, sync)) return refuse.code('syncing');
  const now = deps.now();
  // 429, not the 503 of a busy function: the peer is told when to ask again, and not to retry at once.
  if (!(await deps.verify.countPeerRun(sync.id, now.slice(0, 13), PEER_RUNS_PER_HOUR))) return { status: 429, body: { error: 'busy', retryAfter: secondsToNextHour(now) } };
  const report = await startVerify(deps, sync);
  return { status: 200, body: { run: report.run } };
}

const secondsToNextHour = (iso: string) => Math.min(900, Math.max(1, Math.ceil((3600_000 - (Date.parse(iso) % 3600_000)) / 1000)));

/**
 * Every item the run checks: what the space holds now, and what was sent and is no longer listed.
 * A copy of the peer's own page (two spaces that sync each other) is left out: it is never sent.
 */
async function planOf(deps: VerifySourceDeps, sync: Sync): Promise<VerifyPlanItem[]> {
  const kinds: ContentKind[] = [...(sync.options.blogPosts ? (['page', 'blogpost'] as const) : (['page'] as const)), ...NODE_KINDS];
  const space = await deps.content.space(sync.space.id);
  const listed = (await deps.content.list(sync.space.id, kinds)).filter((i) => i.id !== space.homepageId);
  const ids = new Set(listed.map((i) => i.id));
  const inScope = (kind: ContentKind) => inTree(kind) || sync.options.blogPosts;
  const sent = await deps.sent.all(sync.pairId);
  // What the sync's scope left out (send-item.ts records it) has no copy to check.
  const leftOut = new Set(sent.filter(({ record }) => record.outOfScope).map(({ sourceId }) => sourceId));
  const unlisted = sent.filter(({ sourceId, record }) => !ids.has(sourceId) && !leftOut.has(sourceId) && inScope(record.kind ?? 'page'));
  const plan: VerifyPlanItem[] = [];
  for (const i of listed) if (!leftOut.has(i.id) && !(await isEcho(deps, sync, i.id))) plan.push({ id: i.id, kind: i.kind });
  return [...plan, ...unlisted.map(({ sourceId, record }) => ({ id: sourceId, kind: record.kind ?? 'page', ...(record.status === 'deleted' ? { gone: true } : {}) }))];
}

/** What the batch says of one item. */
async function itemOf(deps: VerifySourceDeps, sync: Sync, planned: VerifyPlanItem): Promise<VerifyItem> {
  if (planned.gone) return goneItem(planned.id, planned.kind);
  try {
    const snapshot = await readSnapshot(deps, sync, { id: planned.id, kind: planned.kind });
    return snapshot ? verifyItemOf(snapshot) : unreadableItem(planned.id, planned.kind);
  } catch (e) {
    // A refusal that will not pass (not a 429 or a 5xx) is the item's: it cannot be read.
    if (e instanceof ConfluenceError && !e.transient) return unreadableItem(planned.id, planned.kind);
    throw e;
  }
}

/** A batch's item with its place in the plan. */
interface Entry {
  item: VerifyItem;
  index: number;
}

/**
 * The next batch: items already read (`pending`, in order) and then the plan from `from`, as
 * far as the bounds allow. `end`: the plan index after the last item read; `rest`: items read
 * that did not fit, for the batch after (nothing is read twice).
 */
async function nextBatch(deps: VerifySourceDeps, sync: Sync, plan: VerifyPlanItem[], from: number, pending: Entry[]): Promise<{ entries: Entry[]; end: number; rest: Entry[] }> {
  const entries: Entry[] = [];
  let bytes = 2;
  let cost = 0;
  const fits = (item: VerifyItem) => !entries.length || (entries.length < VERIFY_LIMITS.items && bytes + JSON.stringify(item).length + 1 <= MAX_BATCH_BYTES && cost + destinationCost(item) <= MAX_BATCH_COST);
  const add = (e: Entry) => {
    entries.push(e);
    bytes += JSON.stringify(e.item).length + 1;
    cost += destinationCost(e.item);
  };
  for (const [n, e] of pending.entries()) {
    if (!fits(e.item)) return { entries, end: from, rest: pending.slice(n) };
    add(e);
  }
  let i = from;
  for (; i < plan.length && entries.length < VERIFY_LIMITS.items; i++) {
    const item = await itemOf(deps, sync, plan[i]);
    if (!fits(item)) return { entries, end: i + 1, rest: [{ item, index: i }] };
    add({ item, index: i });
  }
  return { entries, end: i, rest: [] };
}

/**
 * One invocation's share of a run: batch after batch until the plan is done, the consumer nears
 * its limit (then it re-queues itself), or trouble that passes (then it re-queues itself later).
 * `waited`: how many times in a row busy storage has put this run off (STORAGE_WAITS).
 */
export async function runVerify(deps: VerifySourceDeps, sync: Sync, run: string, attempt = 1, waited = 0): Promise<void> {
  let report = await deps.verify.report(sync.id);
  if (!report || report.run !== run || (report.state !== 'queued' && report.state !== 'running')) return; // an older run's job
  if (sync.state !== 'active') return void (await fail(deps, sync, report, 'The sync is paused or no longer paired, so the run stopped.'));
  const requeue = (tries: number, delaySeconds?: number, waits = 0) => deps.jobs.push([{ type: 'verify', syncId: sync.id, spaceId: sync.space.id, run, ...(tries > 1 ? { attempt: tries } : {}), ...(waits ? { waited: waits } : {}) }], delaySeconds);
  /**
   * Confluence's passing trouble (a 429, a 5xx) puts the run off, with Retry-After when given;
   * after the last try it fails. Busy storage (this side's or the peer's) is no refusal of
   * Confluence's: the run waits out the storage window and counts no try, as the full sync does,
   * up to STORAGE_WAITS times in a row.
   */
  const waitForStorage = (current: VerifyReport) => {
    const waits = storageWaitAfter(waited);
    return waits ? requeue(attempt, STORAGE_WINDOW_SECONDS, waits) : fail(deps, sync, current, STORAGE_STAYED_BUSY);
  };
  const putOff = async (e: unknown, current: VerifyReport) => {
    const later = retryable(e);
    if (!later) throw e;
    if (later.storage) return waitForStorage(current);
    if (attempt >= BATCH_TRIES) return fail(deps, sync, current, `Confluence kept refusing to answer (${later.reason}).`);
    return requeue(attempt + 1, Math.ceil(backoffMs(attempt, later.retryAfterSeconds) / 1000));
  };
  let plan = await deps.verify.plan(sync.id, run);
  if (!plan) {
    try {
      plan = await planOf(deps, sync);
    } catch (e) {
      return putOff(e, report);
    }
    await deps.verify.putPlan(sync.id, run, plan);
    report = { ...report, state: 'running', total: plan.length, updatedAt: deps.now() };
    await deps.verify.putReport(sync.id, report);
  }
  let pending: Entry[] = [];
  let readTo = report.position.next;
  for (let stalls = 0; ; ) {
    if (deps.elapsedMs() > CHECKPOINT_AFTER_MS) return requeue(attempt, undefined, waited);
    let batch: Awaited<ReturnType<typeof nextBatch>>;
    try {
      batch = await nextBatch(deps, sync, plan, readTo, pending);
    } catch (e) {
      return putOff(e, report);
    }
    const items = batch.entries.map((e) => e.item);
    const last = batch.end >= plan.length && !batch.rest.length;
    const result = await sendToPeer(deps, sync, 'verify', { run, seq: report.position.seq, items, last });
    if (result.kind === 'unreachable') {
      // The other side's storage is busy: waited out as this side's own is.
      if (result.storage) return void (await waitForStorage(report));
      if (attempt >= BATCH_TRIES) return void (await fail(deps, sync, report, 'The other space could not be reached.'));
      return requeue(attempt + 1, Math.ceil(backoffMs(attempt, result.retryAfter) / 1000));
    }
    if (result.kind === 'refused') return void (await fail(deps, sync, report, refusalReason(result)));
    attempt = 1;
    waited = 0;
    const { checked } = result.reply;
    pending = [...batch.entries.slice(checked), ...batch.rest];
    readTo = batch.end;
    // A restart goes on from the first item not checked (read again), or after the last one read.
    const next = pending.length ? pending[0].index : batch.end;
    report = await recordBatch(deps, sync, report, { checked: items.slice(0, checked), ending: last && checked === items.length, resumeAt: next }, result.reply);
    if (result.reply.done || report.state !== 'running') return;
    // The end of a run may take a few empty batches (the destination looks for orphans); nothing at all moving is a stall.
    stalls = checked === 0 && !result.reply.differences.length ? stalls + 1 : 0;
    if (stalls >= MAX_STALLS) return void (await fail(deps, sync, report, 'The other space stopped making progress.'));
  }
}

/**
 * The answer kept: this side's own differences (items it cannot read), and the destination's,
 * each only for an item the batch named and was checked (an orphan only for the batch that ends
 * the run). A peer cannot put anything else into this report.
 */
async function recordBatch(deps: VerifySourceDeps, sync: Sync, report: VerifyReport, batch: { checked: VerifyItem[]; ending: boolean; resumeAt: number }, reply: VerifyReply): Promise<VerifyReport> {
  const { checked, resumeAt } = batch;
  const named = new Map(checked.map((i) => [i.id, i]));
  const own: ItemDifference[] = checked.filter((i) => i.status === 'unreadable').map((i) => ({ sourceId: i.id, kind: i.kind, title: '', code: 'unreadable', facts: {} }));
  const theirs: ItemDifference[] = reply.differences.flatMap((d): ItemDifference[] => {
    const item = named.get(d.sourceId);
    if (d.code === 'orphan') return batch.ending && !item ? [{ sourceId: d.sourceId, kind: d.kind, title: d.title, code: 'orphan', facts: {} }] : [];
    if (!item || d.code === 'unreadable') return [];
    return [{ sourceId: item.id, kind: item.kind, title: item.title ?? '', code: d.code, facts: d.facts }];
  });
  const now = deps.now();
  const next = withDifferences({ ...report, checked: report.checked + checked.length, more: report.more + reply.more, updatedAt: now, position: { next: resumeAt, seq: report.position.seq + 1 } }, [...own, ...theirs]);
  const ended: VerifyReport = reply.done ? { ...next, state: 'complete', finishedAt: now } : next;
  await deps.verify.putReport(sync.id, ended);
  return ended;
}

async function fail(deps: Pick<VerifySourceDeps, 'verify' | 'now'>, sync: Sync, report: VerifyReport, reason: string): Promise<void> {
  const now = deps.now();
  await deps.verify.putReport(sync.id, { ...report, state: 'failed', reason, updatedAt: now, finishedAt: now });
}

function refusalReason(result: Extract<PeerResult<'verify'>, { kind: 'refused' }>): string {
  if (result.code === 'state') return 'The other side of this sync is paused or no longer paired.';
  if (result.code === 'sequence') return 'The other space lost track of this run (another one started there). Start Verify again.';
  return describeFailure(result);
}
