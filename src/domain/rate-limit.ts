/**
 * The points governor's rules: how much of Confluence's hourly points quota is left, as its
 * answers say, and whether the full sync may start more items. The full sync and catch-ups are
 * the bulk of what the app spends; product events must still find quota when a person edits a
 * page during a full sync of 10,000 pages. So the full sync stops starting items while what is
 * left is within a reserve, and goes on when the quota's window resets; the event path is never
 * held here (a 429 there is waited out, as any).
 *
 * The headers (confluence-real error-rate-limit-429.json): points quotas answer
 * `Beta-RateLimit: "tenant-app-quota";r=<points left>;t=<seconds to reset>` and
 * `Beta-RateLimit-Policy: "tenant-app-quota";q=<quota>;w=<window seconds>` while not enforced,
 * the same without `Beta-` once enforced (the rate-limiting page, as transcribed there; captured
 * on Jira app traffic, INFERRED for Confluence); `X-RateLimit-NearLimit: true` (documented) or
 * `X-Beta-Ratelimit-Nearlimit: true` (captured) when little is left. A site that sends none
 * leaves the full sync to the 429s, which it waits out. Pure rules; no I/O.
 */

/** What one answer said of the quota. */
export interface QuotaReading {
  /** Points left in the window. */
  remaining?: number;
  /** The window's quota, when the policy header came too. */
  quota?: number;
  /** Seconds until the window resets. */
  resetSeconds?: number;
  nearLimit: boolean;
  /** When it was read (epoch ms). */
  at: number;
}

/** Share of the quota kept for the event path: the full sync stops starting items within it. */
export const RESERVE_SHARE = 0.2;
/** Kept at the least (some hundred edits' worth), though never more than half a quota known to be smaller. */
export const RESERVE_MIN_POINTS = 1_000;
/** Waited when the answer says little is left but not when it resets. */
export const UNKNOWN_RESET_WAIT_SECONDS = 300;
/** The longest a queued job can be put off (forge-platform.md, async events: `delayInSeconds` at most 900). */
const MAX_WAIT_SECONDS = 900;

/** A header's parameters: `"policy";r=1;t=2, "other";r=3` → the smallest value of each parameter. */
function parameters(header: string | null): Map<string, number> {
  const out = new Map<string, number>();
  if (!header) return out;
  for (const member of header.split(',')) {
    for (const part of member.split(';').slice(1)) {
      const [name, raw] = part.split('=').map((s) => s.trim());
      const value = Number(raw);
      if (!name || raw === undefined || !/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(value)) continue;
      out.set(name, Math.min(out.get(name) ?? Infinity, value));
    }
  }
  return out;
}

/** The quota as one answer's headers tell it (enforced names first); undefined when they tell nothing. */
export function readQuota(header: (name: string) => string | null, at: number): QuotaReading | undefined {
  const enforced = header('ratelimit') !== null;
  const state = parameters(header(enforced ? 'ratelimit' : 'beta-ratelimit'));
  const policy = parameters(header(enforced ? 'ratelimit-policy' : 'beta-ratelimit-policy'));
  const nearLimit = [header('x-ratelimit-nearlimit'), header('x-beta-ratelimit-nearlimit')].some((v) => v?.trim().toLowerCase() === 'true');
  const remaining = state.get('r');
  if (remaining === undefined && !nearLimit) return undefined;
  return {
    ...(remaining !== undefined ? { remaining } : {}),
    ...(policy.has('q') ? { quota: policy.get('q') } : {}),
    ...(state.has('t') ? { resetSeconds: state.get('t') } : {}),
    nearLimit,
    at,
  };
}

/**
 * Seconds the full sync should wait before starting more items, or undefined to go on: while
 * what is left is within the reserve (or the answer says it is near the limit), until the window
 * resets. A reading whose window has reset since says nothing any more.
 */
export function fullSyncWait(reading: QuotaReading | undefined, now: number): number | undefined {
  if (!reading) return undefined;
  const elapsed = (now - reading.at) / 1000;
  // Reset since (or, not knowing when, old enough to be read again): it says nothing any more.
  if (elapsed >= (reading.resetSeconds ?? UNKNOWN_RESET_WAIT_SECONDS)) return undefined;
  const reserve = reading.quota === undefined ? RESERVE_MIN_POINTS : Math.max(RESERVE_SHARE * reading.quota, Math.min(RESERVE_MIN_POINTS, reading.quota / 2));
  const low = reading.nearLimit || (reading.remaining !== undefined && reading.remaining <= reserve);
  if (!low) return undefined;
  const left = (reading.resetSeconds ?? UNKNOWN_RESET_WAIT_SECONDS) - elapsed;
  return Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.ceil(left)));
}
