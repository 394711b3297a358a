import { followingSiblings, nextSiblings, PLACE_BY_MAX, placeBefore } from '../../src/domain/sibling-order';

const page = (id: string, parentId: string | undefined, position?: number) => ({ id, kind: 'page', parentId, ...(position !== undefined ? { position } : {}) });

describe('sibling order', () => {
  it('links each page to the next under the same parent by position, ids breaking ties; nodes and blog posts stay out', () => {
    const items = [page('10', undefined, 500), page('11', '10', 900), page('12', '10', 100), page('13', '10', 900), { id: '14', kind: 'folder', parentId: '10' }, { id: '15', kind: 'blogpost' }, page('16', undefined, 200), page('17', '10')];
    expect(nextSiblings(items)).toEqual([undefined, 3, 1, undefined, undefined, undefined, 0, undefined]);
  });

  it('lists the following siblings nearest first, at most a bounded number, and stops at a loop', () => {
    const plan = Array.from({ length: PLACE_BY_MAX + 5 }, (_, i) => ({ id: `p${i}`, next: i + 1 }));
    expect(followingSiblings(plan, 0)).toEqual(plan.slice(1, PLACE_BY_MAX + 1).map((p) => p.id));
    expect(followingSiblings([{ id: 'a', next: 1 }, { id: 'b', next: 0 }], 0)).toEqual(['b']);
    expect(followingSiblings([{ id: 'a' }], 0)).toEqual([]);
  });

  it('goes before the copy of the nearest following sibling that has one, or stays last', () => {
    expect(placeBefore(['b', 'c', 'd'], new Map([['c', 'C'], ['d', 'D']]))).toBe('C');
    expect(placeBefore(['b'], new Map())).toBeUndefined();
  });

  it('placed one by one in any order, the copies end in the source order', () => {
    const source = ['a', 'b', 'c', 'd', 'e', 'f'];
    const plan = source.map((id, i) => ({ id, ...(i + 1 < source.length ? { next: i + 1 } : {}) }));
    for (const order of [[5, 0, 3, 1, 4, 2], [2, 1, 0, 5, 4, 3], [0, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 0]]) {
      const copy: string[] = [];
      const copies = new Map<string, string>();
      for (const i of order) {
        const before = placeBefore(followingSiblings(plan, i), copies);
        const made = source[i].toUpperCase();
        copy.splice(before === undefined ? copy.length : copy.indexOf(before), 0, made);
        copies.set(source[i], made);
      }
      expect(copy).toEqual(source.map((s) => s.toUpperCase()));
    }
  });
});
