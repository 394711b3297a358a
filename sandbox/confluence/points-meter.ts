/**
 * Confluence's points-based rate limit, per app and site: each request costs a base point, reads
 * add one per object returned, writes cost only the base (forge-platform.md section 4). Over the
 * budget the API answers 429 with Retry-After. Tests and the benchmark read the counters.
 */
export interface RateLimitOptions {
  /** Points allowed per window; unlimited when absent. */
  pointsPerWindow?: number;
  windowSeconds?: number;
  /**
   * How answers tell what is left of the budget (confluence-real error-rate-limit-429.json):
   * `RateLimit: "tenant-app-quota";r=<left>;t=<reset s>` and `RateLimit-Policy: …;q=<quota>;w=<window s>`
   * once enforced ('enforced', the default: enforcement began 2026-03-02, forge-platform.md
   * section 4), the same with `Beta-` before ('beta', as captured on Jira app traffic), or
   * nothing ('none'). Which Confluence sends, and from how little left `NearLimit` says true,
   * are UNCONFIRMED (a fifth here, as the capture's r=17842 of q=100100 suggests); the app is
   * tested under each.
   */
  headers?: 'enforced' | 'beta' | 'none';
}

/** Below this share of the budget left, answers say `NearLimit: true` (UNCONFIRMED, see above). */
const NEAR_LIMIT_SHARE = 0.2;

export class PointsMeter {
  points = 0;
  requests = 0;
  readonly byOperation = new Map<string, { requests: number; points: number }>();
  private windowStart = Date.now();
  private windowPoints = 0;
  private burst: { remaining: number; retryAfter: number } | undefined;

  constructor(private options: RateLimitOptions = {}) {}

  /** A new budget starts its own window. */
  configure(options: RateLimitOptions): void {
    this.options = options;
    this.windowStart = Date.now();
    this.windowPoints = 0;
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

  /** The budget headers of an answer given now, as `headers` says (none without a budget). */
  quotaHeaders(now = Date.now()): Record<string, string> {
    const { pointsPerWindow, windowSeconds = 3600, headers = 'enforced' } = this.options;
    if (pointsPerWindow === undefined || headers === 'none') return {};
    const left = Math.max(0, pointsPerWindow - this.windowPoints);
    const reset = Math.max(1, Math.ceil((this.windowStart + windowSeconds * 1000 - now) / 1000));
    const beta = headers === 'beta';
    return {
      [beta ? 'Beta-RateLimit-Policy' : 'RateLimit-Policy']: `"tenant-app-quota";q=${pointsPerWindow};w=${windowSeconds}`,
      [beta ? 'Beta-RateLimit' : 'RateLimit']: `"tenant-app-quota";r=${left};t=${reset}`,
      ...(left <= NEAR_LIMIT_SHARE * pointsPerWindow ? { [beta ? 'X-Beta-RateLimit-NearLimit' : 'X-RateLimit-NearLimit']: 'true' } : {}),
    };
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
