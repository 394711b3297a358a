/**
 * Destination: `map:<pair>:<sourceId>` (the copy's record), `copy:<destId>` (its reverse index)
 * and `apply:<pair>:<sourceId>` (the journal of an apply that has not committed). Each write
 * that touches more than one goes in one transaction, so they never disagree.
 */
import { kvs } from '@forge/kvs';
import { entriesWithPrefix } from './kvs-query';
import type { ApplyJournal } from '../domain/apply-journal';
import type { MapRecord } from '../replication/ports';
import type { CopyStore, Origin } from '../replication/stores';

const mapKey = (pair: string, id: string) => `map:${pair}:${id}`;
const journalKey = (pair: string, id: string) => `apply:${pair}:${id}`;
const originKey = (destId: string) => `copy:${destId}`;

const withRecord = (pair: string, id: string, record: MapRecord) => kvs.transact().set(mapKey(pair, id), record).set(originKey(record.destId), { pairId: pair, sourceId: id } satisfies Origin);

export const kvsCopyStore: CopyStore = {
  get: (pair, id) => kvs.get<MapRecord>(mapKey(pair, id)),
  origin: (destId) => kvs.get<Origin>(originKey(destId)),
  count: async (pair) => (await entriesWithPrefix<MapRecord>(`map:${pair}:`)).length,
  put: (pair, id, record) => withRecord(pair, id, record).execute(),
  journal: (pair, id) => kvs.get<ApplyJournal>(journalKey(pair, id)),
  begin: (pair, id, journal) => kvs.set(journalKey(pair, id), journal),
  advance: (pair, id, record, journal) => withRecord(pair, id, record).set(journalKey(pair, id), journal).execute(),
  // Deleted only when one was written or found: the delete then names a key that exists.
  commit: (pair, id, record, journaled) => (journaled ? withRecord(pair, id, record).delete(journalKey(pair, id)) : withRecord(pair, id, record)).execute(),
};
