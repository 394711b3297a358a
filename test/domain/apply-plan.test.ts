import { ownership, planApply, recordAfterCutOff, vouchesForCopy, type ApplyFacts, type FoundFacts, type RecordFacts } from '../../src/domain/apply-plan';
import { CONFLICT_HANDLERS, type AheadCopy } from '../../src/domain/conflict-policy';
import { interruptedCreate, type ApplyJournal } from '../../src/domain/apply-journal';

const snapshot = (over: Partial<ApplyFacts['snapshot']> = {}): ApplyFacts['snapshot'] => ({ status: 'current', version: 5, hash: 'h5', pageHash: 'p5', node: false, ...over });
const record = (over: Partial<RecordFacts> = {}): RecordFacts => ({ sourceVersion: 4, hash: 'h4', pageHash: 'p4', destVersion: 7, ...over });
const overwrite = CONFLICT_HANDLERS['source-wins'];
const keep = CONFLICT_HANDLERS['keep-destination'];
const facts = (over: Partial<ApplyFacts> = {}): ApplyFacts => ({ snapshot: snapshot(), record: record(), repair: false, onAhead: overwrite, ...over });
const current = (version = 7) => ({ state: 'current' as const, version });
const found = (over: Partial<FoundFacts> = {}): FoundFacts => ({ createdByApp: true, origin: 'none', mark: 'this', asWritten: false, clash: false, ...over });
const cutOffCreate: ApplyFacts['journal'] = { phase: 'planned', step: 'create' };

describe('planApply: what the snapshot and the record alone decide', () => {
  it('ignores a snapshot older than the one recorded', () => {
    expect(planApply(facts({ snapshot: snapshot({ version: 3 }) }))).toEqual({ kind: 'stale' });
    // Older loses even when it would remove the copy.
    expect(planApply(facts({ snapshot: snapshot({ version: 3, status: 'trashed' }) }))).toEqual({ kind: 'stale' });
  });

  it('does nothing for the snapshot last committed, without reading the copy', () => {
    expect(planApply(facts({ snapshot: snapshot({ hash: 'h4' }) }))).toEqual({ kind: 'unchanged' });
  });

  it('looks at the copy again for that snapshot when an apply did not commit, or on re-sync everything', () => {
    expect(planApply(facts({ snapshot: snapshot({ hash: 'h4' }), journal: { phase: 'page-written', step: 'update' } }))).toEqual({ kind: 'inspect' });
    expect(planApply(facts({ snapshot: snapshot({ hash: 'h4' }), repair: true }))).toEqual({ kind: 'inspect' });
  });

  it('has nothing to do for an item removed at the source that was never copied', () => {
    for (const status of ['trashed', 'deleted', 'moved'] as const) expect(planApply(facts({ snapshot: snapshot({ status }), record: undefined }))).toEqual({ kind: 'gone' });
  });

  it('makes a copy of an item with no record, archived afterwards when its original is', () => {
    expect(planApply(facts({ record: undefined }))).toEqual({ kind: 'create', titled: 'source', archive: false });
    expect(planApply(facts({ record: undefined, snapshot: snapshot({ status: 'archived' }) }))).toEqual({ kind: 'create', titled: 'source', archive: true });
  });

  it('reads the copy before deciding anything else', () => {
    expect(planApply(facts())).toEqual({ kind: 'inspect' });
    expect(planApply(facts({ snapshot: snapshot({ status: 'trashed' }) }))).toEqual({ kind: 'inspect' });
  });
});

