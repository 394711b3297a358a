/**
 * Finding what changed in a space for the reconcile, for a few points:
 * - pages and blog posts by their listing sorted newest-modified first (v2 getPagesInSpace,
 *   getBlogPostsInSpace with `sort=-modified-date`, PageSortOrder), read 10 rows at a time only
 *   until a row is older than the time asked for: an unchanged space costs one short answer each.
 *   Row versions carry their `createdAt` with its time zone (confluence-real row 8);
 * - folders, whiteboards, databases and smart links by CQL `lastmodified` (no listing has them,
 *   confluence-real rows 22, 27). CQL reads a date in the searching user's time zone, which for
 *   the app user is UNCONFIRMED, so the date asked is 14 hours earlier (the widest time-zone
 *   offset): a few more hits, never fewer;
 * - comments and attachments by the site-wide v2 listings sorted newest-modified first
 *   (getFooterComments, getInlineComments, getAttachments with `sort=-modified-date`,
 *   CommentSortOrder and AttachmentSortOrder in v2.json), whose rows name their page or blog post
 *   (`pageId`/`blogPostId`, confluence-real rows 39, 47): a comment- or file-only change makes no
 *   page version. These listings cover the whole site, so they are read only up to a bound; past
 *   it the reconcile compares everything. Whether the footer listing has replies is UNCONFIRMED
 *   (the sandbox's `siteCommentListing` tries both): without them a lost reply waits for the
 *   weekly full comparison, as a deleted comment or file does (no listing shows what is gone);
 * - counts by CQL `totalSize` with `limit=0` (v1 searchByCQL), which sees current content only
 *   (archived pages are not found, confluence-real v2-page-archived.json notes). That smart links
 *   are indexed is UNCONFIRMED; where they are not, the counts disagree and the reconcile compares
 *   everything, which is correct, only dearer;
 * - the space's comments and attachments by the same count, `type = comment` or `type =
 *   attachment` and `container != <home page>`: what src/domain/parts-census.ts judges against
 *   the sent records. `container` (the content a comment or attachment belongs to) is documented
 *   for Server (developer.atlassian.com/server/confluence/cql-field-reference/) and not on the
 *   Cloud fields page, so whether Cloud takes it is UNCONFIRMED: a refusal leaves the census out
 *   of that run (reconcile.ts). A negative clause cannot come first (cql-operators).
 */
import { assumeTrustedRoute, route } from '@forge/api';
import { z } from 'zod';
import { confluence } from './client';
import { searchContent } from './node-search';
import type { ChangedItem, ChangeFinder } from '../replication/change-finder';
import { isNode, type ContentKind } from '../replication/snapshot';

const Row = z.object({ id: z.string(), version: z.object({ number: z.number(), createdAt: z.string() }) });
const Rows = z.object({ results: z.array(Row), _links: z.object({ next: z.string().optional() }).optional() });
const Count = z.object({ totalSize: z.number() });

/** Rows of a listing read at a time: enough for the usual hour, cheap when nothing changed. */
const PEEK = 10;
/** The widest time-zone offset (UTC+14): CQL dates are the searching user's local time. */
const ZONE_MARGIN_MS = 14 * 3600 * 1000;

const cqlKey = (key: string) => {
  if (!/^[A-Za-z0-9_~-]{1,255}$/.test(key)) throw new Error(`Not a space key: ${key}`);
  return `"${key}"`;
};
const cqlMinute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/**
 * The rows of a listing sorted newest-modified first that changed at or after `since`, following
 * its `next` links only until a row is older; undefined once more than `max` such rows were read.
 */
async function rowsSince<Row extends { version: { createdAt: string } }>(first: string, rows: z.ZodType<{ results: Row[]; _links?: { next?: string } }>, since: string, max = Infinity): Promise<Row[] | undefined> {
  const out: Row[] = [];
  for (let next: string | undefined = first; next; ) {
    const page: { results: Row[]; _links?: { next?: string } } = await confluence('app').get(rows, assumeTrustedRoute(next));
    for (const row of page.results) {
      if (Date.parse(row.version.createdAt) < Date.parse(since)) return out;
      if (out.length >= max) return undefined;
      out.push(row);
    }
    next = page._links?.next;
  }
  return out;
}

async function listedSince(spaceId: string, kind: 'page' | 'blogpost', since: string): Promise<ChangedItem[]> {
  const statuses = kind === 'page' ? '&status=current&status=archived' : '';
  const first = kind === 'page' ? route`/wiki/api/v2/spaces/${spaceId}/pages?sort=-modified-date&limit=${String(PEEK)}` : route`/wiki/api/v2/spaces/${spaceId}/blogposts?sort=-modified-date&limit=${String(PEEK)}`;
  const rows = (await rowsSince(`${first.value}${statuses}`, Rows, since)) ?? [];
  return rows.map((row) => ({ id: row.id, kind, version: row.version.number }));
}

