/**
 * Source: when "Sync now with child pages" last queued a page's subtree for a sync,
 * `sync-now-tree:<pair>:<page>`. The time is kept in the value and read back: KVS expiry timing is
 * not guaranteed (forge-platform.md, KVS TTL), the TTL only clears old marks away.
 */
import { kvs } from './kvs-client';
import type { SyncNowMarks } from '../replication/page-sync';

const markKey = (pair: string, pageId: string) => `sync-now-tree:${pair}:${pageId}`;

export const kvsSyncNowMarks: SyncNowMarks = {
  lastTreeAt: async (pair, pageId) => (await kvs.get<{ at: string }>(markKey(pair, pageId)))?.at,
  markTree: (pair, pageId, at) => kvs.set(markKey(pair, pageId), { at }, { ttl: { value: 1, unit: 'HOURS' } }),
};
