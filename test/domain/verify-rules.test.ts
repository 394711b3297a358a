import { behindParts, compareItem, repairOf, resendScope, type CompareContext, type CopyFacts, type RecordedFacts, type SourceItemFacts } from '../../src/domain/verify-rules';

const source = (over: Partial<SourceItemFacts> = {}): SourceItemFacts => ({
  kind: 'page',
  status: 'current',
  hash: 'h1',
  pageHash: 'p1',
  title: 'Guide',
  parent: '100',
  labels: ['guide'],
  comments: ['c1', 'c2'],
  files: [{ id: 'att1', version: 2 }],
  ...over,
});
const record = (over: Partial<RecordedFacts> = {}): RecordedFacts => ({
  hash: 'h1',
  pageHash: 'p1',
  destVersion: 3,
  labels: ['guide'],
  comments: { c1: 'd1', c2: 'd2' },
  files: { att1: { destId: 'att9', version: 2, title: 'plan.pdf' } },
  ...over,
});
const copy = (over: Partial<Extract<CopyFacts, { version: number }>> = {}): CopyFacts => ({
  state: 'current',
  version: 3,
  title: 'Guide',
  parentId: '900',
  labels: ['guide', 'ours'],
  comments: new Set(['d1', 'd2']),
  files: new Set(['att9']),
  ...over,
});
const ctx = (over: Partial<CompareContext> = {}): CompareContext => ({ sourceSpaceKey: 'ENG', expectedParentId: '900', keepDestination: false, ...over });
const codes = (...args: Parameters<typeof compareItem>) => compareItem(...args).map((d) => d.code);

