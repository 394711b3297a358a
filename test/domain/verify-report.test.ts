import { causeOf, MAX_STORED_DIFFERENCES, repairableItems, underWay, withDifferences, type ItemDifference, type VerifyReport } from '../../src/domain/verify-report';
import { DIFFERENCE_CODES } from '../../src/domain/verify-rules';

const report = (over: Partial<VerifyReport> = {}): VerifyReport => ({
  run: 'r',
  state: 'running',
  startedAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  checked: 0,
  differences: [],
  more: 0,
  position: { next: 0, seq: 0 },
  ...over,
});
const diff = (sourceId: string, code: ItemDifference['code'], title = `Page ${sourceId}`, facts = {}): ItemDifference => ({ sourceId, kind: 'page', title, code, facts });

describe('withDifferences', () => {
  it('keeps one difference per item and code, the later one replacing the earlier', () => {
    const once = withDifferences(report(), [diff('1', 'ahead', 'A', { copyVersion: 2 })]);
    const twice = withDifferences(once, [diff('1', 'ahead', 'A', { copyVersion: 3 }), diff('1', 'labels', 'A')]);
    expect(twice.differences.map((d) => [d.code, d.facts])).toEqual([
      ['ahead', { copyVersion: 3 }],
      ['labels', {}],
    ]);
  });

  it('stores a bounded number and counts the rest', () => {
    const many = Array.from({ length: MAX_STORED_DIFFERENCES + 7 }, (_, i) => diff(String(i), 'missing'));
    const kept = withDifferences(report({ more: 2 }), many);
    expect(kept.differences).toHaveLength(MAX_STORED_DIFFERENCES);
    expect(kept.more).toBe(9);
  });

  it('sorts by title, then by how much the difference matters', () => {
    const sorted = withDifferences(report(), [diff('2', 'labels', 'Beta'), diff('1', 'file-missing', 'Alpha'), diff('2', 'missing', 'Beta'), diff('1', 'ahead', 'Alpha')]);
    expect(sorted.differences.map((d) => `${d.title}:${d.code}`)).toEqual(['Alpha:ahead', 'Alpha:file-missing', 'Beta:missing', 'Beta:labels']);
  });
});

describe('repairableItems', () => {
  it('lists each item once, leaving what this side cannot repair', () => {
    const r = report({ differences: [diff('1', 'ahead', 'A', { kept: true }), diff('2', 'labels'), diff('2', 'comment-missing'), diff('3', 'orphan'), diff('4', 'copy-archived')] });
    expect(repairableItems(r, 'source').map((d) => d.sourceId)).toEqual(['2']);
    expect(repairableItems(r, 'destination').map((d) => d.sourceId)).toEqual(['2', '3']);
  });
});

describe('underWay', () => {
  const at = Date.parse('2026-01-01T10:30:00.000Z');
  it('holds a run that moved within the hour, and lets one that stopped moving go', () => {
    expect(underWay(report(), at)).toBe(true);
    expect(underWay(report({ state: 'requested' }), at)).toBe(true);
    expect(underWay(report(), at + 3600_000)).toBe(false);
    expect(underWay(report({ state: 'complete' }), at)).toBe(false);
    expect(underWay(report({ state: 'failed' }), at)).toBe(false);
    expect(underWay(undefined, at)).toBe(false);
  });
});

describe('causeOf', () => {
  it('words every difference for either side', () => {
    for (const code of DIFFERENCE_CODES) {
      for (const side of ['source', 'destination'] as const) {
        const words = causeOf({ code, facts: { copyVersion: 4, appVersion: 3, what: ['page'], copyTitle: 'T', names: ['a'], count: 1 } }, side);
        expect(words).toMatch(/^[A-Z].*\.$/);
      }
    }
  });

  it('says where the copy is from the reader’s side', () => {
    expect(causeOf({ code: 'place', facts: { unmovable: true } }, 'destination')).toBe('Its copy is somewhere else in the page tree. Confluence’s REST API would not move it (it has no update for folders and other such items), so Repair cannot: move it by hand here.');
    expect(causeOf({ code: 'title', facts: { copyTitle: 'Teams', unmovable: true } }, 'source')).toBe('Its copy is titled “Teams”. Confluence’s REST API would not rename it (it has no update for folders and other such items), so Repair cannot: rename it by hand in the other space.');
    expect(causeOf({ code: 'copy-trashed', facts: {} }, 'source')).toBe('Its copy is in the trash in the other space. Repair restores it.');
    expect(causeOf({ code: 'copy-trashed', facts: {} }, 'destination')).toBe('Its copy is in the trash here. Repair restores it.');
  });

  it('says what an edit here means under each conflict policy', () => {
    expect(causeOf({ code: 'ahead', facts: { copyVersion: 5, appVersion: 3, kept: false } }, 'destination')).toBe('Its copy was edited here since Space Sync wrote it (version 5; Space Sync wrote 3). Repair overwrites it with the original; the page history keeps the edit.');
    expect(causeOf({ code: 'ahead', facts: { copyVersion: 5, appVersion: 3, kept: true } }, 'source')).toMatch(/keeps destination changes, so it stays as it is\.$/);
    const review = causeOf({ code: 'ahead', facts: { copyVersion: 5, appVersion: 3, kept: true, review: true } }, 'source');
    expect(review).toMatch(/puts conflicts up for review: it stays as it is, and the next change to the original waits on the copy's page for a person to take it or keep the edits\.$/);
    expect(review).not.toMatch(/keeps destination changes/);
  });

  it('names what is behind, the labels and files missing, and how many more', () => {
    expect(causeOf({ code: 'behind', facts: { what: ['page', 'files'] } }, 'source')).toBe('Changed at the source and not applied to the copy yet: the page itself and its files. Repair sends it.');
    expect(causeOf({ code: 'behind', facts: { what: ['trash'] } }, 'destination')).toBe('The original was moved to the trash, but its copy is still here. Repair applies it.');
    expect(causeOf({ code: 'labels', facts: { names: ['a', 'b'], count: 4 } }, 'destination')).toBe('Its copy lacks the labels “a”, “b” and 2 more, removed here.');
    expect(causeOf({ code: 'file-missing', facts: { names: ['plan.pdf'], count: 1 } }, 'source')).toBe('Its copy lacks the file “plan.pdf”.');
    expect(causeOf({ code: 'comment-missing', facts: { count: 2 } }, 'source')).toBe('2 comments of its copy were deleted in the other space.');
    expect(causeOf({ code: 'comment-changed', facts: { count: 1 } }, 'destination')).toBe('A comment of its copy was edited here. Repair writes the original’s words again.');
    expect(causeOf({ code: 'file-changed', facts: { names: ['plan.pdf'], count: 1 } }, 'destination')).toBe('The file “plan.pdf” of its copy was replaced here. Repair uploads the original again; the file’s history keeps the replacement.');
  });
});
