/**
 * Verify: how one item of the source compares with its copy, and what a repair does about each
 * difference. Pure rules over three sets of facts: what the source holds now, what the
 * destination recorded writing, and what the copy holds now. No I/O.
 */

/** Every difference Verify can find, in the order a report lists an item's differences. */
export const DIFFERENCE_CODES = [
  /** The source has it; the destination has no copy on record. */
  'missing',
  /** The recorded copy is gone (purged here, or no longer provably this pair's). */
  'copy-deleted',
  'copy-trashed',
  /** Archived at the destination while its original is not, by someone: only an admin can bring it back. */
  'copy-archived',
  /** Edited at the destination since the app last wrote it. */
  'ahead',
  /** Changed at the source and not applied to the copy yet (its event was missed, or it failed). */
  'behind',
  'title',
  /** Under another parent than the copy of the original's parent. */
  'place',
  /** Labels the app put on the copy that are gone from it. */
  'labels',
  'comment-missing',
  /** A comment the app wrote on the copy, edited there since (another version than the app wrote). */
  'comment-changed',
  'file-missing',
  /** A file the app put on the copy, replaced there since (another version than the one it uploaded). */
  'file-changed',
  /** A copy whose original the source no longer names: deleted without a trace, or outside the sync. */
  'orphan',
  /** The source cannot read the original (restricted, or deleted without an event). */
  'unreadable',
] as const;
export type DifferenceCode = (typeof DIFFERENCE_CODES)[number];

/** What changed at the source and is not in the copy yet (a `behind` difference). */
export const BEHIND_PARTS = ['page', 'comments', 'files', 'trash', 'moved', 'archive'] as const;
export type BehindPart = (typeof BEHIND_PARTS)[number];

/** The few facts a difference carries, so each side can say it in its own words. */
export interface DifferenceFacts {
  /** `ahead`: the copy's version now and the one the app wrote; `kept` when the sync keeps destination changes. */
  copyVersion?: number;
  appVersion?: number;
  kept?: boolean;
  /** `ahead` under the review policy: the next source change waits on the copy's page for a person. */
  review?: boolean;
  /** `behind`: what changed at the source. */
  what?: BehindPart[];
  /** `title`: the copy's title now. */
  copyTitle?: string;
  /** `title`, `place`: Confluence refused to rename or move the copy (a folder or other node); no repair can. */
  unmovable?: boolean;
  /** `labels`, `file-missing`, `file-changed`: the first few names; `count`: how many in all. */
  names?: string[];
  count?: number;
}

export interface Difference {
  code: DifferenceCode;
  facts: DifferenceFacts;
}

/** The source's item now, as a verify batch carries it. Lists are absent when the sync leaves that part out. */
export interface SourceItemFacts {
  kind: string;
  status: 'current' | 'archived' | 'trashed' | 'moved' | 'unreadable';
  hash?: string;
  pageHash?: string;
  title?: string;
  /** The original's parent, unless it sits at the top of the tree. */
  parent?: string;
  labels?: string[];
  comments?: string[];
  files?: Array<{ id: string; version: number }>;
}

/** What the destination recorded writing for the item. */
export interface RecordedFacts {
  hash?: string;
  pageHash?: string;
  destVersion: number;
  labels: string[];
  /** Source comment id → the copy's comment id. */
  comments: Record<string, string>;
  /** Source comment id → the copy's version as the app last wrote it (when kept). */
  commentVersions?: Record<string, number>;
  /** Source attachment id → the copy's file, at the source version it was copied from (`destVersion`: the copy's version the app uploaded, when kept). */
  files: Record<string, { destId: string; version: number; title: string; destVersion?: number }>;
  /** The app archived the copy. */
  archived?: boolean;
  /** Confluence refused to rename or move this node's copy: its title and place are changed by hand only. */
  unmovable?: boolean;
}

/** The recorded copy now. */
export type CopyFacts =
  | { state: 'absent' }
  | { state: 'trashed' }
  | {
      state: 'current' | 'archived';
      version: number;
      title: string;
      parentId?: string;
      labels: string[];
      /** Which of the recorded comment and file copies are still there (copy ids). */
      comments: Set<string>;
      files: Set<string>;
      /** The copy's comments by id, at their version now (when read). */
      commentVersions?: ReadonlyMap<string, number>;
      /** The copy's files by id, at their version now (when read). */
      fileVersions?: ReadonlyMap<string, number>;
    };

