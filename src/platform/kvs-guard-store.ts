/**
 * Source: the mass-delete guard's memory per pair. `guard:<pair>` holds the held items, the
 * confirmed and the kept ones; `guard-trash:<pair>:<item>` when each trash the guard let through
 * was sent (the window), one key each so that racing jobs lose none; `guard-hold:<pair>` is written once per question (a
 * conditional create), so two jobs seeing the same mass delete ask one question;
 * `guard-answer:<pair>:<question>` likewise lets one answer settle it.
 */
import { kvs } from './kvs-client';
import { entriesWithPrefix } from './kvs-query';
import { NO_GUARD_RECORD, type GuardRecord, type GuardStore } from '../replication/mass-delete';

const recordKey = (pair: string) => `guard:${pair}`;
const holdKey = (pair: string) => `guard-hold:${pair}`;
const answerKey = (pair: string, question: string) => `guard-answer:${pair}:${question}`;
const trashPrefix = (pair: string) => `guard-trash:${pair}:`;
/** Longer than the longest window the guard allows (a day): the entry is only ever read within it. */
const TRASH_TTL = { value: 2, unit: 'DAYS' } as const;

async function createOnce(key: string, value: unknown, ttl?: { value: number; unit: 'DAYS' }): Promise<boolean> {
  try {
    await kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS', ...(ttl ? { ttl } : {}) });
    return true;
  } catch (e) {
    // UNCONFIRMED: the platform's code for a FAIL_IF_EXISTS collision; read back to tell it from other failures (as kvs-sync-store does).
    if (await kvs.get(key)) return false;
    throw e;
  }
}

export const kvsGuardStore: GuardStore = {
  get: async (pair) => ({ ...NO_GUARD_RECORD, ...((await kvs.get<GuardRecord>(recordKey(pair))) ?? {}) }),
  put: (pair, record) => kvs.set(recordKey(pair), record),
  // One key per trash sent (a repeat of the same item's trash sets the same key): no write races another.
  noteTrash: (pair, id, at) => kvs.set(`${trashPrefix(pair)}${id}`, { at }, { ttl: TRASH_TTL }),
  trashesSince: async (pair, since) => (await entriesWithPrefix<{ at: string }>(trashPrefix(pair))).map((e) => e.value.at).filter((at) => at >= since),
  claimHold: (pair, question) => createOnce(holdKey(pair), { question }),
  releaseHold: (pair) => kvs.delete(holdKey(pair)),
  // A question is never asked twice (a fresh id each time), so its answer mark may go after a while.
  claimAnswer: (pair, question) => createOnce(answerKey(pair, question), { at: Date.now() }, { value: 30, unit: 'DAYS' }),
};
