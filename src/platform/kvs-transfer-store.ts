/**
 * Destination: `part:<pair>:<transfer>:<index>` (bytes sent ahead) and the counter `quota:<pair>`
 * (parts taken on the pair's latest day). Parts arrive in invocations running at once, so the
 * count is a compare-and-set counter (kvs-counter.ts): each part is counted exactly once, or
 * refused at the cap with nothing written.
 *
 * One counter per pair, not per day: whether entity items take a TTL is UNCONFIRMED (the
 * package's types accept one, @forge/kvs 1.6.5 `SetOptions`; no stored doc says the platform
 * honours it on entities), so a day's counter could not be trusted to go on its own. The first
 * part of a new day starts the count over instead, so the pair keeps one small item for good.
 */
import { kvs } from './kvs-client';
import type { TransferStore } from '../replication/stores';
import { changeCounter, REFUSE } from './kvs-counter';

/** Transfer parts an apply never used (the source gave up) expire on their own. */
const PART_TTL = { value: 1, unit: 'DAYS' } as const;
const partKey = (pair: string, transfer: string, index: number) => `part:${pair}:${transfer}:${index}`;
const quotaKey = (pair: string) => `quota:${pair}`;
/** Where a day's count was kept before, a plain key with a TTL: the day it was kept for still counts it. */
const plainDayKey = (pair: string, day: string) => `quota:${pair}:${day}`;

/** Parts counted on the counter's day (an ISO date, so days compare as strings). */
export interface DayCount {
  day: string;
  used: number;
}

/**
 * The count with one more part of `day`, or REFUSE at the limit. A part dated before the
 * counter's day (its invocation's clock a little behind at midnight) counts on the newer day.
 */
export function oneMorePart(count: DayCount, day: string, limit: number): DayCount | typeof REFUSE {
  const current = day > count.day ? { day, used: 0 } : count;
  return current.used >= limit ? REFUSE : { day: current.day, used: current.used + 1 };
}

export const kvsTransferStore: TransferStore = {
  putPart: (pair, transfer, index, data) => kvs.set(partKey(pair, transfer, index), data, { ttl: PART_TTL }),
  parts: (pair, transfer, from, count) => Promise.all(Array.from({ length: count }, (_, i) => kvs.get<string>(partKey(pair, transfer, from + i)))),

  countPart: (pair, day, limit) =>
    changeCounter<DayCount>(quotaKey(pair), {
      start: async () => ({ day, used: (await kvs.get<number>(plainDayKey(pair, day))) ?? 0 }),
      next: (count) => oneMorePart(count, day, limit),
    }),

  async dropParts(pair, transfer, count) {
    for (let i = 0; i < count; i++) await kvs.delete(partKey(pair, transfer, i));
  },
};
