import { copyParent, coversWholeSpace, inTreeScope, scopeVerdict, SyncScope, WHOLE_SPACE, type ScopedItem } from '../../src/domain/sync-scope';

const page = (id: string, ancestorIds: string[] = [], labels: string[] = []): ScopedItem => ({ id, kind: 'page', ancestorIds, labels });

describe('the sync scope', () => {
  it('takes everything when it is the whole space', () => {
    expect(coversWholeSpace(WHOLE_SPACE)).toBe(true);
    expect(scopeVerdict(WHOLE_SPACE, page('1', ['2']))).toEqual({ in: true });
    expect(scopeVerdict(WHOLE_SPACE, { id: '9', kind: 'blogpost', ancestorIds: [], labels: [] })).toEqual({ in: true });
  });

  it('takes the chosen subtrees, their tops included, and nothing else of the tree', () => {
    const scope = SyncScope.parse({ roots: ['10'] });
    expect(coversWholeSpace(scope)).toBe(false);
    expect(scopeVerdict(scope, page('10'))).toEqual({ in: true });
    expect(scopeVerdict(scope, page('11', ['10']))).toEqual({ in: true });
    expect(scopeVerdict(scope, page('12', ['11', '10']))).toEqual({ in: true });
    expect(scopeVerdict(scope, page('20', ['30']))).toEqual({ in: false, reason: 'outside-roots' });
    expect(scopeVerdict(scope, { id: '40', kind: 'folder', ancestorIds: [], labels: [] })).toEqual({ in: false, reason: 'outside-roots' });
    // Blog posts are in no tree: roots do not judge them.
    expect(scopeVerdict(scope, { id: '9', kind: 'blogpost', ancestorIds: [], labels: [] })).toEqual({ in: true });
  });

  it('leaves out a page alone, or with its children', () => {
    const scope = SyncScope.parse({ excludedPages: [{ id: '11', withChildren: false }, { id: '20' }] });
    expect(scopeVerdict(scope, page('11', ['10']))).toEqual({ in: false, reason: 'excluded-page' });
    expect(scopeVerdict(scope, page('12', ['11', '10']))).toEqual({ in: true });
    expect(scopeVerdict(scope, page('20'))).toEqual({ in: false, reason: 'excluded-page' });
    expect(scopeVerdict(scope, page('21', ['20']))).toEqual({ in: false, reason: 'excluded-subtree' });
    expect(scopeVerdict(scope, page('22', ['21', '20']))).toEqual({ in: false, reason: 'excluded-subtree' });
  });

  it('judges labels on the page itself, in any case, with exclusion before inclusion', () => {
    const scope = SyncScope.parse({ includeLabels: ['Public', 'docs'], excludeLabels: ['draft'] });
    expect(scope.includeLabels).toEqual(['public', 'docs']);
    expect(scopeVerdict(scope, page('1', [], ['docs']))).toEqual({ in: true });
    expect(scopeVerdict(scope, page('2', [], ['PUBLIC']))).toEqual({ in: true });
    expect(scopeVerdict(scope, page('3', [], ['docs', 'draft']))).toEqual({ in: false, reason: 'label-excluded' });
    expect(scopeVerdict(scope, page('4', [], ['other']))).toEqual({ in: false, reason: 'label-missing' });
    expect(scopeVerdict(scope, page('5', ['4'], ['docs']))).toEqual({ in: true }); // its parent's labels do not count
    // Tree nodes carry no labels: only their own exclusion leaves them out.
    expect(scopeVerdict(scope, { id: '6', kind: 'folder', ancestorIds: [], labels: [] })).toEqual({ in: true });
  });

  it('refuses malformed scopes', () => {
    expect(SyncScope.safeParse({ roots: ['12a'] }).success).toBe(false);
    expect(SyncScope.safeParse({ includeLabels: ['two words'] }).success).toBe(false);
    expect(SyncScope.safeParse({ roots: Array.from({ length: 51 }, (_, i) => String(i)) }).success).toBe(false);
    expect(SyncScope.safeParse({ onLeave: 'purge' }).success).toBe(false);
  });

  it('puts a copy under its nearest synced ancestor, or at the top of the space', () => {
    const scope = SyncScope.parse({ excludedPages: [{ id: '11', withChildren: false }] });
    const synced = (id: string) => scopeVerdict(scope, page(id)).in;
    expect(copyParent(scope, page('12', ['11', '10']), synced)).toBe('10');
    expect(copyParent(scope, page('12', ['11']), synced)).toBeUndefined();
    expect(copyParent(scope, { id: '9', kind: 'blogpost', ancestorIds: ['1'], labels: [] }, synced)).toBeUndefined();
  });

  it('judges an ancestor by the tree rules alone (its labels judged it when it was sent)', () => {
    const scope = SyncScope.parse({ roots: ['10'], excludedPages: [{ id: '11', withChildren: false }], excludeLabels: ['secret'] });
    expect(inTreeScope(scope, '10', [])).toBe(true);
    expect(inTreeScope(scope, '11', ['10'])).toBe(false);
    expect(inTreeScope(scope, '12', ['11', '10'])).toBe(true);
    expect(inTreeScope(scope, '1', [])).toBe(false);
  });
});
