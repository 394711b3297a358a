import { copyCountChange, copyStatus, countCopies, fromRecordCount, movesCounts, recordsCounted, statusAfterApply, withCopyStatus } from '../../src/domain/copy-counts';

describe('copy counts at the destination', () => {
  it('reads a record with no status (written before statuses were kept) as synced', () => {
    expect(copyStatus({})).toBe('synced');
    expect(copyStatus({ status: 'ahead' })).toBe('ahead');
  });

  it('keeps the status an apply ended in, and leaves it for one the destination does not count', () => {
    expect(statusAfterApply('synced', 'ahead')).toBeUndefined();
    expect(statusAfterApply('ahead', undefined)).toBe('ahead');
    expect(statusAfterApply('failed', undefined)).toBe('failed');
    expect(statusAfterApply('deleted', 'ahead')).toBe('deleted');
    expect(statusAfterApply('skipped', 'ahead')).toBe('ahead');
  });

  it('writes a synced record with no status field', () => {
    expect(withCopyStatus({ kind: 'page', status: 'ahead' as const }, undefined)).toEqual({ kind: 'page' });
    expect(withCopyStatus({ kind: 'page' }, 'deleted')).toEqual({ kind: 'page', status: 'deleted' });
  });

  it('moves one record between statuses: a copy edited here, then its original trashed', () => {
    let counts = countCopies([{ kind: 'page' }, { kind: 'page' }, { kind: 'blogpost' }]);
    expect(counts).toMatchObject({ synced: 3, ahead: 0, deleted: 0, syncedKinds: { page: 2, blogpost: 1 } });
    counts = copyCountChange(counts, { kind: 'page' }, { kind: 'page', status: 'ahead' });
    expect(counts).toMatchObject({ synced: 2, ahead: 1, syncedKinds: { page: 1, blogpost: 1 } });
    counts = copyCountChange(counts, { kind: 'page', status: 'ahead' }, { kind: 'page', status: 'deleted' });
    expect(counts).toMatchObject({ synced: 2, ahead: 0, deleted: 1 });
    expect(recordsCounted(counts)).toBe(3);
  });

  it('counts a new record once, whatever its status', () => {
    expect(copyCountChange(countCopies([]), undefined, { kind: 'page', status: 'ahead' })).toMatchObject({ synced: 0, ahead: 1 });
  });

  it('takes a count kept before statuses as that many synced records', () => {
    expect(fromRecordCount(5)).toMatchObject({ synced: 5, ahead: 0, failed: 0, deleted: 0 });
  });

  it('says when a write leaves the counts as they are (no counter change needed)', () => {
    expect(movesCounts(undefined, {})).toBe(true);
    expect(movesCounts({ kind: 'page' }, { kind: 'page' })).toBe(false);
    expect(movesCounts({ kind: 'page', status: 'ahead' }, { kind: 'page', status: 'ahead' })).toBe(false);
    expect(movesCounts({ kind: 'page' }, { kind: 'page', status: 'failed' })).toBe(true);
  });
});
