import type { SyncSummary } from '../../src/contract/resolvers';
import { ARRIVAL_QUIET_MS, ARRIVAL_WINDOW_MS, changesByItself } from '../../static/space-settings/src/refresh-rule';

/** When the settings page reloads its list by itself (static/space-settings/src/refresh-rule.ts). */
describe('the settings page refreshes while a sync changes by itself', () => {
  const now = Date.parse('2026-12-02T12:00:00.000Z');
  const at = (ms: number) => new Date(now + ms).toISOString();
  const sync = (over: Partial<SyncSummary>): SyncSummary => ({ id: 's', name: 'Handbook', role: 'destination', state: 'active', actions: [], notOffered: {}, ...over }) as SyncSummary;
  const peer = (pairedAt: string) => ({ pairedAt }) as SyncSummary['peer'];

  it('on the receiving side just after pairing, until the first copies arrive', () => {
    expect(changesByItself(sync({ peer: peer(at(-1000)), overview: { synced: 0, ahead: 0, failed: 0, pending: 0 } }), now)).toBe(true);
    // Copies still coming in (the last a moment ago): it keeps looking; once they pause, it stops.
    expect(changesByItself(sync({ peer: peer(at(-1000)), overview: { synced: 8, ahead: 0, failed: 0, pending: 0, lastSyncAt: at(-200) } }), now)).toBe(true);
    expect(changesByItself(sync({ peer: peer(at(-ARRIVAL_QUIET_MS - 5000)), overview: { synced: 9, ahead: 0, failed: 0, pending: 0, lastSyncAt: at(-ARRIVAL_QUIET_MS - 1) } }), now)).toBe(false);
    expect(changesByItself(sync({ peer: peer(at(-ARRIVAL_WINDOW_MS - 1)), overview: { synced: 9, ahead: 0, failed: 0, pending: 0, lastSyncAt: at(-200) } }), now)).toBe(false);
    expect(changesByItself(sync({ peer: peer(at(-ARRIVAL_WINDOW_MS - 1)), overview: { synced: 0, ahead: 0, failed: 0, pending: 0 } }), now)).toBe(false);
    // Approved a moment ago: the summary's last sync is the pairing's own activity entry, yet no copy has arrived.
    expect(changesByItself(sync({ peer: peer(at(-1000)), overview: { synced: 0, ahead: 0, failed: 0, pending: 0, lastSyncAt: at(-500) } }), now)).toBe(true);
  });

  it('while pairing waits on the other admin, and while a full sync runs here', () => {
    expect(changesByItself(sync({ state: 'awaiting-approval' }), now)).toBe(true);
    expect(changesByItself(sync({ role: 'source', state: 'awaiting-import', tokenExpiresAt: at(60_000) }), now)).toBe(true);
    expect(changesByItself(sync({ role: 'source', state: 'awaiting-import', tokenExpiresAt: at(-1) }), now)).toBe(false);
    expect(changesByItself(sync({ role: 'source', state: 'awaiting-import' }), now)).toBe(false);
    expect(changesByItself(sync({ role: 'source', overview: { synced: 3, ahead: 0, failed: 0, pending: 6, run: 'first' } }), now)).toBe(true);
  });

  it('not when nothing is under way', () => {
    expect(changesByItself(sync({ role: 'source', overview: { synced: 9, ahead: 0, failed: 0, pending: 0 } }), now)).toBe(false);
    expect(changesByItself(sync({ state: 'paused', peer: peer(at(-1000)) }), now)).toBe(false);
    expect(changesByItself(sync({ state: 'unpaired' }), now)).toBe(false);
  });
});
