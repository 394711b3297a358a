/**
 * What one apply does to a copy, decided from facts alone: the snapshot, the copy's record, the
 * journal of an apply that did not commit, and what the copy is now. Pure: when a plan needs a
 * fact not given yet (`inspect`: the copy's state; `look-up`: the page a cut-off create may have
 * made), the caller reads it and plans again.
 */
import { archiveStep } from './archive-rule';
import { interruptedCreate, type ApplyJournal } from './apply-journal';
import type { ConflictHandler } from './conflict-policy';

export interface SnapshotFacts {
  status: 'current' | 'archived' | 'trashed' | 'deleted' | 'moved';
  version: number;
  hash: string;
  pageHash: string;
  /** A folder or other tree node: a trashed one cannot be restored through the API. */
  node: boolean;
}

export interface RecordFacts {
  sourceVersion: number;
  /** The last committed snapshot's hash (absent before the first commit). */
  hash?: string;
  pageHash?: string;
  destVersion: number;
  /** The app archived the copy (only then does it try to bring it back). */
  archived?: boolean;
  /**
   * Kept under an earlier sync this one inherited (inheritance.ts): its copy may have been edited
   * while no sync ran, so even an unchanged snapshot checks it before the record is taken over.
   */
  inherited?: boolean;
  /** The record vouches for the copy as the app last wrote it (vouchesForCopy): a change may be written without reading the copy first. */
  vouched?: boolean;
}

/**
 * The recorded copy now. `absent`: gone (purged here); `foreign`: there, but no longer provably
 * this pair's (moved to another space, or its reverse record names someone else).
 */
export type CopyFacts = { state: 'absent' } | { state: 'foreign' } | { state: 'current'; version: number } | { state: 'trashed'; version: number } | { state: 'archived'; version: number };

/** A page of the copy's title found where a copy is to be made. */
export interface FoundFacts {
  /** The app is its author: a person cannot make it so. */
  createdByApp: boolean;
  /** Whose record names it: nobody's, this item's, or another item's or pair's. */
  origin: 'none' | 'this' | 'other';
  /** Whose `space-sync-copy` mark it carries. */
  mark: 'none' | 'this' | 'other';
  /** It reads as the cut-off create wrote it (the journal's fingerprint). */
  asWritten: boolean;
  /** Found because this create was refused for its title, not because an earlier one was cut off. */
  clash: boolean;
}

export interface ApplyFacts {
  snapshot: SnapshotFacts;
  record?: RecordFacts;
  /** An apply that did not commit. */
  journal?: Pick<ApplyJournal, 'phase' | 'step'>;
  /** Re-sync everything: an unchanged snapshot still checks its copy. */
  repair: boolean;
  /** The sync's conflict policy. */
  onAhead: ConflictHandler;
  copy?: CopyFacts;
  /** What `look-up` found (null: nothing). */
  found?: FoundFacts | null;
  /** An unread write was tried and did not land as asked: the copy is read. */
  unreadMissed?: boolean;
}

/** `archive`: the original is archived, so the copy is archived once written. */
export type ApplyPlan =
  | { kind: 'inspect' }
  | { kind: 'look-up' }
  | { kind: 'stale' }
  | { kind: 'unchanged' }
  /** Removed at the source and never copied: nothing to do. */
  | { kind: 'gone' }
  | { kind: 'create'; titled: 'source' | 'clash'; archive: boolean }
  /** This sync's own copy, made by an apply that never recorded it: taken over, marked if it is not yet, written unless it already reads as wanted. */
  | { kind: 'adopt'; mark: boolean; write: boolean; archive: boolean }
  /**
   * `overwrites`: the version edited here that the source's change replaces. `unread`: written
   * against the recorded version without reading the copy first (a refusal means it changed).
   */
  | { kind: 'update'; overwrites?: number; archive: boolean; unread?: true }
  | { kind: 'restore'; archive: boolean }
  /** The page stands as it is; only its comments and files follow (or nothing is written to an archived copy). */
  | { kind: 'parts'; archive: boolean }
  /** Back from the archive at the source: the copy the app archived is brought back, once. */
  | { kind: 'unarchive' }
  /** Back from the archive at the source, but the app cannot bring this copy back. */
  | { kind: 'archive-blocked'; version: number }
  | { kind: 'remove'; trash: boolean }
  /** The copy was edited here and the policy keeps it. */
  | { kind: 'keep-ahead'; version: number; removed: boolean }
  /** The copy was edited here and the policy asks a person: the source's change waits beside the copy. */
  | { kind: 'review-wait'; version: number };

const REMOVED = new Set(['trashed', 'deleted', 'moved']);

export function planApply(f: ApplyFacts): ApplyPlan {
  const { snapshot: s, record: r } = f;
  if (r && s.version < r.sourceVersion) return { kind: 'stale' };
  if (r && r.hash === s.hash && !f.journal && !f.repair && !r.inherited) return { kind: 'unchanged' };
  if (REMOVED.has(s.status)) return r ? removal(f, r) : { kind: 'gone' };
  if (!r) return creation(f);
  if (!f.copy) return writesUnread(f, r) ? { kind: 'update', archive: false, unread: true } : { kind: 'inspect' };
  return change(f, r, f.copy);
}

