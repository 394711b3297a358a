/**
 * A claim that used a token up and was cut off before it paired the spaces (busy storage, a
 * crash): for how long the same claimant may finish it, and after how long the source admin may
 * take the token back (delete the sync, issue a new token). The gap between the two is longer
 * than any function runs (a web trigger is stopped after 55 s, forge-platform.md section 2), so a
 * claim that finishes and an admin who takes the token back never both go on. Pure rules.
 */
export const RESUME_WITHIN_SECONDS = 10 * 60;
export const ABANDONED_AFTER_SECONDS = 15 * 60;

/** The claimant may still finish the claim that used the token at `usedAt` (seconds). */
export function resumable(usedAt: number | undefined, nowSeconds: number): boolean {
  return usedAt !== undefined && nowSeconds - usedAt <= RESUME_WITHIN_SECONDS;
}

/** That claim can no longer finish: it is not in the admin's way. */
export function abandoned(usedAt: number | undefined, nowSeconds: number): boolean {
  return usedAt !== undefined && nowSeconds - usedAt > ABANDONED_AFTER_SECONDS;
}
