/**
 * The copy's comments follow the source's: one diff of what the source has (wanted), what the
 * app made and recorded (recorded), and, after a cut-off apply, what the app made that no record
 * names (present). New ones are created (replies under their mapped parent) or, when present,
 * adopted; edited ones rewritten; removed ones deleted. An inline comment is anchored on the
 * occurrence its source marker wraps, and resolved or reopened as the source's is; one whose
 * source marker is gone (dangling) becomes a footer comment that quotes its text, so no comment
 * is ever dropped. Each inline copy records its own marker ref, which copy bodies then carry.
 */
import { commentHash, treeOrder, type CommentSnapshot, type ContentKind } from './snapshot';
import { markerAnchor } from './inline-markers';
import type { AppComment, CommentCopy, DestinationContent, InlineAnchor } from './ports';
import { ConfluenceError } from '../confluence/client';

export interface CommentTarget {
  content: DestinationContent;
  container: { id: string; kind: ContentKind };
  /** The copy's body as written, to find inline anchors in (comments with no marker ref). */
  body: string;
  /** The source body with its markers, links pointing at the copies: where each source marker sits. */
  markedBody: string;
  /** Links in a comment body point at the copies, as in pages. */
  rewrite(body: string): string;
  /** Comments the app wrote that no record names (a cut-off apply's): adopted instead of written again. */
  present?: AppComment[];
}

export interface CommentChanges {
  /** Source comments to write (new or changed), parents before replies. */
  write: CommentSnapshot[];
  /** Copies whose source comment is gone. */
  remove: CommentCopy[];
}

/** What the copy's comments need: wanted against recorded, by source id and content hash. */
export function commentChanges(wanted: CommentSnapshot[], recorded: Record<string, CommentCopy> = {}): CommentChanges {
  const ids = new Set(wanted.map((c) => c.sourceId));
  return { write: inTreeOrder(wanted).filter((c) => !unchanged(c, recorded)), remove: Object.entries(recorded).flatMap(([id, copy]) => (ids.has(id) ? [] : [copy])) };
}

const inTreeOrder = (comments: CommentSnapshot[]) => treeOrder(comments.map((c) => ({ ...c, id: c.sourceId, parentId: c.parentSourceId })));
const unchanged = (c: CommentSnapshot, recorded: Record<string, CommentCopy>) => recorded[c.sourceId]?.hash === commentHash(c);

/** The copies as they are once written: source id → copy, parents before replies. */
export async function applyComments(target: CommentTarget, wanted: CommentSnapshot[], recorded: Record<string, CommentCopy> = {}): Promise<Record<string, CommentCopy>> {
  const { write, remove } = commentChanges(wanted, recorded);
  const after: Record<string, CommentCopy> = {};
  // Unchanged copies first: replies written next may hang under them.
  for (const comment of wanted) if (unchanged(comment, recorded)) after[comment.sourceId] = recorded[comment.sourceId];
  for (const comment of write) {
    const hash = commentHash(comment);
    const known = recorded[comment.sourceId];
    const updated = known ? await updateCopy(target, comment, known) : undefined;
    if (updated) {
      after[comment.sourceId] = { ...updated, hash };
      continue;
    }
    const made = await createComment(target, comment, after);
    after[comment.sourceId] = { ...made, ...(await resolveLike(target, comment, made)), hash };
  }
  // Gone at the source: replies go with their parent in Confluence, so a 404 here is fine.
  for (const copy of remove) await target.content.deleteComment(copy.destId, copy.location);
  return Object.fromEntries(inTreeOrder(wanted).map((c) => [c.sourceId, after[c.sourceId]]));
}

const isAnchored = (copy: Pick<CommentCopy, 'location' | 'markerRef'>) => copy.location === 'inline' && Boolean(copy.markerRef);

/**
 * Rewrites a copy (undefined when it is gone). A dangling source comment cannot be updated and
 * its copy's marker has left the copy's body with the source's: nothing to write.
 */
async function updateCopy(target: CommentTarget, comment: CommentSnapshot, known: CommentCopy): Promise<Omit<CommentCopy, 'hash'> | undefined> {
  if (comment.resolution === 'dangling' && isAnchored(known)) return known;
  const wantResolved = isAnchored(known) && comment.resolution ? comment.resolution === 'resolved' : undefined;
  // Reopened at the source but never resolved here (both changes between two sends): resolved first, so it reads reopened too.
  const resolveFirst = comment.resolution === 'reopened' && (known.resolution ?? 'open') === 'open' && isAnchored(known);
  if (resolveFirst && !(await target.content.updateComment(known.destId, known.location, bodyAt(target, comment, known.location), true))) return undefined;
  const answer = await target.content.updateComment(known.destId, known.location, bodyAt(target, comment, known.location), wantResolved);
  if (!answer) return undefined;
  const { destVersion: _was, ...was } = known;
  // false on an open comment leaves it open; on a resolved one it reopens it (UpdateInlineCommentModel).
  const reopened = resolveFirst || known.resolution === 'resolved' ? 'reopened' : (known.resolution ?? 'open');
  const resolution = wantResolved === undefined ? known.resolution : wantResolved ? 'resolved' : reopened;
  return { ...was, ...(isAnchored(known) && answer.markerRef ? { markerRef: answer.markerRef } : {}), ...(resolution ? { resolution } : {}), ...versioned(answer.version) };
}

