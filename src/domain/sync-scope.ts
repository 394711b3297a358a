/**
 * What a sync covers: the whole space or chosen subtrees, pages included or excluded by label,
 * and single pages (or whole subtrees) left out. Pure rules; the source applies them to what it
 * lists and to each event, and the preview shows their verdicts before anything is saved.
 */
import { z } from 'zod';

const ContentId = z.string().regex(/^\d{1,20}$/, 'A page id is a number');
/** Confluence label names: lower case, no spaces (the API lowercases them). */
const LabelName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(255)
  .regex(/^[^\s:]+$/, 'A label has no spaces or colons');

export const ExcludedPage = z.object({ id: ContentId, withChildren: z.boolean().default(true) });

export const SyncScope = z.object({
  /** Subtrees to sync, by their top page or folder; none: the whole space. */
  roots: z.array(ContentId).max(50).default([]),
  /** A page needs one of these labels; none: no label is needed. */
  includeLabels: z.array(LabelName).max(20).default([]),
  /** A page with one of these labels is left out (its children are judged on their own). */
  excludeLabels: z.array(LabelName).max(20).default([]),
  excludedPages: z.array(ExcludedPage).max(500).default([]),
  /** What happens to a copy whose page leaves the scope later: kept as it is, or trashed. */
  onLeave: z.enum(['keep', 'trash']).default('keep'),
});
export type SyncScope = z.infer<typeof SyncScope>;

export const WHOLE_SPACE: SyncScope = SyncScope.parse({});

/** An item as the scope sees it: its ancestors nearest first (the space root not included). */
export interface ScopedItem {
  id: string;
  kind: string;
  ancestorIds: string[];
  labels: string[];
}

export type OutOfScope = 'outside-roots' | 'excluded-page' | 'excluded-subtree' | 'label-excluded' | 'label-missing';
export type ScopeVerdict = { in: true } | { in: false; reason: OutOfScope };

/** Why an item falls out, in an admin's words (the preview lists these). */
export const OUT_OF_SCOPE_TEXT: Record<OutOfScope, string> = {
  'outside-roots': 'Not under any of the chosen pages or folders.',
  'excluded-page': 'Left out by name.',
  'excluded-subtree': 'Under a page left out with its children.',
  'label-excluded': 'Has a label that leaves it out.',
  'label-missing': 'Has none of the labels a page needs.',
};

const inTree = (kind: string) => kind !== 'blogpost';

export function scopeVerdict(scope: SyncScope, item: ScopedItem): ScopeVerdict {
  const excluded = new Map(scope.excludedPages.map((p) => [p.id, p.withChildren]));
  if (excluded.has(item.id)) return { in: false, reason: 'excluded-page' };
  if (inTree(item.kind)) {
    if (item.ancestorIds.some((id) => excluded.get(id) === true)) return { in: false, reason: 'excluded-subtree' };
    // A root counts with its subtree, itself included.
    if (scope.roots.length && !scope.roots.some((root) => root === item.id || item.ancestorIds.includes(root))) return { in: false, reason: 'outside-roots' };
  }
  // Labels judge the page itself: folders and other tree nodes carry none, so only their own exclusion leaves them out.
  if (item.kind === 'page' || item.kind === 'blogpost') {
    const labels = new Set(item.labels.map((l) => l.toLowerCase()));
    if (scope.excludeLabels.some((l) => labels.has(l))) return { in: false, reason: 'label-excluded' };
    if (scope.includeLabels.length && !scope.includeLabels.some((l) => labels.has(l))) return { in: false, reason: 'label-missing' };
  }
  return { in: true };
}

/**
 * Whether the tree rules alone (roots, pages left out) keep a tree node in: what an ancestor is
 * judged by when a child's copy looks for its nearest synced parent (its labels judged it earlier).
 */
export function inTreeScope(scope: SyncScope, id: string, ancestorIds: string[]): boolean {
  return scopeVerdict(scope, { id, kind: 'folder', ancestorIds, labels: [] }).in;
}

/**
 * Where an item's copy goes: under its nearest ancestor that is synced itself (a page left out
 * alone leaves its children to its own parent's copy), or at the top of the copy's space.
 */
export function copyParent(scope: SyncScope, item: ScopedItem, inScope: (id: string) => boolean): string | undefined {
  if (!inTree(item.kind)) return undefined;
  return item.ancestorIds.find(inScope);
}

/** Whether the scope is the whole space, so nothing needs judging. */
export function coversWholeSpace(scope: SyncScope): boolean {
  return !scope.roots.length && !scope.includeLabels.length && !scope.excludeLabels.length && !scope.excludedPages.length;
}
