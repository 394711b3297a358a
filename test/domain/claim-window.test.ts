/** claim-window.ts: a cut-off claim may be finished for a while, and is out of the admin's way after a longer while. */
import { abandoned, ABANDONED_AFTER_SECONDS, resumable, RESUME_WITHIN_SECONDS } from '../../src/domain/claim-window';

describe('the window of a cut-off claim', () => {
  const usedAt = 1_800_000_000;

  it('lets the claimant finish it up to its limit, and not after', () => {
    expect(resumable(usedAt, usedAt)).toBe(true);
    expect(resumable(usedAt, usedAt + RESUME_WITHIN_SECONDS)).toBe(true);
    expect(resumable(usedAt, usedAt + RESUME_WITHIN_SECONDS + 1)).toBe(false);
    expect(resumable(undefined, usedAt)).toBe(false); // a mark from before marks were dated
  });

  it('takes it for abandoned only after a gap longer than any function runs', () => {
    expect(abandoned(usedAt, usedAt + ABANDONED_AFTER_SECONDS)).toBe(false);
    expect(abandoned(usedAt, usedAt + ABANDONED_AFTER_SECONDS + 1)).toBe(true);
    expect(abandoned(undefined, usedAt + 10 * ABANDONED_AFTER_SECONDS)).toBe(false);
    // Never both: no moment at which a claim may still finish and the admin may take the token back.
    expect(ABANDONED_AFTER_SECONDS - RESUME_WITHIN_SECONDS).toBeGreaterThan(55);
    for (let t = usedAt; t <= usedAt + ABANDONED_AFTER_SECONDS + 60; t += 30) expect(resumable(usedAt, t) && abandoned(usedAt, t)).toBe(false);
  });
});
