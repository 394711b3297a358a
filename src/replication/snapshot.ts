/**
 * What the source sends for one page or blog post: its state now (never the event's), hashed so
 * an unchanged snapshot is never sent or applied twice. Pure data and rules, no I/O.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isAppearanceKey } from '../domain/appearance';
import { isWebLink } from '../domain/web-link';

/**
 * Pages, blog posts, and the other nodes of the content tree: folders, whiteboards, databases and
 * smart links (v2 ParentContentType). Nodes have no body, labels, comments or attachments here.
 */
export const ContentKind = z.enum(['page', 'blogpost', 'folder', 'whiteboard', 'database', 'embed']);
export const NODE_KINDS = ['folder', 'whiteboard', 'database', 'embed'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];
export const isNode = (kind: string): kind is NodeKind => (NODE_KINDS as readonly string[]).includes(kind);
/** What has a place in the page tree (a parent): everything but blog posts. */
export const inTree = (kind: string) => kind === 'page' || isNode(kind);

/** A Confluence content id (numeric, or `att…` for attachments): only what a KVS key accepts. */
const ContentId = z.string().regex(/^[A-Za-z0-9]{1,30}$/);
export type ContentKind = z.infer<typeof ContentKind>;

/** 96 KiB of bytes per part: base64 makes 128 KiB, under a KVS value (240 KiB) and the inbox limit. */
export const PART_BYTES = 96 * 1024;
/** A transfer carries at most this many parts (about 100 MiB); an apply naming more is refused before any read. */
export const MAX_TRANSFER_PARTS = 1100;
/** The largest file a transfer can carry (about 100 MiB): a larger one is never downloaded. */
export const MAX_FILE_BYTES = MAX_TRANSFER_PARTS * PART_BYTES;

/** Bytes sent ahead in `part` messages: the destination reassembles them and checks the hash. */
export const Transfer = z.object({
  id: z.string().regex(/^[\w.-]{1,120}$/),
  parts: z.number().int().positive().max(MAX_TRANSFER_PARTS),
  sha256: z.string().max(64),
});
export type Transfer = z.infer<typeof Transfer>;

/** A footer or inline comment; replies name the comment they answer. */
export const CommentSnapshot = z.object({
  sourceId: ContentId,
  parentSourceId: ContentId.optional(),
  location: z.enum(['footer', 'inline']),
  body: z.string(),
  /** Inline comments: the highlighted text, to re-anchor on in the copy. */
  selection: z.string().max(2000).optional(),
  /** Top-level inline comments: the source's `ac:ref` of its marker in the page body. */
  markerRef: z.string().max(100).optional(),
  /** Top-level inline comments: `dangling` when the source body no longer holds its marker. */
  resolution: z.enum(['open', 'reopened', 'resolved', 'dangling']).optional(),
});
export type CommentSnapshot = z.infer<typeof CommentSnapshot>;

/** An attachment's metadata; its bytes travel as transfer parts only when the peer lacks this version. */
export const AttachmentSnapshot = z.object({
  sourceId: ContentId,
  title: z.string().min(1).max(255),
  mediaType: z.string().max(255),
  fileSize: z.number().int().nonnegative(),
  version: z.number().int().positive(),
  /** Confluence's id of the stored file: with the version, what says the bytes changed. */
  fileId: z.string().max(200),
  /** Present when this message's transfer carries the bytes. */
  transfer: Transfer.optional(),
});
export type AttachmentSnapshot = z.infer<typeof AttachmentSnapshot>;

/** A property value is any JSON (v2.json ContentProperty); a bounded one only, as a snapshot must fit a message. */
const PropertyValue = z.unknown().refine((v) => v !== undefined && (JSON.stringify(v)?.length ?? 0) <= 4000, 'a property value of at most 4000 characters of JSON');

/** The emoji title, cover and width (content properties) and the content status (domain/appearance.ts). */
export const AppearanceSnapshot = z.object({
  properties: z.record(z.string().max(100), PropertyValue).refine((r) => Object.keys(r).every(isAppearanceKey), 'appearance property keys only'),
  state: z.object({ name: z.string().min(1).max(255), color: z.string().max(50) }).optional(),
});
export type AppearanceSnapshot = z.infer<typeof AppearanceSnapshot>;

export const PageSnapshot = z.object({
  sourceId: ContentId,
  kind: ContentKind,
  /**
   * `deleted`: purged at the source (Confluence said so in an event); `moved`: now in another
   * space; `archived`: in the source space's archive, so the copy is archived too.
   */
  status: z.enum(['current', 'archived', 'trashed', 'deleted', 'moved']),
  title: z.string().max(255),
  /** The source parent page, unless the page sits at the top of the tree (under the home page). */
  parentSourceId: ContentId.optional(),
  body: z.string(),
  /** Smart links: the URL they show, which is all a smart link holds; a web address only (domain/web-link.ts). */
  embedUrl: z.string().max(2000).refine(isWebLink, 'a smart link must point at an http(s) address').optional(),
  labels: z.array(z.string().max(255)).max(500),
  version: z.number().int().nonnegative(),
  sourceSpaceKey: z.string().max(255),
  /** Absent when the sync leaves comments (or attachments) out: the copy's are then left as they are. */
  comments: z.array(CommentSnapshot).max(5000).optional(),
  attachments: z.array(AttachmentSnapshot).max(5000).optional(),
  /** Absent for tree nodes and trashed pages, and from peers that do not send it: the copy's is then left as it is. */
  appearance: AppearanceSnapshot.optional(),
  /**
   * A page-only read (src/domain/page-only-read.ts): comments and attachments are absent, and
   * stand as the last whole send left them, whose `partsKey` this is; the hash is the whole's.
   */
  partsFrom: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional(),
});
export type PageSnapshot = z.infer<typeof PageSnapshot>;

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('base64url');

