/** Destination: `part:<pair>:<transfer>:<index>` (bytes sent ahead) and `quota:<pair>:<day>` (parts taken that day). */
import { kvs } from '@forge/kvs';
import type { TransferStore } from '../replication/stores';

/** Transfer parts an apply never used (the source gave up) expire on their own. */
const PART_TTL = { value: 1, unit: 'DAYS' } as const;
/** A day's part count outlives its day, then goes. */
const QUOTA_TTL = { value: 2, unit: 'DAYS' } as const;

const partKey = (pair: string, transfer: string, index: number) => `part:${pair}:${transfer}:${index}`;

export const kvsTransferStore: TransferStore = {
  putPart: (pair, transfer, index, data) => kvs.set(partKey(pair, transfer, index), data, { ttl: PART_TTL }),
  parts: (pair, transfer, from, count) => Promise.all(Array.from({ length: count }, (_, i) => kvs.get<string>(partKey(pair, transfer, from + i)))),

  async countPart(pair, day, limit) {
    // Read, then write: two parts racing may both pass at the very edge, which a daily cap allows.
    const key = `quota:${pair}:${day}`;
    const used = (await kvs.get<number>(key)) ?? 0;
    if (used >= limit) return false;
    await kvs.set(key, used + 1, { ttl: QUOTA_TTL });
    return true;
  },

  async dropParts(pair, transfer, count) {
    for (let i = 0; i < count; i++) await kvs.delete(partKey(pair, transfer, i));
  },
};
