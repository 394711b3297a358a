/**
 * Finding comments and attachments that went without their events. A deleted comment, reply or
 * file makes no page version and leaves no row in any listing sorted by modification, so the
 * reconcile's change listings cannot see it, and a reply the footer listing leaves out
 * (UNCONFIRMED) is not seen either. Search can count them: the space's comments and
 * attachments now (one point each) against the sum the sent records kept when each item was
 * last read. The two should agree; events move both together. Pure rules; the reads are the
 * reconcile's (src/replication/reconcile.ts).
 *
 * A count read while an event is still on its way, or before the search index caught up, differs
 * for one run only, so a difference is acted on when two runs in a row find the same one: the
 * space is then read whole and sent what differs (a catch-up). Where search counts differently
 * from what the app reads, the difference survives a catch-up that found nothing to change. If
 * it is exactly the comments of resolved inline threads (whether search indexes them is
 * UNCONFIRMED), the census counts without them from then on, so resolving and reopening threads
 * changes nothing; any other difference (a reply's container, comments on files: UNCONFIRMED) is
 * learned from two runs that agree, and the counts are judged against it from then on. Two lost
 * events that cancel out (a lost reply, a lost deletion) are not seen: a count cannot.
 */

/** Per part the sync copies: search's count less the records' sum. */
export interface PartsTally {
  comments?: number;
  attachments?: number;
}

/** What a sent record keeps of its item's parts when last read: `resolved`, the comments in resolved inline threads. */
export interface HeldParts extends PartsTally {
  resolved?: number;
}

/** What the census remembers between runs. */
export interface PartsCensusState {
  /** The difference the counts are expected to show; 0 for each part until one was learned. */
  offset: PartsTally;
  /** A difference seen once, waiting for the next run to confirm it. */
  suspect?: PartsTally;
  /** After a catch-up that changed nothing: the first run's difference, to be learned when the next one agrees. */
  learning?: PartsTally | 'start';
  /** Search was found to leave resolved inline threads out: the records' sum leaves them out too. */
  withoutResolved?: true;
  /** The last confirmed difference was located by counting in groups (parts-locate.ts): if it comes back, the space is read whole. */
  located?: true;
}

/** A sent record as the census reads it: the parts it held when last read, and whether search still sees it. */
export interface PartsRecord {
  parts?: HeldParts;
  status?: string;
  sourceStatus?: string;
}

/** What the records hold in all: every comment, those of resolved inline threads, every attachment. */
export interface RecordedParts {
  comments: number;
  resolved: number;
  attachments: number;
}

/** A record of an item search sees: not gone, readable to the app, not archived (search finds current content only). */
export const searchable = (r: PartsRecord) => r.status !== 'deleted' && r.status !== 'restricted' && r.sourceStatus !== 'archived';

/** How many comments and attachments the records say the space's items hold. */
export function recordedParts(records: Iterable<PartsRecord>): RecordedParts {
  const out = { comments: 0, resolved: 0, attachments: 0 };
  for (const r of records) {
    if (!searchable(r)) continue;
    out.comments += r.parts?.comments ?? 0;
    out.resolved += r.parts?.resolved ?? 0;
    out.attachments += r.parts?.attachments ?? 0;
  }
  return out;
}

/**
 * Records search sees that keep no parts at all: written before the census, so their items'
 * comments and files are in search's count and in no record. While any is left the census does
 * not judge; each is read once (which records its parts), a bounded number a run.
 */
export function withoutPartsBaseline<T extends PartsRecord>(records: Iterable<[string, T]>): string[] {
  const out: string[] = [];
  for (const [id, r] of records) if (searchable(r) && r.status !== undefined && r.parts === undefined) out.push(id);
  return out;
}

/** Search's counts against the records, both ways: with every comment, and without those of resolved threads. */
export function partsDifferences(counted: PartsTally, recorded: RecordedParts): { all: PartsTally; withoutResolved: PartsTally } {
  const attachments = counted.attachments !== undefined ? { attachments: counted.attachments - recorded.attachments } : {};
  if (counted.comments === undefined) return { all: attachments, withoutResolved: attachments };
  return { all: { comments: counted.comments - recorded.comments, ...attachments }, withoutResolved: { comments: counted.comments - (recorded.comments - recorded.resolved), ...attachments } };
}

export type CensusVerdict = 'agree' | 'suspect' | 'catch-up' | 'learning';

/** The same, for the parts counted now: a part switched off since is no difference. */
const same = (a: PartsTally | undefined, b: PartsTally) => a !== undefined && (['comments', 'attachments'] as const).every((k) => b[k] === undefined || (a[k] ?? 0) === b[k]);
const zero = (d: PartsTally) => same({}, d);

export const FIRST_CENSUS: PartsCensusState = { offset: {} };

/** The verdict on this run's differences, and what to remember for the next run. */
export function judgeParts(differences: { all: PartsTally; withoutResolved: PartsTally }, state: PartsCensusState = FIRST_CENSUS): { verdict: CensusVerdict; next: PartsCensusState } {
  const mode = state.withoutResolved ? { withoutResolved: true as const } : {};
  const difference = state.withoutResolved ? differences.withoutResolved : differences.all;
  if (state.learning !== undefined) {
    // Exactly the resolved threads' comments: search leaves them out, whatever their number.
    if (!state.withoutResolved && !zero(differences.all) && zero(differences.withoutResolved)) return { verdict: 'agree', next: { offset: {}, withoutResolved: true } };
    if (state.learning !== 'start' && same(state.learning, difference)) return { verdict: 'agree', next: { offset: difference, ...mode } };
    return { verdict: 'learning', next: { offset: state.offset, learning: difference, ...mode } };
  }
  if (same(state.offset, difference)) return { verdict: 'agree', next: { offset: state.offset, ...mode } };
  if (same(state.suspect, difference)) return { verdict: 'catch-up', next: { offset: state.offset, learning: 'start', ...mode } };
  return { verdict: 'suspect', next: { offset: state.offset, suspect: difference, ...mode } };
}

/**
 * After a full read of the space (a full sync or catch-up) the records are as true as a read
 * makes them: a suspicion is settled and a learned difference stays. A learning the census asked
 * for starts now only if the read changed nothing: one that repaired something explained the
 * difference, and what differs after it is news (a deletion lost since), not how search counts.
 */
export function afterFullRead(state: PartsCensusState | undefined, changed: number): PartsCensusState | undefined {
  if (!state) return undefined;
  return { offset: state.offset, ...(state.learning !== undefined && changed === 0 ? { learning: 'start' as const } : {}), ...(state.withoutResolved ? { withoutResolved: true as const } : {}) };
}
