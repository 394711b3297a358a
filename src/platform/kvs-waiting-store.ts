/**
 * Destination: `wait:<pair>:<sourceId>:<waiterId>`, each copy waiting for that page to arrive,
 * kept on its own key so copies that start waiting at once (a parallel full sync) never write
 * over each other. `wait:<pair>:<sourceId>` holds the list an earlier version kept: it is read
 * too and removed with the waiters it names.
 */
import { kvs } from '@forge/kvs';
import { entriesWithPrefix } from './kvs-query';
import type { Waiter } from '../replication/ports';
import type { WaitingStore } from '../replication/stores';

const listKey = (pair: string, id: string) => `wait:${pair}:${id}`;
const waiterKey = (pair: string, id: string, waiter: string) => `${listKey(pair, id)}:${waiter}`;

export const kvsWaitingStore: WaitingStore = {
  async get(pair, id) {
    const own = (await entriesWithPrefix<Waiter>(`${listKey(pair, id)}:`)).map((e) => e.value);
    const listed = ((await kvs.get<Waiter[]>(listKey(pair, id))) ?? []).filter((w) => !own.some((o) => o.sourceId === w.sourceId));
    return [...listed, ...own];
  },
  add: (pair, id, waiter) => kvs.set(waiterKey(pair, id, waiter.sourceId), waiter),
  async remove(pair, id, waiters) {
    await Promise.all(waiters.map((w) => kvs.delete(waiterKey(pair, id, w.sourceId))));
    if (await kvs.get(listKey(pair, id))) await kvs.delete(listKey(pair, id));
  },
};
