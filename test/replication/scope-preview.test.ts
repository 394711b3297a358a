/**
 * The scope's dry run stays bounded: each batch reads at most so many labels (one request each)
 * and stops early when its time runs out, and the batches added up judge every item once, in
 * tree order, as the first full sync lists them. Nothing is written (the content port has no writes).
 */
import { PREVIEW_BATCH_LABEL_READS, previewScope } from '../../src/replication/scope-preview';
import { SyncScope } from '../../src/domain/sync-scope';
import type { PreviewDeps } from '../../src/replication/scope-preview';
import type { SpaceItem } from '../../src/replication/ports';

const HOME = '1';
function space(pages: number) {
  const items: SpaceItem[] = Array.from({ length: pages }, (_, i) => ({ id: String(100 + i), kind: 'page', title: `Page ${i}`, version: 1, ...(i ? { parentId: '100' } : { parentId: HOME }) }));
  let labelReads = 0;
  let elapsed = 0;
  const deps: PreviewDeps & { labelReads(): number; spend(ms: number): void } = {
    content: {
      list: async () => [...items].reverse(), // listed children before parents: the preview puts them in tree order
      space: async () => ({ key: 'ENG', homepageId: HOME }),
      labels: async (id) => {
        labelReads++;
        return Number(id) % 2 ? ['secret'] : [];
      },
    },
    elapsedMs: () => elapsed,
    labelReads: () => labelReads,
    spend: (ms) => (elapsed += ms),
  };
  return deps;
}

async function allBatches(deps: PreviewDeps, scope: SyncScope) {
  const batches = [];
  for (let cursor: number | undefined = 0; cursor !== undefined; ) {
    const batch = await previewScope(deps, 'S', scope, true, cursor);
    batches.push(batch);
    cursor = batch.next;
  }
  return batches;
}

describe('the scope preview', () => {
  it('reads at most its share of labels per batch, and the batches judge each item once', async () => {
    const deps = space(250);
    const batches = await allBatches(deps, SyncScope.parse({ excludeLabels: ['secret'] }));
    expect(batches.map((b) => b.items.length)).toEqual([PREVIEW_BATCH_LABEL_READS, PREVIEW_BATCH_LABEL_READS, 50]);
    const items = batches.flatMap((b) => b.items);
    expect(items[0].id).toBe('100'); // the parent first
    expect(new Set(items.map((i) => i.id)).size).toBe(250);
    expect(items.filter((i) => !i.in)).toHaveLength(125);
    expect(items.find((i) => i.id === '101')).toMatchObject({ in: false, reason: 'label-excluded', why: 'Has a label that leaves it out.' });
    expect(deps.labelReads()).toBe(250);
  });

  it('reads no label where the tree rules decide, nor when the scope has no label rules', async () => {
    const deps = space(50);
    const [batch] = await allBatches(deps, SyncScope.parse({ excludedPages: [{ id: '100', withChildren: true }], includeLabels: ['x'] }));
    expect(batch.items.every((i) => !i.in && (i.reason === 'excluded-page' || i.reason === 'excluded-subtree'))).toBe(true);
    expect(deps.labelReads()).toBe(0);
    await allBatches(deps, SyncScope.parse({ roots: ['100'] }));
    expect(deps.labelReads()).toBe(0);
  });

  it('ends a batch early when its time is spent, and goes on from there', async () => {
    const deps = space(30);
    deps.spend(60_000);
    const first = await previewScope(deps, 'S', SyncScope.parse({ excludeLabels: ['secret'] }), true, 0);
    expect(first.items).toHaveLength(1); // always at least one, so it moves on
    expect(first.next).toBe(1);
  });
});
