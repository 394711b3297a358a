/** The platform pieces replication runs on, wired once for the entry points. */
import { kvsPairingKeys, kvsSyncStore } from '../platform/kvs-sync-store';
import { kvsReplicationStore } from '../platform/kvs-replication-store';
import { outboundQueue } from '../platform/outbound-queue';
import { peerTransport } from '../platform/peer-transport';
import { destinationContent, sourceContent } from '../confluence/pages';
import type { FullSyncDeps } from '../replication/full-sync';
import type { ApplyDeps } from '../replication/apply-item';
import type { PeerReply } from '../pairing/ports';

const now = () => new Date().toISOString();

/** `deliver` handles a message for this very installation in-process (same-site pairs). */
export function sourceDeps(deliver: (message: string) => Promise<PeerReply>, startedAt = Date.now()): FullSyncDeps {
  return {
    content: sourceContent,
    syncs: kvsSyncStore,
    store: kvsReplicationStore,
    queue: outboundQueue,
    keys: kvsPairingKeys,
    transport: peerTransport(deliver),
    now,
    nowSeconds: () => Math.floor(Date.now() / 1000),
    elapsedMs: () => Date.now() - startedAt,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

export function applyDeps(): ApplyDeps {
  return { content: destinationContent, store: kvsReplicationStore, now };
}

export { kvsSyncStore };
