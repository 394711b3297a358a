/**
 * Comments and attachments of a page or blog post, as the app: v2 to read comments and
 * attachments and to write comments, v1 for uploads and downloads (uploads exist only there).
 */
import { assumeTrustedRoute, fetch, route } from '@forge/api';
import { z } from 'zod';
import { allResults, confluence, ConfluenceError } from './client';
import type { AppComment, DestinationContent } from '../replication/ports';
import { MAX_FILE_BYTES, type AttachmentSnapshot, type CommentSnapshot, type ContentKind } from '../replication/snapshot';

const app = () => confluence('app');

export const Comment = z.object({
  id: z.string(),
  parentCommentId: z.string().nullish(),
  version: z.object({ number: z.number(), authorId: z.string().optional() }),
  body: z.object({ storage: z.object({ value: z.string() }).optional() }).optional(),
  /** Inline comments: the highlighted text and the `ac:ref` of its marker in the page body. */
  properties: z.object({ inlineOriginalSelection: z.string().optional(), inlineMarkerRef: z.string().optional() }).passthrough().optional(),
  resolutionStatus: z.enum(['open', 'reopened', 'resolved', 'dangling']).optional(),
});
type Comment = z.infer<typeof Comment>;
export const Attachment = z.object({
  id: z.string(),
  title: z.string(),
  mediaType: z.string().default('application/octet-stream'),
  fileSize: z.number().default(0),
  fileId: z.string().default(''),
  version: z.object({ number: z.number() }),
});
const collection = (kind: ContentKind) => (kind === 'page' ? 'pages' : 'blogposts');

/**
 * Comments and attachments in one order whatever order a listing gives: by id (ids grow with
 * creation). The bulk reading (space-reading.ts) puts what site-wide listings return in the same
 * order, so a page's snapshot is the same read either way.
 */
export const byNumericId = <T extends { id: string }>(items: T[]): T[] => [...items].sort((a, b) => Number(a.id.replace(/^att/, '')) - Number(b.id.replace(/^att/, '')));

/** Footer comments first, then inline ones; in each, the top level, then replies level by level (v2 lists each level separately). */
export const COMMENT_LOCATIONS = ['footer', 'inline'] as const;
export const commentsPath = (location: CommentSnapshot['location']) => (location === 'footer' ? 'footer-comments' : 'inline-comments');

/** The replies of a comment, read from Confluence (one listing per comment). */
export async function readReplies(location: CommentSnapshot['location'], comment: Comment): Promise<Comment[]> {
  const replies = await allResults(Comment, assumeTrustedRoute(`/wiki/api/v2/${commentsPath(location)}/${encodeURIComponent(comment.id)}/children?body-format=storage&limit=250`));
  return byNumericId(replies.map((r) => ({ ...r, parentCommentId: r.parentCommentId ?? comment.id })));
}

/** Top level comments, then each one's replies after all of its level, as a breadth-first walk. */
export async function threadOrder(location: CommentSnapshot['location'], roots: Comment[], replies: (c: Comment) => Promise<Comment[]> | Comment[]): Promise<Array<{ comment: Comment; location: CommentSnapshot['location'] }>> {
  const out: Array<{ comment: Comment; location: CommentSnapshot['location'] }> = [];
  const queue: Comment[] = byNumericId(roots);
  for (let comment = queue.shift(); comment; comment = queue.shift()) {
    out.push({ comment, location });
    queue.push(...(await replies(comment)));
  }
  return out;
}

/** The comments of a page, top level then replies at every depth. */
async function listComments(id: string, kind: ContentKind): Promise<Array<{ comment: Comment; location: CommentSnapshot['location'] }>> {
  const out: Array<{ comment: Comment; location: CommentSnapshot['location'] }> = [];
  for (const location of COMMENT_LOCATIONS) {
    const roots = await allResults(Comment, assumeTrustedRoute(`/wiki/api/v2/${collection(kind)}/${encodeURIComponent(id)}/${commentsPath(location)}?body-format=storage&limit=250`));
    out.push(...(await threadOrder(location, roots, (c) => readReplies(location, c))));
  }
  return out;
}

export async function readComments(id: string, kind: ContentKind): Promise<CommentSnapshot[]> {
  return (await listComments(id, kind)).map(({ comment, location }) => toSnapshot(comment, location));
}

