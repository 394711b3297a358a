import { activeBurst, dailyDigest, DEFAULT_NOTICE_SETTINGS, MAX_DELIVERY_ATTEMPTS, MAX_TRACKED_FAILING, onFailure, onSuccess, retryDelaySeconds, type NoticeState } from '../../src/domain/notice-rules';

const S = DEFAULT_NOTICE_SETTINGS;
const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 10, 0) + minute * 60_000).toISOString();

function fail(state: NoticeState, id: string, minute: number, settings = S) {
  return onFailure(state, 'sync-1', { id, title: `Page ${id}` }, at(minute), settings);
}

describe('failure bursts', () => {
  it('sends one notice for a burst, however many items fail', () => {
    let state: NoticeState = {};
    const notices = [];
    for (let i = 0; i < 30; i++) {
      const r = fail(state, String(i), i % 5);
      state = r.state;
      if (r.notice) notices.push(r.notice);
    }
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'failure-burst', syncId: 'sync-1', key: `sync-1:burst-${Date.parse(at(0))}` });
    expect(notices[0].lines.join(' ')).toContain('“Page 0”');
    expect(state.burst).toMatchObject({ failures: 30, failing: expect.arrayContaining(['0', '29']) });
  });

  it('ends when every failing item synced again; the next failure starts a second burst', () => {
    let { state } = fail({}, 'a', 0);
    state = fail(state, 'b', 1).state;
    state = onSuccess(state, { id: 'a' });
    expect(state.burst).toBeDefined();
    expect(fail(state, 'c', 2).notice).toBeUndefined();
    state = onSuccess(onSuccess(fail(state, 'c', 2).state, { id: 'b' }), { id: 'c' });
    expect(state.burst).toBeUndefined();
    const again = fail(state, 'a', 3);
    expect(again.notice).toBeDefined();
    expect(again.notice!.key).not.toBe(fail({}, 'a', 0).notice!.key);
  });

  it('ends after the quiet time without failures, which is configurable', () => {
    const { state } = fail({}, 'a', 0);
    expect(fail(state, 'b', 59).notice).toBeUndefined();
    expect(fail(state, 'b', 60).notice).toBeDefined();
    expect(fail(state, 'b', 10, { ...S, quietMinutes: 5 }).notice).toBeDefined();
    expect(activeBurst(state, at(30), S)).toBeDefined();
    expect(activeBurst(state, at(61), S)).toBeUndefined();
  });

  it('a success of an item that was not failing changes nothing; a repeated failure of one item counts, not tracked twice', () => {
    const { state } = fail({}, 'a', 0);
    expect(onSuccess(state, { id: 'z' })).toBe(state);
    expect(fail(state, 'a', 1).state.burst!.failing).toEqual(['a']);
  });

  it('past the tracked bound, only the quiet time ends the burst', () => {
    let state: NoticeState = {};
    for (let i = 0; i <= MAX_TRACKED_FAILING; i++) state = fail(state, String(i), 0).state;
    expect(state.burst!.overflow).toBe(true);
    for (let i = 0; i < MAX_TRACKED_FAILING; i++) state = onSuccess(state, { id: String(i) });
    expect(state.burst).toBeDefined();
  });
});

describe('the daily digest', () => {
  const facts = { synced: 3, failed: 1, failingNow: 1, waiting: 2 };
  it('says what synced, what failed and what waits, once per day', () => {
    const d = dailyDigest('sync-1', at(0), facts, S)!;
    expect(d.key).toBe('sync-1:digest:2026-12-02');
    expect(d.lines).toEqual(['3 items synced in the last 24 hours.', '1 failure in the last 24 hours.', '1 item is failing now.', '2 decisions wait for an admin.']);
    expect(dailyDigest('sync-1', at(600), facts, S)!.key).toBe(d.key);
  });
  it('is not sent when switched off or when nothing happened', () => {
    expect(dailyDigest('sync-1', at(0), facts, { ...S, digest: false })).toBeUndefined();
    expect(dailyDigest('sync-1', at(0), { synced: 0, failed: 0, failingNow: 0, waiting: 0 }, S)).toBeUndefined();
  });
});

describe('delivery retries', () => {
  it('back off, honour Retry-After, and stop after a bounded number', () => {
    expect(retryDelaySeconds(1)).toBe(30);
    expect(retryDelaySeconds(2)).toBe(60);
    expect(retryDelaySeconds(1, 120)).toBe(120);
    expect(retryDelaySeconds(1, 99_999)).toBe(900);
    expect(retryDelaySeconds(MAX_DELIVERY_ATTEMPTS)).toBeUndefined();
  });
});
