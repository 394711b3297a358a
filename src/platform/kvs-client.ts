/**
 * The app's KVS: `kvs` of @forge/kvs, with each request that storage refuses for the
 * installation's rate (429 RATE_LIMIT_EXCEEDED: 1,000 requests a second, 4,000 reads and 4,000
 * writes a minute in 10 KB units, https://developer.atlassian.com/platform/forge/limits-kvs-ce)
 * sent again in place after a short wait, a few times. A refused request changes nothing
 * (https://developer.atlassian.com/platform/forge/storage-reference/handling-errors-customentities/),
 * so any request may go again, a conditional write or a transaction too. The limits slide over
 * a minute, so a moment frees part of it: a burst waits a little instead of failing the work it
 * belongs to. Storage still refusing after the last wait throws as before, and the callers treat
 * that as trouble that passes (`storageBusy`, src/replication/retry.ts).
 */
import { kvs as forgeKvs } from '@forge/kvs';
import { storageBusy } from '../replication/retry';

/** The waits before each new try (with up to half again at random, so that requests refused together do not return together). */
export const STORAGE_WAITS_MS = [250, 500, 1000] as const;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `first` (a request already sent), then `again` after each wait while storage refuses it for its rate. */
export async function retriedWhileBusy<T>(first: Promise<T>, again: () => Promise<T>, wait: (ms: number) => Promise<void> = pause): Promise<T> {
  let attempt: Promise<T> = first;
  for (const ms of STORAGE_WAITS_MS) {
    try {
      return await attempt;
    } catch (e) {
      if (!storageBusy(e)) throw e;
      await wait(ms * (1 + Math.random() / 2));
      attempt = again();
    }
  }
  return attempt;
}

/**
 * `target` with every method that answers a promise retried (retriedWhileBusy), and every
 * builder a method answers (`query()`, `entity()`, `transact()` and their steps) wrapped alike.
 */
export function retryingWhileBusy<T extends object>(target: T, wait?: (ms: number) => Promise<void>): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const answer: unknown = value.apply(object, args);
        if (answer instanceof Promise) return retriedWhileBusy(answer, () => value.apply(object, args) as Promise<unknown>, wait);
        return answer !== null && typeof answer === 'object' ? retryingWhileBusy(answer, wait) : answer;
      };
    },
  });
}

export const kvs = retryingWhileBusy(forgeKvs);

/**
 * Keys per batch read. A batch is one request, counted by its size against the read limit
 * ("Batch operations … use rate limits more efficiently",
 * https://developer.atlassian.com/platform/forge/storage-reference/entities/); the most keys one
 * may hold are UNCONFIRMED, so this stays at the local host's 25 (MAX_BATCH_ITEMS).
 */
export const BATCH_GETS = 25;

/** The values of `keys`, in their order (undefined where there is none), in batch reads of BATCH_GETS. */
export async function valuesOf<T>(keys: readonly string[]): Promise<Array<T | undefined>> {
  const found = new Map<string, T>();
  for (let i = 0; i < keys.length; i += BATCH_GETS) {
    const { successfulKeys, failedKeys } = await kvs.batchGet<T>(keys.slice(i, i + BATCH_GETS).map((key) => ({ key })));
    for (const hit of successfulKeys) found.set(hit.key, hit.value);
    // Absent is KEY_NOT_FOUND; a key that failed otherwise (codes UNCONFIRMED) is read alone rather than taken for absent.
    for (const miss of failedKeys.filter((f) => f.error?.code !== 'KEY_NOT_FOUND')) {
      const value = await kvs.get<T>(miss.key);
      if (value !== undefined) found.set(miss.key, value);
    }
  }
  return keys.map((key) => found.get(key));
}