export interface CompareContext {
  /** The source space's key: a copy titled `<title> (<key>)` after a title clash keeps that title. */
  sourceSpaceKey: string;
  /** Where the copy belongs: the copy of the original's parent (or the home page); undefined when that is not known yet. */
  expectedParentId?: string;
  keepDestination: boolean;
  /** The sync's conflict policy is `review` (the edited copy is kept until a person decides). */
  review?: boolean;
}

const MAX_NAMES = 5;
const named = (names: string[]): DifferenceFacts => ({ names: names.slice(0, MAX_NAMES).map((n) => n.slice(0, 100)), count: names.length });

/** A record's own entry only: a part id the peer names may be any word, `constructor` too. */
const entry = <T>(record: Record<string, T>, id: string): T | undefined => (Object.hasOwn(record, id) ? record[id] : undefined);

const gone = (status: SourceItemFacts['status']) => status === 'trashed' || status === 'moved';
const inTree = (kind: string) => kind !== 'blogpost';

/**
 * The differences between an original and its copy, state first (missing, gone, ahead, behind),
 * then the parts (title, place, labels, comments, files). An item the source cannot read is the
 * source's to report; an original in the trash whose copy is gone or in the trash matches.
 */
export function compareItem(source: SourceItemFacts, record: RecordedFacts | undefined, copy: CopyFacts | undefined, ctx: CompareContext): Difference[] {
  if (source.status === 'unreadable') return [];
  if (!record) return gone(source.status) ? [] : [{ code: 'missing', facts: {} }];
  if (!copy || copy.state === 'absent') return gone(source.status) ? [] : [{ code: 'copy-deleted', facts: {} }];
  if (copy.state === 'trashed') return gone(source.status) ? [] : [{ code: 'copy-trashed', facts: {} }];
  const ahead = copy.state === 'current' && copy.version !== record.destVersion;
  const aheadDiff: Difference = { code: 'ahead', facts: { copyVersion: copy.version, appVersion: record.destVersion, kept: ctx.keepDestination, ...(ctx.review ? { review: true } : {}) } };
  // The source trashed or moved the original: the copy goes to the trash, unless it is kept as edited here.
  if (gone(source.status)) {
    if (copy.state === 'archived') return [];
    return ahead && ctx.keepDestination ? [aheadDiff] : [{ code: 'behind', facts: { what: [source.status === 'moved' ? 'moved' : 'trash'] } }];
  }
  const out: Difference[] = [];
  if (copy.state === 'archived' && source.status === 'current' && !record.archived) out.push({ code: 'copy-archived', facts: {} });
  if (ahead) out.push(aheadDiff);
  const behind = source.hash !== undefined && source.hash !== record.hash;
  if (behind && !(ahead && ctx.keepDestination)) out.push({ code: 'behind', facts: { what: behindParts(source, record) } });
  if (!behind && !ahead) out.push(...placeDifferences(source, record, copy, ctx));
  out.push(...partDifferences(source, record, copy));
  return out;
}

/** What of the original is not in the copy yet, as far as the batch says. */
export function behindParts(source: SourceItemFacts, record: RecordedFacts): BehindPart[] {
  const parts: BehindPart[] = [];
  if (source.pageHash !== undefined && source.pageHash !== record.pageHash) parts.push('page');
  if (source.comments && !sameIds(source.comments, Object.keys(record.comments))) parts.push('comments');
  if (source.files && !sameFiles(source.files, record.files)) parts.push('files');
  if ((source.status === 'archived') !== (record.archived ?? false)) parts.push('archive');
  // Nothing the batch names explains it: a comment's words (or an inline comment's state) changed.
  return parts.length ? parts : ['comments'];
}

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((id) => b.includes(id));
const sameFiles = (files: NonNullable<SourceItemFacts['files']>, recorded: RecordedFacts['files']) =>
  files.length === Object.keys(recorded).length && files.every((f) => entry(recorded, f.id)?.version === f.version);

