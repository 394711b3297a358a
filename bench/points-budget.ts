/**
 * What Forge's points quotas allow per hour at a measured cost per page.
 *
 * - Tier 1 (Global Pool): 65,000 points per hour for the whole app, shared by all its
 *   installations (forge-platform.md section 0 item 3 and section 4, quoting Atlassian staff:
 *   https://community.developer.atlassian.com/t/2026-point-based-rate-limits/97828?page=5). Both
 *   sides of a cross-site pair are installations of the same app, so a page costs the pool its
 *   source and its destination points.
 * - Tier 2 (Per-Tenant Pool): a quota per tenant that "varies based on that tenant's product
 *   edition and user count", granted on review (same thread, page 5). No formula is published;
 *   a Jira tenant's captured header read `Beta-Ratelimit-Policy: "tenant-app-quota";q=100100;w=3600`
 *   (https://community.developer.atlassian.com/t/2026-point-based-rate-limits/97828?page=9), so
 *   100,000 points per hour per tenant is the example here (UNCONFIRMED for Confluence;
 *   BENCH_TIER2_POINTS sets another). Each side's tenant pays only its own side.
 */
export const TIER1_POINTS_PER_HOUR = 65_000;

export function tier2PointsPerHour(env: NodeJS.ProcessEnv): number {
  return Number(env.BENCH_TIER2_POINTS ?? 100_000);
}

export interface Budget {
  /** Pages a first full sync can copy per hour, for all the app's customers together (Tier 1). */
  tier1PagesPerHour: number;
  /** Pages one pair can copy per hour when each tenant has its own Tier 2 quota (the dearer side decides). */
  tier2PagesPerHour: number;
}

export function fullSyncBudget(sourcePointsPerPage: number, destinationPointsPerPage: number, tier2: number): Budget {
  const both = sourcePointsPerPage + destinationPointsPerPage;
  const dearer = Math.max(sourcePointsPerPage, destinationPointsPerPage);
  return { tier1PagesPerHour: both > 0 ? Math.floor(TIER1_POINTS_PER_HOUR / both) : Infinity, tier2PagesPerHour: dearer > 0 ? Math.floor(tier2 / dearer) : Infinity };
}

/** Synced pages an hourly reconcile can watch before it alone spends the whole quota. */
export function reconcileBudget(pointsPerPagePerRun: number, tier2: number): Budget {
  return {
    tier1PagesPerHour: pointsPerPagePerRun > 0 ? Math.floor(TIER1_POINTS_PER_HOUR / pointsPerPagePerRun) : Infinity,
    tier2PagesPerHour: pointsPerPagePerRun > 0 ? Math.floor(tier2 / pointsPerPagePerRun) : Infinity,
  };
}
