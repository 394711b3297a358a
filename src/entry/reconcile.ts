/**
 * The scheduled reconcile: every active outgoing sync of this installation, compared and topped
 * up, and every incoming one's count of copies set right.
 */
import { kvsSyncStore } from '../platform/kvs-sync-store';
import { reconcileSync, recountCopies } from '../replication/reconcile';
import { kvsCopyStore } from '../platform/kvs-copy-store';
import { handlePeerMessage } from './peer-inbox';
import { sourceDeps } from './replication-deps';

export async function reconcile(): Promise<{ syncsChecked: number; queued: number }> {
  const deps = sourceDeps(handlePeerMessage);
  let queued = 0;
  const all = (await kvsSyncStore.listAll()).filter((s) => s.state === 'active');
  const syncs = all.filter((s) => s.role === 'source');
  for (const sync of all) {
    try {
      if (sync.role === 'destination') await recountCopies({ copies: kvsCopyStore }, sync);
      else queued += (await reconcileSync(deps, sync)).queued;
    } catch (e) {
      // One sync's trouble (a 429 storm, a gone space) must not stop the others; the next run tries again.
      console.error(`Reconcile of sync ${sync.id} failed`, e instanceof Error ? e.message : e);
    }
  }
  return { syncsChecked: syncs.length, queued };
}
