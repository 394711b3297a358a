/**
 * The first full sync and "Re-sync everything": the whole space in tree order, one item after
 * another (so parents exist before their children), with progress after each item. Near the
 * consumer's time limit it checkpoints and re-queues itself from where it stopped.
 */
import type { Sync } from '../domain/sync';
import { ConfluenceError } from '../confluence/client';
import { treeOrder, type ContentKind } from './snapshot';
import { markFailed, RetryLater, sendItem, type SourceDeps } from './send-item';
import type { FullSyncProgress, JobQueue, PlanItem } from './ports';

export const FULL_SYNC_CAUSE = 'full sync';
/** Leave room before the 900 s consumer limit for the item in flight and the re-queue. */
export const CHECKPOINT_AFTER_MS = 600_000;
const ITEM_TRIES = 4;

export interface FullSyncDeps extends SourceDeps {
  queue: JobQueue;
  elapsedMs(): number;
  sleep(ms: number): Promise<void>;
}

/** Queues a full sync: records "queued" at once, so the dashboard shows it before it starts. */
export async function startFullSync(deps: Pick<FullSyncDeps, 'store' | 'queue' | 'now'>, sync: Sync): Promise<void> {
  await deps.store.putProgress(sync.id, { state: 'queued', total: 0, done: 0, failed: [], startedAt: deps.now() });
  await deps.store.putPlan(sync.id, []);
  await deps.queue.push([{ type: 'full-sync', syncId: sync.id, spaceId: sync.space.id, next: 0 }]);
}

async function plan(deps: FullSyncDeps, sync: Sync): Promise<PlanItem[]> {
  const kinds: ContentKind[] = sync.options.blogPosts ? ['page', 'blogpost'] : ['page'];
  const space = await deps.content.space(sync.space.id);
  const items = (await deps.content.list(sync.space.id, kinds)).filter((i) => i.id !== space.homepageId);
  return treeOrder(items).map((i) => ({ id: i.id, kind: i.kind }));
}

/** One run of the full sync from item `next`; returns where the next run starts, or undefined when done. */
export async function runFullSync(deps: FullSyncDeps, sync: Sync, next: number): Promise<number | undefined> {
  let items = await deps.store.plan(sync.id);
  let progress = (await deps.store.progress(sync.id)) ?? { state: 'queued', total: 0, done: 0, failed: [], startedAt: deps.now() };
  if (next === 0 || !items?.length) {
    items = await plan(deps, sync);
    await deps.store.putPlan(sync.id, items);
    progress = { state: 'running', total: items.length, done: 0, failed: [], startedAt: progress.startedAt };
    await deps.store.putProgress(sync.id, progress);
  }
  for (let i = next; i < items.length; i++) {
    if (deps.elapsedMs() > CHECKPOINT_AFTER_MS) {
      await deps.queue.push([{ type: 'full-sync', syncId: sync.id, spaceId: sync.space.id, next: i }]);
      return i;
    }
    const failure = await sendWithRetries(deps, sync, items[i]);
    progress = { ...progress, done: i + 1, failed: failure ? [...progress.failed, { sourceId: items[i].id, reason: failure }] : progress.failed };
    await deps.store.putProgress(sync.id, progress);
  }
  await deps.store.putProgress(sync.id, { ...progress, state: progress.failed.length ? 'incomplete' : 'complete', finishedAt: deps.now() });
  return undefined;
}

/** Waits out 429s (Retry-After) and backs off with jitter on 5xx; the reason when it still fails. */
async function sendWithRetries(deps: FullSyncDeps, sync: Sync, item: PlanItem): Promise<string | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await sendItem(deps, sync, item, FULL_SYNC_CAUSE);
      return result.status === 'failed' || result.status === 'restricted' ? (result.reason ?? result.status) : undefined;
    } catch (e) {
      const transient = e instanceof RetryLater || (e instanceof ConfluenceError && e.transient);
      const reason = e instanceof Error ? e.message : String(e);
      if (!transient || attempt >= ITEM_TRIES) {
        await markFailed(deps, sync, item.id, '', FULL_SYNC_CAUSE, reason);
        return reason;
      }
      const hinted = e instanceof RetryLater ? e.retryAfterSeconds : (e as ConfluenceError).retryAfterSeconds;
      await deps.sleep(backoffMs(attempt, hinted));
    }
  }
}

/** Retry-After when given; otherwise 1 s, 2 s, 4 s… with up to 50 % jitter, capped at 30 s. */
export function backoffMs(attempt: number, retryAfterSeconds?: number): number {
  if (retryAfterSeconds) return retryAfterSeconds * 1000;
  const base = Math.min(1000 * 2 ** (attempt - 1), 30_000);
  return base + Math.floor(Math.random() * base * 0.5);
}

export type { FullSyncProgress };
