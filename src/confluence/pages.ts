/**
 * Pages and blog posts over the REST API, as the app: v2 for content, v1 for label writes (the
 * only place they exist). Implements what replication reads at the source and writes at the
 * destination.
 */
import { assumeTrustedRoute, route, type Route } from '@forge/api';
import { z } from 'zod';
import { allResults, confluence, ConfluenceError } from './client';
import { appUser } from './app-user';
import { archivePage } from './archive';
import { commentWrites, downloadAttachment, readAppComments, readAttachments, readComments } from './page-parts';
import { COPY_MARK_KEY, CopyMark, type DestinationContent, type DestinationPage, type SiteFacts, type SourceContent, type SpaceItem } from '../replication/ports';
import { isNode, type ContentKind, type PageSnapshot } from '../replication/snapshot';
import { nodeSnapshot, nodeWrites, orderedChildren } from './tree-nodes';
import { spaceNodes } from './node-search';
import { scopeReads } from './scope-reads';
import { appearanceWrites, IncludedProperties, readAppearance } from './appearance';

const app = () => confluence('app');

/** v2 label `{id, name, prefix}`; prefix is global, my or team (confluence-real row 56, v2-page-include-labels.json). */
const Label = z.object({ name: z.string(), prefix: z.string().nullish() });
/**
 * Only global labels are the page's: a `my:` label is one person's own, and the app writes every
 * label it adds as global, so copying a personal one would publish it to everyone (and a copy's
 * personal label must not stand in for the global one the source has). Sorted, as the bulk
 * reading keeps them (space-reading.ts), whatever order a listing gives.
 */
const globalNames = (labels: Array<z.infer<typeof Label>>) => labels.filter((l) => (l.prefix ?? 'global') === 'global').map((l) => l.name).sort();
/** `include-labels` shows at most 50; `meta.hasMore` says there are more to read (confluence-real row 57). */
const Labels = z.object({ results: z.array(Label), meta: z.object({ hasMore: z.boolean().optional() }).partial().optional() }).optional();
/**
 * A v2 page or blog post. Real answers carry explicit nulls where there is nothing (the home
 * page's and a trashed page's parent, confluence-real rows 1, 18), so those keys are nullish.
 */
export const Page = z.object({
  id: z.string(),
  status: z.string(),
  title: z.string(),
  parentId: z.string().nullish(),
  parentType: z.string().nullish(),
  /** The place among its siblings: large and sparse, null for a trashed page (v2.json PageBulk; confluence-real rows 7, 18). */
  position: z.number().nullish(),
  spaceId: z.string().optional(),
  authorId: z.string().nullish(),
  version: z.object({ number: z.number() }),
  body: z.object({ storage: z.object({ value: z.string() }).optional() }).optional(),
  labels: Labels,
  properties: IncludedProperties,
});
type Page = z.infer<typeof Page>;
export const PageList = z.object({ results: z.array(Page), _links: z.object({ next: z.string().optional() }).optional() });
export const Space = z.object({ key: z.string(), homepageId: z.string() });

const collection = (kind: ContentKind) => (kind === 'page' ? 'pages' : 'blogposts');

/** What the copy follows: archived stays archived, anything not current or archived reads as trashed. */
const sourceStatus = (status: string): 'current' | 'archived' | 'trashed' => (status === 'current' || status === 'archived' ? status : 'trashed');

/**
 * A page or blog post with its labels (and its storage body when asked): current, archived (pages)
 * or trashed. An archived page is not gone (confluence-real row 19); drafts are never asked for.
 */
function byId(kind: ContentKind, id: string, withBody: boolean, withProperties = false, withPurged = false): Route {
  const path = kind === 'page' ? route`/wiki/api/v2/pages/${id}` : route`/wiki/api/v2/blogposts/${id}`;
  // v2.json: only pages take status archived (blog posts have no archive). `deleted` (purged,
  // v2.json's getPageById status enum) only for the source's snapshot: a purge whose event was
  // lost is found so where Confluence answers it (ConfluenceSite.purgedRead, UNCONFIRMED).
  const statuses = `${kind === 'page' ? 'status=current&status=archived&status=trashed' : 'status=current&status=trashed'}${withPurged ? '&status=deleted' : ''}`;
  // include-properties (v2.json): the page's look comes with the page read, saving a listing.
  return assumeTrustedRoute(`${path.value}?${withBody ? 'body-format=storage&' : ''}include-labels=true&${withProperties ? 'include-properties=true&' : ''}${statuses}`);
}

/** Every label of a page: the included ones, and the rest read page by page when there are more. */
export async function allLabels(kind: ContentKind, p: Page): Promise<string[]> {
  if (!p.labels?.meta?.hasMore) return globalNames(p.labels?.results ?? []);
  const first = kind === 'page' ? route`/wiki/api/v2/pages/${p.id}/labels?prefix=global&limit=250` : route`/wiki/api/v2/blogposts/${p.id}/labels?prefix=global&limit=250`;
  return globalNames(await allResults(Label, first));
}

