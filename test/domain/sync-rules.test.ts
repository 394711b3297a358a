import { afterPairAction, allowedActions, compareSyncs, editableFields } from '../../src/domain/sync-rules';
import { summarize, type Sync } from '../../src/domain/sync';

const peer: NonNullable<Sync['peer']> = {
  site: { cloudId: 'globex', url: 'https://globex.atlassian.net' },
  space: { id: '2', key: 'PARTNER', name: 'Partner Docs' },
  inbox: 'https://globex.example/inbox',
  key: { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) },
  pairId: 'p'.repeat(22),
  syncName: 'Handbook',
};

function sync(over: Partial<Sync> = {}): Sync {
  return {
    id: 's1',
    pairId: 'q'.repeat(22),
    name: 'Handbook',
    message: '',
    role: 'source',
    space: { id: '1', key: 'ENG', name: 'Engineering' },
    options: { blogPosts: true, comments: true, labels: true, attachments: true, mode: 'automatic', conflictPolicy: 'source-wins' },
    pageSync: { users: [], groups: [] },
    state: 'active',
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'a',
    peer,
    ...over,
  };
}

describe('what each state of a sync allows, from one set of rules', () => {
  it.each<[string, Partial<Sync>, string[]]>([
    ['a source awaiting import', { state: 'awaiting-import', peer: undefined }, ['edit', 'get-token', 'email-token', 'delete']],
    ['a source with a claim to approve', { state: 'awaiting-approval' }, ['approve', 'decline', 'details', 'edit', 'notifications']],
    ['a destination waiting for approval', { role: 'destination', state: 'awaiting-approval' }, ['details', 'edit', 'notifications', 'unpair']],
    ['an active source', {}, ['details', 'edit', 'notifications', 'resync', 'verify', 'pause', 'unpair']],
    ['an active destination', { role: 'destination' }, ['details', 'edit', 'notifications', 'verify', 'pause', 'unpair']],
    ['a source paused here', { state: 'paused', pausedBy: ['source'] }, ['details', 'edit', 'notifications', 'resume', 'unpair']],
    ['a source paused by the destination only', { state: 'paused', pausedBy: ['destination'] }, ['details', 'edit', 'notifications', 'pause', 'unpair']],
    ['an unpaired destination', { role: 'destination', state: 'unpaired' }, ['details', 'edit', 'delete']],
    ['a source held by the mass-delete guard', { state: 'paused', pausedBy: ['source'], hold: { question: 'q', at: '', trashes: 25, copies: 30, percent: 83.3, items: [], more: 0 } }, ['details', 'edit', 'notifications', 'unpair', 'confirm-delete', 'undo-delete']],
    ['a destination held by the source’s guard', { role: 'destination', state: 'paused', pausedBy: ['source'], hold: { question: 'q', at: '', trashes: 25, copies: 30, percent: 83.3, items: [], more: 0 } }, ['details', 'edit', 'notifications', 'pause', 'unpair', 'confirm-delete', 'undo-delete']],
  ])('%s', (_, over, expected) => {
    expect(allowedActions(sync(over)).actions).toEqual(expected);
  });

  it('says why an action is not offered, in the words the use case refuses with', () => {
    const pausedThere = sync({ role: 'destination', state: 'paused', pausedBy: ['source'] });
    const { notOffered } = allowedActions(pausedThere);
    expect(notOffered.resume).toBe('The source space paused this sync; only its admins can resume it.');
    expect(afterPairAction(pausedThere, 'resume', 'destination')).toBe(notOffered.resume);
    expect(notOffered.delete).toBe('Unpair this sync before deleting it.');
    // Verify's reason says who can lift the pause: here only the source's admins can.
    expect(notOffered.verify).toBe('Verify needs an active sync: it can run again once the source space’s admins resume it.');
    expect(allowedActions(sync({ state: 'paused', pausedBy: ['source'] })).notOffered.verify).toBe('Verify needs an active sync: it can run again once you resume it.');
    expect(allowedActions(sync({ role: 'destination', state: 'paused', pausedBy: ['destination', 'source'] })).notOffered.verify).toBe(
      'Verify needs an active sync: it can run again once you and the source space’s admins resume it.',
    );
    expect(allowedActions(sync({ state: 'paused', pausedBy: ['source'], hold: { question: 'q', at: '', trashes: 25, copies: 30, percent: 83.3, items: [], more: 0 } })).notOffered.verify).toBe(
      'Verify needs an active sync: it can run again once the mass-delete question is answered.',
    );
    expect(allowedActions(sync({ state: 'awaiting-import', peer: undefined })).notOffered.details).toMatch(/once the other space has imported/);
    expect(allowedActions(sync({ state: 'awaiting-import', peer: undefined })).notOffered.notifications).toMatch(/once the other space has imported/);
  });

  it('lets the destination withdraw while it waits for approval, and the source answer with Approve or Decline', () => {
    const waiting = sync({ state: 'awaiting-approval' });
    expect(afterPairAction(waiting, 'unpair', 'destination')).toMatchObject({ state: 'unpaired' });
    expect(afterPairAction(waiting, 'unpair', 'source')).toBe('Approve or decline the claim instead.');
  });

  it('puts what Edit may change in the summary', () => {
    expect(summarize(sync({ role: 'destination' }), 'acme').editable).toEqual({ message: false, options: false, requireApproval: false });
    expect(summarize(sync({ state: 'awaiting-import', peer: undefined }), 'acme').editable).toEqual({ message: true, options: true, requireApproval: true });
    // Paired: the token (and the message it carries) was used, so Edit no longer offers the message.
    expect(summarize(sync({ state: 'active' }), 'acme').editable.message).toBe(false);
    expect(editableFields(sync({ state: 'unpaired' })).options).toEqual({ ok: false, reason: 'What to sync is chosen on the source side of an active sync.' });
  });

  it('puts in the summary whether Details show the Verify panel: while paired, running or paused', () => {
    const shows = (over: Partial<Sync>) => summarize(sync(over), 'acme').shows.verify;
    expect(shows({ state: 'active' })).toBe(true);
    // Paused: the panel shows, with Verify not offered and the reason why.
    expect(shows({ state: 'paused', pausedBy: ['source'] })).toBe(true);
    expect(summarize(sync({ state: 'paused', pausedBy: ['source'] }), 'acme').actions).not.toContain('verify');
    expect(shows({ role: 'destination', state: 'paused', pausedBy: ['source'] })).toBe(true);
    expect(shows({ state: 'awaiting-approval' })).toBe(false);
    expect(shows({ state: 'awaiting-import', peer: undefined })).toBe(false);
    expect(shows({ state: 'unpaired' })).toBe(false);
    expect(shows({ role: 'destination', state: 'unpaired' })).toBe(false);
  });

  it('orders paired syncs before waiting and ended ones, then by name, stably', () => {
    const rows = [
      sync({ id: 'e', name: 'Zeta', state: 'unpaired' }),
      sync({ id: 'd', name: 'alpha', state: 'awaiting-import' }),
      sync({ id: 'c', name: 'Beta', state: 'paused' }),
      sync({ id: 'b', name: 'beta', state: 'active', createdAt: '2026-02-01T00:00:00.000Z' }),
      sync({ id: 'a', name: 'Beta', state: 'active' }),
    ];
    expect(rows.sort(compareSyncs).map((s) => s.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
