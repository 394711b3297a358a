/**
 * Destination: versions waiting for review beside edited copies. `review:<pair>:<source>` is the
 * header; `review-part:<pair>:<source>:<generation>:<i>` the parts of its snapshot's JSON (a
 * body may be larger than one 240 KiB value, forge-platform.md); `review-answer:…` is written once
 * per waiting version (a conditional create), so two answers to it settle it once.
 */
import { kvs } from './kvs-client';
import type { WaitingReview } from '../domain/review-rules';
import type { ReviewStore } from '../replication/stores';

const headerKey = (pair: string, source: string) => `review:${pair}:${source}`;
const answerKey = (pair: string, source: string, generation: string) => `review-answer:${pair}:${source}:${generation}`;
const partKey = (pair: string, source: string, generation: string, i: number) => `review-part:${pair}:${source}:${generation}:${i}`;

async function dropParts(pair: string, source: string, review: WaitingReview): Promise<void> {
  for (let i = 0; i < review.parts; i++) await kvs.delete(partKey(pair, source, review.generation, i));
}

export const kvsReviewStore: ReviewStore = {
  get: async (pair, source) => (await kvs.get<WaitingReview>(headerKey(pair, source))) ?? undefined,

  async snapshot(pair, source, review) {
    const parts = await Promise.all(Array.from({ length: review.parts }, (_, i) => kvs.get<string>(partKey(pair, source, review.generation, i))));
    return parts.some((p) => typeof p !== 'string') ? undefined : parts.join('');
  },

  async put(pair, source, review, parts, replaced) {
    for (const [i, part] of parts.entries()) await kvs.set(partKey(pair, source, review.generation, i), part);
    await kvs.set(headerKey(pair, source), review);
    if (replaced && replaced.generation !== review.generation) await dropParts(pair, source, replaced);
  },

  async drop(pair, source, review) {
    const now = await kvs.get<WaitingReview>(headerKey(pair, source));
    // Only the version answered: one that replaced it meanwhile keeps waiting.
    if (now?.generation === review.generation) await kvs.delete(headerKey(pair, source));
    await dropParts(pair, source, review);
  },

  releaseAnswer: (pair, source, generation) => kvs.delete(answerKey(pair, source, generation)),

  async claimAnswer(pair, source, generation) {
    const key = answerKey(pair, source, generation);
    try {
      await kvs.set(key, { at: Date.now() }, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 30, unit: 'DAYS' } });
      return true;
    } catch (e) {
      // UNCONFIRMED: the platform's code for a FAIL_IF_EXISTS collision; read back to tell it from other failures (as kvs-guard-store does).
      if (await kvs.get(key)) return false;
      throw e;
    }
  },
};
