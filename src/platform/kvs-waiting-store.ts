/**
 * Destination: `wait:<pair>:<sourceId>:<waiterId>`, each copy waiting for that page to arrive,
 * kept on its own key so copies that start waiting at once (a parallel full sync) never write
 * over each other. `wait:<pair>:<sourceId>` holds the list an earlier version kept: it is read
 * too and removed with the waiters it names.
 */
import { kvs } from './kvs-client';
import { entriesWithPrefix } from './kvs-query';
import type { Waiter } from '../replication/ports';
import type { WaitingStore } from '../replication/stores';

const listKey = (pair: string, id: string) => `wait:${pair}:${id}`;
const waiterKey = (pair: string, id: string, waiter: string) => `${listKey(pair, id)}:${waiter}`;

export const kvsWaitingStore: WaitingStore = {
  // One query finds both: it begins with the list's key, so it also finds the waiters of ids
  // that begin with this id's digits, which are left out. (Each apply asks twice: one read, not two.)
  async get(pair, id) {
    const key = listKey(pair, id);
    const found = await entriesWithPrefix<Waiter | Waiter[]>(key);
    const own = found.filter((e) => e.key.startsWith(`${key}:`)).map((e) => e.value as Waiter);
    const list = found.find((e) => e.key === key)?.value;
    const listed = (Array.isArray(list) ? list : []).filter((w) => !own.some((o) => o.sourceId === w.sourceId));
    return [...listed, ...own];
  },
  add: (pair, id, waiter) => kvs.set(waiterKey(pair, id, waiter.sourceId), waiter),
  async remove(pair, id, waiters) {
    await Promise.all(waiters.map((w) => kvs.delete(waiterKey(pair, id, w.sourceId))));
    if (await kvs.get(listKey(pair, id))) await kvs.delete(listKey(pair, id));
  },
};
