/** "Last sync" on the dashboard: the time of the last item sent or copied, never of the pairing itself. */
import { syncDetails, type DashboardDeps } from '../../src/replication/sync-dashboard';
import { NO_ITEMS } from '../../src/domain/item-counts';
import type { ActivityEntry } from '../../src/replication/ports';
import type { Sync } from '../../src/domain/sync';

const sync = { id: 's1', pairId: 'p1', role: 'destination', state: 'active', space: { id: '9', key: 'ENG', name: 'Eng' } } as unknown as Sync;
const entry = (at: string, sourceId: string, outcome: ActivityEntry['outcome']): ActivityEntry => ({ at, syncId: 's1', sourceId, title: sourceId ? 'Guide' : '', cause: sourceId ? 'full sync' : 'pairing', outcome });

function depsWith(entries: ActivityEntry[]): DashboardDeps {
  return {
    sent: { get: async () => undefined, all: async () => [], counts: async () => undefined },
    copies: { counts: async () => NO_ITEMS, countAllByStatus: async () => NO_ITEMS },
    fullSync: { progress: async () => undefined, failures: async () => [] },
    activity: { recent: async () => entries },
    queue: { push: async () => undefined },
    names: async () => new Map(),
  } as unknown as DashboardDeps;
}

describe('the dashboard’s last sync', () => {
  it('is absent while only the pairing is logged', async () => {
    expect((await syncDetails(depsWith([entry('2026-01-01T10:00:00.000Z', '', 'claimed')]), sync)).lastSyncAt).toBeUndefined();
  });

  it('is the newest item’s time, not a later pairing line', async () => {
    const entries = [entry('2026-01-01T11:00:00.000Z', '', 'claimed'), entry('2026-01-01T10:30:00.000Z', '101', 'created')];
    expect((await syncDetails(depsWith(entries), sync)).lastSyncAt).toBe('2026-01-01T10:30:00.000Z');
  });
});
