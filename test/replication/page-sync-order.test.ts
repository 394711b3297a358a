import { pageSyncStatus, type PageSyncDeps } from '../../src/replication/page-sync';
import type { Sync } from '../../src/domain/sync';

/** The page action lists a page's syncs in one order on every page: paired first, then by name, stably. */
describe('the order of a page’s syncs', () => {
  const peer = (key: string): NonNullable<Sync['peer']> => ({
    site: { cloudId: 'other', url: 'https://globex.atlassian.net' },
    space: { id: '9', key, name: `${key} space` },
    inbox: 'https://globex.example/inbox',
    key: { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) },
    pairId: 'p'.repeat(22),
    syncName: key,
  });
  const sync = (id: string, name: string, role: Sync['role'], state: Sync['state']): Sync => ({
    id,
    pairId: `${id}`.padEnd(22, 'x'),
    name,
    message: '',
    role,
    space: { id: '1', key: 'ENG', name: 'Engineering' },
    options: { blogPosts: true, comments: true, labels: true, attachments: true, mode: 'automatic', conflictPolicy: 'source-wins' },
    pageSync: { users: [], groups: [] },
    state,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'a',
    peer: peer(name.toUpperCase()),
    ...(state === 'paused' ? { pausedBy: ['source' as const] } : {}),
  });

  it('puts the paired syncs before an ended one, whichever side the page is on, and names them in order', async () => {
    // This page is a copy from "Alpha", since unpaired, and this space sends it with "Zeta" and "Beta".
    const incoming = sync('in', 'Alpha', 'destination', 'unpaired');
    const outgoing = [sync('z', 'Zeta', 'source', 'active'), sync('b', 'Beta', 'source', 'paused'), sync('y', 'beta', 'source', 'active')];
    const deps: PageSyncDeps = {
      syncs: { listBySpace: async () => [...outgoing, incoming], findByPair: async (pairId: string) => (pairId === incoming.pairId ? incoming : undefined) },
      sent: { get: async () => undefined },
      copies: {
        origin: async () => ({ pairId: incoming.pairId, sourceId: '500' }),
        get: async () => ({ destId: '42', kind: 'page', sourceVersion: 3, destVersion: 4, hash: '', labels: [] }),
      },
      queue: { push: async () => undefined },
      access: { view: async () => ({ version: 4 }), children: async () => [], groupsOf: async () => [] },
      permissions: { isSpaceAdmin: async () => true },
      cloudId: 'acme',
    } as unknown as PageSyncDeps;
    const rows = await pageSyncStatus(deps, 'u1', { id: '42', kind: 'page', spaceId: '1' });
    expect(rows.map((r) => `${r.name} ${r.state}`)).toEqual(['beta active', 'Zeta active', 'Beta paused', 'Alpha unpaired']);
    expect(rows[3]).toMatchObject({ direction: 'incoming', pageVersion: 4, copyVersion: 4, syncedVersion: 3, syncNow: { offered: false, reason: 'unpaired' } });
    expect(rows[2].syncNow).toEqual({ offered: false, reason: 'paused', message: 'This sync is paused in this space; Sync now comes back when it is resumed.' });
  });
});
