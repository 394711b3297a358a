/** The platform pieces replication runs on, wired once for the entry points. */
import { spaceInfoCache, type SpaceInfo } from '../platform/space-info-cache';
import { kvsPairingKeys, kvsSyncStore } from '../platform/kvs-sync-store';
import { kvsReplicationStore } from '../platform/kvs-replication-store';
import { outboundQueue } from '../platform/outbound-queue';
import { peerTransport } from '../platform/peer-transport';
import { destinationContent, sourceContent } from '../confluence/pages';
import { bulkSource } from '../confluence/bulk-snapshots';
import { kvsSpaceReadingStore } from '../platform/kvs-space-reading-store';
import { changeFinder } from '../confluence/change-finder';
import { kvsReconcileStateStore } from '../platform/kvs-reconcile-state-store';
import type { FullSyncDeps } from '../replication/full-sync';
import type { ApplyDeps } from '../replication/apply-item';
import type { PairingKeys, PeerReply } from '../pairing/ports';

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
  return {
    content: memoSpace(sourceContent),
    syncs: kvsSyncStore,
    store: kvsReplicationStore,
    queue: outboundQueue,
    keys: memoKeys(kvsPairingKeys),
    transport: peerTransport(deliver),
    now,
    nowSeconds: () => Math.floor(Date.now() / 1000),
    elapsedMs: () => Date.now() - startedAt,
    bulk: bulkSource,
    readings: kvsSpaceReadingStore,
    changes: changeFinder,
    reconcileState: kvsReconcileStateStore,
  };
}

export function applyDeps(): ApplyDeps {
  return { content: memoSpace(destinationContent), store: kvsReplicationStore, now };
}