describe('planApply: an update written without reading the copy', () => {
  const vouched = record({ vouched: true });
  const unread = { kind: 'update', archive: false, unread: true };

  it('writes a changed page of a copy its record vouches for, against the recorded version', () => {
    expect(planApply(facts({ record: vouched }))).toEqual(unread);
    expect(planApply(facts({ record: vouched, onAhead: keep }))).toEqual(unread);
  });

  it('reads the copy first for anything else', () => {
    const reads = (over: Partial<ApplyFacts>) => expect(planApply(facts({ record: vouched, ...over }))).toEqual({ kind: 'inspect' });
    reads({ record: record() });
    reads({ record: record({ vouched: true, inherited: true }) });
    reads({ record: record({ vouched: true, archived: true }) });
    reads({ record: record({ vouched: true, pageHash: undefined }) });
    reads({ journal: { phase: 'planned', step: 'update' } });
    reads({ repair: true });
    reads({ unreadMissed: true });
    reads({ snapshot: snapshot({ status: 'archived' }) });
    reads({ snapshot: snapshot({ node: true }) });
    // Comments or files alone: no page is written, and the parts go to the copy as it stands.
    reads({ snapshot: snapshot({ pageHash: 'p4' }) });
    reads({ snapshot: snapshot({ status: 'trashed' }) });
  });

  it('vouchesForCopy: synced as the app wrote it, its title known, nobody’s change seen since', () => {
    const synced = { title: 'Guide' };
    expect(vouchesForCopy(synced)).toBe(true);
    expect(vouchesForCopy({})).toBe(false);
    for (const over of [{ status: 'ahead' }, { status: 'failed' }, { status: 'deleted' }, { lookFirst: true }, { review: { generation: 'g' } }, { unmovable: true }, { archived: true }]) expect(vouchesForCopy({ ...synced, ...over })).toBe(false);
  });
});

describe('planApply: removed at the source', () => {
  const removed = (over: Partial<ApplyFacts>) => planApply(facts({ snapshot: snapshot({ status: 'trashed' }), ...over }));

  it('trashes a current copy the app last wrote', () => {
    expect(removed({ copy: current() })).toEqual({ kind: 'remove', trash: true });
  });

  it('only records the removal when the copy is not current or not provably ours', () => {
    for (const copy of [{ state: 'absent' as const }, { state: 'foreign' as const }, { state: 'trashed' as const, version: 8 }, { state: 'archived' as const, version: 8 }]) {
      expect(removed({ copy })).toEqual({ kind: 'remove', trash: false });
    }
  });

  it('asks the policy about a copy edited here: keep destination keeps it out of the trash', () => {
    const asked: AheadCopy[] = [];
    expect(removed({ copy: current(9), onAhead: (c) => (asked.push(c), keep(c)) })).toEqual({ kind: 'keep-ahead', version: 9, removed: true });
    expect(asked).toEqual([{ version: 9, change: 'removal' }]);
    expect(removed({ copy: current(9), onAhead: overwrite })).toEqual({ kind: 'remove', trash: true });
  });
});

