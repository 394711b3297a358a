/**
 * A limit on sends within any stretch of time (a sliding window): whether one more may go now,
 * and if not, how long until the oldest send in the window leaves it.
 */
export interface SendWindow {
  limit: number;
  windowMs: number;
}

/** `sent`: the times of earlier sends, oldest first. Returns the sends still in the window, and 0 when one more may go now, else the wait in ms. */
export function waitBeforeSend(window: SendWindow, sent: readonly number[], now: number): { inWindow: number[]; waitMs: number } {
  const inWindow = sent.filter((at) => now - at < window.windowMs);
  if (inWindow.length < window.limit) return { inWindow, waitMs: 0 };
  return { inWindow, waitMs: window.windowMs - (now - inWindow[inWindow.length - window.limit]) };
}
