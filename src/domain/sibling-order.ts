/**
 * Putting copies in their originals' sibling order. Confluence puts a new page after its siblings
 * ("they land at the bottom of the parent's child list", github.com/atlassian/atlassian-mcp-
 * server/issues/135), so copies made many at once (the parallel full sync) stand in whatever order
 * their creates reached it. Once a full sync has made them all, the source sends each parent's
 * pages in order (v2 pages listing `position`, v2.json PageBulk; large and sparse, confluence-real
 * row 7) and the destination moves the fewest copies it can: all but the longest run already in
 * order (v1 movePage `before`/`after`, v1.json; v2 has no call that orders siblings).
 *
 * Pages only: their listing gives a position; folders and the other nodes come from search, which
 * gives none, so they stay where they stand and pages are ordered among themselves around them.
 * Pure rules; the listing and the moves are the sides'.
 */

/** Pages of one parent a message may order (a larger family stays as it was made: said in the README). */
export const ORDER_LIMITS = { children: 1000, groups: 20, ids: 5000 } as const;

export interface Sibling {
  id: string;
  kind: string;
  parentId?: string;
  position?: number;
}

/** One parent's pages in the source's order; `parent` absent for the pages right under the home page. */
export interface SiblingGroup {
  parent?: string;
  children: string[];
}

/** Appends to the key's list in place (a family of 10,000 pages is not copied for each page). */
function add<T>(lists: Map<string, T[]>, key: string, value: T): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

/** The families of two or more pages, each in position order (ties by id, as the emulator and the listing agree). */
export function siblingGroups(items: readonly Sibling[], homepageId: string): SiblingGroup[] {
  const families = new Map<string, Sibling[]>();
  for (const item of items) {
    if (item.kind !== 'page' || item.position === undefined || !item.parentId || item.id === homepageId) continue;
    add(families, item.parentId, item);
  }
  const groups: SiblingGroup[] = [];
  for (const [parent, pages] of families) {
    if (pages.length < 2 || pages.length > ORDER_LIMITS.children) continue;
    const children = [...pages].sort(inOrder).map((p) => p.id);
    groups.push({ ...(parent === homepageId ? {} : { parent }), children });
  }
  return groups;
}

/** The families' position order: by position, ties by id, as the emulator and the listing agree. */
const inOrder = (a: Sibling, b: Sibling) => (a.position as number) - (b.position as number) || Number(a.id) - Number(b.id);

/** Each parent's pages in position order, within the slots they held (what else is listed stays in place). */
export function pagesInPlace<T extends Sibling>(items: readonly T[]): T[] {
  const families = new Map<string, number[]>();
  items.forEach((item, i) => {
    if (item.kind === 'page' && item.position !== undefined && item.parentId) add(families, item.parentId, i);
  });
  const out = [...items];
  for (const slots of families.values()) {
    const sorted = slots.map((i) => items[i]).sort(inOrder);
    slots.forEach((slot, k) => (out[slot] = sorted[k]));
  }
  return out;
}

/**
 * The listing in the order a full sync plans it: parents before their children, each family
 * together and its pages in position order, families in the order their parents come (breadth
 * first). Items whose parent is not listed come first, as the top of the tree; items a cycle
 * keeps from the top come last, as listed. The full sync creates a family's copies one after
 * another where it can (sync-window.ts), so in this order they land in their originals' order.
 */
export function breadthFirst<T extends Sibling & { id: string }>(items: readonly T[]): T[] {
  const listed = new Set(items.map((i) => i.id));
  const families = new Map<string, T[]>();
  const top: T[] = [];
  for (const item of items) {
    if (item.parentId && listed.has(item.parentId) && item.parentId !== item.id) add(families, item.parentId, item);
    else top.push(item);
  }
  // The top holds the home page's family (pages naming it as parent) beside anything without one.
  const out = pagesInPlace(top);
  for (let k = 0; k < out.length; k++) for (const child of pagesInPlace(families.get(out[k].id) ?? [])) out.push(child);
  const reached = new Set(out.map((i) => i.id));
  return [...out, ...items.filter((i) => !reached.has(i.id))];
}

/** Groups cut into messages within ORDER_LIMITS (groups and ids per message). */
export function orderBatches(groups: readonly SiblingGroup[]): SiblingGroup[][] {
  const batches: SiblingGroup[][] = [];
  let batch: SiblingGroup[] = [];
  let ids = 0;
  for (const group of groups) {
    if (batch.length && (batch.length >= ORDER_LIMITS.groups || ids + group.children.length > ORDER_LIMITS.ids)) {
      batches.push(batch);
      batch = [];
      ids = 0;
    }
    batch.push(group);
    ids += group.children.length;
  }
  if (batch.length) batches.push(batch);
  return batches;
}

/** A copy of a group as its record knows it. */
export interface RecordedPlace {
  id: string;
  /** Its parent and position as the app's last write of it was answered (absent: not known, or moved since). */
  place?: { parentId: string; position: number };
  /** Someone changed the copy since (a move among them). */
  lookFirst?: boolean;
}

/**
 * The copies under `parentId` in the order they stand, from their records alone, when the records
 * can tell: each copy's parent and position as Confluence answered the app's last write (a create
 * puts a page after its siblings), every one under that parent, positions distinct, and no copy
 * changed by anyone since. Pages that are not copies do not matter (orderMoves leaves them out).
 * Undefined: the parent's children are listed instead.
 */
export function recordedOrder(copies: readonly RecordedPlace[], parentId: string): string[] | undefined {
  if (copies.some((c) => c.place?.parentId !== parentId || c.lookFirst)) return undefined;
  const at = (c: RecordedPlace) => (c.place as { position: number }).position;
  if (new Set(copies.map(at)).size !== copies.length) return undefined;
  return [...copies].sort((a, b) => at(a) - at(b)).map((c) => c.id);
}

export interface Move {
  id: string;
  position: 'before' | 'after';
  target: string;
}

/**
 * The fewest moves that put `current` (the copies as they stand, in position order; others under
 * the same parent left out) in `desired` order: every copy outside one longest increasing run of
 * desired places is moved, in desired order, right after the copy before it (the first one before
 * the run's first), so each lands where it belongs among those already placed.
 */
export function orderMoves(desired: readonly string[], current: readonly string[]): Move[] {
  const place = new Map(desired.map((id, i) => [id, i]));
  const standing = current.filter((id) => place.has(id));
  const kept = new Set(longestRun(standing.map((id) => place.get(id) as number)).map((i) => standing[i]));
  const present = new Set(standing);
  const order = desired.filter((id) => present.has(id));
  const firstKept = order.find((id) => kept.has(id));
  const moves: Move[] = [];
  order.forEach((id, i) => {
    if (kept.has(id)) return;
    if (i > 0) moves.push({ id, position: 'after', target: order[i - 1] });
    else if (firstKept) moves.push({ id, position: 'before', target: firstKept });
  });
  return moves;
}

/** Indexes into `values` of one longest strictly increasing subsequence (patience sorting, O(n log n)). */
export function longestRun(values: readonly number[]): number[] {
  const tails: number[] = [];
  const previous: number[] = [];
  values.forEach((value, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]] < value) lo = mid + 1;
      else hi = mid;
    }
    previous[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  });
  const run: number[] = [];
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = previous[i]) run.push(i);
  return run.reverse();
}
