/** Destination: `wait:<pair>:<sourceId>`, the copies waiting for that page to arrive. */
import { kvs } from '@forge/kvs';
import type { Waiter } from '../replication/ports';
import type { WaitingStore } from '../replication/stores';

const key = (pair: string, id: string) => `wait:${pair}:${id}`;

export const kvsWaitingStore: WaitingStore = {
  get: async (pair, id) => (await kvs.get<Waiter[]>(key(pair, id))) ?? [],
  put: (pair, id, waiters) => (waiters.length ? kvs.set(key(pair, id), waiters) : kvs.delete(key(pair, id))),
};