/** The comments whose latest version the app wrote (`appAccountId`: the app's own account). */
export async function readAppComments(id: string, kind: ContentKind, appAccountId: string): Promise<AppComment[]> {
  return (await listComments(id, kind))
    .filter(({ comment }) => comment.version.authorId === appAccountId)
    .map(({ comment, location }) => ({ id: comment.id, location, body: comment.body?.storage?.value ?? '', ...(comment.parentCommentId ? { parentId: comment.parentCommentId } : {}), ...markerOf(comment, location) }));
}

/** A top-level inline comment's own marker ref (replies carry their thread's). */
function markerOf(c: Comment, location: CommentSnapshot['location']): { markerRef?: string } {
  const ref = location === 'inline' && !c.parentCommentId ? c.properties?.inlineMarkerRef : undefined;
  return ref ? { markerRef: ref } : {};
}

/**
 * The longest highlighted text a snapshot carries (CommentSnapshot.selection). A person can
 * highlight a whole section; no limit on `inlineOriginalSelection` is documented, so a longer one
 * is cut rather than have the peer refuse the page's every snapshot. The marker, not this text,
 * anchors the copy.
 */
const MAX_SELECTION = 2000;

export function toSnapshot(c: Comment, location: CommentSnapshot['location']): CommentSnapshot {
  const top = location === 'inline' && !c.parentCommentId;
  const selection = top ? c.properties?.inlineOriginalSelection?.slice(0, MAX_SELECTION) : undefined;
  const resolution = top ? c.resolutionStatus : undefined;
  return { sourceId: c.id, location, body: c.body?.storage?.value ?? '', ...(c.parentCommentId ? { parentSourceId: c.parentCommentId } : {}), ...(selection ? { selection } : {}), ...markerOf(c, location), ...(resolution ? { resolution } : {}) };
}

export async function readAttachments(id: string, kind: ContentKind): Promise<AttachmentSnapshot[]> {
  const files = await allResults(Attachment, assumeTrustedRoute(`/wiki/api/v2/${collection(kind)}/${encodeURIComponent(id)}/attachments?limit=250`));
  return byNumericId(files).map(attachmentSnapshot);
}

export const attachmentSnapshot = (a: z.infer<typeof Attachment>): AttachmentSnapshot => ({ sourceId: a.id, title: a.title, mediaType: a.mediaType, fileSize: a.fileSize, version: a.version.number, fileId: a.fileId });

/** Where Confluence sends a download: its media host, over https (confluence-real row 51). */
export const MEDIA_HOST = 'api.media.atlassian.com';

/**
 * The v1 REST download (the servlet path v2 names answers 401 to apps, confluence-real row 52).
 * Confluence answers 302 to its media host with a short-lived token in the query. Whether the
 * Forge proxy follows that cross-origin redirect is UNCONFIRMED: when it hands the 302 back, the
 * app follows it itself, only to the media host, without any credential (egress declared).
 */
export async function downloadAttachment(pageId: string, attachmentId: string, version: number): Promise<Buffer> {
  const response = await app().raw(route`/wiki/rest/api/content/${pageId}/child/attachment/${attachmentId}/download?version=${String(version)}`, {});
  if (response.status === 404) throw new ConfluenceError(404, `Attachment ${attachmentId} is gone`);
  if (response.status >= 300 && response.status < 400) return followToMedia(response.headers.get('location'), attachmentId);
  return boundedBytes(response, attachmentId);
}

/** A file's bytes, refused unread when the answer says they are more than a transfer carries (a peer refuses more parts). */
async function boundedBytes(response: { headers: { get(name: string): string | null }; arrayBuffer(): Promise<ArrayBuffer> }, attachmentId: string): Promise<Buffer> {
  if (Number(response.headers.get('content-length')) > MAX_FILE_BYTES) throw tooLarge(attachmentId);
  const data = Buffer.from(await response.arrayBuffer());
  if (data.length > MAX_FILE_BYTES) throw tooLarge(attachmentId);
  return data;
}

/** Not transient: the same file is as large next time. */
const tooLarge = (file: string) => new ConfluenceError(413, `The file ${file} is larger than the ${Math.floor(MAX_FILE_BYTES / 2 ** 20)} MiB Space Sync can copy`);

async function followToMedia(location: string | null, attachmentId: string): Promise<Buffer> {
  const target = location && URL.canParse(location) ? new URL(location) : undefined;
  if (!target || target.protocol !== 'https:' || target.hostname !== MEDIA_HOST) {
    throw new ConfluenceError(502, `Confluence redirected the download of ${attachmentId} somewhere other than its media host`);
  }
  const response = await fetch(target.href, { redirect: 'error' });
  if (!response.ok) throw new ConfluenceError(response.status >= 500 ? response.status : 502, `The media host answered ${response.status} to the download of ${attachmentId}`);
  return boundedBytes(response, attachmentId);
}

