/**
 * Destination: `map:<pair>:<sourceId>` (the copy's record), `copy:<destId>` (its reverse index),
 * `apply:<pair>:<sourceId>` (the journal of an apply that has not committed) and
 * `count:copies:<pair>` (how many records the pair has). Each write that touches more than one
 * goes in one transaction, so they never disagree.
 */
import { kvs } from '@forge/kvs';
import { entriesWithPrefix } from './kvs-query';
import type { ApplyJournal } from '../domain/apply-journal';
import type { MapRecord } from '../replication/ports';
import type { CopyStore, Origin, RecordWrite } from '../replication/stores';

const mapKey = (pair: string, id: string) => `map:${pair}:${id}`;
const journalKey = (pair: string, id: string) => `apply:${pair}:${id}`;
const originKey = (destId: string) => `copy:${destId}`;
const countKey = (pair: string) => `count:copies:${pair}`;

const countRecords = async (pair: string) => (await entriesWithPrefix<MapRecord>(`map:${pair}:`)).length;

/**
 * The record and its reverse index, and one more in the count when the record is new. Read,
 * then write: two new items at once may lose one, which the hourly recount sets right. A pair
 * with no count yet (records older than counts) is counted in full, once.
 */
async function withRecord(pair: string, id: string, record: MapRecord, write: RecordWrite = {}) {
  const set = kvs.transact().set(mapKey(pair, id), record).set(originKey(record.destId), { pairId: pair, sourceId: id } satisfies Origin);
  const tx = write.inheritedFrom && write.inheritedFrom !== pair ? set.delete(mapKey(write.inheritedFrom, id)) : set;
  if (!write.created) return tx;
  const count = (await kvs.get<number>(countKey(pair))) ?? (await countRecords(pair));
  return tx.set(countKey(pair), count + 1);
}

export const kvsCopyStore: CopyStore = {
  get: (pair, id) => kvs.get<MapRecord>(mapKey(pair, id)),
  origin: (destId) => kvs.get<Origin>(originKey(destId)),
  count: (pair) => kvs.get<number>(countKey(pair)),
  countAll: countRecords,
  async recount(pair) {
    const count = await countRecords(pair);
    if ((await kvs.get<number>(countKey(pair))) !== count) await kvs.set(countKey(pair), count);
    return count;
  },
  put: async (pair, id, record) => (await withRecord(pair, id, record)).execute(),
  journal: (pair, id) => kvs.get<ApplyJournal>(journalKey(pair, id)),
  begin: (pair, id, journal) => kvs.set(journalKey(pair, id), journal),
  advance: async (pair, id, record, journal, write) => (await withRecord(pair, id, record, write)).set(journalKey(pair, id), journal).execute(),
  async commit(pair, id, record, write) {
    const tx = await withRecord(pair, id, record, write);
    // Deleted only when one was written or found: the delete then names a key that exists.
    await (write.journaled ? tx.delete(journalKey(pair, id)) : tx).execute();
  },
};
