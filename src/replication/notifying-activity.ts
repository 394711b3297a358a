/**
 * The activity log, telling the Notifier as it logs: every side logs each item's failure and
 * each item's success there, so failure bursts are seen on both sides from one call site.
 */
import type { ActivityLog } from './stores';
import type { NoticeSync, Notifier } from './notifier-ports';

/** `syncOf` is asked only when an item fails (rare), never for a success. */
export function notifyingActivityLog(log: ActivityLog, notify: Notifier, syncOf: (syncId: string) => Promise<NoticeSync | undefined>): ActivityLog {
  return {
    ...log,
    async log(entry) {
      await log.log(entry);
      if (!entry.sourceId) return; // about the sync, not an item
      // A notice must never make the sync's own work fail: trouble is reported and the work goes on.
      try {
        if (entry.outcome === 'failed') {
          const sync = await syncOf(entry.syncId);
          if (sync) await notify.itemFailed(sync, { id: entry.sourceId, title: entry.title }, entry.at);
        } else await notify.itemSynced(entry.syncId, { id: entry.sourceId });
      } catch (e) {
        console.warn(`Could not record a notice for sync ${entry.syncId}:`, e instanceof Error ? e.message : e);
      }
    },
  };
}
