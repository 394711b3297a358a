import { catchUpReason, SyncOptions, type Sync } from '../../src/domain/sync';
import { SyncScope } from '../../src/domain/sync-scope';

describe('catchUpReason', () => {
  const base: Sync = {
    id: 's1',
    pairId: 'p1',
    name: 'Handbook',
    message: '',
    role: 'source',
    space: { id: '1', key: 'ENG', name: 'Engineering' },
    options: SyncOptions.parse({}),
    pageSync: { users: [], groups: [] },
    state: 'active',
    createdAt: '2026-12-01T00:00:00.000Z',
    createdBy: 'acc-admin',
  };
  const withOptions = (options: Partial<Sync['options']>): Sync => ({ ...base, options: { ...base.options, ...options } });

  it('catches up a source that runs again after a pause, held by either side', () => {
    expect(catchUpReason({ ...base, state: 'paused', pausedBy: ['destination'] }, base)).toBe('resumed');
    expect(catchUpReason({ ...base, state: 'paused', pausedBy: ['source'] }, base)).toBe('resumed');
  });

  it('catches up when a part is switched on, or a manual sync becomes automatic', () => {
    for (const part of ['blogPosts', 'comments', 'labels', 'attachments'] as const) expect(catchUpReason(withOptions({ [part]: false }), base)).toBe('options');
    expect(catchUpReason(withOptions({ mode: 'manual' }), base)).toBe('options');
  });

  it('does nothing when nothing was left behind: a part switched off, a policy changed, or no change', () => {
    expect(catchUpReason(base, withOptions({ comments: false }))).toBeUndefined();
    expect(catchUpReason(base, withOptions({ conflictPolicy: 'keep-destination' }))).toBeUndefined();
    expect(catchUpReason(base, withOptions({ mode: 'manual' }))).toBeUndefined();
    expect(catchUpReason(base, base)).toBeUndefined();
  });

  it('never on the destination, nor on a sync that is not running', () => {
    expect(catchUpReason({ ...base, role: 'destination', state: 'paused' }, { ...base, role: 'destination' })).toBeUndefined();
    expect(catchUpReason({ ...base, state: 'paused' }, { ...base, state: 'paused', pausedBy: ['destination'] })).toBeUndefined();
    expect(catchUpReason(withOptions({ comments: false }), { ...base, state: 'unpaired' })).toBeUndefined();
  });

  it('catches up when the scope changes (entered items are sent, left ones kept or trashed), not when it is saved unchanged', () => {
    const scope = SyncScope.parse({ roots: ['10'] });
    expect(catchUpReason(base, { ...base, scope })).toBe('scope');
    expect(catchUpReason({ ...base, scope }, base)).toBe('scope');
    expect(catchUpReason({ ...base, scope }, { ...base, scope: SyncScope.parse({ roots: ['10'] }) })).toBeUndefined();
    expect(catchUpReason({ ...base, scope }, { ...base, role: 'destination', scope: SyncScope.parse({}) })).toBeUndefined();
  });
});
