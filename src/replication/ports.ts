/** What replication needs from Confluence, storage and queues; src/confluence and src/platform implement it. */
import type { HeldParts } from '../domain/parts-census';
import type { OutOfScope } from '../domain/sync-scope';
import { z } from 'zod';
import type { CommentSnapshot, ContentKind, PageSnapshot } from './snapshot';
import type { AppearanceKey, ContentState, PresentProperty, PropertyValues, StateShown } from '../domain/appearance';

/**
 * The content property every copy carries: which sync (the destination's own record id) made it
 * from which source page. Adoption after a crash or a clash trusts this mark, never a title.
 */
export const COPY_MARK_KEY = 'space-sync-copy';
export const CopyMark = z.object({ v: z.literal(1), sync: z.string().min(1).max(100), source: z.string().min(1).max(30) });
export type CopyMark = z.infer<typeof CopyMark>;

/** What a snapshot reads besides the page: the sync's switches. */
export interface SnapshotParts {
  comments: boolean;
  attachments: boolean;
}

/** The source side's view of its own space, read as the app. */
export interface SourceContent {
  /** The page now (status `moved` when it has left `space`), or undefined when the app cannot see it (restricted, or purged). */
  snapshot(id: string, kind: ContentKind, space: { id: string; key: string; homepageId: string }, parts: SnapshotParts): Promise<PageSnapshot | undefined>;
  /** The bytes of one attachment version. */
  download(pageId: string, attachmentId: string, version: number): Promise<Buffer>;
  /** Every current page (and blog post) of the space: ids, parents and versions only; node kinds asked for are found by walking the tree (version 0). */
  list(spaceId: string, kinds: ContentKind[]): Promise<SpaceItem[]>;
  space(spaceId: string): Promise<{ key: string; homepageId: string }>;
  /** The item's ancestors, nearest first (the home page included when it is one), for the sync's scope. */
  ancestors(id: string, kind: ContentKind): Promise<string[]>;
  /** A page's or blog post's global labels, for the scope's preview. */
  labels(id: string, kind: ContentKind): Promise<string[]>;
}

export interface SpaceItem {
  id: string;
  kind: ContentKind;
  /** The listing's title, when it gives one (the scope's picker and preview show it). */
  title?: string;
  parentId?: string;
  /** What the parent is (a page listing says it: `folder` for a page in a folder). */
  parentType?: string;
  version: number;
  /** Archiving changes no version, so reconcile compares this too. */
  status?: 'current' | 'archived';
  /** The place among its siblings, where the listing gives one (pages: sibling-order.ts). */
  position?: number;
}

export interface DestinationPage {
  id: string;
  status: string;
  title: string;
  version: number;
  labels: string[];
  /** The space the page is in now (Confluence says it on every read). */
  spaceId?: string;
  /** Its parent now, when the read says it (a restore may put a page elsewhere than asked). */
  parentId?: string;
  /** Its place among its siblings, when the answer says it (v2 pages carry `position`: v2-page-create.json). */
  position?: number;
}

