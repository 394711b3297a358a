/**
 * The first full sync and "Re-sync everything": the whole space in tree order, many items at once
 * (sync-window.ts: each item starts once its parent is done, so parents exist before their
 * children), with progress after each item. Near the consumer's time limit it stops starting
 * items, lets those under way finish, checkpoints and re-queues itself from the first item not
 * done, skipping those done beyond it.
 *
 * Reading in bulk (bulk-reading.ts): when it plans, the run reads the comments and attachments
 * of every page with a few listings and keeps them beside the plan in chunks of 250; on reaching
 * an item it reads the page by id (body, labels and look together) and builds its snapshot from
 * that and the chunk, as a per-page read would. An item sent since the reading began (an event
 * got there first) is read per page again, so the run never sends older content than was sent.
 */
import { afterFullRead } from '../domain/parts-census';
import type { Sync } from '../domain/sync';
import type { FullSyncView } from '../contract/resolvers';
import { ConfluenceError, MAX_RETRY_AFTER_SECONDS } from '../confluence/client';
import { UserError } from '../domain/user-error';
import { enforce, resyncRule } from '../domain/sync-rules';
import { NODE_KINDS, treeOrder, type ContentKind, type PageSnapshot } from './snapshot';
import { markFailed, sendItem, type SourceDeps } from './send-item';
import { retryable, STORAGE_STAYED_BUSY, STORAGE_WINDOW_SECONDS, storageWaitAfter } from './retry';
import type { FullSyncProgress, ItemStatus, JobQueue, PlanItem } from './ports';
import type { FullSyncStore } from './stores';
import type { ChangeFinder, ReconcileStateStore } from './change-finder';
import { chunksOf, isContainer, READING_CHUNK, type BulkSourceContent, type Prefetched, type ReadingChunk, type SpaceReadingStore } from './bulk-reading';
import { finish, orderAfterParents, startable, WINDOW_LOOKAHEAD, WINDOW_WIDTH } from '../domain/sync-window';
import { breadthFirst } from '../domain/sibling-order';

export const FULL_SYNC_CAUSE = 'full sync';
export const RESYNC_CAUSE = 're-sync everything';
export const CATCH_UP_CAUSE = 'catch-up';
/** Leave room before the consumer's 600 s limit (manifest.yml) for the items in flight and the re-queue. */
export const CHECKPOINT_AFTER_MS = 450_000;
/** Runs in a row that moved nothing before the items left waiting are FAILED; a 429 storm of a few minutes is waited out, not failed. */
export const ITEM_TRIES = 8;

export interface FullSyncDeps extends SourceDeps {
  fullSync: FullSyncStore;
  queue: JobQueue;
  elapsedMs(): number;
  /** Bulk reads and where their results wait; without them every item is read per page. */
  bulk?: BulkSourceContent;
  readings?: SpaceReadingStore;
  /** What the reconcile finds changes with (reconcile.ts); a finished full sync is its starting point. */
  changes?: ChangeFinder;
  reconcileState?: ReconcileStateStore;
  /**
   * Seconds to wait before starting more items because little of Confluence's points quota is
   * left (src/domain/rate-limit.ts), or undefined to go on; without it the run is not paced.
   */
  quotaWait?(): number | undefined;
}

/**
 * What a run is for: the first full sync; "Re-sync everything" (`repair`: unchanged pages are
 * sent too, so missing copies are made again); or a catch-up after the sync stood still (resumed,
 * or an option switched on), which sends only what the destination lacks.
 */
export type FullSyncRun = 'first' | 'repair' | CatchUpReason;
export type CatchUpReason = NonNullable<FullSyncProgress['catchUp']>;

const runOf = (progress: FullSyncProgress): FullSyncRun => (progress.repair ? 'repair' : (progress.catchUp ?? 'first'));
const CAUSES: Record<FullSyncRun, string> = { first: FULL_SYNC_CAUSE, repair: RESYNC_CAUSE, resumed: CATCH_UP_CAUSE, options: CATCH_UP_CAUSE, scope: CATCH_UP_CAUSE, missed: CATCH_UP_CAUSE };

/** Queues a full sync: records "queued" at once, so the dashboard shows it before it starts. */
export async function startFullSync(deps: Pick<FullSyncDeps, 'fullSync' | 'queue' | 'now'>, sync: Sync, run: FullSyncRun = 'first', delaySeconds?: number): Promise<void> {
  const kind = run === 'repair' ? { repair: true } : run === 'first' ? {} : { catchUp: run, changed: 0 };
  const startedAt = deps.now();
  await deps.fullSync.putProgress(sync.id, { state: 'queued', total: 0, done: 0, failedCount: 0, startedAt, ...kind });
  await deps.fullSync.putPlan(sync.id, []);
  await deps.queue.push([{ type: 'full-sync', syncId: sync.id, spaceId: sync.space.id, next: 0, run: startedAt }], delaySeconds);
}

