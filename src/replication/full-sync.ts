/**
 * The first full sync and "Re-sync everything": the whole space in tree order, one item after
 * another (so parents exist before their children), with progress after each item. Near the
 * consumer's time limit it checkpoints and re-queues itself from where it stopped.
 */
import type { Sync } from '../domain/sync';
import { ConfluenceError, MAX_RETRY_AFTER_SECONDS } from '../confluence/client';
import { UserError } from '../domain/user-error';
import { NODE_KINDS, treeOrder, type ContentKind } from './snapshot';
import { markFailed, sendItem, type SourceDeps } from './send-item';
import { retryable } from './retry';
import type { FullSyncProgress, JobQueue, PlanItem } from './ports';
import type { FullSyncStore } from './stores';

export const FULL_SYNC_CAUSE = 'full sync';
export const RESYNC_CAUSE = 're-sync everything';
/** Leave room before the consumer's 600 s limit (manifest.yml) for the item in flight and the re-queue. */
export const CHECKPOINT_AFTER_MS = 450_000;
/** Tries per item before it is FAILED; a 429 storm of a few minutes is waited out, not failed. */
const ITEM_TRIES = 8;

export interface FullSyncDeps extends SourceDeps {
  fullSync: FullSyncStore;
  queue: JobQueue;
  elapsedMs(): number;
}

/** Queues a full sync: records "queued" at once, so the dashboard shows it before it starts. */
export async function startFullSync(deps: Pick<FullSyncDeps, 'fullSync' | 'queue' | 'now'>, sync: Sync, repair = false): Promise<void> {
  await deps.fullSync.putProgress(sync.id, { state: 'queued', total: 0, done: 0, failed: [], startedAt: deps.now(), ...(repair ? { repair } : {}) });
  await deps.fullSync.putPlan(sync.id, []);
  await deps.queue.push([{ type: 'full-sync', syncId: sync.id, spaceId: sync.space.id, next: 0 }]);
}

/** "Re-sync everything", asked by a space admin: not while a full sync is already under way. */
export async function requestResync(deps: Pick<FullSyncDeps, 'fullSync' | 'queue' | 'now'>, sync: Sync): Promise<FullSyncProgress> {
  if (sync.role !== 'source' || sync.state !== 'active') throw new UserError('Only an active outgoing sync can re-sync everything.');
  const progress = await deps.fullSync.progress(sync.id);
  if (progress && (progress.state === 'queued' || progress.state === 'running')) throw new UserError('A full sync is already under way.');
  await startFullSync(deps, sync, true);
  return (await deps.fullSync.progress(sync.id)) as FullSyncProgress;
}

async function plan(deps: FullSyncDeps, sync: Sync): Promise<PlanItem[]> {
  // Folders, whiteboards, databases and smart links too: found by walking the tree (no listing has them).
  const kinds: ContentKind[] = [...(sync.options.blogPosts ? (['page', 'blogpost'] as const) : (['page'] as const)), ...NODE_KINDS];
  const space = await deps.content.space(sync.space.id);
  const items = (await deps.content.list(sync.space.id, kinds)).filter((i) => i.id !== space.homepageId);
  return treeOrder(items).map((i) => ({ id: i.id, kind: i.kind }));
}

/**
 * One run of the full sync from item `next` (its `attempt`-th try); returns where the next run
 * starts, or undefined when done. A transient failure (429, 5xx, peer unreachable) re-queues the
 * run with a delay (Retry-After when given) instead of waiting inside the invocation.
 */
export async function runFullSync(deps: FullSyncDeps, sync: Sync, next: number, attempt = 1): Promise<number | undefined> {
  let items = await deps.fullSync.plan(sync.id);
  let progress = (await deps.fullSync.progress(sync.id)) ?? { state: 'queued', total: 0, done: 0, failed: [], startedAt: deps.now() };
  if (!items?.length) {
    items = await plan(deps, sync);
    await deps.fullSync.putPlan(sync.id, items);
    progress = { state: 'running', total: items.length, done: 0, failed: [], startedAt: progress.startedAt, ...(progress.repair ? { repair: true } : {}) };
    await deps.fullSync.putProgress(sync.id, progress);
  }
  // A run the platform stopped (a timeout) is retried with its first `next`: resume after the last recorded item.
  const from = Math.max(next, progress.state === 'running' ? progress.done : 0);
  if (from > next) attempt = 1;
  const requeue = (from: number, tries: number, delaySeconds?: number) => deps.queue.push([{ type: 'full-sync', syncId: sync.id, spaceId: sync.space.id, next: from, ...(tries > 1 ? { attempt: tries } : {}) }], delaySeconds);
  for (let i = from, tries = attempt; i < items.length; i++, tries = 1) {
    if (deps.elapsedMs() > CHECKPOINT_AFTER_MS) {
      await requeue(i, tries);
      return i;
    }
    const outcome = await tryItem(deps, sync, items[i], progress.repair ?? false);
    if (outcome.retry && tries < ITEM_TRIES) {
      await requeue(i, tries + 1, Math.ceil(backoffMs(tries, outcome.retryAfterSeconds) / 1000));
      return i;
    }
    const failure = outcome.retry ? outcome.reason : outcome.failure;
    if (outcome.retry) await markFailed(deps, sync, items[i].id, '', FULL_SYNC_CAUSE, outcome.reason);
    progress = { ...progress, done: i + 1, failed: failure ? [...progress.failed, { sourceId: items[i].id, reason: failure }] : progress.failed };
    await deps.fullSync.putProgress(sync.id, progress);
  }
  await deps.fullSync.putProgress(sync.id, { ...progress, state: progress.failed.length ? 'incomplete' : 'complete', finishedAt: deps.now() });
  return undefined;
}

type ItemOutcome = { retry: false; failure?: string } | { retry: true; reason: string; retryAfterSeconds?: number };

/** Sends one item; a transient error is returned for a later try, anything else is the item's failure. */
async function tryItem(deps: FullSyncDeps, sync: Sync, item: PlanItem, repair: boolean): Promise<ItemOutcome> {
  try {
    const result = await sendItem(deps, sync, item, repair ? RESYNC_CAUSE : FULL_SYNC_CAUSE, repair);
    return { retry: false, ...(result.status === 'failed' || result.status === 'restricted' ? { failure: result.reason ?? result.status } : {}) };
  } catch (e) {
    const later = retryable(e);
    if (later) return { retry: true, ...later };
    if (!(e instanceof ConfluenceError)) throw e;
    await markFailed(deps, sync, item.id, '', FULL_SYNC_CAUSE, e.message);
    return { retry: false, failure: e.message };
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
