/**
 * The destination's counts of its copies by status, kept as each copy record changes (as the
 * source keeps its items' counts, item-counts.ts), so the dashboard reads one value. A record
 * says its status only when it is not synced: the copy kept as edited here (ahead), an apply
 * the destination could not finish (failed), or the original removed (deleted). Pure rules.
 */
import { countChange, NO_ITEMS, type ItemCounts } from './item-counts';

export type CopyStatus = 'synced' | 'ahead' | 'failed' | 'deleted';

interface CopyRecordFacts {
  status?: Exclude<CopyStatus, 'synced'>;
  kind?: string;
  at?: string;
}

export const copyStatus = (record: Pick<CopyRecordFacts, 'status'>): CopyStatus => record.status ?? 'synced';

/** The status a copy record is kept with after an apply whose result had `status` (one the destination cannot count leaves it as it was). */
export function statusAfterApply(result: string, was: CopyRecordFacts['status']): CopyRecordFacts['status'] {
  if (result === 'synced') return undefined;
  return result === 'ahead' || result === 'failed' || result === 'deleted' ? result : was;
}

/** The record with its status set (absent for synced, so records written before statuses were kept read as synced). */
export function withCopyStatus<R extends CopyRecordFacts>(record: R, status: CopyRecordFacts['status']): R {
  const { status: _was, ...rest } = record;
  return (status ? { ...rest, status } : rest) as R;
}

const counted = (r: CopyRecordFacts) => ({ status: copyStatus(r), kind: r.kind, at: r.at ?? '' });

/** The counts once one copy record went from `before` (absent: a new record) to `after`. */
export function copyCountChange(counts: ItemCounts, before: CopyRecordFacts | undefined, after: CopyRecordFacts): ItemCounts {
  return countChange(counts, before && counted(before), counted(after));
}

/** The counts of every record, as a recount finds them. */
export function countCopies(records: CopyRecordFacts[]): ItemCounts {
  return records.reduce((counts, r) => copyCountChange(counts, undefined, r), { ...NO_ITEMS });
}

/** A count kept before statuses were (one number of records): all of them taken as synced. */
export function fromRecordCount(count: number): ItemCounts {
  return { ...NO_ITEMS, synced: count };
}

/** How many records the counts stand for. */
export const recordsCounted = (c: ItemCounts): number => c.synced + c.ahead + c.failed + c.restricted + c.deleted;

/** Whether a write changes what the counts say of this record. */
export const movesCounts = (before: CopyRecordFacts | undefined, after: CopyRecordFacts): boolean => !before || copyStatus(before) !== copyStatus(after) || (copyStatus(after) === 'synced' && (before.kind ?? 'page') !== (after.kind ?? 'page'));