/** The destination side's writes, made as the app. */
export interface DestinationContent {
  space(spaceId: string): Promise<{ key: string; homepageId: string }>;
  get(id: string, kind: ContentKind): Promise<DestinationPage | undefined>;
  /** The copy with its storage body, to re-link it when a page it links to arrives. */
  getWithBody(id: string, kind: ContentKind): Promise<(DestinationPage & { body: string }) | undefined>;
  /** The page of that title: a clash, or a copy the app made before it was cut off. */
  findByTitle(spaceId: string, kind: ContentKind, title: string): Promise<(DestinationPage & { createdByApp: boolean }) | undefined>;
  create(spaceId: string, kind: ContentKind, page: { title: string; parentId?: string; body: string; embedUrl?: string }): Promise<DestinationPage>;
  /** The copy's owner mark, when it has a well-formed one. */
  copyMark(id: string, kind: ContentKind): Promise<CopyMark | undefined>;
  /** Marks a copy as this sync's, made from that source page. */
  markCopy(id: string, kind: ContentKind, mark: CopyMark): Promise<void>;
  /**
   * Without `parentId` the page stays where it is. `spaceId` is sent when given (v2.json: it cannot
   * move a page to another space). The answer carries the body as Confluence keeps it, when it says it.
   */
  update(id: string, kind: ContentKind, page: { title: string; parentId?: string; body: string; version: number; status: 'current'; spaceId?: string }): Promise<DestinationPage & { body?: string }>;
  trash(id: string, kind: ContentKind): Promise<void>;
  /** Moves a page next to another under that one's parent (the copies' sibling order, sibling-order.ts). */
  movePage(id: string, position: 'before' | 'after', targetId: string): Promise<void>;
  /** A page's or folder's children in their order, with the positions Confluence gives. */
  children(id: string, kind: ContentKind): Promise<Array<{ id: string; kind: ContentKind; position?: number }>>;
  /**
   * Archives a page through v1's archive task and reads the task: `archived` once it finished,
   * `running` when it had not yet. Confluence's refusal (400: a free edition, a job already
   * running) is a ConfluenceError.
   */
  archive(id: string): Promise<'archived' | 'running'>;
  addLabels(id: string, names: string[]): Promise<void>;
  removeLabel(id: string, name: string): Promise<void>;
  /** A footer comment, a reply, or an inline comment anchored on `anchor` (400 when the text is not there). */
  /** `markerRef`: a top-level inline comment's own `ac:ref` (properties.inlineMarkerRef); `version`: the comment's, as written. */
  createComment(container: { id: string; kind: ContentKind }, comment: { location: CommentSnapshot['location']; parentId?: string; body: string; anchor?: InlineAnchor }): Promise<{ id: string; markerRef?: string; version?: number }>;
  /** Rewrites a comment the app made (and resolves or reopens an inline one); undefined when it is gone. */
  updateComment(id: string, location: CommentSnapshot['location'], body: string, resolved?: boolean): Promise<{ markerRef?: string; version?: number } | undefined>;
  deleteComment(id: string, location: CommentSnapshot['location']): Promise<void>;
  /** The comments the app itself wrote on a copy: what an interrupted apply may have left unrecorded. */
  appComments(container: { id: string; kind: ContentKind }): Promise<AppComment[]>;
  /** Adds the file, or a new version of the page's file of that name. */
  upload(pageId: string, file: { title: string; mediaType: string; data: Buffer }): Promise<{ id: string; version: number }>;
  deleteAttachment(id: string): Promise<void>;
  /** The copy's files now: what a cut-off apply may have uploaded without recording it. */
  attachments(pageId: string, kind: ContentKind): Promise<PresentFile[]>;
  /** The media fileId of one of the copy's files (what a cover names); undefined when it is gone. */
  attachmentFileId(attachmentId: string): Promise<string | undefined>;
  /** The copy's appearance properties and content status now. */
  appearance(id: string, kind: ContentKind): Promise<PresentAppearance>;
  /** Creates the property (`existing` absent) or updates it to `existing.version`. */
  writeProperty(id: string, kind: ContentKind, key: AppearanceKey, value: unknown, existing?: { id: string; version: number }): Promise<void>;
  deleteProperty(id: string, kind: ContentKind, propertyId: string): Promise<void>;
  /** Sets or removes the published content status; Confluence publishes a new page version for it. */
  setContentState(id: string, state: ContentState): Promise<void>;
  removeContentState(id: string): Promise<void>;
}

/** What the app learns of its own site's Confluence as it reads it, kept for the installation. */
export interface SiteFacts {
  /** Whether a page's properties show its status (domain/appearance.ts StateShown). */
  stateShown(): Promise<StateShown>;
  learnStateShown(shown: boolean): Promise<void>;
}

export interface PresentAppearance {
  properties: Partial<Record<AppearanceKey, PresentProperty>>;
  state?: ContentState;
}

/** What the app wrote of the copy's appearance: `hash` of the source's as applied, and the values written. */
export interface AppearanceCopy {
  hash: string;
  properties: PropertyValues;
  state?: ContentState;
  /** Confluence refused the source's status here (custom states off in this space): why. */
  stateRefused?: string;
}

/** A file on a copy, as read back. */
export interface PresentFile {
  id: string;
  title: string;
  mediaType: string;
  fileSize: number;
  version: number;
}

/** A comment the app wrote, as read back from the copy (`parentId`: the copy's parent comment). */
export interface AppComment {
  id: string;
  location: CommentSnapshot['location'];
  parentId?: string;
  body: string;
  markerRef?: string;
}

export interface InlineAnchor {
  text: string;
  matchCount: number;
  matchIndex: number;
}

