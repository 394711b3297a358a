/**
 * What a space admin sees of one sync: the full sync's progress, pages by their last outcome,
 * the latest activity, and "Retry" for an outgoing page that failed or could not be read. Every
 * number is read from a count kept as items change, so a poll costs the same at 10 or 10,000
 * items; only a pair whose records all predate the counts is counted in full (a read writes nothing).
 */
import { randomUUID } from 'node:crypto';
import type { Sync } from '../domain/sync';
import { UserError } from '../domain/user-error';
import { countItems, NO_ITEMS, type ItemCounts } from '../domain/item-counts';
import type { ActivityView, FullSyncRunKind, FullSyncView, SyncDetails, SyncOverview } from '../contract/resolvers';
import type { JobQueue } from './ports';
import type { ActivityLog, CopyStore, FullSyncStore, SentStore } from './stores';

export const RETRY_CAUSE = 'Retry';
/** The activity the dashboard shows: the newest entries (KVS keeps 30 days). */
export const ACTIVITY_SHOWN = 50;
/** The failures of a full sync the dashboard lists (each is kept apart; their number is in the progress). */
export const FAILURES_SHOWN = 10;

export interface DashboardDeps {
  sent: Pick<SentStore, 'get' | 'all' | 'counts'>;
  copies: Pick<CopyStore, 'counts' | 'countAllByStatus'>;
  fullSync: Pick<FullSyncStore, 'progress' | 'failures'>;
  activity: Pick<ActivityLog, 'recent'>;
  queue: JobQueue;
  /** Display names of accounts (unknown ones are left out). */
  names(accountIds: string[]): Promise<Map<string, string>>;
}

const RETRYABLE = new Set(['failed', 'restricted']);

/** The synced-spaces table's numbers for one sync (its details give the rest). */
export async function syncOverview(deps: DashboardDeps, sync: Sync): Promise<SyncOverview> {
  const details = await syncDetails(deps, sync, 1);
  const progress = details.progress;
  const running = progress && (progress.state === 'queued' || progress.state === 'running');
  const pending = running ? Math.max(progress.total - progress.done, 0) : 0;
  return { synced: details.counts.synced, ahead: details.counts.ahead, failed: details.counts.failed + details.counts.restricted, pending, ...(running ? { run: progress.run } : {}), ...(details.lastSyncAt ? { lastSyncAt: details.lastSyncAt } : {}) };
}

export async function syncDetails(deps: DashboardDeps, sync: Sync, activityShown = ACTIVITY_SHOWN): Promise<SyncDetails> {
  const { lastAt, syncedKinds, ...counts } = await countsOf(deps, sync);
  let lastSyncAt = lastAt;
  const entries = await deps.activity.recent(sync.id, activityShown);
  const names = await deps.names([...new Set(entries.flatMap((e) => (e.by ? [e.by] : [])))]);
  // The last item sent or copied: the pairing's own lines (no item) are no sync.
  lastSyncAt ??= entries.find((e) => e.sourceId)?.at;
  // Retry is offered on the newest entry of a page that is still failed or restricted.
  const offered = new Set<string>();
  const activity: ActivityView[] = [];
  for (const e of entries) {
    let retryable = false;
    if (sync.role === 'source' && RETRYABLE.has(e.outcome) && !offered.has(e.sourceId)) {
      offered.add(e.sourceId);
      retryable = RETRYABLE.has((await deps.sent.get(sync.pairId, e.sourceId))?.status ?? '');
    }
    const by = e.by ? (names.get(e.by) ?? 'someone') : undefined;
    activity.push({ at: e.at, sourceId: e.sourceId, title: e.title, cause: e.cause, ...(by ? { by } : {}), outcome: e.outcome, ...(e.detail ? { detail: e.detail } : {}), retryable });
  }
  const progress = await progressView(deps, sync);
  return { syncId: sync.id, ...(progress ? { progress } : {}), counts, ...(sync.role === 'source' && syncedKinds ? { syncedByKind: syncedKinds } : {}), ...(lastSyncAt ? { lastSyncAt } : {}), activity };
}

/** Source: items by their last outcome. Destination: its copies by status (copy-counts.ts). */
async function countsOf(deps: DashboardDeps, sync: Sync): Promise<ItemCounts> {
  if (sync.role !== 'source') return { ...NO_ITEMS, ...((await deps.copies.counts(sync.pairId)) ?? (await deps.copies.countAllByStatus(sync.pairId))) };
  return (await deps.sent.counts(sync.pairId)) ?? countItems((await deps.sent.all(sync.pairId)).map((r) => r.record));
}

/** Counts every sent record and keeps the counts when they differ (the hourly reconcile: what racing writes missed is set right). */
export async function recountSent(deps: { sent: Pick<SentStore, 'all' | 'counts' | 'putCounts'> }, sync: Sync, records?: Array<{ record: { status: string; at: string; kind?: string } }>): Promise<ItemCounts> {
  const counts = countItems((records ?? (await deps.sent.all(sync.pairId))).map((r) => r.record));
  if (JSON.stringify(await deps.sent.counts(sync.pairId)) !== JSON.stringify(counts)) await deps.sent.putCounts(sync.pairId, counts);
  return counts;
}

export const runKind = (p: { repair?: boolean; catchUp?: string }): FullSyncRunKind => (p.repair ? 'resync' : p.catchUp ? 'catch-up' : 'first');

async function progressView(deps: DashboardDeps, sync: Sync): Promise<FullSyncView | undefined> {
  const progress = await deps.fullSync.progress(sync.id);
  if (!progress) return undefined;
  return { ...progress, run: runKind(progress), outcomes: progress.outcomes ?? {}, failed: progress.failedCount ? await deps.fullSync.failures(sync.id, progress.startedAt, FAILURES_SHOWN) : [] };
}

export async function retryItem(deps: DashboardDeps, sync: Sync, sourceId: unknown, by: string): Promise<{ queued: number }> {
  if (sync.role !== 'source' || sync.state !== 'active') throw new UserError('not-allowed-now', 'Only an active outgoing sync can send a page again.');
  const sent = typeof sourceId === 'string' ? await deps.sent.get(sync.pairId, sourceId) : undefined;
  if (!sent || !RETRYABLE.has(sent.status)) throw new UserError('nothing-to-retry', 'That page has not failed; there is nothing to retry.');
  await deps.queue.push([{ type: 'item', syncId: sync.id, spaceId: sync.space.id, id: sourceId as string, kind: sent.kind ?? 'page', cause: RETRY_CAUSE, by, asked: true, request: randomUUID() }]);
  return { queued: 1 };
}
