/**
 * Destination: `map:<pair>:<sourceId>` (the copy's record), `copy:<destId>` (its reverse index),
 * `apply:<pair>:<sourceId>` (the journal of an apply that has not committed) and the counter
 * `count:copy-status:<pair>` (the pair's records by status, copy-counts.ts). Each write that
 * touches more than one goes in one transaction, so they never disagree. The counter is changed
 * by compare-and-set (kvs-counter.ts): the web-trigger invocations of a full sync and the event
 * consumer may write records at once, and each change is counted exactly once. It replaced
 * `count:copies:<pair>` (one number of records), which it starts from.
 */
import { kvs, valuesOf } from './kvs-client';
import { entriesWithPrefix } from './kvs-query';
import { changeCounter, readCounter, type Transaction } from './kvs-counter';
import { copyCountChange, countCopies, fromRecordCount, movesCounts, recordsCounted } from '../domain/copy-counts';
import type { ItemCounts } from '../domain/item-counts';
import type { ApplyJournal } from '../domain/apply-journal';
import type { MapRecord } from '../replication/ports';
import type { CopyStore, Origin, RecordWrite } from '../replication/stores';

const mapKey = (pair: string, id: string) => `map:${pair}:${id}`;
const journalKey = (pair: string, id: string) => `apply:${pair}:${id}`;
const originKey = (destId: string) => `copy:${destId}`;
const statusKey = (pair: string) => `count:copy-status:${pair}`;
/** The count kept before statuses were: records, one number. */
const recordCountKey = (pair: string) => `count:copies:${pair}`;

const records = async (pair: string) => (await entriesWithPrefix<MapRecord>(`map:${pair}:`)).map((e) => e.value);
const countedInFull = async (pair: string) => countCopies(await records(pair));
/** A pair with no status counts yet starts from the number of records it kept (exact since kept), else counts its records in full, once. */
async function startCounts(pair: string): Promise<ItemCounts> {
  const kept = await readCounter<number>(recordCountKey(pair));
  return kept !== undefined ? fromRecordCount(kept) : countedInFull(pair);
}
/** The counts without the last-write time: the destination's "last synced" comes from its log. */
const statusCounts = (c: ItemCounts): ItemCounts => {
  const { lastAt: _at, ...rest } = c;
  return rest;
};

/** The record and its reverse index, and the earlier pair's record dropped when this one takes it over. */
function recordSteps(tx: Transaction, pair: string, id: string, record: MapRecord, write: RecordWrite): Transaction {
  const set = tx.set(mapKey(pair, id), record).set(originKey(record.destId), { pairId: pair, sourceId: id } satisfies Origin);
  return write.inheritedFrom && write.inheritedFrom !== pair ? set.delete(mapKey(write.inheritedFrom, id)) : set;
}

/**
 * The record's steps and the caller's `more` in one transaction; a write that changes what the
 * counts say of the record (a new one, or another status) moves them in that same transaction
 * (rebuilt whole when another writer changed them first). The record as it was is read to know.
 */
async function writeRecord(pair: string, id: string, record: MapRecord, write: RecordWrite, more: (tx: Transaction) => Transaction = (tx) => tx) {
  const steps = (tx: Transaction) => more(recordSteps(tx, pair, id, record, write));
  const before = write.created ? undefined : await kvs.get<MapRecord>(mapKey(pair, id));
  if (!movesCounts(before, record)) return steps(kvs.transact()).execute();
  await changeCounter<ItemCounts>(statusKey(pair), { start: () => startCounts(pair), next: (counts) => statusCounts(copyCountChange(counts, before, record)), steps });
}

export const kvsCopyStore: CopyStore = {
  get: (pair, id) => kvs.get<MapRecord>(mapKey(pair, id)),
  getMany: (pair, ids) => valuesOf<MapRecord>(ids.map((id) => mapKey(pair, id))),
  // One batch read for both: every apply asks for them together.
  async withJournal(pair, id) {
    const [record, journal] = await valuesOf<MapRecord | ApplyJournal>([mapKey(pair, id), journalKey(pair, id)]);
    return { record: record as MapRecord | undefined, journal: journal as ApplyJournal | undefined };
  },
  origin: (destId) => kvs.get<Origin>(originKey(destId)),
  async count(pair) {
    const counts = await readCounter<ItemCounts>(statusKey(pair));
    return counts ? recordsCounted(counts) : readCounter<number>(recordCountKey(pair));
  },
  async counts(pair) {
    const kept = (await readCounter<ItemCounts>(statusKey(pair))) ?? (await readCounter<number>(recordCountKey(pair)));
    return typeof kept === 'number' ? fromRecordCount(kept) : kept;
  },
  countAll: async (pair) => (await records(pair)).length,
  countAllByStatus: countedInFull,
  async recount(pair) {
    let counts: ItemCounts = countCopies([]);
    // Counted after the counter's rev was read and written only while that rev stands: a record
    // written during the count moves the rev (it is written with the count), so a count that
    // missed it is never written over it. Then the writers have kept the count exact and the
    // recount gives up rather than count a busy pair again and again. Nothing is written when
    // the count is right.
    await changeCounter<ItemCounts>(statusKey(pair), { start: () => startCounts(pair), next: async () => (counts = statusCounts(await countedInFull(pair))), once: true });
    return recordsCounted(counts);
  },
  put: (pair, id, record) => writeRecord(pair, id, record, {}),
  journal: (pair, id) => kvs.get<ApplyJournal>(journalKey(pair, id)),
  begin: (pair, id, journal) => kvs.set(journalKey(pair, id), journal),
  advance: (pair, id, record, journal, write = {}) => writeRecord(pair, id, record, write, (tx) => tx.set(journalKey(pair, id), journal)),
  commit: (pair, id, record, write) =>
    // Deleted only when one was written or found: the delete then names a key that exists.
    writeRecord(pair, id, record, write, (tx) => (write.journaled ? tx.delete(journalKey(pair, id)) : tx)),
};