/** What the source last delivered for an item (the outbox's memory). */
export interface SentRecord {
  kind?: ContentKind;
  hash: string;
  /** The key of the comments and files last sent whole (snapshot.ts partsKey): a page-only read stands on it (src/domain/page-only-read.ts). */
  partsKey?: string;
  version: number;
  destId?: string;
  destVersion?: number;
  status: ItemStatus;
  reason?: string;
  at: string;
  /** The original's status when sent (absent: current); reconcile sees an archive this way. */
  sourceStatus?: 'archived';
  /** AHEAD: the copy version the destination reported edited there (a repeated report is ignored). */
  aheadVersion?: number;
  /** Attachments the peer holds: source id → `version:fileId`, so bytes are sent once per version. */
  files?: Record<string, string>;
  /** SKIPPED because the sync's scope leaves it out, and why (sync-scope.ts). */
  outOfScope?: OutOfScope;
  /** Review before overwrite: the version sent waits at the copy, or the copy took it or kept its edits instead. */
  review?: { state: 'waiting' | 'kept'; sourceVersion: number; copyVersion: number };
  /** The person's request (a "Sync now" or a retry) this record last answered: a second delivery of its job does nothing. */
  request?: string;
  /** The title and source parent last sent: what the mass-delete guard lists, and restores in tree order. */
  title?: string;
  parent?: string;
  /**
   * The original's global labels when it was last read current, whatever the options copy: the
   * reconcile finds label-only changes against them (src/domain/label-census.ts). Absent: not
   * current then, or recorded before labels were kept.
   */
  labels?: string[];
  /**
   * How many comments (replies too) and attachments the original held when last read current,
   * for the parts the sync copies: the reconcile's census finds a deletion no event told of
   * against them (src/domain/parts-census.ts).
   */
  parts?: HeldParts;
}

/** What the destination last applied for an item: the id map and the conflict baseline. */
export interface MapRecord {
  destId: string;
  kind: ContentKind;
  sourceVersion: number;
  destVersion: number;
  /** The last committed snapshot's hash; absent until the first apply commits (apply-journal.ts). */
  hash?: string;
  /** Source labels the app applied, so labels only the destination has are never removed. */
  labels: string[];
  /** The page alone (pageHash): a change to comments or attachments only writes no page version. */
  pageHash?: string;
  comments?: Record<string, CommentCopy>;
  attachments?: Record<string, AttachmentCopy>;
  /** When the app last wrote this copy (the page action's "last synced" on the copy). */
  at?: string;
  /** The app archived this copy (its original is archived); only then does it try to bring it back. */
  archived?: boolean;
  /**
   * A folder or other node whose rename or move Confluence refused (page-writes.ts updateNode):
   * its copy keeps its title and place until someone changes them by hand, and Verify says so.
   */
  unmovable?: boolean;
  appearance?: AppearanceCopy;
  /** A version of the original waits for review beside this edited copy (ReviewStore holds it). */
  review?: { generation: string };
  /** The snapshot whose review kept the copy's edits: delivered again, it waits no second time. */
  keptHash?: string;
  /** Absent while the copy is synced; what the destination's counts count it as (copy-counts.ts). */
  status?: 'ahead' | 'failed' | 'deleted';
  /** The copy's title as the app last wrote it (a clash keeps its clash title: clash-title.ts). */
  title?: string;
  /**
   * The copy's parent and `position` among its siblings as Confluence answered the app's last
   * write of it: the copies' order without listing the parent's children (sibling-order.ts).
   * Dropped when the app moves the copy, since a move's answer gives no position.
   */
  place?: { parentId: string; position: number };
  /**
   * Someone changed the copy since the app last wrote it (the destination's own content events:
   * drift.ts): the next write reads the copy first. Cleared by the next write that read it.
   */
  lookFirst?: boolean;
}

/** A copy placed under the home page or holding a source link until the page it waits for arrives. */
export interface Waiter {
  sourceId: string;
  kind: ContentKind;
  /** It waits for its parent (not only for a link target). */
  parent: boolean;
}

export interface CommentCopy {
  destId: string;
  /** Where the copy lives: an inline comment whose text is not in the copy becomes a footer comment. */
  location: CommentSnapshot['location'];
  hash: string;
  /** Inline copies: the source's marker ref and the copy's own, so copy bodies carry the copy's. */
  sourceRef?: string;
  markerRef?: string;
  /** Inline copies: the copy's resolution as the app last set it. */
  resolution?: 'open' | 'reopened' | 'resolved';
  /** The copy's version as the app last wrote it (absent in records made before it was kept): another one was edited here. */
  destVersion?: number;
}