describe('planApply: a recorded copy', () => {
  it('makes the copy again when it is gone or no longer provably this pair’s', () => {
    expect(planApply(facts({ copy: { state: 'absent' } }))).toEqual({ kind: 'create', titled: 'source', archive: false });
    expect(planApply(facts({ copy: { state: 'foreign' } }))).toEqual({ kind: 'create', titled: 'source', archive: false });
  });

  it('updates a copy whose page changed', () => {
    expect(planApply(facts({ copy: current() }))).toEqual({ kind: 'update', archive: false });
  });

  it('writes only the parts when the page itself did not change, and archives a copy whose original is archived', () => {
    expect(planApply(facts({ record: record({ pageHash: 'p5' }), copy: current() }))).toEqual({ kind: 'parts', archive: false });
    expect(planApply(facts({ record: record({ pageHash: 'p5' }), snapshot: snapshot({ status: 'archived' }), copy: current() }))).toEqual({ kind: 'parts', archive: true });
    expect(planApply(facts({ snapshot: snapshot({ status: 'archived' }), copy: current() }))).toEqual({ kind: 'update', archive: true });
  });

  it('asks the policy about a copy edited here: source wins overwrites, keep destination keeps', () => {
    const asked: AheadCopy[] = [];
    expect(planApply(facts({ copy: current(8), onAhead: (c) => (asked.push(c), overwrite(c)) }))).toEqual({ kind: 'update', overwrites: 8, archive: false });
    expect(asked).toEqual([{ version: 8, change: 'update' }]);
    expect(planApply(facts({ copy: current(8), onAhead: keep }))).toEqual({ kind: 'keep-ahead', version: 8, removed: false });
    // Edited here but the page unchanged at the source: still a conflict, not parts only.
    expect(planApply(facts({ record: record({ pageHash: 'p5' }), copy: current(8), onAhead: keep }))).toEqual({ kind: 'keep-ahead', version: 8, removed: false });
  });

  it('under review, the source’s change waits beside a copy edited here; a removal keeps the copy', () => {
    const review = CONFLICT_HANDLERS.review;
    expect(planApply(facts({ copy: current(8), onAhead: review }))).toEqual({ kind: 'review-wait', version: 8 });
    expect(planApply(facts({ record: record({ pageHash: 'p5' }), copy: current(8), onAhead: review }))).toEqual({ kind: 'review-wait', version: 8 });
    // Not edited here: nothing to review, the copy is written.
    expect(planApply(facts({ copy: current(), onAhead: review }))).toEqual({ kind: 'update', archive: false });
    expect(planApply(facts({ snapshot: snapshot({ status: 'trashed' }), copy: current(8), onAhead: review }))).toEqual({ kind: 'keep-ahead', version: 8, removed: true });
  });

  it('restores a trashed page; a trashed folder (no restore in the API) is made again', () => {
    expect(planApply(facts({ copy: { state: 'trashed', version: 8 } }))).toEqual({ kind: 'restore', archive: false });
    expect(planApply(facts({ copy: { state: 'trashed', version: 8 }, snapshot: snapshot({ status: 'archived' }) }))).toEqual({ kind: 'restore', archive: true });
    expect(planApply(facts({ copy: { state: 'trashed', version: 8 }, snapshot: snapshot({ node: true }) }))).toEqual({ kind: 'create', titled: 'source', archive: false });
  });

  it('follows the archive-rule: both archived writes nothing; back at the source brings back only a copy the app archived', () => {
    const archived = { state: 'archived' as const, version: 8 };
    expect(planApply(facts({ copy: archived, snapshot: snapshot({ status: 'archived' }), record: record({ archived: true }) }))).toEqual({ kind: 'parts', archive: false });
    expect(planApply(facts({ copy: archived, record: record({ archived: true }) }))).toEqual({ kind: 'unarchive' });
    expect(planApply(facts({ copy: archived }))).toEqual({ kind: 'archive-blocked', version: 8 });
  });
});