describe('compareItem', () => {
  it('finds nothing when the copy holds what the app wrote and the original has not changed', () => {
    expect(compareItem(source(), record(), copy(), ctx())).toEqual([]);
  });

  it('missing: the source has it, the destination has no record', () => {
    expect(codes(source(), undefined, undefined, ctx())).toEqual(['missing']);
    // An original in the trash never copied is not a difference.
    expect(codes(source({ status: 'trashed' }), undefined, undefined, ctx())).toEqual([]);
  });

  it('copy-deleted and copy-trashed: the recorded copy is gone, or in the trash, while the original is there', () => {
    expect(codes(source(), record(), { state: 'absent' }, ctx())).toEqual(['copy-deleted']);
    expect(codes(source(), record(), { state: 'trashed' }, ctx())).toEqual(['copy-trashed']);
    expect(codes(source({ status: 'archived' }), record(), { state: 'trashed' }, ctx())).toEqual(['copy-trashed']);
  });

  it('an original trashed or moved away matches a copy that is gone or in the trash', () => {
    for (const status of ['trashed', 'moved'] as const) {
      expect(codes(source({ status }), record(), { state: 'absent' }, ctx())).toEqual([]);
      expect(codes(source({ status }), record(), { state: 'trashed' }, ctx())).toEqual([]);
      expect(codes(source({ status }), record(), copy({ state: 'archived' }), ctx())).toEqual([]);
    }
  });

  it('behind: an original trashed or moved away whose copy is still here', () => {
    expect(compareItem(source({ status: 'trashed' }), record(), copy(), ctx())).toEqual([{ code: 'behind', facts: { what: ['trash'] } }]);
    expect(compareItem(source({ status: 'moved' }), record(), copy(), ctx())).toEqual([{ code: 'behind', facts: { what: ['moved'] } }]);
  });

  it('ahead: the copy was edited since the app wrote it; kept when the sync keeps destination changes', () => {
    expect(compareItem(source(), record(), copy({ version: 5 }), ctx())).toEqual([{ code: 'ahead', facts: { copyVersion: 5, appVersion: 3, kept: false } }]);
    expect(compareItem(source(), record(), copy({ version: 5 }), ctx({ keepDestination: true }))).toEqual([{ code: 'ahead', facts: { copyVersion: 5, appVersion: 3, kept: true } }]);
    expect(compareItem(source(), record(), copy({ version: 5 }), ctx({ keepDestination: true, review: true }))).toEqual([{ code: 'ahead', facts: { copyVersion: 5, appVersion: 3, kept: true, review: true } }]);
    // An edited copy kept from the trash is AHEAD, not behind.
    expect(compareItem(source({ status: 'trashed' }), record(), copy({ version: 5 }), ctx({ keepDestination: true }))).toEqual([{ code: 'ahead', facts: { copyVersion: 5, appVersion: 3, kept: true } }]);
  });

  it('ahead and behind both when the source wins; a kept copy does not count as behind', () => {
    expect(codes(source({ hash: 'h2' }), record(), copy({ version: 5 }), ctx())).toEqual(['ahead', 'behind']);
    expect(codes(source({ hash: 'h2' }), record(), copy({ version: 5 }), ctx({ keepDestination: true }))).toEqual(['ahead']);
  });

  it('behind: changed at the source and not applied, saying what changed', () => {
    expect(compareItem(source({ hash: 'h2', pageHash: 'p2' }), record(), copy(), ctx())).toEqual([{ code: 'behind', facts: { what: ['page'] } }]);
    // An item never applied whole (its hash left empty) is behind too.
    expect(codes(source(), record({ hash: '' }), copy(), ctx())).toEqual(['behind']);
  });

  it('says which parts are behind, and comments when nothing it can see explains it', () => {
    expect(behindParts(source({ comments: ['c1', 'c2', 'c3'] }), record())).toEqual(['comments']);
    expect(behindParts(source({ files: [{ id: 'att1', version: 3 }] }), record())).toEqual(['files']);
    expect(behindParts(source({ status: 'archived' }), record())).toEqual(['archive']);
    expect(behindParts(source({ pageHash: 'p2', files: [] }), record())).toEqual(['page', 'files']);
    expect(behindParts(source({ hash: 'h2' }), record())).toEqual(['comments']);
  });

  it('copy-archived: archived here by someone while the original is current', () => {
    expect(codes(source(), record(), copy({ state: 'archived' }), ctx())).toEqual(['copy-archived']);
    // The app archived it (its original was archived) and the original is back: behind, for the apply to bring it back.
    expect(compareItem(source({ hash: 'h2' }), record({ archived: true }), copy({ state: 'archived' }), ctx())).toEqual([{ code: 'behind', facts: { what: ['archive'] } }]);
  });

  it('title: the copy is titled otherwise, unless it keeps the title a clash gave it', () => {
    expect(compareItem(source(), record(), copy({ title: 'Our guide' }), ctx())).toEqual([{ code: 'title', facts: { copyTitle: 'Our guide' } }]);
    expect(codes(source(), record(), copy({ title: 'Guide (ENG)' }), ctx())).toEqual([]);
  });

  it('place: under another parent than the copy of the original’s, unless that parent has no copy yet', () => {
    expect(codes(source(), record(), copy({ parentId: '901' }), ctx())).toEqual(['place']);
    expect(codes(source(), record(), copy({ parentId: '901' }), ctx({ expectedParentId: undefined }))).toEqual([]);
    // Blog posts have no place in the tree.
    expect(codes(source({ kind: 'blogpost' }), record(), copy({ parentId: undefined }), ctx())).toEqual([]);
  });

  it('title and place of a node whose rename or move Confluence refused: reported as such, and no repair offered', () => {
    const refused = record({ unmovable: true });
    expect(compareItem(source({ kind: 'folder' }), refused, copy({ title: 'Teams', parentId: '901' }), ctx())).toEqual([
      { code: 'title', facts: { copyTitle: 'Teams', unmovable: true } },
      { code: 'place', facts: { unmovable: true } },
    ]);
    for (const diff of compareItem(source({ kind: 'folder' }), refused, copy({ title: 'Teams', parentId: '901' }), ctx())) {
      expect(repairOf(diff, 'source')).toBeUndefined();
      expect(repairOf(diff, 'destination')).toBeUndefined();
    }
    // Put right by hand: nothing to report.
    expect(codes(source({ kind: 'folder' }), refused, copy(), ctx())).toEqual([]);
  });

  it('title and place are not reported for a copy edited here or behind: those explain them', () => {
    expect(codes(source(), record(), copy({ version: 4, title: 'Ours', parentId: '901' }), ctx())).toEqual(['ahead']);
    expect(codes(source({ hash: 'h2' }), record(), copy({ title: 'Ours', parentId: '901' }), ctx())).toEqual(['behind']);
  });

  it('labels: labels the app put on the copy that are gone from it, of those the original still has', () => {
    expect(compareItem(source({ labels: ['guide', 'setup'] }), record({ labels: ['guide', 'setup'] }), copy({ labels: ['ours'] }), ctx())).toEqual([{ code: 'labels', facts: { names: ['guide', 'setup'], count: 2 } }]);
    // Removed at the source as well: nothing to put back.
    expect(codes(source({ labels: [], hash: 'h2' }), record(), copy({ labels: [] }), ctx())).toEqual(['behind']);
    // Never applied yet: behind, not missing.
    expect(codes(source({ labels: ['guide', 'new'], hash: 'h2' }), record(), copy(), ctx())).toEqual(['behind']);
  });

  it('comment-missing: recorded comment copies gone from the copy, of comments the original still has', () => {
    expect(compareItem(source(), record(), copy({ comments: new Set(['d2']) }), ctx())).toEqual([{ code: 'comment-missing', facts: { count: 1 } }]);
    expect(codes(source({ comments: ['c2'], hash: 'h2' }), record(), copy({ comments: new Set(['d2']) }), ctx())).toEqual(['behind']);
    // The sync leaves comments out: the original lists none, so none are checked.
    expect(codes(source({ comments: undefined }), record(), copy({ comments: new Set() }), ctx())).toEqual([]);
  });

  it('comment-changed: a recorded comment copy at another version than the app wrote, counted', () => {
    const comments = record().comments;
    const [sourceId, destId] = Object.entries(comments)[0];
    const wrote = record({ commentVersions: { [sourceId]: 1 } });
    expect(compareItem(source(), wrote, copy({ commentVersions: new Map([[destId, 2]]) }), ctx())).toEqual([{ code: 'comment-changed', facts: { count: 1 } }]);
    expect(compareItem(source(), wrote, copy({ commentVersions: new Map([[destId, 1]]) }), ctx())).toEqual([]);
    // A record from before the copy's version was kept cannot tell.
    expect(compareItem(source(), record(), copy({ commentVersions: new Map([[destId, 2]]) }), ctx())).toEqual([]);
    expect(resendScope(['comment-changed'])).toEqual({ recheck: true, resendFiles: false });
  });

  it('file-changed: a recorded file copy at another version than the app uploaded, by its name', () => {
    const uploaded = record({ files: { att1: { destId: 'att9', version: 2, title: 'plan.pdf', destVersion: 1 } } });
    expect(compareItem(source(), uploaded, copy({ fileVersions: new Map([['att9', 2]]) }), ctx())).toEqual([{ code: 'file-changed', facts: { names: ['plan.pdf'], count: 1 } }]);
    expect(compareItem(source(), uploaded, copy({ fileVersions: new Map([['att9', 1]]) }), ctx())).toEqual([]);
    // A record from before the copy's version was kept cannot tell.
    expect(compareItem(source(), record(), copy({ fileVersions: new Map([['att9', 2]]) }), ctx())).toEqual([]);
    expect(resendScope(['file-changed'])).toEqual({ recheck: true, resendFiles: true });
  });

  it('file-missing: recorded file copies gone from the copy, by their names', () => {
    expect(compareItem(source(), record(), copy({ files: new Set() }), ctx())).toEqual([{ code: 'file-missing', facts: { names: ['plan.pdf'], count: 1 } }]);
  });

  it('takes a part id named after Object’s members for just an id', () => {
    const named = source({ comments: ['constructor', 'toString'], files: [{ id: 'constructor', version: 1 }, { id: 'hasOwnProperty', version: 1 }] });
    expect(() => compareItem(named, record(), copy(), ctx())).not.toThrow();
    expect(codes({ ...named, hash: 'h1' }, record(), copy(), ctx())).toEqual([]);
  });

  it('reports nothing for an item the source cannot read: that is the source’s to say', () => {
    expect(compareItem(source({ status: 'unreadable' }), record(), { state: 'absent' }, ctx())).toEqual([]);
  });

  it('lists state first, then parts', () => {
    expect(codes(source(), record(), copy({ version: 4, labels: [], comments: new Set(), files: new Set() }), ctx())).toEqual(['ahead', 'labels', 'comment-missing', 'file-missing']);
  });
});

