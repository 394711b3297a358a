/**
 * The latest points-quota reading per installation, taken from every Confluence answer the app
 * gets (src/domain/rate-limit.ts reads the headers). Kept by installation, not in one module
 * value: a warm process may serve several installations (platform/installation.ts), and the local
 * host runs them all in one.
 */
import { getAppContext } from '@forge/api';
import { fullSyncWait, readQuota, type QuotaReading } from '../domain/rate-limit';

const readings = new Map<string, QuotaReading>();

function installation(): string {
  try {
    return getAppContext().installationAri.toString();
  } catch {
    return 'outside an invocation';
  }
}

/** Notes what an answer said of the quota (an answer that says nothing leaves the last reading). */
export function observeQuota(headers: { get(name: string): string | null }, now = Date.now()): void {
  const reading = readQuota((name) => headers.get(name), now);
  if (reading) readings.set(installation(), reading);
}

/** Seconds this installation's full sync should wait before starting more items, or undefined. */
export function quotaWait(now = Date.now()): number | undefined {
  return fullSyncWait(readings.get(installation()), now);
}
