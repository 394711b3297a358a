/**
 * The activity log, telling the Notifier as it logs: every side logs each item's failure and
 * each item's success there, so failure bursts are seen on both sides from one call site.
 */
import type { ActivityLog } from './stores';
import type { NoticeSync, Notifier } from './notifier-ports';
import type { ActivityEntry } from './ports';
import { heldDeleteSummary } from '../domain/notice-rules';
import type { GuardHold } from '../domain/mass-delete-guard';

/** The sync as the notices need it; `hold`: the mass-delete guard's question, while one is held. */
export type NoticeSyncNow = NoticeSync & { role: 'source' | 'destination'; hold?: GuardHold };

/** Entries about the sync itself: the mass-delete guard holding (the source logs it), and its answer (both sides). */
async function syncLevel(entry: ActivityEntry, notify: Notifier, syncOf: (syncId: string) => Promise<NoticeSyncNow | undefined>): Promise<void> {
  if (entry.outcome === 'held') {
    const sync = await syncOf(entry.syncId);
    if (sync?.hold) await notify.massDeleteHeld(sync, sync.hold.question, heldDeleteSummary(sync.hold, sync.role), entry.at);
  } else if (entry.outcome === 'delete-confirmed' || entry.outcome === 'delete-undone') await notify.resolved(entry.syncId, 'mass-delete-held');
}

/** `syncOf` is asked only when an item fails or the guard holds (rare), never for a success. */
export function notifyingActivityLog(log: ActivityLog, notify: Notifier, syncOf: (syncId: string) => Promise<NoticeSyncNow | undefined>): ActivityLog {
  return {
    ...log,
    async log(entry) {
      await log.log(entry);
      // A notice must never make the sync's own work fail: trouble is reported and the work goes on.
      try {
        if (!entry.sourceId) await syncLevel(entry, notify, syncOf);
        else if (entry.outcome === 'failed') {
          const sync = await syncOf(entry.syncId);
          if (sync) await notify.itemFailed(sync, { id: entry.sourceId, title: entry.title }, entry.at);
        } else await notify.itemSynced(entry.syncId, { id: entry.sourceId });
      } catch (e) {
        console.warn(`Could not record a notice for sync ${entry.syncId}:`, e instanceof Error ? e.message : e);
      }
    },
  };
}
