import { archiveStep } from '../../src/domain/archive-rule';

describe('archiveStep', () => {
  it('archives a current copy of an archived original, and leaves an archived copy be', () => {
    expect(archiveStep('archived', 'current', false)).toBe('archive');
    expect(archiveStep('archived', 'archived', true)).toBe('none');
    expect(archiveStep('archived', 'archived', false)).toBe('none');
  });

  it('brings back only a copy the app archived itself; one archived here otherwise is for an admin', () => {
    expect(archiveStep('current', 'archived', true)).toBe('unarchive');
    expect(archiveStep('current', 'archived', false)).toBe('blocked');
  });

  it('does nothing when neither is archived', () => {
    expect(archiveStep('current', 'current', false)).toBe('none');
    expect(archiveStep('current', 'current', true)).toBe('none');
  });
});
