import { dependencyOf, finish, orderAfterParents, startable, WINDOW_LOOKAHEAD, type Ordered } from '../../src/domain/sync-window';

const none = new Set<number>();
const state = (through: number, finished: number[] = [], running: number[] = []) => ({ through, finished: new Set(finished), running: new Set(running) });

describe('orderAfterParents', () => {
  it('points each item at its parent when the parent comes before it, else at nothing', () => {
    const items = [{ id: 'a' }, { id: 'b', parentId: 'a' }, { id: 'c', parentId: 'b' }, { id: 'd', parentId: 'home' }, { id: 'e', parentId: 'f' }, { id: 'f' }];
    expect(orderAfterParents(items).map((i) => i.after)).toEqual([-1, 0, 1, -1, -1, -1]);
  });
});

describe('dependencyOf', () => {
  it('is the item before it in a plan written before the run was parallel', () => {
    expect(dependencyOf([{}, {}, {}], 2)).toBe(1);
    expect(dependencyOf([{}], 0)).toBe(-1);
  });
  it('waits for nothing when a malformed plan points at itself or a later item', () => {
    expect(dependencyOf([{ after: 1 }, { after: -1 }], 0)).toBe(-1);
    expect(dependencyOf([{ after: -1 }, { after: 1 }], 1)).toBe(-1);
  });
});

describe('startable', () => {
  // 0 ─┬─ 1 ── 2
  //    └─ 3
  // 4 (a blog post); 5, a second child of 0
  const plan: Ordered[] = [{ after: -1 }, { after: 0 }, { after: 1 }, { after: 0 }, { after: -1 }, { after: 0 }];

  it('starts the roots first, then each child once its parent is done', () => {
    expect(startable(plan, state(0), 16)).toEqual([0, 4]);
    expect(startable(plan, state(1, [], [4]), 16)).toEqual([1, 3, 5]);
    expect(startable(plan, state(1, [1], [3, 4]), 16)).toEqual([2, 5]);
  });

  it('fills only the room left, in plan order, and skips what is done or under way', () => {
    // 1, 3 and 5 are siblings: with room for two, the blog post goes beside the first of them.
    expect(startable(plan, state(1), 2)).toEqual([1, 4]);
    expect(startable(plan, state(1), 3)).toEqual([1, 3, 4]);
    expect(startable(plan, state(1, [3, 4], [1]), 16)).toEqual([5]);
    expect(startable(plan, state(6), 16)).toEqual([]);
    expect(startable(plan, state(0), 0)).toEqual([]);
  });

  it('runs a plan without parents one item after another, as before', () => {
    const old: Ordered[] = [{}, {}, {}];
    expect(startable(old, state(0), 16)).toEqual([0]);
    expect(startable(old, state(0, [], [0]), 16)).toEqual([]);
    expect(startable(old, state(1), 16)).toEqual([1]);
  });

  it('starts one sibling of each family first, and further siblings only to fill the room', () => {
    // Two families: 1-3 under 0, 5-7 under 4; 8 and 9 are top-level pages (siblings under the home page).
    const families: Ordered[] = [
      { after: -1, parentId: 'home' },
      { after: 0 }, { after: 0 }, { after: 0 },
      { after: -1, parentId: 'home' },
      { after: 4 }, { after: 4 }, { after: 4 },
      { after: -1, parentId: 'home' }, { after: -1, parentId: 'home' },
    ];
    expect(startable(families, state(0), 3)).toEqual([0, 4, 8]);
    expect(startable(families, state(0), 2)).toEqual([0, 4]);
    expect(startable(families, state(0, [0, 4, 8]), 2)).toEqual([1, 5]);
    // A family with one under way gives way to the others' first siblings...
    expect(startable(families, state(0, [0, 4, 8], [1, 9]), 1)).toEqual([5]);
    // ...and starts its next only when room is left over.
    expect(startable(families, state(0, [0, 4, 8], [1, 9]), 2)).toEqual([2, 5]);
    expect(startable(families, state(0, [0, 4, 8], [1, 5, 9]), 1)).toEqual([2]);
  });

  it('looks no further than the lookahead past the first item not done', () => {
    const flat: Ordered[] = Array.from({ length: WINDOW_LOOKAHEAD * 2 }, () => ({ after: -1 }));
    const running = Array.from({ length: WINDOW_LOOKAHEAD - 1 }, (_, i) => i + 1);
    expect(startable(flat, state(0, [], running), 16)).toEqual([0]);
    expect(startable(flat, state(0, [], [0, ...running]), 16)).toEqual([]);
  });
});

describe('finish', () => {
  it('moves past every done item that follows, and keeps those beyond a gap', () => {
    expect(finish({ through: 0, finished: none }, 2)).toEqual({ through: 0, finished: new Set([2]) });
    expect(finish({ through: 0, finished: new Set([1, 2, 4]) }, 0)).toEqual({ through: 3, finished: new Set([4]) });
    expect(finish({ through: 3, finished: new Set([4]) }, 3)).toEqual({ through: 5, finished: new Set() });
  });
  it('ignores an item already behind it (a normalising call)', () => {
    expect(finish({ through: 2, finished: new Set([2, 3, 5]) }, -1)).toEqual({ through: 4, finished: new Set([5]) });
    expect(finish({ through: 2, finished: none }, 1)).toEqual({ through: 2, finished: new Set() });
  });
});
