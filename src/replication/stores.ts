/**
 * What replication keeps in storage, one store per thing kept; src/platform implements each
 * over Forge KVS. The source keeps what it sent and its full syncs; the destination keeps its
 * copies (with the journal of an apply under way), the copies waiting for a page, and the
 * transfers in flight; both keep an activity log.
 */
import type { ApplyJournal } from '../domain/apply-journal';
import type { ItemCounts } from '../domain/item-counts';
import type { ActivityEntry, FullSyncProgress, MapRecord, PlanItem, SentRecord, Waiter } from './ports';
import type { WaitingReview } from '../domain/review-rules';

/** Source: what was last delivered for each item (the outbox's memory). */
export interface SentStore {
  get(pairId: string, sourceId: string): Promise<SentRecord | undefined>;
  /**
   * Writes the record and, in the same write, moves the pair's counts from `before` (the record
   * as read before this change; undefined for a new item) to it.
   */
  put(pairId: string, sourceId: string, record: SentRecord, before: SentRecord | undefined): Promise<void>;
  /** Every sent record of a pair (reconcile, a recount). */
  all(pairId: string): Promise<Array<{ sourceId: string; record: SentRecord }>>;
  /** The pair's items by status: one read (undefined while no record has been written since counts were kept). */
  counts(pairId: string): Promise<ItemCounts | undefined>;
  putCounts(pairId: string, counts: ItemCounts): Promise<void>;
}

/** Where a page of this site came from, when the app made it as a copy. */
export interface Origin {
  pairId: string;
  sourceId: string;
}

/**
 * Destination: each copy's record (the id map and the conflict baseline), its reverse index
 * (copy id → pair and source id), and the journal of an apply under way. Record and index are
 * always written together; the journal moves with them in the same write, so what the copy
 * holds and how far its apply got never disagree.
 */
export interface CopyStore {
  get(pairId: string, sourceId: string): Promise<MapRecord | undefined>;
  /** The records of many items under one pair address, in their order: a few batch reads instead of one read each. */
  getMany(pairId: string, sourceIds: readonly string[]): Promise<Array<MapRecord | undefined>>;
  /** The item's record and the journal of an apply that did not commit, in one read. */
  withJournal(pairId: string, sourceId: string): Promise<{ record?: MapRecord; journal?: ApplyJournal }>;
  origin(destId: string): Promise<Origin | undefined>;
  /** How many items of a pair have a copy record here: one read (undefined while no record has been made since counts were kept). */
  count(pairId: string): Promise<number | undefined>;
  /** The pair's records by status (copy-counts.ts): one read (undefined while none has been written since they were kept). */
  counts(pairId: string): Promise<ItemCounts | undefined>;
  /** Counts the records, every one read. */
  countAll(pairId: string): Promise<number>;
  /** Counts the records by status, every one read. */
  countAllByStatus(pairId: string): Promise<ItemCounts>;
  /** Counts the records anew (every one read) and keeps the count when it differs. */
  recount(pairId: string): Promise<number>;
  /** The record and its reverse index, outside any apply (a waiter re-linked, a copy trashed). */
  put(pairId: string, sourceId: string, record: MapRecord): Promise<void>;
  /** The journal of an apply that has not committed: found by the next apply, it says what was done. */
  journal(pairId: string, sourceId: string): Promise<ApplyJournal | undefined>;
  /** The journal alone: the apply has planned and is about to write (phase `planned`). */
  begin(pairId: string, sourceId: string, journal: ApplyJournal): Promise<void>;
  /** Record, reverse index and journal in one write: what the copy holds now, and the phase reached. */
  advance(pairId: string, sourceId: string, record: MapRecord, journal: ApplyJournal, write?: RecordWrite): Promise<void>;
  /** Record and reverse index written and the journal (when `journaled`: one was written or found) dropped in one write: the apply is committed. */
  commit(pairId: string, sourceId: string, record: MapRecord, write: RecordWrite & { journaled: boolean }): Promise<void>;
}

/**
 * `created`: the item had no record before this write, so the pair's count grows by one.
 * `inheritedFrom`: the record was an earlier sync's (kept under that pair address); this write
 * takes it over, dropping the earlier one, and points the reverse index at this pair.
 */
export interface RecordWrite {
  created?: boolean;
  inheritedFrom?: string;
}

/** An item a full sync could not send, and why. */
export interface ItemFailure {
  sourceId: string;
  reason: string;
}

/** Source: the first full sync (or a re-sync or catch-up) of a sync, its progress, its failures one per item, and its work list. */
export interface FullSyncStore {
  progress(syncId: string): Promise<FullSyncProgress | undefined>;
  /** With `failure`, that item's failure is kept in the same write (progress.failedCount counts it). */
  putProgress(syncId: string, progress: FullSyncProgress, failure?: ItemFailure): Promise<void>;
  /** The first `limit` failures of the run that started at `startedAt`. */
  failures(syncId: string, startedAt: string, limit: number): Promise<ItemFailure[]>;
  /** The ordered work list, kept between checkpoints. */
  plan(syncId: string): Promise<PlanItem[] | undefined>;
  putPlan(syncId: string, items: PlanItem[]): Promise<void>;
}

/** Destination: copies waiting for a page to arrive (their parent, or a page they link to), by that page's source id. */
export interface WaitingStore {
  get(pairId: string, sourceId: string): Promise<Waiter[]>;
  /** One waiter, kept apart from the others (it replaces that copy's earlier wait for the same page). */
  add(pairId: string, sourceId: string, waiter: Waiter): Promise<void>;
  /** The waiters settled, no longer waiting. */
  remove(pairId: string, sourceId: string, waiters: Waiter[]): Promise<void>;
}

/** Destination: parts of a transfer (base64), kept until the apply that uses them succeeds, and the pair's daily quota. */
export interface TransferStore {
  putPart(pairId: string, transferId: string, index: number, data: string): Promise<void>;
  /** `count` parts of a transfer from index `from`. */
  parts(pairId: string, transferId: string, from: number, count: number): Promise<Array<string | undefined>>;
  /** Counts one more part against the pair's quota for the day; false (and nothing counted) when it is used up. */
  countPart(pairId: string, day: string, limit: number): Promise<boolean>;
  dropParts(pairId: string, transferId: string, count: number): Promise<void>;
}

/** Both sides: what happened, newest first. */
export interface ActivityLog {
  log(entry: ActivityEntry): Promise<void>;
  recent(syncId: string, limit: number): Promise<ActivityEntry[]>;
}

/**
 * Destination: the version waiting beside an edited copy (review before overwrite), per item.
 * The snapshot may outgrow one KVS value, so its JSON is kept in parts under the waiting
 * version's generation; the header names them and is written last, so a reader never finds a
 * header whose parts are missing.
 */
export interface ReviewStore {
  get(pairId: string, sourceId: string): Promise<WaitingReview | undefined>;
  /** The waiting snapshot's JSON (undefined when a part is missing). */
  snapshot(pairId: string, sourceId: string, review: WaitingReview): Promise<string | undefined>;
  /** Writes the parts, then the header; the parts of the version it replaces are dropped after. */
  put(pairId: string, sourceId: string, review: WaitingReview, parts: string[], replaced?: WaitingReview): Promise<void>;
  drop(pairId: string, sourceId: string, review: WaitingReview): Promise<void>;
  /** True for the one answer that may settle this waiting version: a second answer changes nothing. */
  claimAnswer(pairId: string, sourceId: string, generation: string): Promise<boolean>;
  /** The answer did not go through (the source unreachable, a file gone): it may be given again. */
  releaseAnswer(pairId: string, sourceId: string, generation: string): Promise<void>;
}