/** "Re-sync everything", asked by a space admin: not while a full sync is already under way. */
export async function requestResync(deps: Pick<FullSyncDeps, 'fullSync' | 'queue' | 'now'>, sync: Sync): Promise<FullSyncView> {
  enforce(resyncRule(sync));
  const progress = await deps.fullSync.progress(sync.id);
  if (progress && (progress.state === 'queued' || progress.state === 'running')) throw new UserError('full-sync-running', 'A full sync is already under way.');
  await startFullSync(deps, sync, 'repair');
  // Just queued: it has failed nothing yet.
  return { ...((await deps.fullSync.progress(sync.id)) as FullSyncProgress), run: 'resync', outcomes: {}, failed: [] };
}

/**
 * The sync stood still (paused, or an option was off) and runs again: the source sends what
 * changed meanwhile, found as a full sync finds it (every item read, only differences sent), so
 * label-, comment- and attachment-only changes arrive too. A run already under way covers it.
 */
export async function catchUp(deps: Pick<FullSyncDeps, 'fullSync' | 'queue' | 'now'>, sync: Sync, reason: CatchUpReason, delaySeconds?: number): Promise<boolean> {
  if (sync.role !== 'source' || sync.state !== 'active') return false;
  const progress = await deps.fullSync.progress(sync.id);
  if (progress && (progress.state === 'queued' || progress.state === 'running')) return false;
  await startFullSync(deps, sync, reason, delaySeconds);
  return true;
}

async function plan(deps: FullSyncDeps, sync: Sync, run: FullSyncRun, runId: string): Promise<PlanItem[]> {
  // Folders, whiteboards, databases and smart links too: found by CQL search (no listing has them).
  const kinds: ContentKind[] = [...(sync.options.blogPosts ? (['page', 'blogpost'] as const) : (['page'] as const)), ...NODE_KINDS];
  const space = await deps.content.space(sync.space.id);
  // breadthFirst puts every parent first but for what a cycle cuts off from the top, which it
  // leaves last as listed: treeOrder still places those after their parents.
  const tree = orderAfterParents(treeOrder(breadthFirst((await deps.content.list(sync.space.id, kinds)).filter((i) => i.id !== space.homepageId))));
  const placed = (i: (typeof tree)[number]) => (i.kind === 'page' && i.parentId && i.position !== undefined ? { parentId: i.parentId, position: i.position } : {});
  const items: PlanItem[] = tree.map((i) => ({ id: i.id, kind: i.kind, after: i.after, ...placed(i) }));
  const listed = new Set(items.map((i) => i.id));
  const planned = run === 'repair' || (run === 'first' && !sync.inherits?.length) ? items : [...items, ...(await goneSince(deps, sync, listed))];
  await keepReading(deps, sync, planned, listed, runId, { id: sync.space.id, ...space });
  return planned;
}

/**
 * A catch-up also reads what was sent and is no longer listed: trashed or moved away meanwhile;
 * a re-pair's first run, what the earlier sync sent (trashed while no sync ran).
 */
async function goneSince(deps: FullSyncDeps, sync: Sync, listed: Set<string>): Promise<PlanItem[]> {
  const gone = new Map<string, ContentKind>();
  for (const pairId of [sync.pairId, ...(sync.inherits ?? []).map((p) => p.pairId)]) {
    for (const { sourceId, record } of await deps.sent.all(pairId)) {
      if (!listed.has(sourceId) && record.status !== 'deleted' && !gone.has(sourceId)) gone.set(sourceId, record.kind ?? 'page');
    }
  }
  return [...gone].map(([id, kind]) => ({ id, kind, after: -1 }));
}

/**
 * The parts of the listed pages read in bulk, kept in chunks beside the plan. Labels are not: each
 * page is read by id for its look anyway (bulk-snapshots.ts), and that read carries them.
 */
async function keepReading(deps: FullSyncDeps, sync: Sync, planned: PlanItem[], listed: Set<string>, runId: string, space: { id: string; key: string; homepageId: string }): Promise<void> {
  if (!deps.bulk || !deps.readings || !planned.some((i) => isContainer(i.kind))) return;
  const reading = await deps.bulk.readParts(space, planned.filter((i) => listed.has(i.id)), { labels: false, comments: sync.options.comments, attachments: sync.options.attachments });
  const chunks = chunksOf(runId, planned, reading, (id) => listed.has(id));
  for (let i = 0; i < chunks.length; i++) await deps.readings.putChunk(sync.id, i, chunks[i]);
}

