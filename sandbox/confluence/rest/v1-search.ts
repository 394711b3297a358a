/**
 * v1 `GET /wiki/rest/api/search` (v1.json searchByCQL): content found by a CQL query
 * (cql.ts), as SearchPageResponseSearchResult. What the search sees:
 * - current content only: archived pages are not found (confluence-real v2-page-archived.json
 *   notes: "CQL search cannot see archived pages"), nor trashed ones (INFERRED);
 * - folders, whiteboards, databases and smart links are content types CQL knows
 *   (v2-whiteboard-database-embed.json notes, from markfluence's live search; a folder hit's
 *   `content.type` is `folder`, v2-folder.json). Whether the index holds smart links is
 *   UNCONFIRMED (markfluence's sample had none): ConfluenceSite.cqlFindsEmbeds;
 * - `type = comment` finds footer and inline comments alike (the CQL type list has one
 *   `comment` type; INFERRED). Whether the index holds resolved inline comments is UNCONFIRMED:
 *   ConfluenceSite.cqlComments;
 * - `container` is the page or blog post a comment or attachment belongs to. The Server CQL
 *   field reference documents it (developer.atlassian.com/server/confluence/cql-field-reference/:
 *   "container = 123 and type = attachment"); the Cloud fields page lists no such field, so
 *   whether Cloud takes it is UNCONFIRMED: ConfluenceSite.cqlContainerField ('unknown' refuses it
 *   as Confluence refuses a field it lacks, confluence-real error-v1-xsrf-and-misc.json). A
 *   reply's container is taken to be the page too (UNCONFIRMED: it may be the comment replied
 *   to). Pages and nodes have none, so `container != X` holds for them.
 * The search index is current here; on Confluence it lags writes by a little (not modelled).
 */
import type { Content, ContentType } from '../model';
import { parseCql, matches, type CqlClause, type CqlField } from '../cql';
import { baseLink, webui } from './representations';
import { ok, type RestCall, type RestHandler } from './rest-call';
import { badRequest } from '../api-error';

/** CQL type names and the emulator's content types they stand for. */
const CQL_TYPES: Record<string, ContentType[]> = {
  page: ['page'],
  blogpost: ['blogpost'],
  comment: ['footer-comment', 'inline-comment'],
  attachment: ['attachment'],
  folder: ['folder'],
  whiteboard: ['whiteboard'],
  database: ['database'],
  embed: ['embed'],
};
const cqlTypeOf = (c: Content) => (c.type === 'footer-comment' || c.type === 'inline-comment' ? 'comment' : c.type);

/** `limit` "may be restricted by fixed system limits" (v1.json): 250 is assumed here (UNCONFIRMED). */
const MAX_LIMIT = 250;

/**
 * `label` is the content's labels as CQL names them: a global label by its name, the others with
 * their prefix (`my:name`), as the site keeps them (labels.ts).
 */
function valueOf(c: Content, field: CqlField, spaceKey: string): string | number | string[] {
  switch (field) {
    case 'label':
      return [...c.labels];
    case 'type':
      return cqlTypeOf(c);
    case 'space':
      return spaceKey;
    case 'id':
      return c.id;
    case 'container':
      return c.containerId ?? '';
    case 'lastmodified':
      return Date.parse(c.version.createdAt);
    default:
      return Date.parse(c.createdAt);
  }
}

/** The candidates the type and space clauses allow, from the site's indexes. */
function candidates(call: RestCall, clauses: CqlClause[]): Content[] {
  const positive = (field: CqlField) => clauses.find((c) => c.field === field && (c.op === '=' || c.op === 'in'))?.values;
  const types = (positive('type') ?? Object.keys(CQL_TYPES)).flatMap((t) => CQL_TYPES[t.toLowerCase()] ?? []);
  const keys = positive('space');
  const spaces = keys ? [...call.site.spaces.values()].filter((s) => keys.some((k) => k.toLowerCase() === s.key.toLowerCase())) : undefined;
  return types.flatMap((type) => (spaces ? spaces.flatMap((s) => call.site.contents.inSpace(s.id, type)) : call.site.contents.ofType(type)));
}

