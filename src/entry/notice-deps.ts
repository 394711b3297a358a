/** Notifications wired once for the entry points: KVS, the outbound queue, the chat poster. */
import { kvsNoticeStore } from '../platform/kvs-notice-store';
import { kvsActivityLog } from '../platform/kvs-activity-log';
import { kvsSyncStore } from '../platform/kvs-sync-store';
import { outboundQueue } from '../platform/outbound-queue';
import { chatPoster } from '../platform/chat-poster';
import { spaceSettingsLink } from '../platform/app-links';
import { notifier, settingsOf, type DeliveryDeps, type NoticeDeps } from '../replication/notices';
import { notifyingActivityLog } from '../replication/notifying-activity';
import type { ActivityLog } from '../replication/stores';
import type { NoticeSync } from '../replication/notifier-ports';
import type { Sync } from '../domain/sync';
import type { GuardHold } from '../domain/mass-delete-guard';
import { heldDeleteSummary } from '../domain/notice-rules';

const now = () => new Date().toISOString();

export const noticeDeps = (): NoticeDeps => ({ store: kvsNoticeStore, queue: outboundQueue, now });

export const appNotifier = () => notifier(noticeDeps());

async function link(sync: NoticeSync): Promise<string> {
  const { siteUrl } = await settingsOf(kvsNoticeStore, sync.id);
  return spaceSettingsLink(siteUrl ?? '', sync.space.key);
}

export const deliveryDeps = (): DeliveryDeps => ({ ...noticeDeps(), poster: chatPoster, activity: kvsActivityLog, sync: (spaceId, syncId) => kvsSyncStore.get(spaceId, syncId), link });

export const linkToSettings = link;

/**
 * The activity log that tells the Notifier. `known` is the sync the invocation works for; any
 * other sync is looked up once per invocation, only when one of its items fails.
 */
export function activityWithNotices(known?: Sync, log: ActivityLog = kvsActivityLog): ActivityLog {
  let all: Promise<Sync[]> | undefined;
  const syncOf = async (syncId: string) => (known?.id === syncId ? known : (await (all ??= kvsSyncStore.listAll())).find((s) => s.id === syncId));
  return notifyingActivityLog(log, appNotifier(), syncOf);
}

/** A held mass delete at this side, told to its admins once per question; trouble telling them never refuses the hold. */
export async function notifyHeld(sync: Sync, hold: GuardHold): Promise<void> {
  try {
    await appNotifier().massDeleteHeld(sync, hold.question, heldDeleteSummary(hold, sync.role), now());
  } catch (e) {
    console.warn(`Could not record a notice for sync ${sync.id}:`, e instanceof Error ? e.message : e);
  }
}
