/** What is worth trying again later, and when. */
import { ConfluenceError, MAX_RETRY_AFTER_SECONDS } from '../confluence/client';
import type { MessageType, PeerResult } from '../contract/peer-protocol';

/** Transient trouble outside Confluence (an unreachable or busy peer): the queue retries. */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
    /** The peer's storage was over its rate: waited out as this side's own busy storage is. */
    readonly storage = false,
  ) {
    super(message);
  }
}

/**
 * Forge storage refuses an installation's request over its rate (1,000 a second; 4,000 reads and
 * 4,000 writes a minute in 10 KB units) with 429 RATE_LIMIT_EXCEEDED
 * (https://developer.atlassian.com/platform/forge/limits-kvs-ce,
 * https://developer.atlassian.com/platform/forge/storage-reference/handling-errors-customentities/),
 * which @forge/kvs throws as a ForgeKvsAPIError with that `code`. Read by its code alone, so that
 * this layer needs no storage package.
 */
export function storageBusy(e: unknown): boolean {
  return e instanceof Error && (e as { code?: unknown }).code === 'RATE_LIMIT_EXCEEDED';
}

/**
 * How long to leave storage alone after it refused: no Retry-After is documented, and the read
 * and write limits are per minute, so a few seconds frees a part of the minute (UNCONFIRMED).
 */
export const STORAGE_RETRY_AFTER_SECONDS = 10;

/**
 * How long a run whose work only storage held back waits before it goes on: storage's read and
 * write limits are per minute (limits-kvs-ce), so a minute later the window is free.
 */
export const STORAGE_WINDOW_SECONDS = 60;

/**
 * How many times in a row a run may be put off for busy storage with nothing moving. Storage's
 * limits are per minute (limits-kvs-ce), so refusals past half an hour are no passing peak: the
 * run stops waiting and says so, rather than stay "running" for ever.
 */
export const STORAGE_WAITS = 30;

/** Why a run stopped waiting for storage (STORAGE_WAITS windows of STORAGE_WINDOW_SECONDS). */
export const STORAGE_STAYED_BUSY = `Forge storage stayed busy for ${(STORAGE_WAITS * STORAGE_WINDOW_SECONDS) / 60} minutes.`;

/** The run's count of storage waits once it waits again; undefined when it has waited them all. */
export function storageWaitAfter(waited: number): number | undefined {
  return waited < STORAGE_WAITS ? waited + 1 : undefined;
}

/** A full sync's or a Verify's job, put off once more for busy storage (other jobs count no waits). */
export function oneMoreWait<J extends { type: string; waited?: number }>(job: J): J {
  return job.type === 'full-sync' || job.type === 'verify' ? { ...job, waited: storageWaitAfter(job.waited ?? 0) ?? STORAGE_WAITS } : job;
}

/**
 * The wait before the platform's retry number `retryCount + 1` after busy storage: doubling from
 * 10 s, so that its four retries (forge-platform.md) span 150 s, more than two of the minute windows.
 */
export function storageRetryAfter(retryCount: number): number {
  return Math.min(STORAGE_RETRY_AFTER_SECONDS * 2 ** retryCount, MAX_RETRY_AFTER_SECONDS);
}

/** A failure worth trying later (429, 5xx, 409, an unreachable peer, busy storage), with Retry-After when one was given. */
export function retryable(e: unknown): { reason: string; retryAfterSeconds?: number; storage?: true } | undefined {
  if (storageBusy(e)) return { reason: 'Forge storage is busy.', retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS, storage: true };
  if (!(e instanceof RetryLater) && !(e instanceof ConfluenceError && e.transient)) return undefined;
  return { reason: e.message, ...(e.retryAfterSeconds ? { retryAfterSeconds: e.retryAfterSeconds } : {}), ...(e instanceof RetryLater && e.storage ? { storage: true as const } : {}) };
}

/**
 * The peer's answer, when it gave one below 500. No answer, or 503 (busy, with Retry-After), or
 * another 5xx (its function failed, perhaps after doing the work): again later either way.
 */
export function answerOrRetry<T extends MessageType>(result: PeerResult<T>): Exclude<PeerResult<T>, { kind: 'unreachable' }> {
  if (result.kind === 'unreachable') throw new RetryLater(unreachableReason(result), result.retryAfter, result.storage ?? false);
  return result;
}

function unreachableReason(result: { status?: number; storage?: true }): string {
  if (result.storage) return 'The other site’s storage is busy.';
  return result.status ? 'The other site is busy.' : 'The other space could not be reached.';
}