function searchable(call: RestCall, c: Content): boolean {
  if (c.status !== 'current') return false;
  if (c.type === 'embed' && !call.site.cqlFindsEmbeds) return false;
  if (c.type === 'inline-comment' && call.site.cqlComments === 'unresolved-only' && threadResolved(call, c)) return false;
  const container = c.containerId ? call.site.contents.get(c.containerId) : undefined;
  if (c.containerId && container?.status !== 'current') return false;
  return call.site.canView(call.actor, c);
}

/** An inline comment whose thread (its own, or the one it replies to) is resolved. */
function threadResolved(call: RestCall, c: Content): boolean {
  let top: Content | undefined = c;
  while (top?.parentCommentId) top = call.site.contents.get(top.parentCommentId);
  return top?.inline?.resolution === 'resolved';
}

function resultJson(call: RestCall, c: Content) {
  const space = call.site.spaces.get(c.spaceId);
  const container = c.containerId ? call.site.contents.get(c.containerId) : undefined;
  const url = c.type === 'folder' ? `/spaces/${space?.key}/folder/${c.id}` : webui(call.site, container ?? c);
  return {
    content: { id: c.id, type: cqlTypeOf(c), status: c.status, title: c.title, _expandable: {}, _links: { webui: url, self: `${baseLink(call.site)}/rest/api/content/${c.id}` } },
    title: c.title,
    excerpt: '',
    url,
    resultGlobalContainer: { title: space?.name ?? '', displayUrl: `/spaces/${space?.key}` },
    breadcrumbs: [],
    entityType: 'content',
    iconCssClass: `aui-icon content-type-${cqlTypeOf(c)}`,
    lastModified: c.version.createdAt,
    friendlyLastModified: '',
    score: 0,
  };
}

export const searchHandlers: Record<string, RestHandler> = {
  /** Paged by `start`/`limit` and a cursor; `_links.next` is context-relative, as v1.json's example shows. */
  searchByCQL(call) {
    const cql = call.query.get('cql') ?? '';
    const query = parseCql(cql);
    if (call.site.cqlContainerField === 'unknown' && query.clauses.some((c) => c.field === 'container')) throw badRequest(`No field exists with the name: 'container'`);
    const spaceKeyOf = (c: Content) => call.site.spaces.get(c.spaceId)?.key ?? '';
    let found = candidates(call, query.clauses).filter((c) => searchable(call, c) && query.clauses.every((clause) => matches(clause, valueOf(c, clause.field, spaceKeyOf(c)))));
    const order = query.orderBy;
    found = found.sort((a, b) => {
      if (!order) return Number(a.id.replace(/^att/, '')) - Number(b.id.replace(/^att/, ''));
      const sortKey = (v: ReturnType<typeof valueOf>) => (Array.isArray(v) ? v.join(',') : v);
      const va = sortKey(valueOf(a, order.field, spaceKeyOf(a)));
      const vb = sortKey(valueOf(b, order.field, spaceKeyOf(b)));
      const dir = order.direction === 'desc' ? -1 : 1;
      return va < vb ? -dir : va > vb ? dir : a.id.localeCompare(b.id);
    });
    const cursor = call.query.get('cursor');
    const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^start:/, '')) || 0 : Number(call.query.get('start') ?? 0);
    const limit = Math.min(Number(call.query.get('limit') ?? 25), MAX_LIMIT);
    const results = found.slice(start, start + limit).map((c) => resultJson(call, c));
    const more = start + limit < found.length && limit > 0;
    const nextCursor = Buffer.from(`start:${start + limit}`).toString('base64url');
    const next = more ? `/rest/api/search?cql=${encodeURIComponent(cql)}&limit=${limit}&start=${start + limit}&cursor=${nextCursor}&next=true` : undefined;
    return ok(
      { results, start, limit, size: results.length, totalSize: found.length, cqlQuery: cql, searchDuration: 1, _links: { base: baseLink(call.site), context: '/wiki', ...(next ? { next } : {}) } },
      results.length,
    );
  },
};