/**
 * An edit of a current page whose copy the record vouches for is written against the recorded
 * version without reading the copy: if the copy was edited since, Confluence refuses the version
 * (409, or 400: confluence-real error-version-conflict-v2.json) and the copy is read then. A
 * journal, a repair, an inherited record, an archived original or a node always read first, as
 * does a change to comments or files alone (it writes no page).
 */
function writesUnread(f: ApplyFacts, r: RecordFacts): boolean {
  const s = f.snapshot;
  if (!r.vouched || r.inherited || r.archived || f.journal || f.repair || f.unreadMissed) return false;
  return s.status === 'current' && !s.node && r.pageHash !== undefined && r.pageHash !== s.pageHash;
}

/**
 * What a copy's record must say before it vouches for the copy: synced as the app wrote it, with
 * the title it wrote, nothing waiting for review, and no event since saying someone changed the
 * copy (`lookFirst`, set by the destination's own content events: drift.ts).
 */
export function vouchesForCopy(record: { status?: string; title?: string; lookFirst?: boolean; review?: unknown; unmovable?: boolean; archived?: boolean }): boolean {
  return record.status === undefined && record.title !== undefined && !record.lookFirst && !record.review && !record.unmovable && !record.archived;
}

function removal(f: ApplyFacts, r: RecordFacts): ApplyPlan {
  if (!f.copy) return { kind: 'inspect' };
  const copy = f.copy;
  if (copy.state !== 'current') return { kind: 'remove', trash: false };
  if (copy.version !== r.destVersion && f.onAhead({ version: copy.version, change: 'removal' }) !== 'overwrite') return { kind: 'keep-ahead', version: copy.version, removed: true };
  return { kind: 'remove', trash: true };
}

function change(f: ApplyFacts, r: RecordFacts, copy: CopyFacts): ApplyPlan {
  if (copy.state === 'absent' || copy.state === 'foreign') return creation(f); // purged here, or no longer provably ours: made again
  const original = f.snapshot.status === 'archived' ? 'archived' : 'current';
  const archive = archiveStep(original, 'current', r.archived ?? false) === 'archive';
  if (copy.state === 'archived') {
    const step = archiveStep(original, 'archived', r.archived ?? false);
    if (step === 'unarchive') return { kind: 'unarchive' };
    if (step === 'blocked') return { kind: 'archive-blocked', version: copy.version };
    return { kind: 'parts', archive: false }; // both archived: nothing is written to the page
  }
  if (copy.state === 'trashed') return f.snapshot.node ? creation(f) : { kind: 'restore', archive };
  if (copy.version !== r.destVersion) {
    const resolution = f.onAhead({ version: copy.version, change: 'update' });
    if (resolution === 'keep') return { kind: 'keep-ahead', version: copy.version, removed: false };
    if (resolution === 'review') return { kind: 'review-wait', version: copy.version };
    return { kind: 'update', overwrites: copy.version, archive };
  }
  return r.pageHash === f.snapshot.pageHash ? { kind: 'parts', archive } : { kind: 'update', archive };
}

/** A new copy, unless a page of its title is provably this sync's copy of this item. */
function creation(f: ApplyFacts): ApplyPlan {
  const archive = f.snapshot.status === 'archived';
  const cutOff = interruptedCreate(f.journal);
  if (f.found === undefined) return cutOff ? { kind: 'look-up' } : { kind: 'create', titled: 'source', archive };
  const owned = f.found ? ownership(f.found, cutOff) : undefined;
  if (owned) return { kind: 'adopt', mark: owned === 'unmarked', write: !(cutOff && f.found?.asWritten), archive };
  return { kind: 'create', titled: f.found?.clash ? 'clash' : 'source', archive };
}

/**
 * Whether a page found by title is this sync's copy of this item, and whether it carries its mark
 * yet (undefined: not provably ours). The app must be its author and no other record may name it;
 * then its mark must name this sync and item. A page with no mark qualifies only when this item's
 * create was cut off before the mark was written. A mark alone proves nothing: anyone who can
 * edit a page can write one.
 */
export function ownership(found: Pick<FoundFacts, 'createdByApp' | 'origin' | 'mark'>, cutOffCreate: boolean): 'marked' | 'unmarked' | undefined {
  if (!found.createdByApp || found.origin === 'other') return undefined;
  if (found.mark !== 'none') return found.mark === 'this' ? 'marked' : undefined;
  return cutOffCreate ? 'unmarked' : undefined;
}

/**
 * The record as a cut-off apply left the copy: when the copy reads exactly as that apply wrote it,
 * the version it is at and the page it holds are the app's own, not an edit made here.
 */
export function recordAfterCutOff<R extends RecordFacts>(record: R, copy: CopyFacts, journal: Pick<ApplyJournal, 'step' | 'pageHash'> | undefined, asWritten: boolean): R {
  if (!journal || !asWritten || copy.state !== 'current') return record;
  const unarchived = journal.step === 'unarchive' ? { archived: false } : {};
  return { ...record, destVersion: copy.version, pageHash: journal.pageHash, ...unarchived };
}
