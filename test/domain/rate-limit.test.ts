import { fullSyncWait, readQuota, RESERVE_MIN_POINTS, UNKNOWN_RESET_WAIT_SECONDS } from '../../src/domain/rate-limit';

/** Headers as a case-insensitive lookup, as fetch's Headers are. */
const headers = (h: Record<string, string>) => (name: string) => Object.entries(h).find(([k]) => k.toLowerCase() === name)?.[1] ?? null;
const AT = 1_000_000;

describe('reading the points quota from an answer', () => {
  it('reads the captured beta headers (confluence-real error-rate-limit-429.json)', () => {
    const normal = headers({ 'Beta-Ratelimit-Policy': '"tenant-app-quota";q=100100;w=3600', 'Beta-Ratelimit': '"tenant-app-quota";r=17842;t=2107', 'X-Beta-Ratelimit-Nearlimit': 'true', 'X-Ratelimit-Limit': '350', 'X-Ratelimit-Remaining': '349' });
    expect(readQuota(normal, AT)).toEqual({ remaining: 17842, quota: 100100, resetSeconds: 2107, nearLimit: true, at: AT });
    expect(readQuota(headers({ 'Beta-Ratelimit': '"tenant-app-quota";r=0;t=2788' }), AT)).toEqual({ remaining: 0, resetSeconds: 2788, nearLimit: false, at: AT });
  });

  it('prefers the enforced names, and takes the tightest of several policies', () => {
    const both = headers({ RateLimit: '"tenant-app-quota";r=500;t=60, "burst";r=40;t=1', 'RateLimit-Policy': '"tenant-app-quota";q=65000;w=3600', 'Beta-RateLimit': '"tenant-app-quota";r=9;t=9' });
    expect(readQuota(both, AT)).toEqual({ remaining: 40, quota: 65000, resetSeconds: 1, nearLimit: false, at: AT });
    expect(readQuota(headers({ 'X-RateLimit-NearLimit': 'true' }), AT)).toEqual({ nearLimit: true, at: AT });
  });

  it('says nothing for answers without them, or with values it cannot read', () => {
    expect(readQuota(headers({}), AT)).toBeUndefined();
    expect(readQuota(headers({ 'X-RateLimit-Remaining': '3' }), AT)).toBeUndefined();
    expect(readQuota(headers({ 'Beta-RateLimit': '"q";r=-1;t=abc' }), AT)).toBeUndefined();
    expect(readQuota(headers({ 'Beta-RateLimit': 'garbage' }), AT)).toBeUndefined();
  });
});

describe('whether the full sync may start more items', () => {
  const reading = (r: Partial<Parameters<typeof fullSyncWait>[0] & object>) => ({ nearLimit: false, at: AT, ...r });

  it('goes on with no reading, or with more left than the reserve', () => {
    expect(fullSyncWait(undefined, AT)).toBeUndefined();
    expect(fullSyncWait(reading({ remaining: 30_000, quota: 100_000, resetSeconds: 600 }), AT)).toBeUndefined();
    expect(fullSyncWait(reading({ remaining: RESERVE_MIN_POINTS + 1, resetSeconds: 600 }), AT)).toBeUndefined();
  });

  it('waits until the window resets while what is left is within a fifth of the quota, or the answer says it is near', () => {
    expect(fullSyncWait(reading({ remaining: 20_000, quota: 100_000, resetSeconds: 600 }), AT)).toBe(600);
    expect(fullSyncWait(reading({ remaining: 20_000, quota: 100_000, resetSeconds: 600 }), AT + 100_500)).toBe(500);
    expect(fullSyncWait(reading({ remaining: RESERVE_MIN_POINTS, resetSeconds: 30 }), AT)).toBe(30);
    expect(fullSyncWait(reading({ nearLimit: true, remaining: 50_000, quota: 100_000, resetSeconds: 120 }), AT)).toBe(120);
  });

  it('keeps at most half of a quota smaller than the least reserve, so a small quota still lets the run go on', () => {
    expect(fullSyncWait(reading({ remaining: 151, quota: 300, resetSeconds: 60 }), AT)).toBeUndefined();
    expect(fullSyncWait(reading({ remaining: 150, quota: 300, resetSeconds: 60 }), AT)).toBe(60);
    expect(fullSyncWait(reading({ remaining: 999, resetSeconds: 60 }), AT)).toBe(60);
  });

  it('never waits longer than a queued job can be put off, and no longer once the window reset', () => {
    expect(fullSyncWait(reading({ remaining: 0, resetSeconds: 3_000 }), AT)).toBe(900);
    expect(fullSyncWait(reading({ remaining: 0, resetSeconds: 60 }), AT + 60_000)).toBeUndefined();
  });

  it('not told when the window resets: waits a while, then looks again', () => {
    expect(fullSyncWait(reading({ nearLimit: true }), AT)).toBe(UNKNOWN_RESET_WAIT_SECONDS);
    expect(fullSyncWait(reading({ nearLimit: true }), AT + 100_000)).toBe(UNKNOWN_RESET_WAIT_SECONDS - 100);
    expect(fullSyncWait(reading({ nearLimit: true }), AT + UNKNOWN_RESET_WAIT_SECONDS * 1000)).toBeUndefined();
  });
});