/**
 * Each item's snapshot built from its chunk's reading (loaded once when the run reaches the
 * chunk) and its own read by id (bulk-snapshots.ts), as the run reaches the item: nothing is
 * read for items a checkpoint leaves to the next invocation.
 */
function prefetcher(deps: FullSyncDeps, sync: Sync, items: PlanItem[], runId: string) {
  // Items under way at once share their chunk's one read; the window spans the lookahead's chunks.
  const span = Math.ceil(WINDOW_LOOKAHEAD / READING_CHUNK);
  const loaded = new Map<number, Promise<ReadingChunk | undefined>>();
  const chunkAt = (index: number) => {
    if (!loaded.has(index)) loaded.set(index, (deps.readings as SpaceReadingStore).chunk(sync.id, index).then((c) => (c && c.run === runId ? c : undefined)));
    for (const earlier of loaded.keys()) if (earlier < index - span) loaded.delete(earlier);
    return loaded.get(index) as Promise<ReadingChunk | undefined>;
  };
  return async (position: number): Promise<Prefetched | undefined> => {
    const { bulk, readings } = deps;
    const item = items[position];
    if (!bulk || !readings || !isContainer(item.kind)) return undefined;
    const chunk = await chunkAt(Math.floor(position / READING_CHUNK));
    if (!chunk) return undefined;
    const space = await deps.content.space(sync.space.id);
    const built = await bulk.snapshots([item], { id: sync.space.id, ...space }, { comments: sync.options.comments, attachments: sync.options.attachments }, chunk).catch((e) => {
      // Refused (not transient): the item is read per page; transient trouble is the item's, retried.
      if (e instanceof ConfluenceError && !retryable(e)) return new Map<string, PageSnapshot>();
      throw e;
    });
    const snapshot = built.get(item.id);
    return snapshot ? { snapshot, readAt: chunk.at } : undefined;
  };
}

/** The run's work list: the one kept between checkpoints, or planned now (the run then starts running). */
async function planOnce(deps: FullSyncDeps, sync: Sync, run: FullSyncRun, progress: FullSyncProgress): Promise<{ items: PlanItem[]; progress: FullSyncProgress }> {
  const kept = await deps.fullSync.plan(sync.id);
  if (kept?.length) return { items: kept, progress };
  const items = await plan(deps, sync, run, progress.startedAt);
  await deps.fullSync.putPlan(sync.id, items);
  const running: FullSyncProgress = { ...progress, state: 'running', total: items.length, done: 0, failedCount: 0, outcomes: {} };
  await deps.fullSync.putProgress(sync.id, running);
  return { items, progress: running };
}

/**
 * One run of the full sync from item `next` (its `attempt`-th run in a row that moved nothing);
 * returns where the next run starts, or undefined when done. A transient failure (429, 5xx, peer
 * unreachable) stops new items and re-queues the run with a delay (Retry-After when given)
 * instead of waiting inside the invocation. `waited`: how many times in a row busy storage alone
 * has put the run off (STORAGE_WAITS).
 */
