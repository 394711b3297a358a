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
 * from what the app reads (whether it indexes resolved inline comments, a reply's container, is
 * UNCONFIRMED), the difference survives the catch-up; it is then learned, from two runs that agree,
 * and the counts are judged against it from then on.
 */

/** Per part the sync copies: search's count less the records' sum. */
export interface PartsTally {
  comments?: number;
  attachments?: number;
}

/** What the census remembers between runs. */
export interface PartsCensusState {
  /** The difference the counts are expected to show; 0 for each part until one was learned. */
  offset: PartsTally;
  /** A difference seen once, waiting for the next run to confirm it. */
  suspect?: PartsTally;
  /** After a catch-up: the first run's difference, to be learned when the next one agrees. */
  learning?: PartsTally | 'start';
}

/** A sent record as the census reads it: the parts it held when last read, and whether search still sees it. */
export interface PartsRecord {
  parts?: PartsTally;
  status?: string;
  sourceStatus?: string;
}

/**
 * How many comments and attachments the records say the space's items hold. A record of an item
 * search does not see (gone, unreadable to the app, archived: search finds current content only)
 * counts nothing.
 */
export function recordedParts(records: Iterable<PartsRecord>): Required<PartsTally> {
  const out = { comments: 0, attachments: 0 };
  for (const r of records) {
    if (r.status === 'deleted' || r.status === 'restricted' || r.sourceStatus === 'archived') continue;
    out.comments += r.parts?.comments ?? 0;
    out.attachments += r.parts?.attachments ?? 0;
  }
  return out;
}

export type CensusVerdict = 'agree' | 'suspect' | 'catch-up' | 'learning';

const same = (a: PartsTally | undefined, b: PartsTally) => a !== undefined && (a.comments ?? 0) === (b.comments ?? 0) && (a.attachments ?? 0) === (b.attachments ?? 0);

export const FIRST_CENSUS: PartsCensusState = { offset: {} };

/** The verdict on this run's difference, and what to remember for the next run. */
export function judgeParts(difference: PartsTally, state: PartsCensusState = FIRST_CENSUS): { verdict: CensusVerdict; next: PartsCensusState } {
  if (state.learning !== undefined) {
    if (state.learning !== 'start' && same(state.learning, difference)) return { verdict: 'agree', next: { offset: difference } };
    return { verdict: 'learning', next: { offset: state.offset, learning: difference } };
  }
  if (same(state.offset, difference)) return { verdict: 'agree', next: { offset: state.offset } };
  if (same(state.suspect, difference)) return { verdict: 'catch-up', next: { offset: state.offset, learning: 'start' } };
  return { verdict: 'suspect', next: { offset: state.offset, suspect: difference } };
}

/**
 * After a full read of the space (a full sync or catch-up) the records are as true as a read
 * makes them: a suspicion is settled; a learning the census asked for starts now; a learned
 * difference stays.
 */
export function afterFullRead(state: PartsCensusState | undefined): PartsCensusState | undefined {
  return state && { offset: state.offset, ...(state.learning !== undefined ? { learning: 'start' as const } : {}) };
}
