/** What Verify needs from storage, Confluence and the queue; src/platform and src/confluence implement it. */
import type { ScheduledCheck, VerifyReport } from '../domain/verify-report';
import type { MapRecord } from './ports';
import type { FullSyncStore } from './stores';
import type { ContentKind } from './snapshot';

/** An item a Verify run checks; `gone`: sent as trashed or purged and not listed since, so not read again. */
export interface VerifyPlanItem {
  id: string;
  kind: ContentKind;
  gone?: boolean;
}

/** Both sides: the report of each sync's latest run. Source: the run's work list. Destination: what each batch named. */
export interface VerifyStore {
  report(syncId: string): Promise<VerifyReport | undefined>;
  putReport(syncId: string, report: VerifyReport): Promise<void>;
  plan(syncId: string, run: string): Promise<VerifyPlanItem[] | undefined>;
  putPlan(syncId: string, run: string, items: VerifyPlanItem[]): Promise<void>;
  /** The source ids batch `seq` of a run named, so the end of the run finds the copies no batch named. */
  putNamed(syncId: string, run: string, seq: number, ids: string[]): Promise<void>;
  named(syncId: string, run: string): Promise<Set<string>>;
  /**
   * Source: notes that an item's repair is queued; false (and nothing noted) when one was queued
   * within the last minutes, so asking again (a double click, a peer repeating itself) queues nothing twice.
   */
  markRepair(pairId: string, sourceId: string): Promise<boolean>;
  /** The latest hourly check (the cheap part of Verify), kept apart from the latest run. */
  scheduled(syncId: string): Promise<ScheduledCheck | undefined>;
  putScheduled(syncId: string, check: ScheduledCheck): Promise<void>;
  /** Source: counts a run the peer asked for this hour; false (and nothing counted) past `limit`. */
  countPeerRun(syncId: string, hour: string, limit: number): Promise<boolean>;
}

/** Source: the full sync under way, if any (a verify while it runs would list every page it has not sent yet). */
export type FullSyncState = Pick<FullSyncStore, 'progress'>;

/** Destination: every copy a pair has on record (the end of a run looks for copies no batch named). */
export interface RecordedCopies {
  list(pairId: string): Promise<Array<{ sourceId: string; record: MapRecord }>>;
}

/** A copy as Confluence has it now: what Verify compares with the original. */
export interface CopyState {
  status: string;
  version: number;
  title: string;
  parentId?: string;
  spaceId?: string;
  /** Global labels only (a person's own labels are theirs). */
  labels: string[];
}

/** Destination: reads a copy and which of its recorded comment and file copies are still there. */
export interface CopyInspector {
  copy(id: string, kind: ContentKind): Promise<CopyState | undefined>;
  /** Those given that are still on the copy: id → its version now (when the answer gave one). */
  comments(container: { id: string; kind: ContentKind }, copies: Array<{ destId: string; location: 'footer' | 'inline' }>): Promise<Map<string, number | undefined>>;
  /** The files on the copy: id → its version now. */
  files(container: { id: string; kind: ContentKind }): Promise<Map<string, number>>;
  /** Every current and archived page and blog post of the space: what the hourly check compares with the records. */
  list(spaceId: string): Promise<Array<{ id: string; kind: ContentKind; version: number; title: string }>>;
}

export type VerifyJob =
  /** Source: checks the next batches of a run, and re-queues itself before the consumer's limit. */
  | { type: 'verify'; syncId: string; spaceId: string; run: string; attempt?: number; waited?: number }
  /** Source: a repair Verify asked for; sent as a person's "Sync now" is. */
  | { type: 'repair'; syncId: string; spaceId: string; id: string; kind: ContentKind; by?: string; recheck: boolean; resendFiles: boolean };

export interface VerifyQueue {
  push(jobs: VerifyJob[], delaySeconds?: number): Promise<void>;
}
