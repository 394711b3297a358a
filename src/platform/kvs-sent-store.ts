/** Source: `sent:<pair>:<sourceId>`, what the peer last answered for each item. */
import { kvs } from '@forge/kvs';
import { entriesWithPrefix } from './kvs-query';
import type { SentRecord } from '../replication/ports';
import type { SentStore } from '../replication/stores';

const key = (pair: string, id: string) => `sent:${pair}:${id}`;

export const kvsSentStore: SentStore = {
  get: (pair, id) => kvs.get<SentRecord>(key(pair, id)),
  put: (pair, id, record) => kvs.set(key(pair, id), record),
  all: async (pair) => (await entriesWithPrefix<SentRecord>(`sent:${pair}:`)).map((r) => ({ sourceId: r.key.slice(`sent:${pair}:`.length), record: r.value })),
};
