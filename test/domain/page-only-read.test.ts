import { PAGE_ONLY_CAUSES, readsPageOnly, type LastDelivery } from '../../src/domain/page-only-read';

const last: LastDelivery = { status: 'synced', partsKey: 'parts-1' };
const choice = { cause: 'avi:confluence:updated:page', everything: false, copiesParts: true, last };

describe('readsPageOnly', () => {
  it('reads the page alone for an edit, a blog post edit, a move and a label change', () => {
    for (const cause of ['avi:confluence:updated:page', 'avi:confluence:updated:blogpost', 'avi:confluence:moved:page', 'avi:confluence:added:label', 'avi:confluence:removed:label']) {
      expect(readsPageOnly({ ...choice, cause })).toBe(true);
    }
    expect(PAGE_ONLY_CAUSES.size).toBe(5);
  });

  it('reads everything for comment, file, trash, restore, archive, create and scheduled causes', () => {
    for (const cause of ['avi:confluence:created:comment', 'avi:confluence:deleted:comment', 'avi:confluence:created:attachment', 'avi:confluence:trashed:attachment', 'avi:confluence:restored:page', 'avi:confluence:trashed:page', 'avi:confluence:archived:page', 'avi:confluence:created:page', 'avi:confluence:published:page', 'reconcile', 'full sync']) {
      expect(readsPageOnly({ ...choice, cause })).toBe(false);
    }
  });

  it('reads everything for a person, a repair or a re-read, and where the sync copies no parts', () => {
    expect(readsPageOnly({ ...choice, everything: true })).toBe(false);
    expect(readsPageOnly({ ...choice, copiesParts: false })).toBe(false);
  });

  it('reads everything unless the last delivery synced and recorded its parts key', () => {
    expect(readsPageOnly({ ...choice, last: undefined })).toBe(false);
    for (const status of ['failed', 'ahead', 'restricted', 'skipped', 'deleted']) expect(readsPageOnly({ ...choice, last: { ...last, status } })).toBe(false);
    expect(readsPageOnly({ ...choice, last: { status: 'synced' } })).toBe(false);
  });
});
