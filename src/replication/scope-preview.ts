/**
 * The scope's dry run: what a sync with this scope would send from this space, item by item,
 * with why each left-out item falls out. It lists the space as the first full sync does (the
 * same items, in tree order), judges each with the same rules, and writes nothing. A resolver
 * has 25 s (forge-platform.md, limits), so it answers one bounded batch at a time from `cursor`
 * and the UI asks for the next until none is left.
 */
import { OUT_OF_SCOPE_TEXT, scopeVerdict, type SyncScope } from '../domain/sync-scope';
import type { ScopePreviewBatch, ScopeTreeView } from '../contract/resolvers';
import { NODE_KINDS, treeOrder, type ContentKind } from './snapshot';
import type { SourceContent, SpaceItem } from './ports';

/** Items judged in one batch, and label reads (one request each) at most among them. */
export const PREVIEW_BATCH_ITEMS = 500;
export const PREVIEW_BATCH_LABEL_READS = 100;
/** Stop a batch after this long: the listing and the reads stay well inside a resolver's 25 s. */
export const PREVIEW_BATCH_MS = 12_000;
/** The picker offers at most this many pages and folders. */
export const TREE_ITEMS = 2000;

export interface PreviewDeps {
  content: Pick<SourceContent, 'list' | 'space' | 'labels'>;
  elapsedMs(): number;
}

/** What the first full sync lists: pages (blog posts when synced) and the tree's other nodes, the home page left out. */
async function listed(deps: Pick<PreviewDeps, 'content'>, spaceId: string, blogPosts: boolean): Promise<{ items: SpaceItem[]; homepageId: string }> {
  const kinds: ContentKind[] = [...(blogPosts ? (['page', 'blogpost'] as const) : (['page'] as const)), ...NODE_KINDS];
  const { homepageId } = await deps.content.space(spaceId);
  return { items: treeOrder((await deps.content.list(spaceId, kinds)).filter((i) => i.id !== homepageId)), homepageId };
}

/** An item's ancestors from the listing's parents, nearest first, up to the home page (not included). */
function ancestorsIn(byId: Map<string, SpaceItem>, item: SpaceItem, homepageId: string): string[] {
  const out: string[] = [];
  for (let p = item.parentId; p && p !== homepageId && !out.includes(p); p = byId.get(p)?.parentId) out.push(p);
  return out;
}

const hasLabelRules = (scope: SyncScope) => scope.includeLabels.length > 0 || scope.excludeLabels.length > 0;

export async function previewScope(deps: PreviewDeps, spaceId: string, scope: SyncScope, blogPosts: boolean, cursor = 0): Promise<ScopePreviewBatch> {
  const { items, homepageId } = await listed(deps, spaceId, blogPosts);
  const byId = new Map(items.map((i) => [i.id, i]));
  const out: ScopePreviewBatch['items'] = [];
  let reads = 0;
  let i = cursor;
  for (; i < items.length && out.length < PREVIEW_BATCH_ITEMS; i++) {
    const item = items[i];
    const ancestorIds = ancestorsIn(byId, item, homepageId);
    let verdict = scopeVerdict(scope, { id: item.id, kind: item.kind, ancestorIds, labels: [] });
    // Labels are read only where they can change the verdict: a page the tree rules keep.
    const labelled = item.kind === 'page' || item.kind === 'blogpost';
    if (labelled && hasLabelRules(scope) && (verdict.in || verdict.reason === 'label-missing')) {
      if (out.length && (reads >= PREVIEW_BATCH_LABEL_READS || deps.elapsedMs() > PREVIEW_BATCH_MS)) break;
      reads++;
      verdict = scopeVerdict(scope, { id: item.id, kind: item.kind, ancestorIds, labels: await deps.content.labels(item.id, item.kind) });
    }
    out.push({ id: item.id, kind: item.kind, title: item.title ?? '', in: verdict.in, ...(verdict.in ? {} : { reason: verdict.reason, why: OUT_OF_SCOPE_TEXT[verdict.reason] }) });
  }
  return { total: items.length, items: out, ...(i < items.length ? { next: i } : {}) };
}

/** The space's pages and folders for the scope's picker: what can be a root or be left out. */
export async function scopeTree(deps: Pick<PreviewDeps, 'content'>, spaceId: string): Promise<ScopeTreeView> {
  const { items, homepageId } = await listed(deps, spaceId, false);
  const offered = items.filter((i) => i.kind === 'page' || i.kind === 'folder');
  return {
    items: offered.slice(0, TREE_ITEMS).map((i) => ({ id: i.id, kind: i.kind, title: i.title ?? i.id, ...(i.parentId && i.parentId !== homepageId ? { parentId: i.parentId } : {}) })),
    truncated: offered.length > TREE_ITEMS,
  };
}