const toDestinationPage = async (kind: ContentKind, p: Page): Promise<DestinationPage> => ({ id: p.id, status: p.status, title: p.title, version: p.version.number, labels: await allLabels(kind, p), ...(p.spaceId ? { spaceId: p.spaceId } : {}), ...(p.parentId ? { parentId: p.parentId } : {}), ...(typeof p.position === 'number' ? { position: p.position } : {}) });

const Properties = z.object({ results: z.array(z.object({ key: z.string(), value: z.unknown() })) });

function propertiesPath(kind: ContentKind, id: string): Route {
  if (isNode(kind)) return nodeWrites.propertiesPath(kind, id);
  return kind === 'page' ? route`/wiki/api/v2/pages/${id}/properties` : route`/wiki/api/v2/blogposts/${id}/properties`;
}

function space(spaceId: string) {
  return app().get(Space, route`/wiki/api/v2/spaces/${spaceId}`);
}

const appAccountId = async (): Promise<string> => (await appUser()).accountId;

/** The source's reads; `facts`: what the site has shown of where it keeps a page's status (appearance.ts). */
export const sourceContentWith = (facts?: SiteFacts): SourceContent => ({
  space,

  async snapshot(id, kind, { id: spaceId, key: spaceKey, homepageId }, parts): Promise<PageSnapshot | undefined> {
    if (isNode(kind)) return nodeSnapshot(id, kind, { id: spaceId, key: spaceKey, homepageId });
    const page = await app().find(Page, byId(kind, id, true, true, true));
    if (!page) return undefined;
    // Purged: as a `deleted` event says it (send-item.ts), the copy follows.
    if (page.status === 'deleted') return { sourceId: page.id, kind, status: 'deleted', title: '', body: '', labels: [], version: Number.MAX_SAFE_INTEGER, sourceSpaceKey: spaceKey };
    // Moved to another space: this sync no longer has it, so only the fact travels.
    if (page.spaceId && page.spaceId !== spaceId) return { sourceId: page.id, kind, status: 'moved', title: page.title, body: '', labels: [], version: page.version.number, sourceSpaceKey: spaceKey };
    const status = sourceStatus(page.status);
    const current = status !== 'trashed';
    return {
      sourceId: page.id,
      kind,
      status,
      title: page.title,
      ...(page.parentId && page.parentId !== homepageId ? { parentSourceId: page.parentId } : {}),
      body: page.body?.storage?.value ?? '',
      labels: await allLabels(kind, page),
      version: page.version.number,
      sourceSpaceKey: spaceKey,
      // A trashed page's copy is trashed too; its comments and files are not read. An archived
      // page keeps them, as its copy does.
      ...(current && parts.comments ? { comments: await readComments(id, kind) } : {}),
      ...(current && parts.attachments ? { attachments: await readAttachments(id, kind) } : {}),
      // Emoji, cover, width and status: a trashed page's copy is trashed, so they are not read.
      ...(current ? { appearance: await readAppearance(id, kind, page.properties, facts) } : {}),
    };
  },

  download: downloadAttachment,
  ...scopeReads,

  async list(spaceId, kinds): Promise<SpaceItem[]> {
    const out: SpaceItem[] = [];
    for (const kind of kinds.filter((k) => k === 'page' || k === 'blogpost')) {
      // Archived pages are part of the space (and the default listing, row 16); asked explicitly.
      const first = kind === 'page' ? route`/wiki/api/v2/spaces/${spaceId}/pages?limit=250&status=current&status=archived` : route`/wiki/api/v2/spaces/${spaceId}/blogposts?limit=250`;
      for (const p of await allResults(Page, first)) {
        out.push({ id: p.id, kind, title: p.title, version: p.version.number, status: p.status === 'archived' ? 'archived' : 'current', ...(p.parentId ? { parentId: p.parentId, parentType: p.parentType ?? 'page' } : {}), ...(typeof p.position === 'number' ? { position: p.position } : {}) });
      }
    }
    // Folders and the other nodes are in no listing: CQL search finds them (node-search.ts).
    if (kinds.some(isNode)) out.push(...(await spaceNodes({ id: spaceId, key: (await space(spaceId)).key }, out)).filter((n) => kinds.includes(n.kind)));
    return out;
  },
});

/** Reads that learn nothing of the site: every page's status is read. */
export const sourceContent = sourceContentWith();

