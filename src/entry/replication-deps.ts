/** The platform pieces replication runs on, wired once for the entry points. */
import { spaceInfoCache, type SpaceInfo } from '../platform/space-info-cache';
import { kvsPairingKeys, kvsSyncStore } from '../platform/kvs-sync-store';
import { kvsSentStore } from '../platform/kvs-sent-store';
import { kvsCopyStore } from '../platform/kvs-copy-store';
import { kvsFullSyncStore } from '../platform/kvs-full-sync-store';
import { kvsWaitingStore } from '../platform/kvs-waiting-store';
import { kvsTransferStore } from '../platform/kvs-transfer-store';
import { kvsActivityLog } from '../platform/kvs-activity-log';
import { activityWithNotices, appNotifier } from './notice-deps';
import { kvsReviewStore } from '../platform/kvs-review-store';
import { outboundQueue } from '../platform/outbound-queue';
import { peerTransport } from '../platform/peer-transport';
import { destinationContent, sourceContentWith } from '../confluence/pages';
import { bulkSourceWith } from '../confluence/bulk-snapshots';
import { kvsSiteFacts } from '../platform/kvs-site-facts';
import { kvsSpaceReadingStore } from '../platform/kvs-space-reading-store';
import { changeFinder } from '../confluence/change-finder';
import { quotaWait } from '../confluence/quota';
import { kvsReconcileStateStore } from '../platform/kvs-reconcile-state-store';
import type { FullSyncDeps } from '../replication/full-sync';
import type { ApplyDeps } from '../replication/apply-item';
import type { PairingKeys, PeerReply } from '../pairing/ports';
import { kvsVerifyStore } from '../platform/kvs-verify-store';
import { kvsRecordedCopies } from '../platform/kvs-recorded-copies';
import { kvsGuardStore } from '../platform/kvs-guard-store';
import { sourceRestore } from '../confluence/source-restore';
import type { SettleDeps } from '../replication/mass-delete-answer';
import { copyInspector } from '../confluence/copy-inspector';
import type { StartDeps, VerifySourceDeps } from '../replication/verify-source';
import type { VerifyDestinationDeps } from '../replication/verify-destination';
import type { DestinationRepairDeps } from '../replication/verify-repair';

const now = () => new Date().toISOString();

/**
 * Asks Confluence once per space per hour (the KVS cache), and once per invocation at most (the
 * memo). The memo lives as long as the deps (one invocation), so installations sharing a process
 * never mix.
 */
function memoSpace<T extends { space(spaceId: string): Promise<SpaceInfo> }>(content: T): T {
  const known = new Map<string, Promise<SpaceInfo>>();
  const load = async (spaceId: string): Promise<SpaceInfo> => {
    const cached = await spaceInfoCache.get(spaceId);
    if (cached) return cached;
    const info = await content.space(spaceId);
    await spaceInfoCache.put(spaceId, info);
    return info;
  };
  return {
    ...content,
    space(spaceId: string) {
      let found = known.get(spaceId);
      if (!found) {
        found = load(spaceId);
        found.catch(() => known.delete(spaceId));
        known.set(spaceId, found);
      }
      return found;
    },
  };
}

/**
 * The installation's signing key, read from KVS once per invocation rather than once per message
 * sent (a full sync sends one per item; each KVS call takes tens of milliseconds). The memo lives
 * as long as the deps.
 */
function memoKeys(keys: PairingKeys): PairingKeys {
  let pair: ReturnType<PairingKeys['keyPair']> | undefined;
  return {
    ...keys,
    keyPair() {
      pair ??= keys.keyPair();
      pair.catch(() => (pair = undefined));
      return pair;
    },
  };
}

/** `deliver` handles a message for this very installation in-process (same-site pairs). */
export function sourceDeps(deliver: (message: string) => Promise<PeerReply>, startedAt = Date.now()): FullSyncDeps {
  const facts = kvsSiteFacts();
  return {
    content: memoSpace(sourceContentWith(facts)),
    syncs: kvsSyncStore,
    sent: kvsSentStore,
    copies: kvsCopyStore,
    fullSync: kvsFullSyncStore,
    // Each item's failure and success also feed its sync's failure bursts (notices.ts).
    activity: activityWithNotices(),
    queue: outboundQueue,
    keys: memoKeys(kvsPairingKeys),
    transport: peerTransport(deliver),
    now,
    nowSeconds: () => Math.floor(Date.now() / 1000),
    elapsedMs: () => Date.now() - startedAt,
    guard: kvsGuardStore,
    bulk: bulkSourceWith(facts),
    readings: kvsSpaceReadingStore,
    changes: changeFinder,
    reconcileState: kvsReconcileStateStore,
    quotaWait: () => quotaWait(),
  };
}

/** The source settling the mass-delete guard's question: its send deps, and the restore an undo makes. */
export function settleDeps(deliver: (message: string) => Promise<PeerReply>): SettleDeps {
  return { ...sourceDeps(deliver), guard: kvsGuardStore, restore: sourceRestore };
}

export function applyDeps(): ApplyDeps {
  return { content: memoSpace(destinationContent), copies: kvsCopyStore, waiting: kvsWaitingStore, transfers: kvsTransferStore, activity: activityWithNotices(), reviews: kvsReviewStore, reviewNotices: appNotifier(), now };
}

/** Verify at the source: the source's deps with the report store and the queue its jobs go to. */
export function verifySourceDeps(deliver: (message: string) => Promise<PeerReply>, startedAt = Date.now()): VerifySourceDeps & StartDeps {
  return { ...sourceDeps(deliver, startedAt), verify: kvsVerifyStore, jobs: outboundQueue };
}

/** Verify at the destination, timed from the moment the batch arrived. */
export function verifyDestinationDeps(arrivedAt = Date.now()): VerifyDestinationDeps {
  return { content: memoSpace(destinationContent), inspector: copyInspector, copies: kvsCopyStore, recorded: kvsRecordedCopies, verify: kvsVerifyStore, now, elapsedMs: () => Date.now() - arrivedAt };
}

/** Repairs the destination's admin asks for: the orphans it trashes itself, the rest it asks the source for. */
export function destinationRepairDeps(deliver: (message: string) => Promise<PeerReply>): DestinationRepairDeps {
  return { verify: kvsVerifyStore, copies: kvsCopyStore, activity: kvsActivityLog, inspector: copyInspector, content: destinationContent, keys: kvsPairingKeys, transport: peerTransport(deliver), syncs: kvsSyncStore, now, nowSeconds: () => Math.floor(Date.now() / 1000) };
}
