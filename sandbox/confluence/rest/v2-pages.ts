/** v2 pages and blog posts: list, read, create, update (move, restore), delete (trash, purge), tree. */
import type { Content, ContentType } from '../model';
import { badRequest, notFound } from '../api-error';
import { pageJson } from './representations';
import { ancestorsOf } from './ancestors';
import { bool, list, ok, sortBy, storageBody, type RestCall, type RestHandler } from './rest-call';

type Kind = 'page' | 'blogpost';

function render(call: RestCall, c: Content, row = false) {
  return pageJson(call.site, c, {
    bodyFormat: call.query.get('body-format'),
    includeLabels: !row && bool(call.query, 'include-labels'),
    includeProperties: !row && bool(call.query, 'include-properties'),
    includeVersion: call.query.get('include-version') !== 'false',
    row,
  });
}

/** `title=` is exact but case-insensitive; an empty title matches nothing (confluence-real row 15). */
const titleMatches = (wanted: string | null, title: string) => wanted === null || (wanted !== '' && wanted.toLowerCase() === title.toLowerCase());

/**
 * The candidates a listing filters: the named ids, the space's content of that kind, or the one
 * title asked for, from the site's indexes rather than a scan of the whole site.
 */
function candidates(call: RestCall, kind: Kind, scope: { ids?: string[]; spaceIds?: string[] }): Iterable<Content> {
  const title = call.query.get('title');
  const spaceIds = scope.spaceIds ?? [];
  if (scope.ids?.length) return scope.ids.flatMap((id) => call.site.contents.get(id) ?? []);
  if (title !== null && spaceIds.length) return spaceIds.flatMap((spaceId) => call.site.contents.withTitle(spaceId, kind, title));
  if (spaceIds.length) return spaceIds.flatMap((spaceId) => call.site.contents.inSpace(spaceId, kind));
  return call.site.contents.ofType(kind);
}

function visibleList(call: RestCall, kind: Kind, scope: { ids?: string[]; spaceIds?: string[] }, filter: (c: Content) => boolean = () => true) {
  const statuses = list(call.query, 'status');
  // confluence-real row 16 (v2-page-archived.json): the default is current + archived; draft is refused.
  if (statuses.includes('draft')) throw badRequest('Invalid status: draft');
  const wanted = statuses.length ? statuses : kind === 'page' ? ['current', 'archived'] : ['current'];
  const title = call.query.get('title');
  const items = [...candidates(call, kind, scope)].filter(
    (c) => c.type === kind && wanted.includes(c.status) && titleMatches(title, c.title) && (!scope.spaceIds?.length || scope.spaceIds.includes(c.spaceId)) && filter(c) && call.site.canView(call.actor, c),
  );
  const page = call.paginate(sortBy(items, call.query.get('sort')));
  return ok({ results: page.results.map((c) => render(call, c, true)), _links: page._links }, page.results.length);
}

const getMany = (kind: Kind): RestHandler => (call) => {
  const ids = [...new Set(list(call.query, 'id'))];
  return visibleList(call, kind, { ids, spaceIds: list(call.query, 'space-id') });
};

const getInSpace = (kind: Kind): RestHandler => (call) => {
  const space = call.site.spaces.get(call.params.id);
  if (!space || !call.site.hasSpacePermission(call.actor, space, 'read')) throw notFound('Space');
  const rootOnly = call.query.get('depth') === 'root';
  return visibleList(call, kind, { spaceIds: [space.id] }, (c) => !rootOnly || !c.parentId || c.parentId === space.homepageId);
};

const getOne = (kind: Kind): RestHandler => (call) => {
  const statuses = list(call.query, 'status');
  // An archived page answers GET with status archived (row 19), a trashed one with status trashed
  // (row 18, v2-page-trashed.json: no status asked for); the rest of the default set is INFERRED.
  const asked = statuses.length ? statuses : ['current', 'archived', 'trashed', 'draft'];
  // A purged page, asked for with status deleted: see ConfluenceSite.purgedRead (UNCONFIRMED).
  return ok(render(call, call.site.visible(call.actor, call.params.id, [kind], call.site.purgedRead === 'deleted' ? asked : asked.filter((s) => s !== 'deleted'))));
};

const create = (kind: Kind): RestHandler => (call) => {
  const b = call.body;
  const content = call.site.createPage(call.actor, {
    type: kind,
    spaceId: b.spaceId,
    title: b.title,
    body: b.body === undefined ? '' : storageBody(b.body),
    parentId: b.parentId,
    status: b.status,
    rootLevel: bool(call.query, 'root-level'),
    // Live docs: `"subtype": "live"` on create (confluence-real row 63; not in v2.json's schema).
    ...(b.subtype === 'live' ? { subtype: 'live' as const } : {}),
  });
  return ok(pageJson(call.site, content, { bodyFormat: 'storage' }));
};

const update = (kind: Kind): RestHandler => (call) => {
  const b = call.body;
  const content = call.site.updatePage(call.actor, call.params.id, {
    type: kind,
    title: b.title,
    body: storageBody(b.body),
    status: b.status,
    version: b.version?.number,
    message: b.version?.message,
    parentId: b.parentId,
    spaceId: b.spaceId,
  });
  return ok(pageJson(call.site, content, { bodyFormat: 'storage' }));
};

const remove = (kind: ContentType): RestHandler => (call) => {
  if (bool(call.query, 'purge')) call.site.purge(call.actor, call.params.id, [kind]);
  else call.site.trash(call.actor, call.params.id, [kind]);
  return { status: 204 };
};

export const pageHandlers: Record<string, RestHandler> = {
  getPages: getMany('page'),
  getPagesInSpace: getInSpace('page'),
  getPageById: getOne('page'),
  createPage: create('page'),
  updatePage: update('page'),
  deletePage: remove('page'),
  getBlogPosts: getMany('blogpost'),
  getBlogPostsInSpace: getInSpace('blogpost'),
  getBlogPostById: getOne('blogpost'),
  createBlogPost: create('blogpost'),
  updateBlogPost: update('blogpost'),
  deleteBlogPost: remove('blogpost'),

  getChildPages(call) {
    const parent = call.site.visible(call.actor, call.params.id, ['page']);
    const children = call.site.children(parent.id).filter((c) => call.site.canView(call.actor, c));
    const sorted = call.query.get('sort') ? sortBy(children, call.query.get('sort')) : children;
    const page = call.paginate(sorted);
    return ok(
      { results: page.results.map((c) => ({ id: c.id, status: c.status, title: c.title, spaceId: c.spaceId, childPosition: c.position })), _links: page._links },
      page.results.length,
    );
  },

  getPageAncestors: ancestorsOf('page'),
};
