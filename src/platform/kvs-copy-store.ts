/**
 * Destination: `map:<pair>:<sourceId>` (the copy's record), `copy:<destId>` (its reverse index),
 * `apply:<pair>:<sourceId>` (the journal of an apply that has not committed) and the counter
 * `count:copies:<pair>` (how many records the pair has). Each write that touches more than one
 * goes in one transaction, so they never disagree. The counter is changed by compare-and-set
 * (kvs-counter.ts): the web-trigger invocations of a full sync and the event consumer may add
 * records at once, and each new one is counted exactly once.
 */
import { kvs } from '@forge/kvs';
import { entriesWithPrefix } from './kvs-query';
import { changeCounter, readCounter, type Transaction } from './kvs-counter';
import type { ApplyJournal } from '../domain/apply-journal';
import type { MapRecord } from '../replication/ports';
import type { CopyStore, Origin, RecordWrite } from '../replication/stores';

const mapKey = (pair: string, id: string) => `map:${pair}:${id}`;
const journalKey = (pair: string, id: string) => `apply:${pair}:${id}`;
const originKey = (destId: string) => `copy:${destId}`;
const countKey = (pair: string) => `count:copies:${pair}`;

const countRecords = async (pair: string) => (await entriesWithPrefix<MapRecord>(`map:${pair}:`)).length;

/** The record and its reverse index, and the earlier pair's record dropped when this one takes it over. */
function recordSteps(tx: Transaction, pair: string, id: string, record: MapRecord, write: RecordWrite): Transaction {
  const set = tx.set(mapKey(pair, id), record).set(originKey(record.destId), { pairId: pair, sourceId: id } satisfies Origin);
  return write.inheritedFrom && write.inheritedFrom !== pair ? set.delete(mapKey(write.inheritedFrom, id)) : set;
}

/**
 * The record's steps and the caller's `more` in one transaction; a new record adds one to the
 * count in that same transaction (rebuilt whole when another writer changed the count first).
 * A pair with no count yet (records older than counts) is counted in full, once.
 */
async function writeRecord(pair: string, id: string, record: MapRecord, write: RecordWrite, more: (tx: Transaction) => Transaction = (tx) => tx) {
  const steps = (tx: Transaction) => more(recordSteps(tx, pair, id, record, write));
  if (!write.created) return steps(kvs.transact()).execute();
  await changeCounter<number>(countKey(pair), { start: () => countRecords(pair), next: (count) => count + 1, steps });
}

export const kvsCopyStore: CopyStore = {
  get: (pair, id) => kvs.get<MapRecord>(mapKey(pair, id)),
  origin: (destId) => kvs.get<Origin>(originKey(destId)),
  count: (pair) => readCounter<number>(countKey(pair)),
  countAll: countRecords,
  async recount(pair) {
    let count = 0;
    // Counted after the counter's rev was read and written only while that rev stands: a record
    // added during the count moves the rev (it is written with the count), so a count that
    // missed it is never written over it. Then the writers have kept the count exact and the
    // recount gives up rather than count a busy pair again and again. Nothing is written when
    // the count is right.
    await changeCounter<number>(countKey(pair), { start: () => countRecords(pair), next: async () => (count = await countRecords(pair)), once: true });
    return count;
  },
  put: (pair, id, record) => writeRecord(pair, id, record, {}),
  journal: (pair, id) => kvs.get<ApplyJournal>(journalKey(pair, id)),
  begin: (pair, id, journal) => kvs.set(journalKey(pair, id), journal),
  advance: (pair, id, record, journal, write = {}) => writeRecord(pair, id, record, write, (tx) => tx.set(journalKey(pair, id), journal)),
  commit: (pair, id, record, write) =>
    // Deleted only when one was written or found: the delete then names a key that exists.
    writeRecord(pair, id, record, write, (tx) => (write.journaled ? tx.delete(journalKey(pair, id)) : tx)),
};
