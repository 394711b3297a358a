/**
 * Finding label-only changes for the reconcile. A label added to or removed from a page makes
 * no new version and no modification the reconcile's change listings see, so only a lost label
 * event could tell. Instead the reconcile compares, label by label, how many of the space's
 * items carry it now (a count, one point) with how many carried it when last sent (the sent
 * records keep each item's global labels), and lists a label's carriers only where the two
 * differ, or on a full comparison. Pure rules; the reads are the reconcile's.
 */

/** An item as last sent: its global labels then. */
export interface LabelledRecord {
  id: string;
  labels: readonly string[];
}

/** How many sent items carried each label when sent. */
export function recordedCounts(records: Iterable<LabelledRecord>): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of records) for (const name of new Set(r.labels)) out.set(name, (out.get(name) ?? 0) + 1);
  return out;
}

/**
 * The labels whose carriers must be listed: those whose count now differs from the recorded
 * one. `counted` holds a count for each label the space has now; a recorded label it lacks is
 * carried by nothing now.
 */
export function labelsToList(counted: ReadonlyMap<string, number>, recorded: ReadonlyMap<string, number>): string[] {
  const names = new Set([...counted.keys(), ...recorded.keys()]);
  return [...names].filter((name) => (counted.get(name) ?? 0) !== (recorded.get(name) ?? 0)).sort();
}

/**
 * The items whose labels changed as far as one label shows: recorded with it and not carrying
 * it now, or carrying it now and recorded without it. A carrier with no record at all is left
 * out: something never sent is the full comparison's to find.
 */
export function changedCarriers(label: string, records: ReadonlyMap<string, readonly string[]>, carriers: Iterable<string>): string[] {
  const now = new Set(carriers);
  const out = new Set<string>();
  for (const [id, labels] of records) if (labels.includes(label) !== now.has(id)) out.add(id);
  for (const id of now) if (!records.has(id)) out.delete(id);
  return [...out].sort();
}

/** A sent record as the census judges whether it has a label baseline. */
export interface CensusRecord {
  labels?: readonly string[];
  status?: string;
  sourceStatus?: string;
}

/**
 * The items whose labels were never recorded although they were current when sent: records
 * written before the census kept labels. The census cannot judge them (a change made since
 * their send would be missed, and their labels would make every count differ), so each is read
 * once: an unchanged one then only gets its labels recorded, a changed one is sent. Only
 * records in step or AHEAD with a current original qualify: the read of any other keeps no
 * labels by design (send-item.ts `labelsOf`), so it would be asked for again every run.
 */
export function withoutBaseline(records: Iterable<[string, CensusRecord]>): string[] {
  const out: string[] = [];
  for (const [id, r] of records) if (!r.labels && (r.status === 'synced' || r.status === 'ahead') && r.sourceStatus !== 'archived') out.push(id);
  return out.sort();
}
