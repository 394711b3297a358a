/**
 * Folders, whiteboards, databases and smart links over the REST API. v2 can create, read and
 * delete them but documents no update (v2.json); renaming or moving one goes through v1 PUT
 * /content/{id}, which Confluence may refuse (UNCONFIRMED): that refusal is NodeUpdateRefused.
 * No API reads or writes a whiteboard's or a database's contents.
 */
import { assumeTrustedRoute, route, type Route } from '@forge/api';
import { z } from 'zod';
import { allResults, confluence, ConfluenceError, type Principal } from './client';
import type { DestinationPage } from '../replication/ports';
import { isNode, type ContentKind, type NodeKind, type PageSnapshot } from '../replication/snapshot';
import { isWebLink } from '../domain/web-link';

const app = () => confluence('app');

const COLLECTION: Record<NodeKind, string> = { folder: 'folders', whiteboard: 'whiteboards', database: 'databases', embed: 'embeds' };

/** `/wiki/api/v2/{folders|whiteboards|databases|embeds}/{id}{rest}`; the id is checked by the kind's KVS-safe form. */
export function nodePath(kind: NodeKind, id: string, rest = ''): Route {
  if (!/^\d{1,30}$/.test(id)) throw new ConfluenceError(400, `Not a content id: ${id}`);
  return assumeTrustedRoute(`/wiki/api/v2/${COLLECTION[kind]}/${id}${rest}`);
}

export const Node = z.object({
  id: z.string(),
  type: z.string(),
  status: z.string(),
  title: z.string(),
  // Real answers send null for a node with no parent (confluence-real rows 1, 18).
  parentId: z.string().nullish(),
  /** What the parent is: page, folder, … (confluence-real row 24). */
  parentType: z.string().nullish(),
  spaceId: z.string().nullish(),
  authorId: z.string().nullish(),
  embedUrl: z.string().nullish(),
  version: z.object({ number: z.number() }),
});
type Node = z.infer<typeof Node>;

const toDestination = (n: Node): DestinationPage => ({ id: n.id, status: n.status, title: n.title, version: n.version.number, labels: [], ...(n.spaceId ? { spaceId: n.spaceId } : {}) });

export function readNode(kind: NodeKind, id: string): Promise<Node | undefined> {
  return app().find(Node, nodePath(kind, id));
}

/** The node now, as a snapshot: no body, labels, comments or attachments (the API has none to give). */
export async function nodeSnapshot(id: string, kind: NodeKind, space: { id: string; key: string; homepageId: string }): Promise<PageSnapshot | undefined> {
  const node = await readNode(kind, id);
  if (!node) return undefined;
  const base = { sourceId: node.id, kind, title: node.title, body: '', labels: [], version: node.version.number, sourceSpaceKey: space.key };
  if (node.spaceId && node.spaceId !== space.id) return { ...base, status: 'moved' };
  const parent = node.parentId ?? undefined;
  return {
    ...base,
    status: node.status === 'current' ? 'current' : 'trashed',
    ...(parent && parent !== space.homepageId ? { parentSourceId: parent } : {}),
    // A smart link to anything but a web address is sent without it: the destination refuses one (domain/web-link.ts).
    ...(kind === 'embed' && node.embedUrl && isWebLink(node.embedUrl) ? { embedUrl: node.embedUrl } : {}),
  };
}

/** Raised when Confluence will not rename or move a node (see the file comment). */
export class NodeUpdateRefused extends Error {}

export const nodeWrites = {
  async get(id: string, kind: NodeKind): Promise<DestinationPage | undefined> {
    const node = await readNode(kind, id);
    return node ? toDestination(node) : undefined;
  },

  async create(spaceId: string, kind: NodeKind, node: { title: string; parentId?: string; embedUrl?: string }): Promise<DestinationPage> {
    const body = { spaceId, title: node.title, ...(node.parentId ? { parentId: node.parentId } : {}), ...(kind === 'embed' && node.embedUrl ? { embedUrl: node.embedUrl } : {}) };
    return toDestination(await app().send(Node, 'POST', assumeTrustedRoute(`/wiki/api/v2/${COLLECTION[kind]}`), body));
  },

  /** v1 PUT /content/{id} with the node's type; a 4xx other than a stale version is a refusal. */
  async update(id: string, kind: NodeKind, node: { title: string; parentId?: string; version: number }): Promise<DestinationPage> {
    const body = { type: kind, title: node.title, version: { number: node.version }, ...(node.parentId ? { ancestors: [{ id: node.parentId }] } : {}) };
    try {
      await app().send(z.unknown(), 'PUT', route`/wiki/rest/api/content/${id}`, body);
    } catch (e) {
      if (e instanceof ConfluenceError && e.status >= 400 && e.status < 500 && e.status !== 409 && e.status !== 429) throw new NodeUpdateRefused(e.message);
      throw e;
    }
    const now = await readNode(kind, id);
    if (!now) throw new ConfluenceError(404, `The ${kind} ${id} is gone`);
    return toDestination(now);
  },

  async trash(id: string, kind: NodeKind): Promise<void> {
    const response = await app().raw(nodePath(kind, id), { method: 'DELETE' });
    if (response.status !== 204 && response.status !== 404) throw new ConfluenceError(response.status, `Confluence answered ${response.status} to trashing ${kind} ${id}`);
  },

  propertiesPath: (kind: NodeKind, id: string) => nodePath(kind, id, '/properties'),
};

export const Child = z.object({ id: z.string(), type: z.string(), title: z.string().optional(), childPosition: z.number().nullish() });

/**
 * The direct children of a tree node (pages, folders and the rest, row 23 of the reference), as
 * `as` sees them. Sorted by id: in the default order a later page can answer nothing at all
 * (CONFCLOUD-84015, confluence-real row 14), which would lose every child after the first 250.
 */
export async function directChildren(id: string, kind: ContentKind, as: Principal = 'app'): Promise<Array<{ id: string; kind: ContentKind; title?: string }>> {
  const first = kind === 'page' ? route`/wiki/api/v2/pages/${id}/direct-children?limit=250&sort=id` : isNode(kind) ? nodePath(kind, id, '/direct-children?limit=250&sort=id') : undefined;
  if (!first) return [];
  const rows = await allResults(Child, first, as);
  return rows.flatMap((r) => (r.type === 'page' || isNode(r.type) ? [{ id: r.id, kind: r.type as ContentKind, ...(r.title ? { title: r.title } : {}) }] : []));
}

/**
 * A page's or node's children in their order: read by id (CONFCLOUD-84015, above) and sorted by
 * `childPosition` (v2-page-direct-children.json), a child without one last.
 */
export async function orderedChildren(id: string, kind: ContentKind): Promise<Array<{ id: string; kind: ContentKind; position?: number }>> {
  const first = kind === 'page' ? route`/wiki/api/v2/pages/${id}/direct-children?limit=250&sort=id` : isNode(kind) ? nodePath(kind, id, '/direct-children?limit=250&sort=id') : undefined;
  if (!first) return [];
  const rows = (await allResults(Child, first)).flatMap((r) => (r.type === 'page' || isNode(r.type) ? [{ id: r.id, kind: r.type as ContentKind, ...(typeof r.childPosition === 'number' ? { position: r.childPosition } : {}) }] : []));
  const at = (r: { position?: number }) => r.position ?? Number.MAX_SAFE_INTEGER;
  return rows.sort((a, b) => at(a) - at(b) || Number(a.id) - Number(b.id));
}
