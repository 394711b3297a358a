/**
 * What the UI resolvers run on, wired once per call: one clock, and one set of dependencies built
 * from the Forge context (the site and installation), so every use case in a call sees the same
 * time and the same stores.
 */
import type { ResolverContext } from './forge-context';
import { handlePeerMessage } from './peer-inbox';
import { kvsPairingKeys, kvsSyncStore } from '../platform/kvs-sync-store';
import { kvsReplicationStore } from '../platform/kvs-replication-store';
import { outboundQueue } from '../platform/outbound-queue';
import { peerTransport } from '../platform/peer-transport';
import { appAudience, peerInboxUrl } from '../platform/installation';
import { userSpacePermissions } from '../confluence/space-permissions';
import { describePeople } from '../confluence/directory';
import { pageAccess } from '../confluence/page-access';
import type { ImportDeps } from '../pairing/import-token';
import type { PageSyncDeps } from '../replication/page-sync';
import type { DashboardDeps } from '../replication/sync-dashboard';
import type { FullSyncDeps } from '../replication/full-sync';

/** The one clock of a call. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface UiDeps {
  clock: Clock;
  /** ISO time from the clock, for records. */
  nowIso(): string;
  /** Pairing: syncs, keys, space permissions as the user, this installation, the peer transport. */
  pairing: ImportDeps;
  /** The page action's. */
  pages: PageSyncDeps;
  /** Progress, counts and activity. */
  dashboard: DashboardDeps;
  /** Starting a full sync or a re-sync. */
  fullSync: Pick<FullSyncDeps, 'store' | 'queue' | 'now'>;
  /** Display names of accounts (unknown ones are left out). */
  names(accountIds: string[]): Promise<Map<string, string>>;
}

export function uiDeps(ctx: ResolverContext, clock: Clock = systemClock): UiDeps {
  const nowIso = () => clock.now().toISOString();
  const names = async (ids: string[]) => new Map((ids.length ? await describePeople(ids) : []).map((p) => [p.id, p.name]));
  const cloudId = ctx.cloudId ?? '';
  return {
    clock,
    nowIso,
    names,
    pairing: {
      transport: peerTransport(handlePeerMessage),
      syncs: kvsSyncStore,
      keys: kvsPairingKeys,
      permissions: userSpacePermissions,
      installation: {
        cloudId,
        siteUrl: ctx.siteUrl,
        // Read when a use case needs it, so building the deps asks the platform nothing.
        get audience() {
          return appAudience();
        },
        inboxUrl: peerInboxUrl,
      },
      nowSeconds: () => Math.floor(clock.now().getTime() / 1000),
    },
    pages: { syncs: kvsSyncStore, store: kvsReplicationStore, queue: outboundQueue, access: pageAccess, permissions: userSpacePermissions, cloudId },
    dashboard: { store: kvsReplicationStore, queue: outboundQueue, names },
    fullSync: { store: kvsReplicationStore, queue: outboundQueue, now: nowIso },
  };
}
