import { waitBeforeSend } from '../../src/domain/send-window';

const W = { limit: 3, windowMs: 60_000 };

describe('waitBeforeSend', () => {
  it('lets a send go while fewer than the limit went in the last window', () => {
    expect(waitBeforeSend(W, [], 1000)).toEqual({ inWindow: [], waitMs: 0 });
    expect(waitBeforeSend(W, [0, 10_000], 20_000)).toEqual({ inWindow: [0, 10_000], waitMs: 0 });
  });

  it('waits until the oldest send that keeps the window full leaves it', () => {
    expect(waitBeforeSend(W, [0, 10_000, 20_000], 30_000)).toEqual({ inWindow: [0, 10_000, 20_000], waitMs: 30_000 });
    expect(waitBeforeSend(W, [0, 10_000, 20_000, 25_000], 30_000).waitMs).toBe(40_000);
  });

  it('forgets sends older than the window, so a send exactly a window later goes', () => {
    expect(waitBeforeSend(W, [0, 10_000, 20_000], 60_000)).toEqual({ inWindow: [10_000, 20_000], waitMs: 0 });
  });
});
