import { changedCarriers, labelsToList, recordedCounts, withoutBaseline } from '../../src/domain/label-census';

describe('label census rules', () => {
  it('counts each label once per record, a repeated name on one record once', () => {
    expect(recordedCounts([{ id: 'a', labels: ['x', 'y'] }, { id: 'b', labels: ['x', 'x'] }, { id: 'c', labels: [] }])).toEqual(new Map([['x', 2], ['y', 1]]));
  });

  it('lists the labels whose count differs, a label gone everywhere and a new one included', () => {
    const recorded = new Map([['same', 3], ['fewer', 2], ['gone', 1]]);
    const counted = new Map([['same', 3], ['fewer', 1], ['new', 1]]);
    expect(labelsToList(counted, recorded)).toEqual(['fewer', 'gone', 'new']);
    expect(labelsToList(new Map([['same', 3]]), new Map([['same', 3]]))).toEqual([]);
  });

  it('a label counted as none, recorded as none, is not listed', () => {
    expect(labelsToList(new Map([['empty', 0]]), new Map())).toEqual([]);
  });

  it('finds the items that gained or lost the label, and leaves out carriers never sent', () => {
    const records = new Map<string, readonly string[]>([
      ['kept', ['x']],
      ['lost', ['x', 'y']],
      ['gained', ['y']],
      ['untouched', []],
    ]);
    expect(changedCarriers('x', records, ['kept', 'gained', 'never-sent'])).toEqual(['gained', 'lost']);
    expect(changedCarriers('x', records, ['kept', 'lost'])).toEqual([]);
    expect(changedCarriers('z', records, [])).toEqual([]);
  });

  it('asks once for the labels of records in step or AHEAD kept before the census, and never for records that keep none by design', () => {
    const records: Array<[string, { labels?: string[]; status?: string; sourceStatus?: string }]> = [
      ['old-synced', { status: 'synced' }],
      ['old-ahead', { status: 'ahead' }],
      ['recorded', { status: 'synced', labels: [] }],
      ['archived', { status: 'synced', sourceStatus: 'archived' }],
      ['deleted', { status: 'deleted' }],
      ['failed', { status: 'failed' }],
      ['restricted', { status: 'restricted' }],
      ['skipped', { status: 'skipped' }],
    ];
    expect(withoutBaseline(records)).toEqual(['old-ahead', 'old-synced']);
    expect(withoutBaseline([])).toEqual([]);
  });
});
