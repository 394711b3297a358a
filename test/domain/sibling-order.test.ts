import { breadthFirst, longestRun, orderBatches, orderMoves, recordedOrder, siblingGroups, ORDER_LIMITS, type Move } from '../../src/domain/sibling-order';

/** What Confluence does with each v1 move: the page leaves its place and stands next to the target. */
function applyMoves(list: string[], moves: Move[]): string[] {
  let out = [...list];
  for (const move of moves) {
    out = out.filter((id) => id !== move.id);
    const at = out.indexOf(move.target);
    if (at < 0) throw new Error(`target ${move.target} is not there`);
    out.splice(move.position === 'before' ? at : at + 1, 0, move.id);
  }
  return out;
}

/** A small seeded generator, so a failure repeats. */
function random(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('sibling groups', () => {
  it('groups pages by parent in position order, the home page’s children with no parent', () => {
    const groups = siblingGroups(
      [
        { id: '10', kind: 'page', parentId: 'home', position: 900 },
        { id: '11', kind: 'page', parentId: 'home', position: 212 },
        { id: '12', kind: 'page', parentId: '10', position: 5 },
        { id: '13', kind: 'page', parentId: '10', position: 5 },
        { id: '14', kind: 'page', parentId: '10', position: 1 },
        { id: '15', kind: 'page', parentId: '11', position: 1 }, // alone: nothing to order
        { id: '16', kind: 'folder', parentId: '10', position: 0 }, // not a page: stays where it is
        { id: '17', kind: 'blogpost', position: 3 },
        { id: '18', kind: 'page', parentId: '10' }, // no position given: left out
      ],
      'home',
    );
    expect(groups).toEqual([{ children: ['11', '10'] }, { parent: '10', children: ['14', '12', '13'] }]);
  });

  it('leaves out a family larger than a message may order', () => {
    const many = Array.from({ length: ORDER_LIMITS.children + 1 }, (_, i) => ({ id: String(100 + i), kind: 'page', parentId: '1', position: i }));
    expect(siblingGroups(many, 'home')).toEqual([]);
  });

  it('cuts groups into messages by group count and by ids', () => {
    const groups = Array.from({ length: 45 }, (_, i) => ({ parent: String(i), children: ['1', '2'] }));
    expect(orderBatches(groups).map((b) => b.length)).toEqual([ORDER_LIMITS.groups, ORDER_LIMITS.groups, 5]);
    const big = Array.from({ length: 6 }, (_, i) => ({ parent: String(i), children: Array.from({ length: 1000 }, (_, j) => String(j)) }));
    expect(orderBatches(big).map((b) => b.length)).toEqual([5, 1]);
    expect(orderBatches([])).toEqual([]);
  });
});

describe('the fewest moves into the source’s order', () => {
  it('makes no move when the copies already stand in order, around pages of the destination’s own', () => {
    expect(orderMoves(['a', 'b', 'c'], ['x', 'a', 'y', 'b', 'c'])).toEqual([]);
  });

  it('moves only the one copy out of place', () => {
    const moves = orderMoves(['a', 'b', 'c', 'd'], ['b', 'c', 'd', 'a']);
    expect(moves).toEqual([{ id: 'a', position: 'before', target: 'b' }]);
    expect(applyMoves(['b', 'c', 'd', 'a'], moves)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reverses a reversed family with n − 1 moves', () => {
    const desired = ['a', 'b', 'c', 'd', 'e'];
    const moves = orderMoves(desired, [...desired].reverse());
    expect(moves).toHaveLength(4);
    expect(applyMoves([...desired].reverse(), moves)).toEqual(desired);
  });

  it('leaves out copies that are missing and pages the source does not name', () => {
    const moves = orderMoves(['a', 'b', 'gone', 'c'], ['c', 'own', 'b', 'a']);
    expect(applyMoves(['c', 'own', 'b', 'a'], moves).filter((id) => id !== 'own')).toEqual(['a', 'b', 'c']);
    expect(moves.every((m) => m.id !== 'own' && m.target !== 'gone')).toBe(true);
  });

  it('orders any shuffle with exactly n − (longest run in order) moves', () => {
    const next = random(7);
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(next() * 30);
      const desired = Array.from({ length: n }, (_, i) => `p${i}`);
      const current = [...desired, ...Array.from({ length: Math.floor(next() * 4) }, (_, i) => `own${i}`)].sort(() => next() - 0.5);
      const moves = orderMoves(desired, current);
      const placed = applyMoves(current, moves);
      expect(placed.filter((id) => id.startsWith('p'))).toEqual(desired);
      const ranks = current.filter((id) => id.startsWith('p')).map((id) => Number(id.slice(1)));
      expect(moves).toHaveLength(n - longestRun(ranks).length);
    }
  });
});

describe('how the copies stand, from their records', () => {
  const at = (position: number, parentId = 'p') => ({ parentId, position });

  it('sorts by the positions the app’s writes were answered with', () => {
    expect(recordedOrder([{ id: 'a', place: at(900) }, { id: 'b', place: at(212) }, { id: 'c', place: at(621) }], 'p')).toEqual(['b', 'c', 'a']);
  });

  it('cannot tell when a copy has no position, stands under another parent, shares a position, or was changed by someone since', () => {
    expect(recordedOrder([{ id: 'a', place: at(1) }, { id: 'b' }], 'p')).toBeUndefined();
    // Its original moved, or it waits under the home page for its parent: its position is among other pages.
    expect(recordedOrder([{ id: 'a', place: at(1) }, { id: 'b', place: at(2, 'home') }], 'p')).toBeUndefined();
    expect(recordedOrder([{ id: 'a', place: at(5) }, { id: 'b', place: at(5) }], 'p')).toBeUndefined();
    expect(recordedOrder([{ id: 'a', place: at(1) }, { id: 'b', place: at(2), lookFirst: true }], 'p')).toBeUndefined();
  });
});

describe('the longest run in order', () => {
  it('finds a longest strictly increasing subsequence', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6];
    const run = longestRun(values).map((i) => values[i]);
    expect(run).toHaveLength(4);
    expect(run).toEqual([...run].sort((a, b) => a - b));
    expect(longestRun([])).toEqual([]);
    expect(longestRun([5, 4, 3])).toHaveLength(1);
  });

  it('is as long as a brute-force search finds on small inputs', () => {
    const next = random(3);
    const brute = (v: number[]): number => {
      let best = 0;
      for (let mask = 0; mask < 1 << v.length; mask++) {
        const picked = v.filter((_, i) => mask & (1 << i));
        if (picked.every((x, i) => i === 0 || picked[i - 1] < x)) best = Math.max(best, picked.length);
      }
      return best;
    };
    for (let round = 0; round < 200; round++) {
      const v = Array.from({ length: Math.floor(next() * 10) }, () => Math.floor(next() * 8));
      expect(longestRun(v)).toHaveLength(brute(v));
    }
  });
});

