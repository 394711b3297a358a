/**
 * Confluence's points-based rate limit, per app and site: each request costs a base point, reads
 * add one per object returned, writes cost only the base (forge-platform.md section 4). Over the
 * budget the API answers 429 with Retry-After. Tests and the benchmark read the counters.
 */
export interface RateLimitOptions {
  /** Points allowed per window; unlimited when absent. */
  pointsPerWindow?: number;
  windowSeconds?: number;
}

export class PointsMeter {
  points = 0;
  requests = 0;
  readonly byOperation = new Map<string, { requests: number; points: number }>();
  private windowStart = Date.now();
  private windowPoints = 0;
  private burst: { remaining: number; retryAfter: number } | undefined;

  constructor(private options: RateLimitOptions = {}) {}

  configure(options: RateLimitOptions): void {
    this.options = options;
  }

  /** The next `count` requests get 429 with this Retry-After, whatever the budget. */
  injectBurst(count: number, retryAfterSeconds: number): void {
    this.burst = { remaining: count, retryAfter: retryAfterSeconds };
  }

  /** Seconds to wait when this request must be refused, or undefined to let it through. */
  refusal(now = Date.now()): number | undefined {
    if (this.burst && this.burst.remaining > 0) {
      this.burst.remaining--;
      return this.burst.retryAfter;
    }
    const { pointsPerWindow, windowSeconds = 3600 } = this.options;
    if (pointsPerWindow === undefined) return undefined;
    if (now - this.windowStart >= windowSeconds * 1000) {
      this.windowStart = now;
      this.windowPoints = 0;
    }
    if (this.windowPoints + 1 > pointsPerWindow) return Math.max(1, Math.ceil((this.windowStart + windowSeconds * 1000 - now) / 1000));
    return undefined;
  }

  charge(operationId: string, method: string, objects: number): number {
    const cost = method === 'GET' ? 1 + objects : 1;
    this.points += cost;
    this.windowPoints += cost;
    this.requests++;
    const entry = this.byOperation.get(operationId) ?? { requests: 0, points: 0 };
    entry.requests++;
    entry.points += cost;
    this.byOperation.set(operationId, entry);
    return cost;
  }

  reset(): void {
    this.points = 0;
    this.requests = 0;
    this.byOperation.clear();
  }
}