export async function runFullSync(deps: FullSyncDeps, sync: Sync, next: number, attempt = 1, runAt?: string, waited = 0): Promise<number | undefined> {
  const found = await deps.fullSync.progress(sync.id);
  // Queue events come at least once (forge-platform.md): a second delivery of a finished run's
  // job, or of an earlier run's, would read the space again and log the run twice.
  if (found && (found.state === 'complete' || found.state === 'incomplete' || (runAt !== undefined && found.startedAt !== runAt))) return undefined;
  const stored = found ?? { state: 'queued', total: 0, done: 0, failedCount: 0, startedAt: deps.now() };
  const run = runOf(stored);
  const { items, progress: planned } = await planOnce(deps, sync, run, stored);
  // Going on: a pause for the quota, if there was one, is over.
  const { quotaWaitUntil: _paused, ...resumedProgress } = planned;
  let progress: FullSyncProgress = resumedProgress;
  // A run the platform stopped (a timeout) is retried with its first `next`: resume after what progress recorded.
  const resumed = progress.state === 'running' ? { through: progress.through ?? progress.done, finished: progress.finished ?? [] } : { through: 0, finished: [] };
  const from = Math.max(next, resumed.through);
  let window = finish({ through: from, finished: new Set(resumed.finished.filter((i) => i >= from)) }, -1);
  if (from > next) attempt = 1;
  const requeue = (from: number, tries: number, delaySeconds?: number, waits = 0) => deps.queue.push([{ type: 'full-sync', syncId: sync.id, spaceId: sync.space.id, next: from, run: stored.startedAt, ...(tries > 1 ? { attempt: tries } : {}), ...(waits ? { waited: waits } : {}) }], delaySeconds);
  let moved = false;
  const record = async (index: number, outcome: Settled) => {
    moved = true;
    window = finish(window, index);
    progress = progressAfter(progress, outcome, window);
    await deps.fullSync.putProgress(sync.id, progress, outcome.failure ? { sourceId: items[index].id, reason: outcome.failure } : undefined);
  };
  // Paced: the quota left was within the events' reserve when the run last looked.
  const stopAt = () => deps.elapsedMs() > CHECKPOINT_AFTER_MS || deps.quotaWait?.() !== undefined;
  const waiting = await sendWindow(items, () => window, record, (i, readAhead) => tryItem(deps, sync, items[i], run, readAhead), prefetcher(deps, sync, items, progress.startedAt), stopAt);
  const paced = window.through < items.length ? deps.quotaWait?.() : undefined;
  if (paced !== undefined && !waiting.length) {
    await deps.fullSync.putProgress(sync.id, { ...progress, quotaWaitUntil: new Date(Date.parse(deps.now()) + paced * 1000).toISOString() });
    await requeue(window.through, 1, paced);
    return window.through;
  }
  if (waiting.length) {
    const tries = moved ? 1 : attempt;
    // Busy storage is no item's fault: the run waits out a minute's window and counts no try,
    // until it has waited so long that the wait is no passing peak.
    const storageOnly = waiting.every((w) => w.storage);
    const waits = storageOnly ? storageWaitAfter(moved ? 0 : waited) : undefined;
    if (waits) {
      await requeue(window.through, tries, STORAGE_WINDOW_SECONDS, waits);
      return window.through;
    }
    if (!storageOnly && tries < ITEM_TRIES) {
      await requeue(window.through, tries + 1, Math.ceil(Math.max(...waiting.map((w) => backoffMs(tries, w.retryAfterSeconds))) / 1000));
      return window.through;
    }
    // Waited out long enough: each item still waiting is FAILED, and the run goes on.
    for (const w of waiting) {
      const reason = storageOnly ? STORAGE_STAYED_BUSY : w.reason;
      await markFailed(deps, sync, items[w.index].id, '', CAUSES[run], reason);
      await record(w.index, { retry: false, sent: false, status: 'failed', failure: reason });
    }
  }
  if (window.through < items.length) {
    await requeue(window.through, 1);
    return window.through;
  }
  // The run's end, then its state last: a job delivered again after the state says finished does
  // nothing, so whatever must follow the run happens before (a repeat of it changes nothing but a log line).
  await deps.readings?.dropChunks(sync.id, Math.ceil(items.length / READING_CHUNK));
  // Everything as of the run's start was read: the next reconcile looks for changes since then.
  const parts = afterFullRead((await deps.reconcileState?.get(sync.id))?.parts, progress.changed ?? 0);
  await deps.reconcileState?.put(sync.id, { watermark: progress.startedAt, runsSinceFull: 0, ...(parts ? { parts } : {}) });
  if (progress.catchUp) await logCaughtUp(deps, sync, progress);
  // Every copy made: now they can be put in their originals' sibling order (sibling-order.ts).
  if (run === 'first' || run === 'repair') await deps.queue.push([{ type: 'order', syncId: sync.id, spaceId: sync.space.id, next: 0, moved: 0 }]);
  await deps.fullSync.putProgress(sync.id, { ...progress, state: progress.failedCount ? 'incomplete' : 'complete', finishedAt: deps.now() });
  return undefined;
}

type Waiting = { index: number; reason: string; retryAfterSeconds?: number; storage?: true };

/**
 * Sends the plan's items, up to WINDOW_WIDTH at once, each once the item it follows is done,
 * recording each as it finishes (one progress write at a time). It stops starting items at the
 * checkpoint or at the first transient failure, lets those under way finish, and returns the
 * items that are to be tried again. An unexpected error is thrown once the others have finished.
 */