/** Title and place: only for a copy the app wrote as it is (neither edited here nor waiting for a change). */
function placeDifferences(source: SourceItemFacts, record: RecordedFacts, copy: Extract<CopyFacts, { version: number }>, ctx: CompareContext): Difference[] {
  const out: Difference[] = [];
  const unmovable = record.unmovable ? { unmovable: true } : {};
  // A copy renamed after a title clash keeps its `(KEY)` title: the apply leaves it so.
  if (source.title !== undefined && copy.title !== source.title && !copy.title.endsWith(`(${ctx.sourceSpaceKey})`)) out.push({ code: 'title', facts: { copyTitle: copy.title.slice(0, 255), ...unmovable } });
  if (inTree(source.kind) && ctx.expectedParentId !== undefined && copy.parentId !== ctx.expectedParentId) out.push({ code: 'place', facts: { ...unmovable } });
  return out;
}

/** Labels, comments and files the app wrote to the copy and that are gone from it (files also: replaced there), of those the original still has. */
function partDifferences(source: SourceItemFacts, record: RecordedFacts, copy: Extract<CopyFacts, { version: number }>): Difference[] {
  const out: Difference[] = [];
  const labels = (source.labels ?? []).filter((l) => record.labels.includes(l) && !copy.labels.includes(l));
  if (labels.length) out.push({ code: 'labels', facts: named(labels) });
  const comments = (source.comments ?? []).filter((id) => {
    const copied = entry(record.comments, id);
    return copied !== undefined && !copy.comments.has(copied);
  });
  if (comments.length) out.push({ code: 'comment-missing', facts: { count: comments.length } });
  const edited = (source.comments ?? []).filter((id) => {
    const copied = entry(record.comments, id);
    const wrote = record.commentVersions ? entry(record.commentVersions, id) : undefined;
    const now = copied !== undefined ? copy.commentVersions?.get(copied) : undefined;
    return wrote !== undefined && now !== undefined && now !== wrote;
  });
  if (edited.length) out.push({ code: 'comment-changed', facts: { count: edited.length } });
  const files = (source.files ?? []).flatMap((f) => {
    const copied = entry(record.files, f.id);
    return copied && !copy.files.has(copied.destId) ? [copied.title] : [];
  });
  if (files.length) out.push({ code: 'file-missing', facts: named(files) });
  const replaced = (source.files ?? []).flatMap((f) => {
    const copied = entry(record.files, f.id);
    const now = copied && copy.fileVersions?.get(copied.destId);
    // Only a version the app recorded uploading can tell; a record from before it kept one cannot.
    return copied?.destVersion !== undefined && now !== undefined && now !== copied.destVersion ? [copied.title] : [];
  });
  if (replaced.length) out.push({ code: 'file-changed', facts: named(replaced) });
  return out;
}

/**
 * What a one-click repair does: `resend` (the source sends the item as a person's "Sync now"
 * does, and the destination checks the copy's parts against what it holds), `trash` (the
 * destination moves an orphan copy to its trash), or nothing the app can do.
 */
export type Repair = 'resend' | 'trash';

export function repairOf(diff: Difference, side: 'source' | 'destination'): Repair | undefined {
  switch (diff.code) {
    case 'ahead':
      return diff.facts.kept ? undefined : 'resend';
    case 'copy-archived':
      return undefined;
    case 'orphan':
      return side === 'destination' ? 'trash' : undefined;
    case 'title':
    case 'place':
      return diff.facts.unmovable ? undefined : 'resend';
    default:
      return 'resend';
  }
}

/** How the resend goes: the destination re-reads the copy's parts; the source sends file bytes again. */
export function resendScope(codes: DifferenceCode[]): { recheck: boolean; resendFiles: boolean } {
  const recheck = codes.some((c) => c === 'labels' || c === 'comment-missing' || c === 'comment-changed' || c === 'file-missing' || c === 'file-changed' || c === 'title' || c === 'place');
  return { recheck, resendFiles: codes.includes('file-missing') || codes.includes('file-changed') };
}
