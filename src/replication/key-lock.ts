/**
 * One read-then-write at a time per key within this invocation. A parallel full sync runs many
 * items in one consumer invocation; values they share (a pair's sent counts, a sync's failure
 * burst) are read, changed and written back, and KVS cannot make that conditional: transactions
 * check conditions on entity items only, plain keys have just FAIL_IF_EXISTS (forge-platform.md,
 * "Transactions support per-key conditions for entity items only"). So the items of one
 * invocation queue here. The sent counts do not depend on it for being right: they are changed
 * by compare-and-set on an entity item (platform/kvs-counter.ts), and the queue only spares one
 * invocation's items the lost races. A failure burst has no such guard: a writer in another
 * invocation (the event consumer) may still race it.
 */
const tails = new Map<string, Promise<unknown>>();

export async function withKeyLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = tails.get(key) ?? Promise.resolve();
  const mine = before.then(work, work);
  const tail = mine.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await mine;
  } finally {
    // The last in line clears the key, so the map holds only keys with work queued.
    if (tails.get(key) === tail) tails.delete(key);
  }
}