describe('planApply: a page found by title', () => {
  const create = (over: Partial<ApplyFacts>) => planApply(facts({ record: undefined, ...over }));

  it('looks for the page a cut-off create may have made before creating again', () => {
    expect(create({ journal: cutOffCreate })).toEqual({ kind: 'look-up' });
    expect(create({ journal: { phase: 'planned', step: 'adopt' } })).toEqual({ kind: 'look-up' });
    // A recorded copy gone here, made again after a cut-off attempt: looked for too.
    expect(planApply(facts({ journal: cutOffCreate, copy: { state: 'absent' } }))).toEqual({ kind: 'look-up' });
    expect(create({ journal: cutOffCreate, found: null })).toEqual({ kind: 'create', titled: 'source', archive: false });
  });

  it('adopts the cut-off create’s page: marking it when the mark was never written, writing it unless it reads as written', () => {
    expect(create({ journal: cutOffCreate, found: found() })).toEqual({ kind: 'adopt', mark: false, write: true, archive: false });
    expect(create({ journal: cutOffCreate, found: found({ mark: 'none' }) })).toEqual({ kind: 'adopt', mark: true, write: true, archive: false });
    expect(create({ journal: cutOffCreate, found: found({ asWritten: true }), snapshot: snapshot({ status: 'archived' }) })).toEqual({ kind: 'adopt', mark: false, write: false, archive: true });
  });

  it('creates beside a page that is not provably ours, under the clash title once the create is refused', () => {
    expect(create({ journal: cutOffCreate, found: found({ createdByApp: false }) })).toEqual({ kind: 'create', titled: 'source', archive: false });
    expect(create({ found: found({ createdByApp: false, clash: true }) })).toEqual({ kind: 'create', titled: 'clash', archive: false });
    expect(create({ found: found({ origin: 'other', clash: true }) })).toEqual({ kind: 'create', titled: 'clash', archive: false });
  });

  it('adopts a clashing page only when it is marked as this item’s copy (no cut-off create: an unmarked one is not ours)', () => {
    expect(create({ found: found({ clash: true }) })).toEqual({ kind: 'adopt', mark: false, write: true, archive: false });
    expect(create({ found: found({ clash: true, mark: 'none' }) })).toEqual({ kind: 'create', titled: 'clash', archive: false });
    // Reading as written counts only for a cut-off create's own page.
    expect(create({ found: found({ clash: true, asWritten: true }) })).toEqual({ kind: 'adopt', mark: false, write: true, archive: false });
  });
});

describe('ownership', () => {
  const page = (over: Partial<FoundFacts> = {}) => found(over);

  it('needs the app as author and no other record naming the page', () => {
    expect(ownership(page({ createdByApp: false }), true)).toBeUndefined();
    expect(ownership(page({ origin: 'other' }), true)).toBeUndefined();
    expect(ownership(page({ origin: 'this' }), false)).toBe('marked');
  });

  it('then trusts the mark, and a missing mark only for a cut-off create', () => {
    expect(ownership(page({ mark: 'this' }), false)).toBe('marked');
    expect(ownership(page({ mark: 'other' }), true)).toBeUndefined();
    expect(ownership(page({ mark: 'none' }), true)).toBe('unmarked');
    expect(ownership(page({ mark: 'none' }), false)).toBeUndefined();
  });
});

describe('recordAfterCutOff', () => {
  const journal: Pick<ApplyJournal, 'step' | 'pageHash'> = { step: 'update', pageHash: 'p5' };

  it('takes the version and page of a copy that reads as the cut-off apply wrote it', () => {
    expect(recordAfterCutOff(record(), current(8), journal, true)).toEqual(record({ destVersion: 8, pageHash: 'p5' }));
    expect(recordAfterCutOff(record({ archived: true }), current(8), { step: 'unarchive', pageHash: 'p5' }, true)).toEqual(record({ destVersion: 8, pageHash: 'p5', archived: false }));
  });

  it('leaves the record be otherwise: an edit made here stays an edit', () => {
    expect(recordAfterCutOff(record(), current(8), journal, false)).toEqual(record());
    expect(recordAfterCutOff(record(), current(8), undefined, true)).toEqual(record());
    expect(recordAfterCutOff(record(), { state: 'trashed', version: 8 }, journal, true)).toEqual(record());
  });
});

