/**
 * The copy's comments follow the source's: new ones are created (replies under their mapped
 * parent), edited ones rewritten, removed ones deleted. An inline comment is re-anchored on the
 * same text in the copy; when that text is not there it becomes a footer comment that quotes
 * it, so no comment is ever dropped.
 */
import { commentHash, treeOrder, type CommentSnapshot, type ContentKind } from './snapshot';
import type { AppComment, CommentCopy, DestinationContent, InlineAnchor } from './ports';
import { ConfluenceError } from '../confluence/client';

export interface CommentTarget {
  content: DestinationContent;
  container: { id: string; kind: ContentKind };
  /** The copy's body, to find inline anchors in. */
  body: string;
  /** Links in a comment body point at the copies, as in pages. */
  rewrite(body: string): string;
  /** Comments an interrupted apply made but never recorded: adopted instead of written again. */
  leftovers?: AppComment[];
}

/** Fills `after` as it goes (source id → copy), so a caller can keep what was made if a later step fails. */
export async function applyComments(target: CommentTarget, comments: CommentSnapshot[], before: Record<string, CommentCopy> = {}, after: Record<string, CommentCopy> = {}): Promise<Record<string, CommentCopy>> {
  const ordered = treeOrder(comments.map((c) => ({ ...c, id: c.sourceId, parentId: c.parentSourceId })));
  for (const comment of ordered) {
    const hash = commentHash(comment);
    const known = before[comment.sourceId];
    if (known && known.hash === hash) {
      after[comment.sourceId] = known;
      continue;
    }
    if (known && (await target.content.updateComment(known.destId, known.location, bodyAt(target, comment, known.location)))) {
      after[comment.sourceId] = { ...known, hash };
      continue;
    }
    after[comment.sourceId] = { ...(await createComment(target, comment, after)), hash };
  }
  // Gone at the source: replies go with their parent in Confluence, so a 404 here is fine.
  for (const [sourceId, copy] of Object.entries(before)) if (!after[sourceId]) await target.content.deleteComment(copy.destId, copy.location);
  return after;
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
  if (adopted) return adopted;
  if (parent) {
    const { id } = await target.content.createComment(target.container, { location: parent.location, parentId: parent.destId, body });
    return { destId: id, location: parent.location };
  }
  const anchor = comment.location === 'inline' && comment.selection ? anchorIn(target.body, comment.selection) : undefined;
  if (anchor) {
    try {
      const { id } = await target.content.createComment(target.container, { location: 'inline', body, anchor });
      return { destId: id, location: 'inline' };
    } catch (e) {
      // 400: Confluence did not find the text where this copy's reading of the body did.
      if (!(e instanceof ConfluenceError) || e.status !== 400) throw e;
    }
  }
  const { id } = await target.content.createComment(target.container, { location: 'footer', body: bodyAt(target, comment, 'footer') });
  return { destId: id, location: 'footer' };
}

/**
 * A leftover with the same place and words as a copy about to be written is that copy, made by
 * the interrupted apply. Compared as text, as Confluence may re-serialise a stored body.
 */
function adopt(target: CommentTarget, parent: CommentCopy | undefined, wanted: Array<Omit<CommentCopy, 'hash' | 'destId'> & { body: string }>): Omit<CommentCopy, 'hash'> | undefined {
  const leftovers = target.leftovers ?? [];
  const index = leftovers.findIndex((l) => l.parentId === parent?.destId && wanted.some((w) => w.location === l.location && sameText(w.body, l.body)));
  if (index === -1) return undefined;
  const [found] = leftovers.splice(index, 1);
  return { destId: found.id, location: found.location };
}

const sameText = (a: string, b: string) => squash(textOf(a)) === squash(textOf(b));
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

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
