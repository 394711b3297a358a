/**
 * The dashboard's counts of a source's items by their last outcome, kept as each item's record
 * changes so reading them is one value, not a scan of every record. Pure rules, no I/O.
 */
export const COUNTED_STATUSES = ['synced', 'ahead', 'failed', 'restricted', 'deleted'] as const;
export type CountedStatus = (typeof COUNTED_STATUSES)[number];

export type ItemCounts = Record<CountedStatus, number> & {
  /** When an item's record last changed (the dashboard's "last synced"). */
  lastAt?: string;
  /** The synced items by kind (page, blogpost, folder, whiteboard…), so the dashboard says "6 pages and 1 blog post". */
  syncedKinds?: Record<string, number>;
};

export const NO_ITEMS: ItemCounts = { synced: 0, ahead: 0, failed: 0, restricted: 0, deleted: 0 };

interface Counted {
  status: string;
  at: string;
  /** Absent: a page (records from before kinds were kept). */
  kind?: string;
}

const isCounted = (status: string | undefined): status is CountedStatus => (COUNTED_STATUSES as readonly string[]).includes(status ?? '');
const later = (a: string | undefined, b: string) => (a && a > b ? a : b);

/** The counts of every record, as a recount finds them. */
export function countItems(records: Counted[]): ItemCounts {
  return records.reduce<ItemCounts>((counts, r) => countChange(counts, undefined, r), { ...NO_ITEMS });
}

/** The counts once one item's record went from `before` (absent: a new item) to `after`. */
export function countChange(counts: ItemCounts, before: Pick<Counted, 'status' | 'kind'> | undefined, after: Counted): ItemCounts {
  const next: ItemCounts = { ...counts, lastAt: later(counts.lastAt, after.at) };
  if (isCounted(before?.status)) next[before.status] = Math.max(0, next[before.status] - 1);
  if (isCounted(after.status)) next[after.status] += 1;
  if (before?.status === 'synced' || after.status === 'synced') {
    const kinds = { ...next.syncedKinds };
    if (before?.status === 'synced') kinds[before.kind ?? 'page'] = Math.max(0, (kinds[before.kind ?? 'page'] ?? 0) - 1);
    if (after.status === 'synced') kinds[after.kind ?? 'page'] = (kinds[after.kind ?? 'page'] ?? 0) + 1;
    next.syncedKinds = Object.fromEntries(Object.entries(kinds).filter(([, n]) => n > 0));
  }
  return next;
}
