/** What is worth trying again later, and when. */
import { ConfluenceError } from '../confluence/client';

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
