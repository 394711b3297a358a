/**
 * The full sync's bulk reading in KVS: `reading:<sync>:<chunk>`, one value per 250 plan items,
 * kept for a week at most (a run that never finishes leaves nothing behind for long). A value
 * must stay under 240 KiB (forge-platform.md section 2, limits-kvs-ce): the items with the
 * largest parts are left out of a chunk that would not fit, and are read per page instead.
 */
import { kvs } from './kvs-client';
import type { ReadingChunk, SpaceReadingStore } from '../replication/bulk-reading';

const TTL = { value: 7, unit: 'DAYS' } as const;
/** Under the 240 KiB value limit, with room for the key and the envelope. */
export const MAX_CHUNK_BYTES = 200 * 1024;

const key = (sync: string, index: number) => `reading:${sync}:${index}`;

/** The chunk, without its largest items if it would not fit one value. */
export function fitted(chunk: ReadingChunk, maxBytes = MAX_CHUNK_BYTES): ReadingChunk {
  const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
  if (size(chunk) <= maxBytes) return chunk;
  const items = { ...chunk.items };
  let total = size(chunk);
  for (const [id, parts] of Object.entries(items).sort((a, b) => size(b[1]) - size(a[1]))) {
    if (total <= maxBytes) break;
    delete items[id];
    total -= size(parts) + id.length + 6;
  }
  return { ...chunk, items };
}

export const kvsSpaceReadingStore: SpaceReadingStore = {
  putChunk: (sync, index, chunk) => kvs.set(key(sync, index), fitted(chunk), { ttl: TTL }),
  chunk: (sync, index) => kvs.get<ReadingChunk>(key(sync, index)),
  async dropChunks(sync, count) {
    for (let i = 0; i < count; i++) await kvs.delete(key(sync, i));
  },
};