async function nodesSince(key: string, kinds: ContentKind[], since: string): Promise<ChangedItem[]> {
  const hits = await searchContent(`space = ${cqlKey(key)} and type in (${kinds.join(', ')}) and lastmodified >= "${cqlMinute(Date.parse(since) - ZONE_MARGIN_MS)}"`);
  return hits.filter((h) => isNode(h.type)).map((h) => ({ id: h.id, kind: h.type as ContentKind }));
}

const PartRow = z.object({ pageId: z.string().optional(), blogPostId: z.string().optional(), version: z.object({ createdAt: z.string() }) });
const PartRows = z.object({ results: z.array(PartRow), _links: z.object({ next: z.string().optional() }).optional() });
/** Rows read per listing before the cheap look gives up: a site this busy in an hour is compared in full. */
const MAX_PART_ROWS = 100;

/** Rows per request once the newest row shows that something changed. */
const PART_PAGE = 25;

/**
 * Containers of the rows modified at or after `since`, newest first; undefined past MAX_PART_ROWS.
 * Each row read costs a point (forge-platform.md section 4), so the newest row alone is read
 * first: an unchanged hour costs one row a listing.
 */
type Container = { id: string; kind: 'page' | 'blogpost' };

async function partsListedSince(path: '/wiki/api/v2/footer-comments' | '/wiki/api/v2/inline-comments' | '/wiki/api/v2/attachments', since: string): Promise<Container[] | undefined> {
  const newest = await confluence('app').get(PartRows, assumeTrustedRoute(`${path}?sort=-modified-date&limit=1`));
  if (!newest.results.length || Date.parse(newest.results[0].version.createdAt) < Date.parse(since)) return [];
  const rows = await rowsSince(`${path}?sort=-modified-date&limit=${PART_PAGE}`, PartRows, since, MAX_PART_ROWS);
  return rows?.flatMap((row): Container[] => (row.pageId ? [{ id: row.pageId, kind: 'page' }] : row.blogPostId ? [{ id: row.blogPostId, kind: 'blogpost' }] : []));
}

export const changeFinder: ChangeFinder = {
  async partsChangedSince(parts, since) {
    const paths = [...(parts.comments ? (['/wiki/api/v2/footer-comments', '/wiki/api/v2/inline-comments'] as const) : []), ...(parts.attachments ? (['/wiki/api/v2/attachments'] as const) : [])];
    const found = new Map<string, 'page' | 'blogpost'>();
    for (const path of paths) {
      const rows = await partsListedSince(path, since);
      if (!rows) return undefined;
      for (const r of rows) found.set(r.id, r.kind);
    }
    return [...found].map(([id, kind]) => ({ id, kind }));
  },

  async modifiedSince(space, kinds, since) {
    const listed = kinds.filter((k): k is 'page' | 'blogpost' => k === 'page' || k === 'blogpost');
    const nodes = kinds.filter(isNode);
    const out: ChangedItem[] = [];
    for (const kind of listed) out.push(...(await listedSince(space.id, kind, since)));
    if (nodes.length) out.push(...(await nodesSince(space.key, nodes, since)));
    return out;
  },

  async count(space, kinds) {
    return searchCount(`space = ${cqlKey(space.key)} and type in (${kinds.join(', ')}) and id != ${contentId(space.homepageId)}`);
  },

  async countParts(space, parts) {
    const of = (type: 'comment' | 'attachment') => searchCount(`space = ${cqlKey(space.key)} and type = ${type} and container != ${contentId(space.homepageId)}`);
    return { ...(parts.comments ? { comments: await of('comment') } : {}), ...(parts.attachments ? { attachments: await of('attachment') } : {}) };
  },

  // CQL's container takes IN (the CQL field reference, developer.atlassian.com/display/CONFDEV/CQL+Field+Reference).
  async countPartsIn(space, part, containerIds) {
    return searchCount(`space = ${cqlKey(space.key)} and type = ${part} and container in (${containerIds.map(contentId).join(',')})`);
  },
};

function contentId(id: string): string {
  if (!/^\d{1,30}$/.test(id)) throw new Error(`Not a content id: ${id}`);
  return id;
}

async function searchCount(cql: string): Promise<number> {
  return (await confluence('app').get(Count, assumeTrustedRoute(`/wiki/rest/api/search?cql=${encodeURIComponent(cql)}&limit=0`))).totalSize;
}
