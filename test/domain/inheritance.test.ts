import { inheritable, inheritance, marksOwn, ownPairs, samePeer, type NewSync } from '../../src/domain/inheritance';
import { planApply, type ApplyFacts } from '../../src/domain/apply-plan';
import { CONFLICT_HANDLERS } from '../../src/domain/conflict-policy';
import type { PeerRef, Sync } from '../../src/domain/sync';

const KEY = { kty: 'OKP' as const, crv: 'Ed25519' as const, x: 'k'.repeat(43) };
const peer = (over: { cloudId?: string; spaceId?: string; x?: string } = {}): PeerRef => ({
  site: { cloudId: over.cloudId ?? 'cloud-acme', url: 'https://acme.atlassian.net' },
  space: { id: over.spaceId ?? '10000', key: 'ENG', name: 'Engineering' },
  inbox: 'https://acme.example/inbox',
  key: { ...KEY, x: over.x ?? KEY.x },
  pairId: 'p'.repeat(22),
  syncName: 'Handbook',
});
const sync = (id: string, over: Partial<Sync> = {}): Sync => ({
  id,
  pairId: `pair-${id}`,
  name: `Sync ${id}`,
  message: '',
  role: 'destination',
  space: { id: '50000', key: 'PARTNER', name: 'Partner' },
  options: { blogPosts: true, comments: true, labels: true, attachments: true, mode: 'automatic', conflictPolicy: 'source-wins' },
  pageSync: { users: [], groups: [] },
  state: 'unpaired',
  createdAt: `2026-01-0${id.length}T00:00:00.000Z`,
  createdBy: 'acc',
  peer: peer(),
  ...over,
});
const next: NewSync = { id: 'new', role: 'destination', space: { id: '50000', key: 'PARTNER', name: '' }, peer: peer() };

describe('which earlier syncs a new pair inherits', () => {
  it('inherits an unpaired sync of the same space and role, paired with the same installation key, site and space', () => {
    expect(inheritance(next, [sync('old')])).toEqual([{ syncId: 'old', pairId: 'pair-old' }]);
  });

  it.each([
    ['another installation (another key) claiming the same site and space', { peer: peer({ x: 'z'.repeat(43) }) }],
    ['the same installation, another space', { peer: peer({ spaceId: '20000' }) }],
    ['the same key, another site', { peer: peer({ cloudId: 'cloud-other' }) }],
    ['a sync still active', { state: 'active' as const }],
    ['a sync paused', { state: 'paused' as const }],
    ['a sync awaiting import', { state: 'awaiting-import' as const, peer: undefined }],
    ['a sync of another space here', { space: { id: '60000', key: 'OTHER', name: 'Other' } }],
    ['a sync of the other role', { role: 'source' as const }],
  ])('inherits nothing from %s', (_what, over) => {
    expect(inheritance(next, [sync('old', over)])).toEqual([]);
    expect(inheritable(next, sync('old', over))).toBe(false);
  });

  it('never inherits itself', () => {
    expect(inheritance(next, [sync('new')])).toEqual([]);
  });

  it('lists the newest first, each followed by what it had inherited, each once', () => {
    const first = sync('a');
    const second = sync('bb', { inherits: [{ syncId: 'a', pairId: 'pair-a' }] });
    const stranger = sync('ccc', { peer: peer({ x: 'z'.repeat(43) }) });
    expect(inheritance(next, [first, stranger, second])).toEqual([
      { syncId: 'bb', pairId: 'pair-bb' },
      { syncId: 'a', pairId: 'pair-a' },
    ]);
  });

  it('compares the peer by key, site and space, nothing else (not the inbox, the names or the pair address)', () => {
    const moved = { ...peer(), inbox: 'https://elsewhere.example/inbox', pairId: 'q'.repeat(22), syncName: 'Renamed', space: { id: '10000', key: 'NEW', name: 'New name' } };
    expect(samePeer(peer(), moved)).toBe(true);
  });
});

describe('what an inheriting sync counts as its own', () => {
  const heir = { id: 'new', pairId: 'pair-new', inherits: [{ syncId: 'old', pairId: 'pair-old' }] };
  it('a mark naming itself or a sync it inherited; no other', () => {
    expect(marksOwn(heir, 'new')).toBe(true);
    expect(marksOwn(heir, 'old')).toBe(true);
    expect(marksOwn(heir, 'pair-old')).toBe(false);
    expect(marksOwn({ id: 'new' }, 'old')).toBe(false);
  });
  it('records under its own pair address first, then the inherited ones', () => {
    expect(ownPairs(heir)).toEqual(['pair-new', 'pair-old']);
    expect(ownPairs({ pairId: 'pair-new' })).toEqual(['pair-new']);
  });
});

describe('the apply plan for an inherited record', () => {
  const facts = (over: Partial<ApplyFacts> = {}): ApplyFacts => ({
    snapshot: { status: 'current', version: 3, hash: 'h', pageHash: 'ph', node: false },
    record: { sourceVersion: 3, hash: 'h', pageHash: 'ph', destVersion: 2, inherited: true },
    repair: false,
    onAhead: CONFLICT_HANDLERS['source-wins'],
    ...over,
  });
  it('inspects the copy even when the snapshot is unchanged (it may have been edited while unpaired)', () => {
    expect(planApply(facts())).toEqual({ kind: 'inspect' });
    expect(planApply(facts({ record: { sourceVersion: 3, hash: 'h', pageHash: 'ph', destVersion: 2 } }))).toEqual({ kind: 'unchanged' });
  });
  it('writes no page when the copy is as the earlier sync left it', () => {
    expect(planApply(facts({ copy: { state: 'current', version: 2 } }))).toEqual({ kind: 'parts', archive: false });
  });
  it('keeps an edit made while unpaired under keep-destination, overwrites it under source-wins', () => {
    expect(planApply(facts({ copy: { state: 'current', version: 5 }, onAhead: CONFLICT_HANDLERS['keep-destination'] }))).toEqual({ kind: 'keep-ahead', version: 5, removed: false });
    expect(planApply(facts({ copy: { state: 'current', version: 5 } }))).toEqual({ kind: 'update', overwrites: 5, archive: false });
  });
  it('makes the copy again when the earlier copy is gone or no longer provably its own', () => {
    expect(planApply(facts({ copy: { state: 'absent' } }))).toEqual({ kind: 'create', titled: 'source', archive: false });
    expect(planApply(facts({ copy: { state: 'foreign' } }))).toEqual({ kind: 'create', titled: 'source', archive: false });
  });
});
