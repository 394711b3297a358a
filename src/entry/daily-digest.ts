/**
 * The daily scheduled trigger: each sync's digest (what synced, what failed, what waits), sent
 * where its admins switched it on and something happened; once a day whatever runs it.
 */
import { kvsSyncStore } from '../platform/kvs-sync-store';
import { kvsActivityLog } from '../platform/kvs-activity-log';
import { kvsSentStore } from '../platform/kvs-sent-store';
import { sendDigests } from '../replication/notices';
import type { Sync } from '../domain/sync';
import { noticeDeps } from './notice-deps';

/** How far back the day's log is read: the log keeps 30 days; a day's entries past this are summed as "at least". */
const MAX_ENTRIES_READ = 2000;

async function facts(sync: Sync, since: string) {
  const entries = (await kvsActivityLog.recent(sync.id, MAX_ENTRIES_READ)).filter((e) => e.at >= since && e.sourceId);
  const failingNow = sync.role === 'source' ? ((await kvsSentStore.counts(sync.pairId))?.failed ?? 0) : 0;
  return { synced: entries.filter((e) => e.outcome !== 'failed' && e.outcome !== 'unchanged').length, failed: entries.filter((e) => e.outcome === 'failed').length, failingNow };
}

export async function dailyDigest(): Promise<{ digests: number }> {
  const syncs = (await kvsSyncStore.listAll()).filter((s) => s.peer && (s.state === 'active' || s.state === 'paused'));
  return { digests: await sendDigests({ ...noticeDeps(), facts: (sync, since) => facts(sync as Sync, since) }, syncs) };
}
