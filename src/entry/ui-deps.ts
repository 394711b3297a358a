/**
 * What the UI resolvers run on, wired once per call: one clock, and one set of dependencies built
 * from the Forge context (the site and installation), so every use case in a call sees the same
 * time and the same stores.
 */
import type { ResolverContext } from './forge-context';
import { handlePeerMessage } from './peer-inbox';
import { kvsPairingKeys, kvsSyncStore } from '../platform/kvs-sync-store';
import { kvsActivityLog } from '../platform/kvs-activity-log';
import { kvsSentStore } from '../platform/kvs-sent-store';
import { kvsCopyStore } from '../platform/kvs-copy-store';
import { kvsFullSyncStore } from '../platform/kvs-full-sync-store';
import { kvsVerifyStore } from '../platform/kvs-verify-store';
import { applyDeps, destinationRepairDeps } from './replication-deps';
import { kvsReviewStore } from '../platform/kvs-review-store';
import type { ReviewAnswerDeps } from '../replication/review-answer';
import { kvsGuardStore } from '../platform/kvs-guard-store';
import { sourceRestore } from '../confluence/source-restore';
import { sourceContent } from '../confluence/pages';
import type { AnswerDeps } from '../replication/mass-delete-answer';
import { outboundQueue } from '../platform/outbound-queue';
import { peerTransport } from '../platform/peer-transport';
import { appAudience, peerInboxUrl } from '../platform/installation';
import { userSpacePermissions } from '../confluence/space-permissions';
import { describePeople } from '../confluence/directory';
import { pageAccess } from '../confluence/page-access';
import type { ImportDeps } from '../pairing/import-token';
import type { PageSyncDeps } from '../replication/page-sync';
import { kvsSyncNowMarks } from '../platform/kvs-sync-now-store';
import type { DashboardDeps } from '../replication/sync-dashboard';
import type { FullSyncDeps } from '../replication/full-sync';
import type { StartDeps } from '../replication/verify-source';
import type { DestinationRepairDeps, SourceRepairDeps } from '../replication/verify-repair';
import type { PairingActivity } from '../pairing/ports';
import type { PreviewDeps } from '../replication/scope-preview';
import { kvsNoticeStore } from '../platform/kvs-notice-store';
import { chatPoster } from '../platform/chat-poster';
import { activityWithNotices, linkToSettings } from './notice-deps';
import type { DeliveryDeps } from '../replication/notices';

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
  /** The copy's page: a version waiting for review, compared and answered. */
  review: ReviewAnswerDeps;
  /** Progress, counts and activity. */
  dashboard: DashboardDeps;
  /** Starting a full sync or a re-sync. */
  fullSync: Pick<FullSyncDeps, 'fullSync' | 'queue' | 'now'>;
  /** Verify: starting a run at the source, repairs queued there, and the destination's side of both. */
  verify: { start: StartDeps; sourceRepair: SourceRepairDeps; destination: DestinationRepairDeps; store: typeof kvsVerifyStore };
  /** Answering the mass-delete guard (the source restores or lets the held trashes go). */
  massDelete: AnswerDeps;
  /** The sync's activity log, for what a pairing decision records. */
  logPairing(entry: PairingActivity): Promise<void>;
  /** The scope's picker and dry run: the space as the app reads it, and the call's time so far. */
  scope: PreviewDeps;
  /** Notifications: this side's settings and notices, and the poster for a test message. */
  notices: Pick<DeliveryDeps, 'store' | 'poster' | 'link'>;
  /** Display names of accounts (unknown ones are left out). */
  names(accountIds: string[]): Promise<Map<string, string>>;
}

export function uiDeps(ctx: ResolverContext, clock: Clock = systemClock): UiDeps {
  const nowIso = () => clock.now().toISOString();
  const names = async (ids: string[]) => new Map((ids.length ? await describePeople(ids) : []).map((p) => [p.id, p.name]));
  const cloudId = ctx.cloudId ?? '';
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  const logPairing = ({ syncId, outcome, detail, by }: PairingActivity) =>
    kvsActivityLog.log({ at: nowIso(), syncId, sourceId: '', title: '', cause: 'pairing', ...(by ? { by } : {}), outcome, detail });
  const pairing: ImportDeps = {
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
      nowSeconds,
      copies: kvsCopyStore,
      log: logPairing,
  };
  const started = Date.now();
  return {
    clock,
    nowIso,
    names,
    scope: { content: sourceContent, elapsedMs: () => Date.now() - started },
    logPairing,
    notices: { store: kvsNoticeStore, poster: chatPoster, link: linkToSettings },
    pairing,
    massDelete: { ...pairing, content: sourceContent, sent: kvsSentStore, guard: kvsGuardStore, activity: activityWithNotices(), now: nowIso, fullSync: kvsFullSyncStore, queue: outboundQueue, restore: sourceRestore },
    pages: { syncs: kvsSyncStore, sent: kvsSentStore, copies: kvsCopyStore, queue: outboundQueue, access: pageAccess, permissions: userSpacePermissions, reviews: kvsReviewStore, cloudId, marks: kvsSyncNowMarks, now: nowIso },
    review: { syncs: kvsSyncStore, keys: kvsPairingKeys, transport: pairing.transport, nowSeconds, access: pageAccess, permissions: userSpacePermissions, apply: { ...applyDeps(), now: nowIso } },
    dashboard: { sent: kvsSentStore, copies: kvsCopyStore, fullSync: kvsFullSyncStore, activity: kvsActivityLog, queue: outboundQueue, names },
    fullSync: { fullSync: kvsFullSyncStore, queue: outboundQueue, now: nowIso },
    verify: {
      start: { verify: kvsVerifyStore, jobs: outboundQueue, fullSync: kvsFullSyncStore, now: nowIso },
      sourceRepair: { verify: kvsVerifyStore, jobs: outboundQueue, sent: kvsSentStore, now: nowIso },
      destination: { ...destinationRepairDeps(handlePeerMessage), now: nowIso, nowSeconds },
      store: kvsVerifyStore,
    },
  };
}