/** `version` and `fileId` are the source's; `destVersion` the copy's (absent in records made before it was kept). */
export interface AttachmentCopy {
  destId: string;
  title: string;
  version: number;
  fileId: string;
  destVersion?: number;
}

export type ItemStatus = 'synced' | 'ahead' | 'deleted' | 'restricted' | 'failed' | 'skipped';

/** `adopted`: a copy an earlier sync of the same two spaces made, taken over by this one (inheritance.ts). `partial`: what the REST API allows was copied; the entry's detail says what was not, and why. */
export const ACTIVITY_OUTCOMES = ['created', 'updated', 'trashed', 'restored', 'unchanged', 'ahead', 'ahead-kept', 'ahead-overwritten', 'adopted', 'left-scope', 'title-clash', 'partial', 'restricted', 'failed', 'stale', 'review-waiting', 'review-taken', 'review-kept'] as const;
/** What happened to the sync itself (its pairing, a catch-up): logged with no page. */
/** `notice-undelivered`: a chat message about the sync could not be delivered (the URL is never logged). `reordered`: copies put in their originals' order. */
export const PAIRING_OUTCOMES = ['claimed', 'approved', 'declined', 'version-refused', 'caught-up', 'inherited', 'held', 'delete-confirmed', 'delete-undone', 'notice-undelivered', 'reordered'] as const;
export type ActivityOutcome = (typeof ACTIVITY_OUTCOMES)[number] | (typeof PAIRING_OUTCOMES)[number];

export interface ActivityEntry {
  at: string;
  syncId: string;
  sourceId: string;
  title: string;
  /** What moved it: an event type, "full sync", "reconcile", or a user's "Sync now". */
  cause: string;
  /** Who: the account whose edit raised the event, or who clicked Sync now or Retry. */
  by?: string;
  outcome: ActivityOutcome;
  detail?: string;
}

export interface FullSyncProgress {
  state: 'queued' | 'running' | 'complete' | 'incomplete' | 'failed';
  /** Re-sync everything: unchanged pages are sent too, so missing copies are made again. */
  repair?: boolean;
  /** A catch-up after the sync stood still (resumed, or an option switched on), or after the reconcile could not look cheaply for changes no version shows (`missed`), and how many items it sent. */
  catchUp?: 'resumed' | 'options' | 'scope' | 'missed';
  changed?: number;
  total: number;
  /** Items done, in any order. */
  done: number;
  /** Every item before this plan index is done; `finished`, those done beyond it (sync-window.ts). Absent in progress written by a one-at-a-time run: `done` was both. */
  through?: number;
  finished?: number[];
  /** Items that failed; each failure is kept apart, one per item (FullSyncStore.failures). */
  failedCount: number;
  /** This run's items by what came of each (synced, ahead, skipped…), so "9 of 9 checked" adds up on screen. */
  outcomes?: Partial<Record<ItemStatus, number>>;
  startedAt: string;
  finishedAt?: string;
  /** Paused until then: little of Confluence's points quota was left (src/domain/rate-limit.ts); the run goes on by itself. */
  quotaWaitUntil?: string;
}

export interface PlanItem {
  id: string;
  kind: ContentKind;
  /** The plan index of the item this one follows (its parent), -1 for none; absent in plans written before the run was parallel (sync-window.ts). */
  after?: number;
  /** A page's parent and position as the run's listing gave them: the copies' sibling order without listing the space again (sibling-order.ts). */
  parentId?: string;
  position?: number;
}

export type OutboundJob =
  /** `asked`: a person asked for it ("Sync now"): sent even when unchanged, and its outcome logged either way. */
  | { type: 'item'; syncId: string; spaceId: string; id: string; kind: ContentKind; cause: string; deleted?: boolean; by?: string; asked?: boolean; request?: string }
  /** `run`: the run's `startedAt`, so a delivery of an earlier or finished run's job is told apart (absent from jobs queued before it was kept). */
  | { type: 'full-sync'; syncId: string; spaceId: string; next: number; attempt?: number; run?: string; waited?: number }
  /** Destination: a copy here was changed by someone; tell the source when it is AHEAD. */
  | { type: 'drift'; syncId: string; spaceId: string; id: string; kind: ContentKind }
  /** After a full sync: the copies put in their originals' sibling order (sibling-order.ts), from group `next`. */
  | { type: 'order'; syncId: string; spaceId: string; next: number; moved: number; attempt?: number; partial?: number };

export interface JobQueue {
  push(jobs: OutboundJob[], delaySeconds?: number): Promise<void>;
}
