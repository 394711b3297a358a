/** The scheduled reconcile: every active outgoing sync of this installation, compared and topped up. */
import { kvsSyncStore } from '../platform/kvs-sync-store';
import { reconcileSync } from '../replication/reconcile';
import { handlePeerMessage } from './peer-inbox';
import { sourceDeps } from './replication-deps';

export async function reconcile(): Promise<{ syncsChecked: number; queued: number }> {
  const deps = sourceDeps(handlePeerMessage);
  let queued = 0;
  const syncs = (await kvsSyncStore.listAll()).filter((s) => s.role === 'source' && s.state === 'active');
  for (const sync of syncs) {
    try {
      queued += (await reconcileSync(deps, sync)).queued;
    } catch (e) {
      // One sync's trouble (a 429 storm, a gone space) must not stop the others; the next run tries again.
      console.error(`Reconcile of sync ${sync.id} failed`, e instanceof Error ? e.message : e);
    }
  }
  return { syncsChecked: syncs.length, queued };
}
