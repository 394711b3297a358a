/**
 * v2 folders, whiteboards, databases and smart links (v2.json: POST, GET, DELETE each; no update),
 * and the direct-children listings that include them (row 23).
 */
import { ancestorsOf } from './ancestors';
import type { Content, NodeType } from '../model';
import { ApiError, goneV1 } from '../api-error';
import { NODE_TYPES, TREE_TYPES } from '../site';
import { directChildJson, nodeJson } from './tree-node-json';
import { propertyJson, v1ContentJson } from './representations';
import { ok, sortBy, type RestCall, type RestHandler } from './rest-call';

/** A node of `type`: trashed ones still answer 200 (row 18); a missing one 404 `Content with id: [N] not found` (row 25). */
function node(call: RestCall, type: NodeType): Content {
  const found = call.site.contents.get(call.params.id);
  if (!found || found.type !== type || !['current', 'trashed', 'archived'].includes(found.status) || !call.site.canView(call.actor, found)) {
    throw new ApiError(404, `Content with id: [${call.params.id}] not found`);
  }
  return found;
}

const create = (type: NodeType): RestHandler => (call) => {
  const b = call.body;
  const made = call.site.createNode(call.actor, { type, spaceId: b.spaceId, title: b.title, parentId: b.parentId, embedUrl: b.embedUrl });
  return ok(nodeJson(call.site, made));
};

const getOne = (type: NodeType): RestHandler => (call) => ok(nodeJson(call.site, node(call, type)));

/** DELETE: to the trash with its subtree, and no event (row 90 lists none for trash). */
const remove = (type: NodeType): RestHandler => (call) => {
  call.site.trash(call.actor, node(call, type).id, [type]);
  return { status: 204 };
};

/**
 * GET /{type}s/{id}/direct-children: pages, folders and the other nodes, with `type` (row 23).
 * A folder id on the page route is 404 `Cannot find [page] entity with id [..]` (row 21).
 */
const directChildren = (type: Content['type']): RestHandler => (call) => {
  const parent = call.site.contents.get(call.params.id);
  // An archived page's children stay readable, as its other parts do (INFERRED from confluence-real row 19).
  if (!parent || parent.type !== type || !['current', 'archived'].includes(parent.status) || !call.site.canView(call.actor, parent)) {
    throw new ApiError(404, `Cannot find [${type}] entity with id [${call.params.id}]`);
  }
  const children = call.site.treeChildren(parent.id).filter((c) => TREE_TYPES.includes(c.type) && call.site.canView(call.actor, c));
  const sorted = call.query.get('sort') ? sortBy(children, call.query.get('sort')) : children;
  // CONFCLOUD-84015: a later page of the default (child-position) order answers nothing, and no next.
  if (call.site.directChildrenCursor === 'broken' && call.query.get('cursor') && !['id', '-id'].includes(call.query.get('sort') ?? '')) {
    return ok({ results: [], _links: { base: call.paginate([])._links.base } }, 0);
  }
  const page = call.paginate(sorted);
  return ok({ results: page.results.map(directChildJson), _links: page._links }, page.results.length);
};

/** GET and POST /{type}s/{id}/properties (v2.json get*ContentProperties, create*Property; `key` filters). */
const properties = (type: NodeType, name: string): Record<string, RestHandler> => ({
  [`get${name}ContentProperties`](call) {
    const content = node(call, type);
    const key = call.query.get('key');
    const found = call.site.properties.of(content.id).filter((p) => !key || p.key === key);
    const page = call.paginate(found.sort((a, b) => Number(a.id) - Number(b.id)));
    return ok({ results: page.results.map(propertyJson), _links: page._links }, page.results.length);
  },
  [`create${name}Property`]: (call) => ok(propertyJson(call.site.setProperty(call.actor, node(call, type).id, call.body.key, call.body.value))),
});

export const treeNodeHandlers: Record<string, RestHandler> = {
  ...properties('folder', 'Folder'),
  ...properties('whiteboard', 'Whiteboard'),
  ...properties('database', 'Database'),
  ...properties('embed', 'SmartLink'),
  createFolder: create('folder'),
  getFolderById: getOne('folder'),
  getFolderAncestors: ancestorsOf('folder'),
  getWhiteboardAncestors: ancestorsOf('whiteboard'),
  getDatabaseAncestors: ancestorsOf('database'),
  getSmartLinkAncestors: ancestorsOf('embed'),
  deleteFolder: remove('folder'),
  createWhiteboard: create('whiteboard'),
  getWhiteboardById: getOne('whiteboard'),
  deleteWhiteboard: remove('whiteboard'),
  createDatabase: create('database'),
  getDatabaseById: getOne('database'),
  deleteDatabase: remove('database'),
  createSmartLink: create('embed'),
  getSmartLinkById: getOne('embed'),
  deleteSmartLink: remove('embed'),
  getPageDirectChildren: directChildren('page'),
  getFolderDirectChildren: directChildren('folder'),
  getWhiteboardDirectChildren: directChildren('whiteboard'),
  getDatabaseDirectChildren: directChildren('database'),
  getSmartLinkDirectChildren: directChildren('embed'),

  /** v1 PUT /content/{id} (v1.json updateContent), for nodes only: whether Confluence takes it is UNCONFIRMED, and it may be gone (site.v1NodeUpdate). */
  updateContent(call) {
    // Gone is the endpoint itself: answered before anything about the content is looked at.
    if (call.site.v1NodeUpdate === 'gone') throw goneV1('the v2 API');
    const target = call.site.contents.get(call.params.id);
    if (!target || !NODE_TYPES.includes(target.type as NodeType)) throw new ApiError(501, 'The emulator implements v1 PUT /content only for folders, whiteboards, databases and smart links');
    const b = call.body;
    const parentId = b.ancestors?.[0]?.id === undefined ? undefined : String(b.ancestors[0].id);
    const updated = call.site.updateNodeV1(call.actor, target.id, { type: b.type, title: b.title, version: b.version?.number, parentId });
    return ok(v1ContentJson(call.site, updated));
  },
};