const Marked = z.object({ id: z.string(), properties: z.object({ inlineMarkerRef: z.string().optional() }).passthrough().optional(), version: z.object({ number: z.number() }).optional() });
const Versioned = z.object({ version: z.object({ number: z.number() }) });

/** The marker ref of an inline comment the app wrote: from the answer, else read back (the create answer's keys are INFERRED). */
async function markerRefOf(answer: z.infer<typeof Marked>): Promise<string | undefined> {
  return answer.properties?.inlineMarkerRef ?? (await app().find(Marked, route`/wiki/api/v2/inline-comments/${answer.id}`))?.properties?.inlineMarkerRef;
}
const Uploaded = z.object({ results: z.array(z.object({ id: z.string(), version: z.object({ number: z.number() }) })) });

export const commentWrites: Pick<DestinationContent, 'createComment' | 'updateComment' | 'deleteComment' | 'upload' | 'deleteAttachment'> = {
  async createComment(container, comment) {
    const where = comment.parentId ? { parentCommentId: comment.parentId } : container.kind === 'page' ? { pageId: container.id } : { blogPostId: container.id };
    const anchor = comment.anchor ? { inlineCommentProperties: { textSelection: comment.anchor.text, textSelectionMatchCount: comment.anchor.matchCount, textSelectionMatchIndex: comment.anchor.matchIndex } } : {};
    const path = comment.location === 'footer' ? route`/wiki/api/v2/footer-comments` : route`/wiki/api/v2/inline-comments`;
    const created = await app().send(Marked, 'POST', path, { ...where, body: { representation: 'storage', value: comment.body }, ...anchor });
    const markerRef = comment.anchor ? await markerRefOf(created) : undefined;
    return { id: created.id, ...(markerRef ? { markerRef } : {}), ...(created.version ? { version: created.version.number } : {}) };
  },

  /** Reads the version first: the app is the only writer of its comments, but a space admin may edit one. */
  async updateComment(id, location, body, resolved) {
    const path = location === 'footer' ? route`/wiki/api/v2/footer-comments/${id}` : route`/wiki/api/v2/inline-comments/${id}`;
    const current = await app().find(Versioned, path);
    if (!current) return undefined;
    // `resolved`: UpdateInlineCommentModel (true resolves, false reopens).
    const answer = await app().send(Marked, 'PUT', path, { version: { number: current.version.number + 1 }, body: { representation: 'storage', value: body }, ...(resolved === undefined ? {} : { resolved }) });
    const markerRef = answer.properties?.inlineMarkerRef;
    return { ...(markerRef ? { markerRef } : {}), version: answer.version?.number ?? current.version.number + 1 };
  },

  async deleteComment(id, location) {
    await app().raw(location === 'footer' ? route`/wiki/api/v2/footer-comments/${id}` : route`/wiki/api/v2/inline-comments/${id}`, { method: 'DELETE' });
  },

  /**
   * v1 create-or-update by file name; `X-Atlassian-Token: no-check` passes Confluence's XSRF
   * check. Whether `requestConfluence` passes a FormData body through is UNCONFIRMED, so the
   * form is encoded to bytes here (the typed body is an ArrayBuffer) with its boundary header.
   */
  async upload(pageId, file) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file.data)], { type: file.mediaType }), file.title);
    form.append('minorEdit', 'true');
    const encoded = new Response(form);
    const headers = { 'X-Atlassian-Token': 'no-check', Accept: 'application/json', 'Content-Type': encoded.headers.get('content-type') ?? 'multipart/form-data' };
    const response = await app().raw(route`/wiki/rest/api/content/${pageId}/child/attachment`, { method: 'PUT', headers, body: await encoded.arrayBuffer() });
    if (response.status === 404) throw new ConfluenceError(404, `The copy ${pageId} is gone`);
    const parsed = Uploaded.safeParse(await response.json());
    const first = parsed.success ? parsed.data.results[0] : undefined;
    if (!first) throw new ConfluenceError(502, 'Confluence answered an upload with an unexpected shape');
    return { id: first.id, version: first.version.number };
  },

  /** v2 DELETE declares the id an int64 (the `att` prefix is disputed, confluence-real S15): the number is sent. */
  async deleteAttachment(id) {
    await app().raw(route`/wiki/api/v2/attachments/${id.replace(/^att/, '')}`, { method: 'DELETE' });
  },
};
