/**
 * The scheduled reconcile, per active source sync: what events missed. It compares the space's
 * current pages and versions (cheap listings, 250 a request) with what was sent, and queues only
 * the differences: new or changed pages, pages no longer listed (trashed with a parent, or moved
 * to another space with one, which sends no event), pages listed again, and failed items. A pair that never had its full sync gets one.
 */
import type { Sync } from '../domain/sync';
import { startFullSync } from './full-sync';
import type { JobQueue, OutboundJob, SourceContent } from './ports';
import type { CopyStore, FullSyncStore, SentStore } from './stores';
import { recountSent } from './sync-dashboard';
import { isNode, type ContentKind } from './snapshot';
import { noteSourceCheck } from './scheduled-check';
import type { VerifyStore } from './verify-ports';

export const RECONCILE_CAUSE = 'reconcile';

export interface ReconcileDeps {
  content: SourceContent;
  sent: Pick<SentStore, 'all' | 'counts' | 'putCounts'>;
  fullSync: FullSyncStore;
  queue: JobQueue;
  now(): string;
  /** Where the hourly check (the cheap part of Verify) is noted, when given. */
  verify?: Pick<VerifyStore, 'putScheduled'>;
}

export async function reconcileSync(deps: ReconcileDeps, sync: Sync): Promise<{ queued: number }> {
  if (sync.role !== 'source' || sync.state !== 'active' || sync.options.mode !== 'automatic') return { queued: 0 };
  const progress = await deps.fullSync.progress(sync.id);
  if (!progress) {
    await startFullSync(deps, sync);
    return { queued: 1 };
  }
  if (progress.state === 'queued' || progress.state === 'running') return { queued: 0 };

  const kinds: ContentKind[] = sync.options.blogPosts ? ['page', 'blogpost'] : ['page'];
  const space = await deps.content.space(sync.space.id);
  const items = (await deps.content.list(sync.space.id, kinds)).filter((i) => i.id !== space.homepageId);
  const listed = new Set(items.map((i) => i.id));
  const jobs: OutboundJob[] = [];
  const job = (id: string, kind: ContentKind): OutboundJob => ({ type: 'item', syncId: sync.id, spaceId: sync.space.id, id, kind, cause: RECONCILE_CAUSE });
  const sent = await deps.sent.all(sync.pairId);
  // Read anyway: the counts are set right from it, whatever two racing writes missed since.
  await recountSent(deps, sync, sent);
  const sentById = new Map(sent.map((s) => [s.sourceId, s.record]));
  for (const item of items) {
    const sent = sentById.get(item.id);
    // Listed but sent as gone: back without an event of its own (a subtree moved back into the space).
    // Archived or back from the archive without an event: archiving changes no version.
    const archiveChanged = (item.status === 'archived') !== (sent?.sourceStatus === 'archived');
    if (!sent || sent.version !== item.version || sent.status === 'failed' || sent.status === 'deleted' || archiveChanged) jobs.push(job(item.id, item.kind));
  }
  // A page in a folder the sync never sent (made before the sync, or its event was missed).
  const folders = new Map(items.filter((i) => i.parentId && i.parentType && isNode(i.parentType) && !sentById.has(i.parentId)).map((i) => [i.parentId as string, i.parentType as ContentKind]));
  for (const [id, kind] of folders) jobs.push(job(id, kind));
  for (const [id, sent] of sentById) {
    // Folders and other nodes are in no listing, so each is read again here: that is how a
    // rename or a trash, which raise no event (confluence-real row 90), is found.
    // Gone from the listing: trashed (perhaps with its parent) or restricted; the item job reads
    // which. A failed one is retried too: its failure may have been the trash itself.
    if (!listed.has(id) && (sent.status === 'synced' || sent.status === 'failed')) jobs.push(job(id, sent.kind ?? 'page'));
  }
  await deps.queue.push(jobs);
  if (deps.verify) await noteSourceCheck({ verify: deps.verify, now: deps.now }, sync, { checked: items.length, queued: jobs.length, records: sentById.values() });
  return { queued: jobs.length };
}

/** Destination: the pair's count of copies, counted anew each hour for the same reason. */
export async function recountCopies(deps: { copies: Pick<CopyStore, 'recount'> }, sync: Sync): Promise<number> {
  return sync.role === 'destination' ? deps.copies.recount(sync.pairId) : 0;
}