/** A new inline copy is made open: resolved (and reopened) as its source is. */
async function resolveLike(target: CommentTarget, comment: CommentSnapshot, made: Omit<CommentCopy, 'hash'>): Promise<Pick<CommentCopy, 'resolution' | 'destVersion'>> {
  if (!isAnchored(made)) return {};
  const steps = comment.resolution === 'resolved' ? [true] : comment.resolution === 'reopened' ? [true, false] : [];
  let version = made.destVersion;
  // Each step is a write of the app's: the version it leaves is the one the app wrote.
  for (const resolved of steps) version = (await target.content.updateComment(made.destId, 'inline', bodyAt(target, comment, 'inline'), resolved))?.version;
  return { resolution: comment.resolution === 'resolved' || comment.resolution === 'reopened' ? comment.resolution : 'open', ...versioned(version) };
}

/** A top-level inline comment kept as a footer comment quotes the text it was about. */
function bodyAt(target: CommentTarget, comment: CommentSnapshot, location: CommentCopy['location']): string {
  const body = target.rewrite(comment.body);
  const quote = comment.location === 'inline' && location === 'footer' && !comment.parentSourceId && comment.selection;
  return quote ? `<blockquote><p>${escapeXml(comment.selection as string)}</p></blockquote>${body}` : body;
}

async function createComment(target: CommentTarget, comment: CommentSnapshot, made: Record<string, CommentCopy>): Promise<Omit<CommentCopy, 'hash'>> {
  const body = target.rewrite(comment.body);
  const parent = comment.parentSourceId ? made[comment.parentSourceId] : undefined;
  const adopted = adopt(target, parent, [
    { location: parent?.location ?? comment.location, body },
    { location: 'footer', body: bodyAt(target, comment, 'footer') },
  ]);
  if (adopted) return { ...adopted, ...(adopted.markerRef && comment.markerRef ? { sourceRef: comment.markerRef } : {}) };
  if (parent) {
    const { id, version } = await target.content.createComment(target.container, { location: parent.location, parentId: parent.destId, body });
    return { destId: id, location: parent.location, ...versioned(version) };
  }
  const anchor = inlineAnchor(target, comment);
  if (anchor) {
    try {
      const { id, markerRef, version } = await target.content.createComment(target.container, { location: 'inline', body, anchor });
      return { destId: id, location: 'inline', ...(comment.markerRef ? { sourceRef: comment.markerRef } : {}), ...(markerRef ? { markerRef } : {}), ...versioned(version) };
    } catch (e) {
      // 400: Confluence did not find the text where this copy's reading of the body did.
      if (!(e instanceof ConfluenceError) || e.status !== 400) throw e;
    }
  }
  const { id, version } = await target.content.createComment(target.container, { location: 'footer', body: bodyAt(target, comment, 'footer') });
  return { destId: id, location: 'footer', ...versioned(version) };
}

const versioned = (version: number | undefined) => (version !== undefined ? { destVersion: version } : {});

/**
 * A present comment with the same place and words as a copy about to be written is that copy,
 * made by the cut-off apply. Compared as text, as Confluence may re-serialise a stored body.
 */
function adopt(target: CommentTarget, parent: CommentCopy | undefined, wanted: Array<Omit<CommentCopy, 'hash' | 'destId'> & { body: string }>): Omit<CommentCopy, 'hash'> | undefined {
  const present = target.present ?? [];
  const index = present.findIndex((l) => l.parentId === parent?.destId && wanted.some((w) => w.location === l.location && sameText(w.body, l.body)));
  if (index === -1) return undefined;
  const [found] = present.splice(index, 1);
  return { destId: found.id, location: found.location, ...(found.location === 'inline' && !found.parentId && found.markerRef ? { markerRef: found.markerRef } : {}) };
}

const sameText = (a: string, b: string) => squash(textOf(a)) === squash(textOf(b));
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Where a top-level inline comment goes in the copy: the occurrence its source marker wraps now
 * (its text may have been edited since it was made). No marker in the source body: it is
 * dangling there, and not anchored here either. A snapshot without marker refs (an older
 * source) falls back to the first occurrence of the original selection.
 */
function inlineAnchor(target: CommentTarget, comment: CommentSnapshot): InlineAnchor | undefined {
  if (comment.location !== 'inline') return undefined;
  if (comment.markerRef) return comment.resolution === 'dangling' ? undefined : markerAnchor(target.markedBody, comment.markerRef);
  return comment.selection ? anchorIn(target.body, comment.selection) : undefined;
}

/** The first occurrence of the text in the copy's words (the source gives the text, not which occurrence). */
function anchorIn(storage: string, text: string): InlineAnchor | undefined {
  const words = textOf(storage);
  let count = 0;
  for (let i = words.indexOf(text); text && i !== -1; i = words.indexOf(text, i + text.length)) count++;
  return count ? { text, matchCount: count, matchIndex: 0 } : undefined;
}

/** The readable text of a storage-format body, as Confluence matches inline selections against it. */
function textOf(storage: string): string {
  return storage.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&');
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
