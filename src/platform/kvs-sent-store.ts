/**
 * Source: `sent:<pair>:<sourceId>`, what the peer last answered for each item, and the counter
 * `count:sent:<pair>`, the pair's items by status, moved in the same transaction as each record.
 * The counter is changed by compare-and-set (kvs-counter.ts), so writers in any number of
 * invocations at once (the parallel full sync, the event consumer) each move it exactly once.
 */
import { kvs } from './kvs-client';
import { entriesWithPrefix } from './kvs-query';
import { changeCounter, readCounter } from './kvs-counter';
import { countChange, countItems, type ItemCounts } from '../domain/item-counts';
import type { SentRecord } from '../replication/ports';
import type { SentStore } from '../replication/stores';
import { withKeyLock } from '../replication/key-lock';

const key = (pair: string, id: string) => `sent:${pair}:${id}`;
const countsKey = (pair: string) => `count:sent:${pair}`;

const all = async (pair: string) => (await entriesWithPrefix<SentRecord>(`sent:${pair}:`)).map((r) => ({ sourceId: r.key.slice(`sent:${pair}:`.length), record: r.value }));

/** A pair with no counts yet (records older than counts) is counted in full, once. */
const countedInFull = async (pair: string) => countItems((await all(pair)).map((r) => r.record));

export const kvsSentStore: SentStore = {
  get: (pair, id) => kvs.get<SentRecord>(key(pair, id)),
  put: (pair, id, record, before) =>
    // The lock only spares the items of one invocation from racing each other (each lost race
    // costs a read and a retry); the compare-and-set is what keeps the counts exact.
    withKeyLock(countsKey(pair), async () => {
      await changeCounter<ItemCounts>(countsKey(pair), {
        start: () => countedInFull(pair),
        next: (counts) => countChange(counts, before, record),
        steps: (tx) => tx.set(key(pair, id), record),
      });
    }),
  all,
  counts: (pair) => readCounter<ItemCounts>(countsKey(pair)),
  // The recount's counts replace what is there, through the same compare-and-set so that a
  // writer that read the counts before cannot write its stale value over them.
  async putCounts(pair, counts) {
    await changeCounter<ItemCounts>(countsKey(pair), { start: async () => counts, next: () => counts });
  },
};
