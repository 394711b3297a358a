/** What replication needs from Confluence, storage and queues; src/confluence and src/platform implement it. */
import type { ContentKind, PageSnapshot } from './snapshot';

/** The source side's view of its own space, read as the app. */
export interface SourceContent {
  /** The page now, or undefined when the app cannot see it (restricted, or purged). */
  snapshot(id: string, kind: ContentKind, spaceKey: string, homepageId: string): Promise<PageSnapshot | undefined>;
  /** Every current page (and blog post) of the space: ids, parents and versions only. */
  list(spaceId: string, kinds: ContentKind[]): Promise<SpaceItem[]>;
  space(spaceId: string): Promise<{ key: string; homepageId: string }>;
}

export interface SpaceItem {
  id: string;
  kind: ContentKind;
  parentId?: string;
  version: number;
}

export interface DestinationPage {
  id: string;
  status: string;
  title: string;
  version: number;
  labels: string[];
}

/** The destination side's writes, made as the app. */
export interface DestinationContent {
  space(spaceId: string): Promise<{ key: string; homepageId: string }>;
  get(id: string, kind: ContentKind): Promise<DestinationPage | undefined>;
  /** A page the app may adopt (a copy it made before crashing), found by title. */
  findByTitle(spaceId: string, kind: ContentKind, title: string): Promise<(DestinationPage & { createdByApp: boolean }) | undefined>;
  create(spaceId: string, kind: ContentKind, page: { title: string; parentId?: string; body: string }): Promise<DestinationPage>;
  update(id: string, kind: ContentKind, page: { title: string; parentId?: string; body: string; version: number; status: 'current' }): Promise<DestinationPage>;
  trash(id: string, kind: ContentKind): Promise<void>;
  addLabels(id: string, names: string[]): Promise<void>;
  removeLabel(id: string, name: string): Promise<void>;
}

/** What the source last delivered for an item (the outbox's memory). */
export interface SentRecord {
  kind?: ContentKind;
  hash: string;
  version: number;
  destId?: string;
  destVersion?: number;
  status: ItemStatus;
  reason?: string;
  at: string;
}

/** What the destination last applied for an item: the id map and the conflict baseline. */
export interface MapRecord {
  destId: string;
  kind: ContentKind;
  sourceVersion: number;
  destVersion: number;
  hash: string;
  /** Source labels the app applied, so labels only the destination has are never removed. */
  labels: string[];
}

export type ItemStatus = 'synced' | 'ahead' | 'deleted' | 'restricted' | 'failed' | 'skipped';

export const ACTIVITY_OUTCOMES = ['created', 'updated', 'trashed', 'restored', 'unchanged', 'ahead-kept', 'ahead-overwritten', 'title-clash', 'restricted', 'failed', 'stale'] as const;
export type ActivityOutcome = (typeof ACTIVITY_OUTCOMES)[number];

export interface ActivityEntry {
  at: string;
  syncId: string;
  sourceId: string;
  title: string;
  /** What moved it: an event type, "full sync", "reconcile", or a user's "Sync now". */
  cause: string;
  outcome: ActivityOutcome;
  detail?: string;
}

export interface FullSyncProgress {
  state: 'queued' | 'running' | 'complete' | 'incomplete' | 'failed';
  total: number;
  done: number;
  failed: Array<{ sourceId: string; reason: string }>;
  startedAt: string;
  finishedAt?: string;
}

export interface ReplicationStore {
  sent(pairId: string, sourceId: string): Promise<SentRecord | undefined>;
  putSent(pairId: string, sourceId: string, record: SentRecord): Promise<void>;
  sentIds(pairId: string): Promise<string[]>;
  mapped(pairId: string, sourceId: string): Promise<MapRecord | undefined>;
  /** Writes the map record and its reverse index (copy id → pair and source id) together. */
  putMapped(pairId: string, sourceId: string, record: MapRecord): Promise<void>;
  /** Where a page of this site came from, when the app made it as a copy. */
  origin(destId: string): Promise<{ pairId: string; sourceId: string } | undefined>;
  progress(syncId: string): Promise<FullSyncProgress | undefined>;
  putProgress(syncId: string, progress: FullSyncProgress): Promise<void>;
  /** The ordered work list of a full sync, kept between checkpoints. */
  plan(syncId: string): Promise<PlanItem[] | undefined>;
  putPlan(syncId: string, items: PlanItem[]): Promise<void>;
  log(entry: ActivityEntry): Promise<void>;
  activity(syncId: string, limit: number): Promise<ActivityEntry[]>;
}

export interface PlanItem {
  id: string;
  kind: ContentKind;
}

export type OutboundJob =
  | { type: 'item'; syncId: string; spaceId: string; id: string; kind: ContentKind; cause: string; deleted?: boolean }
  | { type: 'full-sync'; syncId: string; spaceId: string; next: number; attempt?: number };

export interface JobQueue {
  push(jobs: OutboundJob[], delaySeconds?: number): Promise<void>;
}
