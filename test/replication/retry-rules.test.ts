import { answerOrRetry, oneMoreWait, retryable, storageBusy, storageRetryAfter, storageWaitAfter, RetryLater, STORAGE_WAITS } from '../../src/replication/retry';
import { readAnswer, refuse } from '../../src/contract/peer-protocol';
import { ConfluenceError } from '../../src/confluence/client';
import { kvsError } from '../support/kvs-errors';

describe('what is tried again later', () => {
  it('takes storage over its rate for trouble that passes, and no other storage error', () => {
    expect(storageBusy(kvsError(429, 'RATE_LIMIT_EXCEEDED'))).toBe(true);
    expect(storageBusy(kvsError(400, 'MAX_SIZE'))).toBe(false);
    expect(storageBusy(kvsError(500, 'INTERNAL_SERVER_ERROR'))).toBe(false);
    expect(storageBusy(new Error('RATE_LIMIT_EXCEEDED'))).toBe(false);
    expect(storageBusy({ code: 'RATE_LIMIT_EXCEEDED' })).toBe(false); // not an Error: nothing thrown by the package
    expect(retryable(kvsError(429, 'RATE_LIMIT_EXCEEDED'))).toEqual({ reason: 'Forge storage is busy.', retryAfterSeconds: 10, storage: true });
    expect(retryable(kvsError(400, 'MAX_SIZE'))).toBeUndefined();
    expect(retryable(kvsError(409, 'CONDITION_FAILED'))).toBeUndefined();
  });

  it('keeps Confluence’s and the peer’s trouble as it was', () => {
    expect(retryable(new RetryLater('The other site is busy.', 30))).toEqual({ reason: 'The other site is busy.', retryAfterSeconds: 30 });
    expect(retryable(new Error('boom'))).toBeUndefined();
    const e = new ConfluenceError(429, 'Too many requests', 12);
    expect(retryable(e)).toEqual({ reason: 'Too many requests', retryAfterSeconds: 12 });
    expect(retryable(new ConfluenceError(404, 'Not found'))).toBeUndefined();
  });

  it('tells the peer’s busy storage from its other trouble, and reads it as this side’s own', () => {
    const storage = readAnswer('apply', refuse.storageBusy(10));
    expect(storage).toEqual({ kind: 'unreachable', status: 503, retryAfter: 10, storage: true });
    expect(readAnswer('apply', refuse.busy(10))).toEqual({ kind: 'unreachable', status: 503, retryAfter: 10 });
    // Only with a 5xx: the same code on any other status is a refusal like any other.
    expect(readAnswer('apply', { status: 409, body: { error: 'busy-storage' } })).toMatchObject({ kind: 'refused' });
    expect(readAnswer('apply', { status: 409, body: { error: 'busy-storage' } })).not.toHaveProperty('storage');
    let thrown: unknown;
    try {
      answerOrRetry(storage);
    } catch (e) {
      thrown = e;
    }
    expect(retryable(thrown)).toEqual({ reason: 'The other site’s storage is busy.', retryAfterSeconds: 10, storage: true });
    expect(() => answerOrRetry(readAnswer('apply', refuse.busy()))).toThrow(new RetryLater('The other site is busy.'));
    expect(retryable(new RetryLater('The other site is busy.'))).not.toHaveProperty('storage');
  });

  it('counts a run’s storage waits up to the bound, and no further', () => {
    expect(storageWaitAfter(0)).toBe(1);
    expect(storageWaitAfter(STORAGE_WAITS - 1)).toBe(STORAGE_WAITS);
    expect(storageWaitAfter(STORAGE_WAITS)).toBeUndefined();
  });

  it('counts a run put off past the platform’s retries as one more storage wait, up to the bound, and no other job’s', () => {
    const run = { type: 'full-sync', syncId: 's', spaceId: '1', next: 4 };
    expect(oneMoreWait(run)).toEqual({ ...run, waited: 1 });
    expect(oneMoreWait({ ...run, waited: 7 })).toEqual({ ...run, waited: 8 });
    expect(oneMoreWait({ ...run, waited: STORAGE_WAITS })).toEqual({ ...run, waited: STORAGE_WAITS });
    expect(oneMoreWait({ type: 'verify', run: 'r', attempt: 3 })).toEqual({ type: 'verify', run: 'r', attempt: 3, waited: 1 });
    const order = { type: 'order', next: 2, moved: 1 };
    expect(oneMoreWait(order)).toBe(order);
  });

  it('waits longer at each retry of busy storage, past two minute windows over the platform’s four, and never past 900 s', () => {
    expect([0, 1, 2, 3, 4].map(storageRetryAfter)).toEqual([10, 20, 40, 80, 160]);
    expect([0, 1, 2, 3].map(storageRetryAfter).reduce((a, b) => a + b)).toBe(150);
    expect(storageRetryAfter(10)).toBe(900);
  });
});
