/**
 * Keeping pages in their siblings' order at the copy. Confluence puts a new page after its
 * siblings ("they land at the bottom of the parent's child list", github.com/atlassian/
 * atlassian-mcp-server/issues/135, 2026), so copies made many at once (the parallel full sync)
 * land in the order their creates happened to reach it, not the source's. Each new copy is
 * therefore placed before the copy of its nearest following sibling that has one (v1 movePage
 * `before`, v1.json; the move endpoint that issue asks to expose, still the one that orders
 * siblings); with none it stays last. Placed so one by one, in any order, the copies always stand in the source's order: the
 * copies already there are in order, and the new one goes right before the first of them that
 * follows it. Pages only: their listing gives `position` (v2.json PageBulk); folders and other
 * nodes come from search, which gives none. Pure rules; the moves are the destination's.
 */

/** Following siblings a copy is placed by: the nearest ones, so a message stays small. */
export const PLACE_BY_MAX = 20;

export interface Placed {
  kind: string;
  parentId?: string;
  position?: number;
  id: string;
}

/** For each item, the index of the next page under the same parent in the source's order (undefined for the last, and for anything but pages). */
export function nextSiblings(items: readonly Placed[]): Array<number | undefined> {
  const groups = new Map<string, number[]>();
  items.forEach((item, index) => {
    if (item.kind !== 'page' || item.position === undefined) return;
    const key = item.parentId ?? '';
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  const out: Array<number | undefined> = items.map(() => undefined);
  for (const indexes of groups.values()) {
    const ordered = [...indexes].sort((a, b) => (items[a].position as number) - (items[b].position as number) || Number(items[a].id) - Number(items[b].id));
    for (let i = 0; i + 1 < ordered.length; i++) out[ordered[i]] = ordered[i + 1];
  }
  return out;
}

/** The ids of the siblings that follow item `index`, nearest first, at most PLACE_BY_MAX. */
export function followingSiblings(plan: ReadonlyArray<{ id: string; next?: number }>, index: number): string[] {
  const out: string[] = [];
  const seen = new Set<number>([index]);
  for (let at = plan[index]?.next; at !== undefined && out.length < PLACE_BY_MAX && !seen.has(at) && plan[at]; at = plan[at].next) {
    seen.add(at);
    out.push(plan[at].id);
  }
  return out;
}

/** The copy a new copy goes before: that of the nearest following sibling with one; undefined to stay last. */
export function placeBefore(following: readonly string[], copyOf: ReadonlyMap<string, string>): string | undefined {
  for (const id of following) {
    const copy = copyOf.get(id);
    if (copy) return copy;
  }
  return undefined;
}
