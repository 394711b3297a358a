import { countChange, countItems, NO_ITEMS } from '../../src/domain/item-counts';

describe('item counts', () => {
  it('counts records by status, skipped ones not at all, with the latest change', () => {
    const counts = countItems([
      { status: 'synced', at: '2026-01-02' },
      { status: 'synced', at: '2026-01-05' },
      { status: 'failed', at: '2026-01-03' },
      { status: 'skipped', at: '2026-01-09' },
    ]);
    expect(counts).toEqual({ ...NO_ITEMS, synced: 2, failed: 1, lastAt: '2026-01-09', syncedKinds: { page: 2 } });
  });

  it('moves an item from its old status to its new one, and adds a new item', () => {
    const start = { ...NO_ITEMS, synced: 2, failed: 1, lastAt: '2026-01-05', syncedKinds: { page: 2 } };
    expect(countChange(start, { status: 'failed' }, { status: 'synced', at: '2026-01-06' })).toEqual({ ...start, synced: 3, failed: 0, lastAt: '2026-01-06', syncedKinds: { page: 3 } });
    expect(countChange(start, undefined, { status: 'restricted', at: '2026-01-01' })).toEqual({ ...start, restricted: 1 });
    // The same status again (a newer version synced) only moves the time.
    expect(countChange(start, { status: 'synced' }, { status: 'synced', at: '2026-01-07' })).toEqual({ ...start, lastAt: '2026-01-07' });
  });

  it('never counts below zero when a record changed that the counts never saw', () => {
    expect(countChange(NO_ITEMS, { status: 'ahead' }, { status: 'synced', at: '2026-01-01' })).toEqual({ ...NO_ITEMS, synced: 1, lastAt: '2026-01-01', syncedKinds: { page: 1 } });
  });

  it('counts the synced items by kind, so the dashboard can say pages and blog posts', () => {
    const counts = countItems([
      { status: 'synced', at: '1', kind: 'page' },
      { status: 'synced', at: '2' },
      { status: 'synced', at: '3', kind: 'blogpost' },
      { status: 'failed', at: '4', kind: 'folder' },
    ]);
    expect(counts.syncedKinds).toEqual({ page: 2, blogpost: 1 });
    expect(countChange(counts, { status: 'synced', kind: 'blogpost' }, { status: 'deleted', at: '5', kind: 'blogpost' }).syncedKinds).toEqual({ page: 2 });
  });
});
