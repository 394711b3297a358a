/**
 * The copies a pair has on record at the destination, read straight from the copy records
 * (`map:<pair>:<sourceId>`, kvs-copy-store.ts) without writing any: what the end of a
 * Verify run compares with the items its batches named.
 */
import { entriesWithPrefix } from './kvs-query';
import type { MapRecord } from '../replication/ports';
import type { RecordedCopies } from '../replication/verify-ports';

export const kvsRecordedCopies: RecordedCopies = {
  async list(pair) {
    const prefix = `map:${pair}:`;
    return (await entriesWithPrefix<MapRecord>(prefix)).map((e) => ({ sourceId: e.key.slice(prefix.length), record: e.value }));
  },
};