describe('repairOf', () => {
  const d = (code: Parameters<typeof repairOf>[0]['code'], facts = {}) => ({ code, facts });

  it('resends what the source can put right', () => {
    for (const code of ['missing', 'copy-deleted', 'copy-trashed', 'behind', 'title', 'place', 'labels', 'comment-missing', 'file-missing', 'unreadable'] as const) {
      expect(repairOf(d(code), 'source')).toBe('resend');
      expect(repairOf(d(code), 'destination')).toBe('resend');
    }
    expect(repairOf(d('ahead', { kept: false }), 'source')).toBe('resend');
  });

  it('leaves a kept edit and an archived copy alone, and trashes an orphan only where it lives', () => {
    expect(repairOf(d('ahead', { kept: true }), 'destination')).toBeUndefined();
    expect(repairOf(d('copy-archived'), 'source')).toBeUndefined();
    expect(repairOf(d('orphan'), 'destination')).toBe('trash');
    expect(repairOf(d('orphan'), 'source')).toBeUndefined();
  });
});

describe('resendScope', () => {
  it('rechecks the copy for part differences, and sends file bytes again only for a missing file', () => {
    expect(resendScope(['behind'])).toEqual({ recheck: false, resendFiles: false });
    expect(resendScope(['copy-deleted', 'ahead'])).toEqual({ recheck: false, resendFiles: false });
    for (const code of ['labels', 'comment-missing', 'title', 'place'] as const) expect(resendScope([code])).toEqual({ recheck: true, resendFiles: false });
    expect(resendScope(['behind', 'file-missing'])).toEqual({ recheck: true, resendFiles: true });
  });
});