describe('journal and policies', () => {
  it('counts only a planned create or adopt as a create that may have made an unrecorded page', () => {
    expect(interruptedCreate({ phase: 'planned', step: 'create' })).toBe(true);
    expect(interruptedCreate({ phase: 'planned', step: 'adopt' })).toBe(true);
    expect(interruptedCreate({ phase: 'page-written', step: 'create' })).toBe(false);
    expect(interruptedCreate({ phase: 'planned', step: 'update' })).toBe(false);
    expect(interruptedCreate(undefined)).toBe(false);
  });

  it('has one handler per conflict policy', () => {
    expect(CONFLICT_HANDLERS['source-wins']({ version: 3, change: 'update' })).toBe('overwrite');
    expect(CONFLICT_HANDLERS['source-wins']({ version: 3, change: 'removal' })).toBe('overwrite');
    expect(CONFLICT_HANDLERS['keep-destination']({ version: 3, change: 'update' })).toBe('keep');
    expect(CONFLICT_HANDLERS['keep-destination']({ version: 3, change: 'removal' })).toBe('keep');
    expect(CONFLICT_HANDLERS.review({ version: 3, change: 'update' })).toBe('review');
    expect(CONFLICT_HANDLERS.review({ version: 3, change: 'removal' })).toBe('keep');
    expect(Object.keys(CONFLICT_HANDLERS).sort()).toEqual(['keep-destination', 'review', 'source-wins']);
  });
});

/**
 * A re-pair's first apply of an item takes over the earlier sync's record; killed before its
 * first record write, the retry has this pair's journal and the earlier record (not its own).
 * The planner must be given both: from the journal alone it would make the copy again.
 */
describe('planApply: an inherited record with the journal of a cut-off take-over', () => {
  const inherited = (over: Partial<RecordFacts> = {}) => record({ inherited: true, ...over });
  const cutOffUpdate: ApplyJournal = { phase: 'planned', step: 'update', hash: 'h5', pageHash: 'p5', sourceVersion: 5, wrote: 'w', at: 'now' };

  it('inspects the inherited copy, even for the snapshot the journal holds', () => {
    expect(planApply(facts({ record: inherited(), journal: cutOffUpdate }))).toEqual({ kind: 'inspect' });
    expect(planApply(facts({ record: inherited({ hash: 'h5' }), journal: cutOffUpdate }))).toEqual({ kind: 'inspect' });
  });

  it('writes no page again when the copy reads as the cut-off take-over wrote it, whatever the policy', () => {
    const copy = current(8);
    const after = recordAfterCutOff(inherited(), copy, cutOffUpdate, true);
    expect(after).toMatchObject({ inherited: true, destVersion: 8, pageHash: 'p5' });
    for (const onAhead of [overwrite, keep, CONFLICT_HANDLERS.review]) expect(planApply(facts({ record: after, journal: cutOffUpdate, copy, onAhead }))).toEqual({ kind: 'parts', archive: false });
  });

  it('writes the page when the cut-off take-over never did (the copy as the earlier sync left it)', () => {
    expect(planApply(facts({ record: recordAfterCutOff(inherited(), current(), cutOffUpdate, false), journal: cutOffUpdate, copy: current() }))).toEqual({ kind: 'update', archive: false });
  });

  it('still treats an edit made here as one: a copy that does not read as written is ahead', () => {
    const after = recordAfterCutOff(inherited(), current(8), cutOffUpdate, false);
    expect(planApply(facts({ record: after, journal: cutOffUpdate, copy: current(8), onAhead: keep }))).toEqual({ kind: 'keep-ahead', version: 8, removed: false });
  });

  it('adopts the page a cut-off create made for an inherited copy that was gone', () => {
    const f = facts({ record: inherited(), journal: cutOffCreate, copy: { state: 'absent' } });
    expect(planApply(f)).toEqual({ kind: 'look-up' });
    expect(planApply({ ...f, found: found({ mark: 'none', asWritten: true }) })).toEqual({ kind: 'adopt', mark: true, write: false, archive: false });
  });

  it('removes the inherited copy when its original was trashed, whatever the journal of an earlier update says', () => {
    expect(planApply(facts({ record: inherited(), journal: cutOffUpdate, snapshot: snapshot({ status: 'trashed' }), copy: current() }))).toEqual({ kind: 'remove', trash: true });
  });

  it('would make the copy again from the journal alone: why the inherited record must be read with it', () => {
    expect(planApply(facts({ record: undefined, journal: cutOffUpdate }))).toEqual({ kind: 'create', titled: 'source', archive: false });
  });
});
