/**
 * The window of a parallel full sync: which items of the plan may start while others are under
 * way, and how far the run has come. An item starts once the item it follows (its parent in the
 * plan) is done, so each copy is created under its parent's copy; items finish in any order, and
 * the run resumes after the first item not done, skipping those done beyond it.
 *
 * Siblings go one at a time where the window has other work: a copy is placed last among its
 * parent's children when it is created (v2-page-create.json answers its `position`), so siblings
 * created at once land in any order and each one out of place costs a move later
 * (sibling-order.ts). Filling the window with one sibling of each of many parents keeps them in
 * order. The siblings of a parent with nothing beside it (a flat space, the top of a tree) still
 * go at once: those that share a batch are created in order at the destination
 * (create-turns.ts), and what lands out of order is moved once the run is done.
 */

/**
 * Items sent at once. A page costs about 3 s of round trips (REST 150-300 ms, KVS, the peer's
 * web trigger) and waits a little for its batch (apply-batcher.ts); the benchmark measured 3.2
 * pages/s with 16 at once and 5.5 with 32 (1,000 pages, cross-site, README Performance). The
 * documented limits this meets (forge-platform.md section 2): 1,200 invocations a minute and
 * 100 egress requests a minute per invocation (the items go to the peer's inbox in batches of up
 * to 16, so the inbox runs once per batch) and 100,000 product requests a minute per tenant.
 * Points are not paced: a run that meets the points quota's 429 waits out its Retry-After.
 */
export const WINDOW_WIDTH = 32;
/**
 * How far past the first unfinished item the window looks for items free to start: bounds what
 * progress keeps (the done items past the first unfinished one). It spans the children of about
 * 32 parents of 8 children each, enough to fill the window with one sibling per parent. Measured
 * on the bench's tree (1,000 pages, 8 children a page, README Performance): 469 moves with 64
 * and every sibling started at once, 75 with this rule and 256.
 */
export const WINDOW_LOOKAHEAD = 256;

/**
 * `after`: the plan index of the item this one follows, or -1 for none. Plans written before the
 * run was parallel have none: each item then follows the one before it, as it did.
 */
export interface Ordered {
  after?: number;
  /** The parent's id, for a page with a place among siblings (top-level pages share the home page). */
  parentId?: string;
}

export interface WindowState {
  /** Every item before this index is done. */
  through: number;
  /** Items at or past `through` that are done. */
  finished: ReadonlySet<number>;
  running: ReadonlySet<number>;
}

const isDone = (s: WindowState, index: number) => index < s.through || s.finished.has(index);

/** What item `index` waits for; an index that does not come before it (a malformed plan) waits for nothing. */
export function dependencyOf(plan: readonly Ordered[], index: number): number {
  const after = plan[index].after ?? index - 1;
  return after < index ? after : -1;
}

/** The siblings an item is placed among: its parent in the plan, else the parent it names; none for a blog post. */
function siblingsOf(plan: readonly Ordered[], index: number): string | undefined {
  const after = plan[index].after;
  return after !== undefined && after >= 0 ? `#${after}` : plan[index].parentId;
}

/**
 * Up to `room` items that may start now, in plan order: first one item for each group of
 * siblings with none under way, then (only to fill the room) further siblings.
 */
export function startable(plan: readonly Ordered[], s: WindowState, room: number): number[] {
  const free: number[] = [];
  const end = Math.min(plan.length, s.through + WINDOW_LOOKAHEAD);
  for (let i = s.through; i < end; i++) {
    if (isDone(s, i) || s.running.has(i)) continue;
    const after = dependencyOf(plan, i);
    if (after < 0 || isDone(s, after)) free.push(i);
  }
  const busy = new Set([...s.running].map((i) => (i < plan.length ? siblingsOf(plan, i) : undefined)));
  const first = free.filter((i) => {
    const group = siblingsOf(plan, i);
    if (group === undefined) return true;
    if (busy.has(group)) return false;
    busy.add(group);
    return true;
  });
  const chosen = new Set(first.slice(0, room));
  for (const i of free) if (chosen.size < room) chosen.add(i);
  return [...chosen].sort((a, b) => a - b);
}

/** The state once item `index` is done: `through` moves past every done item that follows it. */
export function finish(s: Pick<WindowState, 'through' | 'finished'>, index: number): { through: number; finished: Set<number> } {
  const finished = new Set(s.finished);
  if (index >= s.through) finished.add(index);
  let through = s.through;
  while (finished.delete(through)) through++;
  return { through, finished };
}

/** Each item's `after`: the index of its parent where the parent is planned before it, else -1. */
export function orderAfterParents<T extends { id: string; parentId?: string }>(items: readonly T[]): Array<T & { after: number }> {
  const at = new Map(items.map((item, i) => [item.id, i]));
  return items.map((item, i) => {
    const parent = item.parentId === undefined ? undefined : at.get(item.parentId);
    return { ...item, after: parent !== undefined && parent < i ? parent : -1 };
  });
}
