/**
 * The scheduled reconcile: every active outgoing sync of this installation, compared and topped
 * up; every incoming one's count of copies set right, and its copies checked for edits made here
 * (the cheap part of Verify).
 */
import type { Sync } from '../domain/sync';
import { kvsSyncStore } from '../platform/kvs-sync-store';
import { kvsCopyStore } from '../platform/kvs-copy-store';
import { kvsVerifyStore } from '../platform/kvs-verify-store';
import { kvsRecordedCopies } from '../platform/kvs-recorded-copies';
import { outboundQueue } from '../platform/outbound-queue';
import { copyInspector } from '../confluence/copy-inspector';
import { labelCensus } from '../confluence/label-census';
import { reconcileSync, recountCopies } from '../replication/reconcile';
import { checkCopies } from '../replication/scheduled-check';
import { handlePeerMessage } from './peer-inbox';
import { sourceDeps } from './replication-deps';
import { retellHold } from '../replication/mass-delete';

export async function reconcile(): Promise<{ syncsChecked: number; queued: number }> {
  const every = await kvsSyncStore.listAll();
  // Unpaired too: the copies it made are still in the space, and search counts their comments.
  const receivesCopies = (spaceId: string) => every.some((s) => s.role === 'destination' && s.space.id === spaceId);
  const deps = { ...sourceDeps(handlePeerMessage), verify: kvsVerifyStore, labels: labelCensus, receivesCopies };
  let queued = 0;
  const all = every.filter((s) => s.state === 'active');
  for (const sync of all) {
    await oneByOne(sync, async () => {
      if (sync.role === 'destination') await checkIncoming(sync);
      else queued += (await reconcileSync(deps, sync)).queued;
    });
  }
  // A held sync sends nothing; its destination hears the question again in case it missed it.
  for (const held of every.filter((s) => s.role === 'source' && s.hold)) await oneByOne(held, () => retellHold(deps, held));
  return { syncsChecked: all.length, queued };
}

/** One sync's trouble (a 429 storm, a gone space) must not stop the others; the next run tries again. */
async function oneByOne(sync: Sync, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (e) {
    console.error(`Reconcile of sync ${sync.id} failed`, e instanceof Error ? e.message : e);
  }
}

async function checkIncoming(sync: Sync): Promise<void> {
  await recountCopies({ copies: kvsCopyStore }, sync);
  await checkCopies({ inspector: copyInspector, copies: kvsRecordedCopies, verify: kvsVerifyStore, queue: outboundQueue, now: () => new Date().toISOString() }, sync);
}
