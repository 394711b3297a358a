import type { SyncSummary } from '../../src/contract/resolvers';
import { FIRST_ARRIVALS, stateHelp } from '../../static/space-settings/src/sync-words';

/** The sentence beside a sync's state on the settings page (static/space-settings/src/sync-words.ts). */
describe('the state help a first-time admin reads', () => {
  const sync = (over: Partial<SyncSummary>): SyncSummary =>
    ({ id: 's', name: 'Handbook', role: 'destination', state: 'active', options: { mode: 'automatic' }, actions: [], notOffered: {}, ...over }) as SyncSummary;

  it('says, on the receiving side just after import, that the first full sync is on its way (not "as they happen" beside 0 copies)', () => {
    expect(stateHelp(sync({ overview: { synced: 0, ahead: 0, failed: 0, pending: 0 } }))).toBe(FIRST_ARRIVALS);
    expect(stateHelp(sync({}))).toBe(FIRST_ARRIVALS);
    expect(stateHelp(sync({ options: { mode: 'manual' } as SyncSummary['options'], overview: { synced: 0, ahead: 0, failed: 0, pending: 0 } }))).toBe(FIRST_ARRIVALS);
  });

  it('says how changes arrive once copies have arrived, or once the sync has run', () => {
    expect(stateHelp(sync({ overview: { synced: 9, ahead: 0, failed: 0, pending: 0, lastSyncAt: '2026-12-07T01:00:00.000Z' } }))).toBe('Changes to the original space arrive here as they happen.');
    // Everything there was to copy was left out by the scope: it has still run.
    expect(stateHelp(sync({ overview: { synced: 0, ahead: 0, failed: 0, pending: 0, lastSyncAt: '2026-12-07T01:00:00.000Z' } }))).toBe('Changes to the original space arrive here as they happen.');
    expect(stateHelp(sync({ role: 'source', overview: { synced: 0, ahead: 0, failed: 0, pending: 0 } }))).toBe('Changes are sent as they happen.');
  });
});