async function sendWindow(
  work: PlanItem[],
  window: () => { through: number; finished: Set<number> },
  record: (index: number, outcome: Settled) => Promise<void>,
  send: (index: number, readAhead: () => Promise<Prefetched | undefined>) => Promise<ItemOutcome>,
  readAhead: (index: number) => Promise<Prefetched | undefined>,
  /** True once no more items are to start (the checkpoint, or the points quota). */
  stopAt: () => boolean,
): Promise<Waiting[]> {
  const running = new Map<number, Promise<readonly [number, ItemOutcome | { thrown: unknown }]>>();
  const waiting: Waiting[] = [];
  let thrown: { error: unknown } | undefined;
  for (;;) {
    if (!waiting.length && !thrown && !stopAt()) {
      for (const i of startable(work, { ...window(), running: new Set(running.keys()) }, WINDOW_WIDTH - running.size)) {
        running.set(i, send(i, () => readAhead(i)).then((o) => [i, o] as const, (error: unknown) => [i, { thrown: error }] as const));
      }
    }
    if (!running.size) break;
    const [index, outcome] = await Promise.race(running.values());
    running.delete(index);
    if ('thrown' in outcome) thrown ??= { error: outcome.thrown };
    else if (outcome.retry) waiting.push({ index, reason: outcome.reason, ...(outcome.retryAfterSeconds ? { retryAfterSeconds: outcome.retryAfterSeconds } : {}), ...(outcome.storage ? { storage: true } : {}) });
    else await record(index, outcome);
  }
  if (thrown) throw thrown.error;
  return waiting;
}

/** Progress once one more item is done: its outcome counted, and where a resumed run starts. */
function progressAfter(progress: FullSyncProgress, outcome: Settled, window: { through: number; finished: Set<number> }): FullSyncProgress {
  const changed = outcome.sent && progress.changed !== undefined ? { changed: progress.changed + 1 } : {};
  const outcomes = { ...progress.outcomes, [outcome.status]: (progress.outcomes?.[outcome.status] ?? 0) + 1 };
  const finished = [...window.finished].sort((a, b) => a - b);
  return { ...progress, ...changed, done: window.through + finished.length, through: window.through, finished, failedCount: progress.failedCount + (outcome.failure ? 1 : 0), outcomes };
}

const STOOD_STILL: Record<CatchUpReason, string> = { resumed: 'while the sync was paused', options: 'while an option was off', scope: 'with the new scope', missed: 'without the events that announce them' };

/** One line for the whole catch-up: how many items it brought up to date. */
async function logCaughtUp(deps: FullSyncDeps, sync: Sync, progress: FullSyncProgress): Promise<void> {
  const changed = progress.changed ?? 0;
  const what = changed === 1 ? '1 item changed' : `${changed} items changed`;
  const detail = changed ? `${what} ${STOOD_STILL[progress.catchUp ?? 'resumed']} and ${changed === 1 ? 'was' : 'were'} brought up to date.` : `Nothing changed ${STOOD_STILL[progress.catchUp ?? 'resumed']}.`;
  await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: '', title: '', cause: CATCH_UP_CAUSE, outcome: 'caught-up', detail });
}

type Settled = { retry: false; failure?: string; sent: boolean; status: ItemStatus };
type ItemOutcome = Settled | { retry: true; reason: string; retryAfterSeconds?: number; storage?: true };

/** Sends one item; a transient error is returned for a later try, anything else is the item's failure. */
async function tryItem(deps: FullSyncDeps, sync: Sync, item: PlanItem, run: FullSyncRun, readAhead: () => Promise<Prefetched | undefined>): Promise<ItemOutcome> {
  try {
    const prefetched = await readAhead();
    const result = await sendItem(deps, sync, { ...item, ...(prefetched ? { prefetched } : {}) }, CAUSES[run], { repair: run === 'repair' });
    return { retry: false, sent: result.sent, status: result.status, ...(result.status === 'failed' || result.status === 'restricted' ? { failure: result.reason ?? result.status } : {}) };
  } catch (e) {
    const later = retryable(e);
    if (later) return { retry: true, ...later };
    if (!(e instanceof ConfluenceError)) throw e;
    await markFailed(deps, sync, item.id, '', CAUSES[run], e.message);
    return { retry: false, sent: false, status: 'failed', failure: e.message };
  }
}

/**
 * Retry-After when given; otherwise 1 s, 2 s, 4 s… with up to 50 % jitter, capped at 30 s. The
 * re-queue can be put off 900 s at most (a longer delay makes the push throw, forge-platform.md
 * limits), so a longer wait (the peer's daily file quota, an hour) is waited in 900 s steps.
 */
export function backoffMs(attempt: number, retryAfterSeconds?: number): number {
  if (retryAfterSeconds) return Math.min(retryAfterSeconds, MAX_RETRY_AFTER_SECONDS) * 1000;
  const base = Math.min(1000 * 2 ** (attempt - 1), 30_000);
  return base + Math.floor(Math.random() * base * 0.5);
}

export type { FullSyncProgress };