describe('breadthFirst', () => {
  it('plans parents before children, each family together and its pages in position order', () => {
    // Listed by id: 10 (last of the top) comes first, and its child 14 before its earlier sibling 11.
    const listed = [
      { id: '10', kind: 'page', parentId: 'home', position: 300 },
      { id: '14', kind: 'page', parentId: '10', position: 20 },
      { id: '12', kind: 'folder', parentId: '10' },
      { id: '13', kind: 'page', parentId: 'home', position: 100 },
      { id: '11', kind: 'page', parentId: '10', position: 10 },
      { id: '15', kind: 'blogpost' },
      { id: '16', kind: 'page', parentId: 'home', position: 100 },
      { id: '17', kind: 'page', parentId: '11', position: 5 },
    ];
    // The top: 13 and 16 (tied, by id) before 10, the blog post in its slot; then 10's family, then 11's.
    expect(breadthFirst(listed).map((i) => i.id)).toEqual(['13', '16', '15', '10', '11', '12', '14', '17']);
  });

  it('sorts each family of the top apart, and leaves pages without a position where they were', () => {
    const listed = [
      { id: '2', kind: 'page', parentId: 'elsewhere', position: 9 },
      { id: '5', kind: 'page', parentId: 'home', position: 2 },
      { id: '1', kind: 'page', parentId: 'elsewhere', position: 3 },
      { id: '4', kind: 'page', parentId: 'home', position: 1 },
      { id: '7', kind: 'page', parentId: '4' },
      { id: '6', kind: 'page', parentId: '4' },
    ];
    expect(breadthFirst(listed).map((i) => i.id)).toEqual(['1', '4', '2', '5', '7', '6']);
  });

  it('keeps everything it was given: what a cycle keeps from the top comes last, as listed', () => {
    const listed = [
      { id: '1', kind: 'page', parentId: '2', position: 1 },
      { id: '3', kind: 'page', parentId: 'home', position: 1 },
      { id: '2', kind: 'page', parentId: '1', position: 1 },
      { id: '4', kind: 'page', parentId: '4', position: 1 },
    ];
    expect(breadthFirst(listed).map((i) => i.id)).toEqual(['3', '4', '1', '2']);
  });
});
