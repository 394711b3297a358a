import { planApply, type ApplyFacts } from '../../src/domain/apply-plan';
import { CONFLICT_HANDLERS } from '../../src/domain/conflict-policy';
import { generationOf, keptDetail, mayAnswer, occurrenceOf, REVIEW_PART_CHARS, reviewArrival, sourceAnswerDetail, splitParts, waitingDetail, type WaitingReview } from '../../src/domain/review-rules';
import { sourceSideDetail } from '../../src/domain/side-words';

const review = CONFLICT_HANDLERS.review;
const facts = (over: Partial<ApplyFacts> = {}): ApplyFacts => ({
  snapshot: { status: 'current', version: 5, hash: 'h5', pageHash: 'p5', node: false },
  record: { sourceVersion: 4, hash: 'h4', pageHash: 'p4', destVersion: 7 },
  repair: false,
  onAhead: review,
  copy: { state: 'current', version: 7 },
  ...over,
});

describe('the review policy in the apply plan', () => {
  it('lets a change meeting an edited copy wait, and writes a copy that was not edited as usual', () => {
    expect(planApply(facts({ copy: { state: 'current', version: 9 } }))).toEqual({ kind: 'review-wait', version: 9 });
    expect(planApply(facts())).toEqual({ kind: 'update', archive: false });
  });

  it('keeps an edited copy when its original is removed (no version to compare), and trashes one not edited', () => {
    expect(planApply(facts({ snapshot: { status: 'trashed', version: 5, hash: 'h5', pageHash: 'p5', node: false }, copy: { state: 'current', version: 9 } }))).toEqual({ kind: 'keep-ahead', version: 9, removed: true });
    expect(planApply(facts({ snapshot: { status: 'trashed', version: 5, hash: 'h5', pageHash: 'p5', node: false } }))).toEqual({ kind: 'remove', trash: true });
  });

  it('still ignores older and unchanged snapshots before asking anyone', () => {
    expect(planApply(facts({ snapshot: { status: 'current', version: 3, hash: 'h3', pageHash: 'p3', node: false } }))).toEqual({ kind: 'stale' });
    expect(planApply(facts({ snapshot: { status: 'current', version: 4, hash: 'h4', pageHash: 'p4', node: false } }))).toEqual({ kind: 'unchanged' });
  });
});

describe('a waiting review', () => {
  const waiting: WaitingReview = { occurrence: 'o', generation: generationOf(5, 'h'.repeat(43)), sourceVersion: 5, hash: 'abc', title: 'Guide', copyVersion: 9, parts: 1, at: '2026-12-03T06:00:00.000Z' };

  it('is new, replaced by a later version, the same when delivered again, and not replaced by an older one', () => {
    expect(reviewArrival(undefined, { version: 5, hash: 'abc' })).toBe('new');
    expect(reviewArrival(waiting, { version: 5, hash: 'abc' })).toBe('same');
    expect(reviewArrival(waiting, { version: 6, hash: 'def' })).toBe('replace');
    expect(reviewArrival(waiting, { version: 4, hash: 'old' })).toBe('older');
  });

  it('names its waiting version by source version and hash, and its notice by item and first generation', () => {
    expect(generationOf(12, 'AbC_-0123456789xyzW')).toBe('v12-AbC_-0123456789x');
    expect(occurrenceOf('42', 'v12-AbC_-0123456789x')).toBe('42:v12-AbC_-0123456789x');
  });

  it('keeps a snapshot in parts that each fit a KVS value, and puts them back together exactly', () => {
    // The worst case: every unit a control character, which a stored value escapes as \u0001 (6 bytes).
    const json = '\u0001'.repeat(REVIEW_PART_CHARS * 2 + 5);
    const parts = splitParts(json);
    expect(parts).toHaveLength(3);
    expect(parts.join('')).toBe(json);
    // Stored as JSON, each part stays under 240 KiB even when every unit is a \u escape.
    for (const part of parts) expect(Buffer.byteLength(JSON.stringify(part))).toBeLessThanOrEqual(240 * 1024);
    expect(splitParts('')).toEqual(['']);
  });

  it('may be answered by the space’s admins and by the users and groups the sync lists, nobody else', () => {
    const listed = { users: ['u1'], groups: ['partners'] };
    expect(mayAnswer(listed, { accountId: 'u1', groups: [], spaceAdmin: false })).toBe(true);
    expect(mayAnswer(listed, { accountId: 'u2', groups: ['partners'], spaceAdmin: false })).toBe(true);
    expect(mayAnswer(listed, { accountId: 'u3', groups: ['others'], spaceAdmin: true })).toBe(true);
    expect(mayAnswer(listed, { accountId: 'u3', groups: ['others'], spaceAdmin: false })).toBe(false);
  });

  it('is worded for each side', () => {
    const here = waitingDetail({ sourceVersion: 5, copyVersion: 9, replaced: 4 });
    expect(here).toBe('Your copy was edited here (version 9); version 5 of the original waits for review on the copy’s page (••• → Space Sync). It replaces version 4, which waited before.');
    const peer = { site: { cloudId: 'c', url: 'https://globex.atlassian.net' }, space: { id: '1', key: 'PARTNER', name: 'Partner Docs' } };
    expect(sourceSideDetail(here, peer)).toBe('The copy in Partner Docs on globex.atlassian.net was edited there (version 9); version 5 of this page waits for review on the copy’s page. It replaces version 4, which waited before.');
    expect(keptDetail(5, 9)).toBe('Your edits (version 9) were kept in review; version 5 of the original was not applied.');
    expect(sourceAnswerDetail('keep', 'Partner Docs on globex.atlassian.net', 5, 9)).toBe('The copy in Partner Docs on globex.atlassian.net kept its edits (its version 9); version 5 of this page was not applied there.');
  });
});
