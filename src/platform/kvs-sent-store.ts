/**
 * Source: `sent:<pair>:<sourceId>`, what the peer last answered for each item, and
 * `count:sent:<pair>`, the pair's items by status, moved in the same write as each record.
 */
import { kvs } from '@forge/kvs';
import { entriesWithPrefix } from './kvs-query';
import { countChange, countItems, type ItemCounts } from '../domain/item-counts';
import type { SentRecord } from '../replication/ports';
import type { SentStore } from '../replication/stores';
import { withKeyLock } from '../replication/key-lock';

const key = (pair: string, id: string) => `sent:${pair}:${id}`;
const countsKey = (pair: string) => `count:sent:${pair}`;

const all = async (pair: string) => (await entriesWithPrefix<SentRecord>(`sent:${pair}:`)).map((r) => ({ sourceId: r.key.slice(`sent:${pair}:`.length), record: r.value }));

export const kvsSentStore: SentStore = {
  get: (pair, id) => kvs.get<SentRecord>(key(pair, id)),
  put: (pair, id, record, before) =>
    // Read, then write, one at a time per pair in this invocation (key-lock.ts); a writer in another
    // invocation may still lose one move, which the hourly recount sets right. A pair with no
    // counts yet (records older than counts) is counted in full, once.
    withKeyLock(countsKey(pair), async () => {
      const counts = (await kvs.get<ItemCounts>(countsKey(pair))) ?? countItems((await all(pair)).map((r) => r.record));
      await kvs.transact().set(key(pair, id), record).set(countsKey(pair), countChange(counts, before, record)).execute();
    }),
  all,
  counts: (pair) => kvs.get<ItemCounts>(countsKey(pair)),
  putCounts: (pair, counts) => kvs.set(countsKey(pair), counts),
};
