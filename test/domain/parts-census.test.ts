import { afterFullRead, FIRST_CENSUS, judgeParts, partsDifferences, recordedParts, withoutPartsBaseline, type PartsTally } from '../../src/domain/parts-census';

/** A difference that is the same whether resolved threads are counted or not (no resolved comments). */
const both = (d: PartsTally) => ({ all: d, withoutResolved: d });

describe('parts census rules', () => {
  it('sums what the records held, leaving out what search cannot see', () => {
    const records = [
      { parts: { comments: 2, resolved: 1, attachments: 1 }, status: 'synced' },
      { parts: { comments: 3 }, status: 'failed' },
      { parts: { comments: 5, attachments: 5 }, status: 'deleted' },
      { parts: { comments: 7, attachments: 7 }, status: 'restricted' },
      { parts: { comments: 11, attachments: 11 }, status: 'synced', sourceStatus: 'archived' },
      { parts: { attachments: 4 }, status: 'skipped' },
      { parts: {}, status: 'synced' },
    ];
    expect(recordedParts(records)).toEqual({ comments: 5, resolved: 1, attachments: 5 });
    expect(recordedParts([])).toEqual({ comments: 0, resolved: 0, attachments: 0 });
  });

  it('finds the records written before parts were kept, of items search sees', () => {
    const records: Array<[string, { parts?: PartsTally; status?: string; sourceStatus?: string }]> = [
      ['old', { status: 'synced' }],
      ['old-failed', { status: 'failed' }],
      ['kept', { status: 'synced', parts: {} }],
      ['gone', { status: 'deleted' }],
      ['hidden', { status: 'restricted' }],
      ['archived', { status: 'synced', sourceStatus: 'archived' }],
    ];
    expect(withoutPartsBaseline(records)).toEqual(['old', 'old-failed']);
  });

  it('compares search’s counts with the records both with and without resolved threads, for the parts counted', () => {
    const recorded = { comments: 10, resolved: 3, attachments: 4 };
    expect(partsDifferences({ comments: 7, attachments: 4 }, recorded)).toEqual({ all: { comments: -3, attachments: 0 }, withoutResolved: { comments: 0, attachments: 0 } });
    expect(partsDifferences({ attachments: 5 }, recorded)).toEqual({ all: { attachments: 1 }, withoutResolved: { attachments: 1 } });
  });

  it('agrees when the counts show no difference, from the first run on', () => {
    expect(judgeParts(both({ comments: 0, attachments: 0 }))).toEqual({ verdict: 'agree', next: FIRST_CENSUS });
    expect(judgeParts(both({ comments: 0 })).verdict).toBe('agree');
  });

  it('a difference seen once is only suspected; seen again the same, the space is caught up', () => {
    const first = judgeParts(both({ comments: -1, attachments: 0 }));
    expect(first).toEqual({ verdict: 'suspect', next: { offset: {}, suspect: { comments: -1, attachments: 0 } } });
    const second = judgeParts(both({ comments: -1, attachments: 0 }), first.next);
    expect(second).toEqual({ verdict: 'catch-up', next: { offset: {}, learning: 'start' } });
  });

  it('a difference that comes and goes (an event on its way, an index behind) never catches up', () => {
    let state = FIRST_CENSUS;
    const verdicts: string[] = [];
    for (const comments of [1, 0, 1, 2, 0, -1, 0]) {
      const judged = judgeParts(both({ comments, attachments: 0 }), state);
      verdicts.push(judged.verdict);
      state = judged.next;
    }
    expect(verdicts).toEqual(['suspect', 'agree', 'suspect', 'suspect', 'agree', 'suspect', 'agree']);
    expect(state).toEqual(FIRST_CENSUS);
  });

  it('a different difference the second time is suspected anew', () => {
    const first = judgeParts(both({ comments: 1 }));
    expect(judgeParts(both({ comments: 2 }), first.next)).toEqual({ verdict: 'suspect', next: { offset: {}, suspect: { comments: 2 } } });
    expect(judgeParts(both({ attachments: 1 }), first.next).verdict).toBe('suspect');
  });

  it('after a catch-up that changed nothing, a difference that stays is learned from two runs that agree, and judged against from then on', () => {
    const caughtUp = afterFullRead(judgeParts(both({ comments: -2 }), judgeParts(both({ comments: -2 })).next).next, 0);
    const start = judgeParts(both({ comments: -2, attachments: 0 }), caughtUp);
    expect(start).toEqual({ verdict: 'learning', next: { offset: {}, learning: { comments: -2, attachments: 0 } } });
    const learned = judgeParts(both({ comments: -2, attachments: 0 }), start.next);
    expect(learned).toEqual({ verdict: 'agree', next: { offset: { comments: -2, attachments: 0 } } });
    expect(judgeParts(both({ comments: -2, attachments: 0 }), learned.next).verdict).toBe('agree');
    // A comment lost after that is a difference from what was learned.
    expect(judgeParts(both({ comments: -3, attachments: 0 }), learned.next).verdict).toBe('suspect');
    expect(judgeParts(both({ comments: 0, attachments: 0 }), learned.next).verdict).toBe('suspect');
  });

  it('a catch-up that repaired something learns nothing: what differs after it is news', () => {
    const asked = { offset: {}, learning: 'start' as const };
    expect(afterFullRead(asked, 2)).toEqual({ offset: {} });
    // A deletion lost just after the repair is suspected, then caught up, not learned.
    const first = judgeParts(both({ comments: -2 }), afterFullRead(asked, 2));
    expect(first.verdict).toBe('suspect');
    expect(judgeParts(both({ comments: -2 }), first.next).verdict).toBe('catch-up');
  });

  it('a difference that is exactly the resolved threads’ comments: counted without them from then on, however many get resolved or reopened', () => {
    const learning = { offset: {}, learning: 'start' as const };
    const found = judgeParts({ all: { comments: -2, attachments: 0 }, withoutResolved: { comments: 0, attachments: 0 } }, learning);
    expect(found).toEqual({ verdict: 'agree', next: { offset: {}, withoutResolved: true } });
    // Another thread resolved, with its event: the records and search move apart by its comments, and nothing is suspected.
    expect(judgeParts({ all: { comments: -5, attachments: 0 }, withoutResolved: { comments: 0, attachments: 0 } }, found.next)).toEqual({ verdict: 'agree', next: { offset: {}, withoutResolved: true } });
    // A deletion lost meanwhile still shows, and the mode is kept through the catch-up.
    const lost = judgeParts({ all: { comments: -6 }, withoutResolved: { comments: -1 } }, found.next);
    expect(lost.verdict).toBe('suspect');
    const again = judgeParts({ all: { comments: -6 }, withoutResolved: { comments: -1 } }, lost.next);
    expect(again).toEqual({ verdict: 'catch-up', next: { offset: {}, learning: 'start', withoutResolved: true } });
    expect(afterFullRead(again.next, 1)).toEqual({ offset: {}, withoutResolved: true });
  });

  it('while learning, samples that disagree keep it learning, and none is acted on', () => {
    const state = { offset: {}, learning: { comments: 4 } };
    expect(judgeParts(both({ comments: 5 }), state)).toEqual({ verdict: 'learning', next: { offset: {}, learning: { comments: 5 } } });
    expect(judgeParts(both({ comments: 0 }), { offset: {}, learning: 'start' as const })).toEqual({ verdict: 'learning', next: { offset: {}, learning: { comments: 0 } } });
  });

  it('a part switched off is no difference from what was learned for it', () => {
    const state = { offset: { comments: -1, attachments: 0 } };
    const first = judgeParts(both({ attachments: 0 }), state);
    expect([first.verdict, judgeParts(both({ attachments: 0 }), first.next).verdict]).toEqual(['agree', 'agree']);
  });

  it('a full read settles a suspicion, and keeps what was learned', () => {
    expect(afterFullRead(undefined, 0)).toBeUndefined();
    expect(afterFullRead({ offset: { comments: -1 }, suspect: { comments: -2 } }, 0)).toEqual({ offset: { comments: -1 } });
    expect(afterFullRead({ offset: {}, learning: { comments: 3 } }, 0)).toEqual({ offset: {}, learning: 'start' });
  });
});
