/**
 * The scheduled reconcile: every active outgoing sync of this installation, compared and topped
 * up; and every active incoming one checked for copies edited here (the cheap part of Verify).
 */
import type { Sync } from '../domain/sync';
import { kvsSyncStore } from '../platform/kvs-sync-store';
import { kvsVerifyStore } from '../platform/kvs-verify-store';
import { kvsRecordedCopies } from '../platform/kvs-recorded-copies';
import { outboundQueue } from '../platform/outbound-queue';
import { copyInspector } from '../confluence/copy-inspector';
import { reconcileSync } from '../replication/reconcile';
import { checkCopies } from '../replication/scheduled-check';
import { handlePeerMessage } from './peer-inbox';
import { sourceDeps } from './replication-deps';

export async function reconcile(): Promise<{ syncsChecked: number; queued: number }> {
  const deps = { ...sourceDeps(handlePeerMessage), verify: kvsVerifyStore };
  let queued = 0;
  const all = await kvsSyncStore.listAll();
  const syncs = all.filter((s) => s.role === 'source' && s.state === 'active');
  for (const sync of syncs) {
    await oneByOne(sync, async () => {
      queued += (await reconcileSync(deps, sync)).queued;
    });
  }
  const incoming = all.filter((s) => s.role === 'destination' && s.state === 'active');
  for (const sync of incoming) await oneByOne(sync, () => checkIncoming(sync));
  return { syncsChecked: syncs.length + incoming.length, queued };
}

/** One sync's trouble (a 429 storm, a gone space) must not stop the others; the next run tries again. */
async function oneByOne(sync: Sync, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (e) {
    console.error(`Reconcile of sync ${sync.id} failed`, e instanceof Error ? e.message : e);
  }
}

function checkIncoming(sync: Sync) {
  return checkCopies({ inspector: copyInspector, copies: kvsRecordedCopies, verify: kvsVerifyStore, queue: outboundQueue, now: () => new Date().toISOString() }, sync);
}
