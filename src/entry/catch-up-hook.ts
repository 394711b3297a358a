/**
 * Runs a change to a sync (a pause lifted, options edited, from this side or the peer) and, when
 * it leaves the destination behind (domain/sync.ts catchUpReason), starts the source's catch-up.
 */
import { catchUpReason, type Sync } from '../domain/sync';
import { kvsSyncStore } from '../platform/kvs-sync-store';
import { kvsFullSyncStore } from '../platform/kvs-full-sync-store';
import { outboundQueue } from '../platform/outbound-queue';
import { catchUp } from '../replication/full-sync';

export async function withCatchUp<T>(before: Sync | undefined, change: () => Promise<T>, now: () => string = () => new Date().toISOString()): Promise<T> {
  const result = await change();
  if (!before) return result;
  const after = await kvsSyncStore.get(before.space.id, before.id);
  const reason = after && catchUpReason(before, after);
  if (after && reason) await catchUp({ fullSync: kvsFullSyncStore, queue: outboundQueue, now }, after, reason);
  return result;
}

/** The sync a space admin's call names, as it is before the call changes it. */
export async function syncBefore(spaceId: string, payload: unknown): Promise<Sync | undefined> {
  const syncId = (payload as { syncId?: unknown } | undefined)?.syncId;
  return typeof syncId === 'string' ? kvsSyncStore.get(spaceId, syncId) : undefined;
}
