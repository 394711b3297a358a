import { afterFullRead, FIRST_CENSUS, judgeParts, recordedParts } from '../../src/domain/parts-census';

describe('parts census rules', () => {
  it('sums what the records held, leaving out what search cannot see', () => {
    const records = [
      { parts: { comments: 2, attachments: 1 }, status: 'synced' },
      { parts: { comments: 3 }, status: 'failed' },
      { parts: { comments: 5, attachments: 5 }, status: 'deleted' },
      { parts: { comments: 7, attachments: 7 }, status: 'restricted' },
      { parts: { comments: 11, attachments: 11 }, status: 'synced', sourceStatus: 'archived' },
      { parts: { attachments: 4 }, status: 'skipped' },
      { status: 'synced' },
    ];
    expect(recordedParts(records)).toEqual({ comments: 5, attachments: 5 });
    expect(recordedParts([])).toEqual({ comments: 0, attachments: 0 });
  });

  it('agrees when the counts show no difference, from the first run on', () => {
    expect(judgeParts({ comments: 0, attachments: 0 })).toEqual({ verdict: 'agree', next: FIRST_CENSUS });
    // A part the sync does not copy is no difference.
    expect(judgeParts({ comments: 0 }).verdict).toBe('agree');
  });

  it('a difference seen once is only suspected; seen again the same, the space is caught up', () => {
    const first = judgeParts({ comments: -1, attachments: 0 });
    expect(first).toEqual({ verdict: 'suspect', next: { offset: {}, suspect: { comments: -1, attachments: 0 } } });
    const second = judgeParts({ comments: -1, attachments: 0 }, first.next);
    expect(second).toEqual({ verdict: 'catch-up', next: { offset: {}, learning: 'start' } });
  });

  it('a difference that comes and goes (an event on its way, an index behind) never catches up', () => {
    let state = FIRST_CENSUS;
    const verdicts: string[] = [];
    for (const comments of [1, 0, 1, 2, 0, -1, 0]) {
      const judged = judgeParts({ comments, attachments: 0 }, state);
      verdicts.push(judged.verdict);
      state = judged.next;
    }
    expect(verdicts).toEqual(['suspect', 'agree', 'suspect', 'suspect', 'agree', 'suspect', 'agree']);
    expect(state).toEqual(FIRST_CENSUS);
  });

  it('a different difference the second time is suspected anew', () => {
    const first = judgeParts({ comments: 1 });
    expect(judgeParts({ comments: 2 }, first.next)).toEqual({ verdict: 'suspect', next: { offset: {}, suspect: { comments: 2 } } });
    expect(judgeParts({ attachments: 1 }, first.next).verdict).toBe('suspect');
  });

  it('after a catch-up, a difference that stays is learned from two runs that agree, and judged against from then on', () => {
    let state = judgeParts({ comments: -2 }, judgeParts({ comments: -2 }).next).next;
    const start = judgeParts({ comments: -2, attachments: 0 }, state);
    expect(start).toEqual({ verdict: 'learning', next: { offset: {}, learning: { comments: -2, attachments: 0 } } });
    const learned = judgeParts({ comments: -2, attachments: 0 }, start.next);
    expect(learned).toEqual({ verdict: 'agree', next: { offset: { comments: -2, attachments: 0 } } });
    state = learned.next;
    expect(judgeParts({ comments: -2, attachments: 0 }, state).verdict).toBe('agree');
    // A comment lost after that is a difference from what was learned.
    expect(judgeParts({ comments: -3, attachments: 0 }, state).verdict).toBe('suspect');
    expect(judgeParts({ comments: 0, attachments: 0 }, state).verdict).toBe('suspect');
  });

  it('while learning, samples that disagree keep it learning, and none is acted on', () => {
    const state = { offset: {}, learning: { comments: 4 } };
    expect(judgeParts({ comments: 5 }, state)).toEqual({ verdict: 'learning', next: { offset: {}, learning: { comments: 5 } } });
    expect(judgeParts({ comments: 0 }, { offset: {}, learning: 'start' as const })).toEqual({ verdict: 'learning', next: { offset: {}, learning: { comments: 0 } } });
  });

  it('a full read settles a suspicion, restarts a learning and keeps what was learned', () => {
    expect(afterFullRead(undefined)).toBeUndefined();
    expect(afterFullRead({ offset: { comments: -1 }, suspect: { comments: -2 } })).toEqual({ offset: { comments: -1 } });
    expect(afterFullRead({ offset: {}, learning: { comments: 3 } })).toEqual({ offset: {}, learning: 'start' });
    expect(afterFullRead({ offset: {}, learning: 'start' })).toEqual({ offset: {}, learning: 'start' });
  });
});