/**
 * The content that matters to the copy, in two halves: the page itself with its look and archive
 * (`pageKey`), and its comments and files (`partsKey`). The version number is left out so a no-op
 * edit hashes the same, and so is how attachment bytes travel (a transfer), which is not content.
 * A page-only snapshot hashes as the whole it stands for: its page, and the parts it names.
 */
export function snapshotHash(s: PageSnapshot): string {
  const parts = s.partsFrom && !s.comments && !s.attachments ? s.partsFrom : partsKey(s);
  return sha256(JSON.stringify({ page: pageKey(s), parts }));
}

/** The page half: archiving and the look count, and are left out where absent. */
export const pageKey = (s: PageSnapshot): string => sha256(JSON.stringify({ page: pageHash(s), ...(s.status === 'archived' ? { archived: true } : {}), ...(s.appearance ? { appearance: s.appearance } : {}) }));

/** The parts half: the comments and files as read (absent where the sync leaves them out). */
export const partsKey = (s: PageSnapshot): string => sha256(JSON.stringify({ comments: s.comments, attachments: s.attachments?.map(({ transfer: _transfer, ...a }) => a) }));

/**
 * The snapshot as the destination parses it: parsing puts each object's keys in the schema's
 * order (a reply's `parentSourceId` moves up), which JSON, and so a hash, sees. Hashes both sides
 * compare are taken of this form. One the schema refuses stays as it is (the peer refuses it).
 */
export function canonicalSnapshot(s: PageSnapshot): PageSnapshot {
  const parsed = PageSnapshot.safeParse(JSON.parse(JSON.stringify(s)));
  return parsed.success ? parsed.data : s;
}

/** The page itself (what a page update writes): comments and attachments changing alone leave it be. */
export function pageHash(s: PageSnapshot): string {
  // An archived page's content is written as a current page's is; the archive is a separate step.
  const status = s.status === 'archived' ? 'current' : s.status;
  return sha256(JSON.stringify({ kind: s.kind, status, title: s.title, parent: s.parentSourceId ?? null, body: s.body, labels: [...s.labels].sort(), ...(s.embedUrl ? { embedUrl: s.embedUrl } : {}) }));
}

/** Anchor and resolution count only when present, so a footer comment hashes as it always did. */
export const commentHash = (c: CommentSnapshot) =>
  sha256(JSON.stringify([c.location, c.parentSourceId ?? null, c.body, c.selection ?? null, ...(c.markerRef || c.resolution ? [c.markerRef ?? null, c.resolution ?? null] : [])]));


const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const PAGE_URL = (site: string, key: string) => new RegExp(`(?:${site})?/wiki/spaces/${key}/pages/(\\d+)(?:/[\\w%+.-]*)?`, 'g');
/** Attachment download links name the page holding the file. */
const DOWNLOAD_URL = (site: string) => new RegExp(`(?:${site})?(?:/wiki)?/download/attachments/(\\d+)/`, 'g');

/** The source page ids a body links to (page URLs of the space, attachment downloads), to look up their copies. */
export function linkedIds(body: string, spaceKey: string): string[] {
  const pages = new RegExp(`/wiki/spaces/${escapeRegExp(spaceKey)}/pages/(\\d+)`, 'g');
  const ids = [...body.matchAll(pages), ...body.matchAll(/\/download\/attachments\/(\d+)\//g)].map((m) => m[1]);
  return [...new Set(ids)];
}

/**
 * Links into the synced space point at the copies: `ri:space-key` of the source space becomes
 * the destination's, and page URLs and attachment downloads (absolute or relative) become
 * relative URLs of the copies. Images and files by name (`ri:attachment`) need nothing: the copy
 * holds the same file names. Links to other spaces are left as they are; links by title without
 * a space key resolve in the copy's own space already.
 */
export function rewriteLinks(body: string, from: { spaceKey: string; siteUrl: string }, toSpaceKey: string, mappedId: (sourceId: string) => string | undefined): string {
  const key = escapeRegExp(from.spaceKey);
  const site = escapeRegExp(from.siteUrl.replace(/\/$/, ''));
  return body
    .replace(new RegExp(`ri:space-key="${key}"`, 'g'), `ri:space-key="${toSpaceKey}"`)
    .replace(PAGE_URL(site, key), (whole, id: string) => {
      const mapped = mappedId(id);
      // Site-relative, so the link works on whichever site holds the copy.
      return mapped ? `/wiki/spaces/${toSpaceKey}/pages/${mapped}` : whole;
    })
    .replace(DOWNLOAD_URL(site), (whole, id: string) => {
      const mapped = mappedId(id);
      return mapped ? `/wiki/download/attachments/${mapped}/` : whole;
    });
}

/** Parents before children, so each page is created under its mapped parent. */
export function treeOrder<T extends { id: string; parentId?: string }>(items: T[]): T[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const out: T[] = [];
  const placed = new Set<string>();
  const place = (item: T, seen: Set<string>) => {
    if (placed.has(item.id) || seen.has(item.id)) return;
    seen.add(item.id);
    const parent = item.parentId ? byId.get(item.parentId) : undefined;
    if (parent) place(parent, seen);
    placed.add(item.id);
    out.push(item);
  };
  for (const item of items) place(item, new Set());
  return out;
}
