import type { SyncSummary } from '../../src/contract/resolvers';
import { ARRIVAL_WINDOW_MS } from '../../static/space-settings/src/refresh-rule';
import { FIRST_ARRIVALS, stateHelp } from '../../static/space-settings/src/sync-words';

/** The sentence beside a sync's state on the settings page (static/space-settings/src/sync-words.ts). */
describe('the state help a first-time admin reads', () => {
  const justNow = () => new Date(Date.now() - 1000).toISOString();
  const peer = (pairedAt: string) => ({ siteUrl: 'https://acme.atlassian.net', spaceKey: 'ENG', spaceName: 'Engineering Handbook', external: true, pairedAt }) as SyncSummary['peer'];
  const sync = (over: Partial<SyncSummary>): SyncSummary =>
    ({ id: 's', name: 'Handbook', role: 'destination', state: 'active', options: { mode: 'automatic' }, peer: peer(justNow()), actions: [], notOffered: {}, ...over }) as SyncSummary;
  const none = { synced: 0, ahead: 0, failed: 0, pending: 0 };

  it('says, on the receiving side just after import, that the first full sync is on its way (not "as they happen" beside 0 copies)', () => {
    expect(stateHelp(sync({ overview: none }))).toBe(FIRST_ARRIVALS);
    expect(stateHelp(sync({}))).toBe(FIRST_ARRIVALS);
    expect(stateHelp(sync({ options: { mode: 'manual' } as SyncSummary['options'], overview: none }))).toBe(FIRST_ARRIVALS);
    // After an approval the summary's last sync is the pairing's own entry: still nothing copied.
    expect(stateHelp(sync({ overview: { ...none, lastSyncAt: justNow() } }))).toBe(FIRST_ARRIVALS);
  });

  it('says how changes arrive once copies have arrived, or long after pairing with none', () => {
    expect(stateHelp(sync({ overview: { ...none, synced: 9, lastSyncAt: justNow() } }))).toBe('Changes to the original space arrive here as they happen.');
    // Everything there was to copy was left out by the scope: no first copies are coming.
    const longAgo = new Date(Date.now() - ARRIVAL_WINDOW_MS - 1000).toISOString();
    expect(stateHelp(sync({ peer: peer(longAgo), overview: { ...none, lastSyncAt: longAgo } }))).toBe('Changes to the original space arrive here as they happen.');
    expect(stateHelp(sync({ role: 'source', overview: none }))).toBe('Changes are sent as they happen.');
  });
});
