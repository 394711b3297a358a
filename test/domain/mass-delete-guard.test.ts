import { answerRule, comingTrashes, DEFAULT_GUARD, guardQuestion, guardVerdict, liveCopies, MassDeleteGuard, recentTrashes, restoreOrder } from '../../src/domain/mass-delete-guard';

describe('the mass-delete guard', () => {
  it('holds a change that trashes at least 20 copies and at least 20 % of them', () => {
    expect(guardVerdict(DEFAULT_GUARD, 20, 100)).toEqual({ hold: true, trashes: 20, copies: 100, percent: 20 });
    expect(guardVerdict(DEFAULT_GUARD, 19, 50)).toEqual({ hold: false }); // too few, whatever the share
    expect(guardVerdict(DEFAULT_GUARD, 30, 1000)).toEqual({ hold: false }); // 3 %: a tidy-up, not an accident
    expect(guardVerdict(DEFAULT_GUARD, 25, 25)).toMatchObject({ hold: true, percent: 100 });
  });

  it('follows the admin’s thresholds, and can be switched off', () => {
    const strict = MassDeleteGuard.parse({ minCopies: 5, minPercent: 10 });
    expect(guardVerdict(strict, 5, 50)).toMatchObject({ hold: true, percent: 10 });
    expect(guardVerdict(strict, 4, 10)).toEqual({ hold: false });
    expect(guardVerdict(MassDeleteGuard.parse({ enabled: false }), 500, 500)).toEqual({ hold: false });
    expect(guardVerdict(DEFAULT_GUARD, 20, 0)).toEqual({ hold: false });
    expect(MassDeleteGuard.safeParse({ minPercent: 0 }).success).toBe(false);
    expect(MassDeleteGuard.safeParse({ minCopies: 1.5 }).success).toBe(false);
  });

  it('counts the trashes within its window as one change', () => {
    const now = new Date('2026-12-02T12:00:00.000Z');
    const at = ['2026-12-02T10:59:00.000Z', '2026-12-02T11:00:00.000Z', '2026-12-02T11:59:59.000Z'];
    expect(recentTrashes({ at }, now, DEFAULT_GUARD)).toEqual(at.slice(1));
  });

  it('asks in numbers an admin can check', () => {
    const verdict = guardVerdict(DEFAULT_GUARD, 40, 120);
    if (!verdict.hold) throw new Error('expected a hold');
    expect(guardQuestion(verdict)).toBe('40 of 120 copies (33.3 %) would go to the trash at once. The sync is paused until an admin confirms the deletion or undoes it at the source.');
  });
});

describe('what the guard counts, and in which order an undo restores', () => {
  
  const sent = [
    { sourceId: '1', status: 'synced', kind: 'page', destId: '91' },
    { sourceId: '2', status: 'synced', kind: 'page', destId: '92' },
    { sourceId: '3', status: 'deleted', kind: 'page', destId: '93' },
    { sourceId: '4', status: 'ahead', kind: 'blogpost', destId: '94' },
    { sourceId: '5', status: 'synced', kind: 'folder', destId: '95' },
    { sourceId: '6', status: 'skipped', kind: 'page' },
  ];

  it('counts live copies whose page or blog post left the listing, not folders (in no listing) nor confirmed ones', () => {
    expect(liveCopies(sent).map((s) => s.sourceId)).toEqual(['1', '2', '4', '5']);
    expect(comingTrashes(sent, new Set(['1']), new Set()).map((s) => s.sourceId)).toEqual(['2', '4']);
    expect(comingTrashes(sent, new Set(['1']), new Set(['4'])).map((s) => s.sourceId)).toEqual(['2']);
  });

  it('restores parents before their children, whatever order they were held in', () => {
    const items = [
      { id: 'c', kind: 'page', title: 'C', parent: 'b' },
      { id: 'b', kind: 'page', title: 'B', parent: 'a' },
      { id: 'x', kind: 'page', title: 'X' },
      { id: 'a', kind: 'page', title: 'A', parent: 'home' },
    ];
    expect(restoreOrder(items).map((i) => i.id)).toEqual(['x', 'a', 'b', 'c']);
  });

  it('accepts an answer only to the question now asked', () => {
    const hold = { question: 'q1', at: '', trashes: 20, copies: 40, percent: 50, items: [], more: 0 };
    expect(answerRule(hold, 'q1')).toEqual({ ok: true });
    expect(answerRule(hold, 'q0')).toMatchObject({ ok: false, reason: expect.stringMatching(/no longer asked/) });
    expect(answerRule(undefined, 'q1')).toMatchObject({ ok: false, reason: expect.stringMatching(/answered already/) });
  });
});
