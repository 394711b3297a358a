/**
 * Forge's operation limits on KVS and the Custom Entity Store, per installation
 * (https://developer.atlassian.com/platform/forge/limits-kvs-ce, updated 2025-12-01;
 * forge-platform.md section 2): 1,000 requests a second, and 4,000 reads and 4,000 writes a
 * minute, each counted in 10 KB units ("Requests that are 10KB or smaller are counted as 1
 * request … a request with a payload of 65KB will be rounded up to 70KB, resulting in a count of
 * 7 requests"). "Any request that exceeds a quota or limit will return a 429 status with an error
 * code of RATE_LIMIT_EXCEEDED"
 * (https://developer.atlassian.com/platform/forge/storage-reference/handling-errors-customentities/).
 *
 * UNCONFIRMED, and chosen to be the stricter reading where there is a choice:
 * - the windows slide (a fixed window would allow twice the rate across its edge);
 * - a KB is 1,000 bytes; a read is counted by the bytes it answers, a write by the bytes it sends;
 * - a delete counts as a write, a query as a read, a batch or transaction as one request of its
 *   whole size (transactions "count as one write", forge-platform.md);
 * - a refused request uses none of the limit, and the answer carries no Retry-After.
 */
export interface KvsLimits {
  requestsPerSecond: number;
  readUnitsPerMinute: number;
  writeUnitsPerMinute: number;
}

export const FORGE_KVS_LIMITS: KvsLimits = { requestsPerSecond: 1000, readUnitsPerMinute: 4000, writeUnitsPerMinute: 4000 };
export const UNIT_BYTES = 10_000;

export type KvsOperation = 'read' | 'write';

/** Which limit a KVS path (the `/api/v1/...` request @forge/kvs sends) counts against. */
export function operationOf(path: string): KvsOperation {
  return /\/(get|query)$/.test(path) ? 'read' : 'write';
}

export function unitsOf(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / UNIT_BYTES));
}

/** What one installation has used in a window: when each admitted request came and its units. */
class Window {
  private readonly times: number[] = [];
  private readonly units: number[] = [];
  private head = 0;
  private total = 0;

  constructor(private readonly lengthMs: number) {}

  used(now: number): number {
    while (this.head < this.times.length && this.times[this.head] <= now - this.lengthMs) {
      this.total -= this.units[this.head];
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.times.length) this.compact();
    return this.total;
  }

  add(now: number, units: number): void {
    this.times.push(now);
    this.units.push(units);
    this.total += units;
  }

  private compact(): void {
    this.times.splice(0, this.head);
    this.units.splice(0, this.head);
    this.head = 0;
  }
}

interface InstallationUse {
  requests: Window;
  read: Window;
  write: Window;
}

/** Admits or refuses each KVS request of each installation against the limits. */
export class KvsRateLimiter {
  private readonly use = new Map<string, InstallationUse>();
  private readonly tighter = new Map<string, KvsLimits>();

  constructor(
    private readonly limits: KvsLimits,
    /** Host milliseconds per second: a host that runs time faster runs these windows faster too. */
    private readonly msPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Other limits for one installation from now on (a test of the app under a tight rate); undefined restores the host's. */
  limit(installationId: string, limits: KvsLimits | undefined): void {
    if (limits) this.tighter.set(installationId, limits);
    else this.tighter.delete(installationId);
  }

  /** Whether a request of `units` may go now; if it may, it is counted. */
  admit(installationId: string, operation: KvsOperation, units: number): boolean {
    const use = this.useOf(installationId);
    const limits = this.tighter.get(installationId) ?? this.limits;
    const now = this.now();
    const window = use[operation];
    const limit = operation === 'read' ? limits.readUnitsPerMinute : limits.writeUnitsPerMinute;
    if (use.requests.used(now) + 1 > limits.requestsPerSecond || window.used(now) + units > limit) return false;
    use.requests.add(now, 1);
    window.add(now, units);
    return true;
  }

  private useOf(installationId: string): InstallationUse {
    let use = this.use.get(installationId);
    if (!use) {
      use = { requests: new Window(this.msPerSecond), read: new Window(60 * this.msPerSecond), write: new Window(60 * this.msPerSecond) };
      this.use.set(installationId, use);
    }
    return use;
  }
}

/** The 429 of a request over a limit, as @forge/kvs reads it (`{ code, message }` → ForgeKvsAPIError). */
export function kvsRateLimited(): Response {
  return Response.json({ code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded for this installation' }, { status: 429 });
}
