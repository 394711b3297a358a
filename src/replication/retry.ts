/** What is worth trying again later, and when. */
import { ConfluenceError } from '../confluence/client';
import type { MessageType, PeerResult } from '../contract/peer-protocol';

/** Transient trouble outside Confluence (an unreachable or busy peer): the queue retries. */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** A failure worth trying later (429, 5xx, 409, an unreachable peer), with Retry-After when one was given. */
export function retryable(e: unknown): { reason: string; retryAfterSeconds?: number } | undefined {
  if (!(e instanceof RetryLater) && !(e instanceof ConfluenceError && e.transient)) return undefined;
  return { reason: e.message, ...(e.retryAfterSeconds ? { retryAfterSeconds: e.retryAfterSeconds } : {}) };
}

/**
 * The peer's answer, when it gave one below 500. No answer, or 503 (busy, with Retry-After), or
 * another 5xx (its function failed, perhaps after doing the work): again later either way.
 */
export function answerOrRetry<T extends MessageType>(result: PeerResult<T>): Exclude<PeerResult<T>, { kind: 'unreachable' }> {
  if (result.kind === 'unreachable') throw new RetryLater(result.status ? 'The other site is busy.' : 'The other space could not be reached.', result.retryAfter);
  return result;
}
