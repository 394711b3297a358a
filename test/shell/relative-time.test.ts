import { relativeTime, timeAgo } from '../../sandbox/shell/relative-time';

describe('times as Confluence words them', () => {
  const now = Date.parse('2025-03-10T12:00:00Z');
  const ago = (ms: number) => relativeTime(new Date(now - ms).toISOString(), now);

  it('says how long ago, then the date', () => {
    expect(ago(5_000)).toBe('just now');
    expect(ago(60_000)).toBe('1 minute ago');
    expect(ago(5 * 60_000 + 30_000)).toBe('5 minutes ago');
    expect(ago(3 * 3_600_000)).toBe('3 hours ago');
    expect(ago(26 * 3_600_000)).toBe('yesterday');
    expect(ago(4 * 86_400_000)).toBe('4 days ago');
    expect(ago(30 * 86_400_000)).toBe('Feb 8, 2025');
    expect(relativeTime('2025-03-10T12:00:30Z', now)).toBe('just now'); // a clock a little ahead is not "in 30 seconds"
  });

  it('keeps the instant for scripts and the exact time for the tooltip, never as the text', () => {
    const out = timeAgo('2025-03-10T11:55:00.000Z', now);
    expect(out).toMatch(/^<time datetime="2025-03-10T11:55:00.000Z" title="[^"]*2025[^"]*" data-relative>5 minutes ago<\/time>$/);
  });
});