export const destinationContent: DestinationContent = {
  space,

  async movePage(id, position, targetId) {
    // v1.json movePage: no request body; 200 on success, 400 (a loop, a title taken), 403, and 404 for a page or target not there.
    const response = await app().raw(route`/wiki/rest/api/content/${id}/move/${position}/${targetId}`, { method: 'PUT', headers: { Accept: 'application/json' } });
    if (response.status === 404) throw new ConfluenceError(404, `Confluence answered 404 to moving page ${id} ${position} ${targetId}`);
  },

  children: (id, kind) => orderedChildren(id, kind),
  ...commentWrites,
  ...appearanceWrites,

  async get(id, kind) {
    if (isNode(kind)) return nodeWrites.get(id, kind);
    const page = await app().find(Page, byId(kind, id, false));
    return page ? toDestinationPage(kind, page) : undefined;
  },

  async getWithBody(id, kind) {
    if (isNode(kind)) {
      const node = await nodeWrites.get(id, kind);
      return node ? { ...node, body: '' } : undefined;
    }
    const page = await app().find(Page, byId(kind, id, true));
    return page ? { ...(await toDestinationPage(kind, page)), body: page.body?.storage?.value ?? '' } : undefined;
  },

  async appComments(container) {
    return readAppComments(container.id, container.kind, await appAccountId());
  },

  async attachments(pageId, kind) {
    return (await readAttachments(pageId, kind)).map((a) => ({ id: a.sourceId, title: a.title, mediaType: a.mediaType, fileSize: a.fileSize, version: a.version }));
  },

  async findByTitle(spaceId, kind, title) {
    // Nodes reserve no title (confluence-real row 19) and no listing finds them by one.
    if (isNode(kind)) return undefined;
    const path = kind === 'page' ? route`/wiki/api/v2/spaces/${spaceId}/pages?title=${title}&limit=1` : route`/wiki/api/v2/spaces/${spaceId}/blogposts?title=${title}&limit=1`;
    const found = (await app().get(PageList, path)).results[0];
    if (!found) return undefined;
    // The listing row carries no labels; the caller reads the page when it takes it over.
    return { ...(await toDestinationPage(kind, found)), createdByApp: found.authorId === (await appAccountId()) };
  },

  async copyMark(id, kind) {
    const path = assumeTrustedRoute(`${propertiesPath(kind, id).value}?key=${COPY_MARK_KEY}`);
    const found = await app().find(Properties, path);
    const mark = found?.results.find((p) => p.key === COPY_MARK_KEY);
    const parsed = mark ? CopyMark.safeParse(mark.value) : undefined;
    return parsed?.success ? parsed.data : undefined;
  },

  async markCopy(id, kind, mark) {
    await app().send(z.unknown(), 'POST', propertiesPath(kind, id), { key: COPY_MARK_KEY, value: mark });
  },

  async create(spaceId, kind, page) {
    if (isNode(kind)) return nodeWrites.create(spaceId, kind, page);
    const body = { spaceId, status: 'current', title: page.title, ...(page.parentId ? { parentId: page.parentId } : {}), body: { representation: 'storage', value: page.body } };
    const created = await app().send(Page, 'POST', kind === 'page' ? route`/wiki/api/v2/pages` : route`/wiki/api/v2/blogposts`, body);
    return { ...(await toDestinationPage(kind, created)), labels: [] };
  },

  async update(id, kind, page) {
    if (isNode(kind)) return nodeWrites.update(id, kind, page);
    const body = { id, status: page.status, title: page.title, ...(page.spaceId ? { spaceId: page.spaceId } : {}), ...(page.parentId && kind === 'page' ? { parentId: page.parentId } : {}), body: { representation: 'storage', value: page.body }, version: { number: page.version } };
    const updated = await app().send(Page, 'PUT', kind === 'page' ? route`/wiki/api/v2/pages/${id}` : route`/wiki/api/v2/blogposts/${id}`, body);
    // The update answer carries no labels; the caller knows them already. Its body is the page's as stored (v2-page-update-and-restore.json).
    const stored = updated.body?.storage?.value;
    return { ...(await toDestinationPage(kind, updated)), ...(stored !== undefined ? { body: stored } : {}) };
  },

  async trash(id, kind) {
    if (isNode(kind)) return nodeWrites.trash(id, kind);
    const response = await app().raw(kind === 'page' ? route`/wiki/api/v2/pages/${id}` : route`/wiki/api/v2/blogposts/${id}`, { method: 'DELETE' });
    if (response.status !== 204 && response.status !== 404) throw new ConfluenceError(response.status, `Confluence answered ${response.status} to trashing ${collection(kind)} ${id}`);
  },

  archive: archivePage,

  async addLabels(id, names) {
    await app().send(z.unknown(), 'POST', route`/wiki/rest/api/content/${id}/label`, names.map((name) => ({ prefix: 'global', name })));
  },

  async removeLabel(id, name) {
    await app().raw(route`/wiki/rest/api/content/${id}/label?name=${name}`, { method: 'DELETE' });
  },
};
