import { LOCATE_GROUP, LOCATE_LEAF, LOCATE_MAX_GROUPS, locateDifferences, type Held } from '../../src/domain/parts-locate';

/** `n` items holding 2 each, as recorded; search counts `actual` where it differs. */
function space(n: number, actual: Record<string, number> = {}) {
  const items: Held[] = Array.from({ length: n }, (_, i) => ({ id: String(1000 + i), held: 2 }));
  const counts: string[][] = [];
  const count = async (ids: string[]) => {
    counts.push(ids);
    return ids.reduce((sum, id) => sum + (actual[id] ?? 2), 0);
  };
  return { items, count, counts };
}

describe('locateDifferences', () => {
  it('finds one item in 10,000 with about 200 group counts and a few halvings', async () => {
    const { items, count, counts } = space(10_000, { '7777': 1 });
    const found = await locateDifferences(items, count);
    expect(found).toContain('7777');
    expect(found!.length).toBeLessThanOrEqual(LOCATE_LEAF);
    expect(counts.length).toBeLessThanOrEqual(10_000 / LOCATE_GROUP + 5);
    expect(Math.max(...counts.map((c) => c.length))).toBeLessThanOrEqual(LOCATE_GROUP);
  });

  it('finds an item with more than recorded (a reply added without its event) as well as fewer', async () => {
    const { items, count } = space(120, { '1003': 5, '1100': 0 });
    const found = await locateDifferences(items, count);
    expect(found).toEqual(expect.arrayContaining(['1003', '1100']));
    expect(found!.length).toBeLessThanOrEqual(2 * LOCATE_LEAF);
  });

  it('leaves to a catch-up a difference no group shows (content no record names) and one too spread out', async () => {
    expect(await locateDifferences(space(200).items, space(200).count)).toBeUndefined();
    const everywhere = Object.fromEntries(Array.from({ length: LOCATE_MAX_GROUPS + 1 }, (_, g) => [String(1000 + g * LOCATE_GROUP), 0]));
    const wide = space((LOCATE_MAX_GROUPS + 1) * LOCATE_GROUP, everywhere);
    expect(await locateDifferences(wide.items, wide.count)).toBeUndefined();
    // It stops counting as soon as there are too many.
    expect(wide.counts.length).toBe(LOCATE_MAX_GROUPS + 1);
  });

  it('reads a small group whole, and knows the other half of a group by subtraction', async () => {
    const { items, count, counts } = space(LOCATE_LEAF, { '1002': 0 });
    expect(await locateDifferences(items, count)).toEqual(items.map((i) => i.id));
    expect(counts).toHaveLength(1);
    const split = space(2 * LOCATE_LEAF, { '1010': 1 });
    const found = await locateDifferences(split.items, split.count);
    expect(found).toContain('1010');
    expect(found).not.toContain('1000');
    expect(split.counts).toHaveLength(2);
  });

  it('a group agrees whether search counts resolved threads or leaves them out, and still shows a deletion either way', async () => {
    const items: Held[] = [
      { id: '1', held: 3, withoutResolved: 1 },
      { id: '2', held: 2, withoutResolved: 2 },
    ];
    expect(await locateDifferences(items, async (ids) => ids.reduce((n, id) => n + (id === '1' ? 1 : 2), 0))).toBeUndefined();
    expect(await locateDifferences(items, async (ids) => ids.reduce((n, id) => n + (id === '1' ? 3 : 2), 0))).toBeUndefined();
    expect(await locateDifferences(items, async (ids) => ids.reduce((n, id) => n + (id === '1' ? 1 : 1), 0))).toEqual(['1', '2']);
  });

  it('a count Confluence refuses is the caller’s to handle', async () => {
    await expect(locateDifferences(space(10).items, async () => Promise.reject(new Error('400')))).rejects.toThrow('400');
  });
});
