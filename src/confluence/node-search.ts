/**
 * The folders, whiteboards, databases and smart links of a space. No v2 listing has them
 * (confluence-real rows 22, 27), so instead of reading the direct children of every page (one
 * request per page) the app asks CQL search once (v1 searchByCQL: `type` values include folder,
 * whiteboard, database and embed, confluence-real v2-whiteboard-database-embed.json notes) and
 * reads each node found for its parent (getFolderById and the like). A node the search misses
 * (its index lags a write by a little; smart links may not be indexed at all, UNCONFIRMED) is
 * still found when a listed page or found node names it as its parent: it is read, and its own
 * parent in turn. A lone node the index misses is left to its `created` event.
 */
import { assumeTrustedRoute } from '@forge/api';
import { z } from 'zod';
import { confluence, ConfluenceError } from './client';
import { readNode } from './tree-nodes';
import type { SpaceItem } from '../replication/ports';
import { isNode, NODE_KINDS, type NodeKind } from '../replication/snapshot';

const Hits = z.object({
  results: z.array(z.object({ content: z.object({ id: z.string(), type: z.string() }).passthrough().optional() }).passthrough()),
  _links: z.object({ next: z.string().optional() }).passthrough().optional(),
});

/** What a CQL search finds, every page of it: `_links.next` is context-relative (v1.json searchByCQL example), so `/wiki` goes in front. */
export async function searchContent(cql: string): Promise<Array<{ id: string; type: string }>> {
  const out: Array<{ id: string; type: string }> = [];
  const seen = new Set<string>();
  for (let next: string | undefined = `/wiki/rest/api/search?cql=${encodeURIComponent(cql)}&limit=250`; next; ) {
    if (seen.has(next)) throw new ConfluenceError(502, 'Confluence search did not come to an end (its next page repeats)');
    seen.add(next);
    const page: z.infer<typeof Hits> = await confluence('app').get(Hits, assumeTrustedRoute(next));
    for (const r of page.results) if (r.content) out.push({ id: r.content.id, type: r.content.type });
    const link: string | undefined = page._links?.next;
    next = link ? (link.startsWith('/wiki/') ? link : `/wiki${link}`) : undefined;
  }
  return out;
}

/** CQL wants the key quoted; keys are letters and digits (Confluence's rule), anything else is refused here. */
function spaceClause(key: string): string {
  if (!/^[A-Za-z0-9_~-]{1,255}$/.test(key)) throw new ConfluenceError(400, `Not a space key: ${key}`);
  return `space = "${key}"`;
}

export async function spaceNodes(space: { id: string; key: string }, pages: SpaceItem[]): Promise<SpaceItem[]> {
  const hits = (await searchContent(`${spaceClause(space.key)} and type in (${NODE_KINDS.join(', ')})`)).filter((h) => isNode(h.type));
  const queue: Array<{ id: string; kind: NodeKind }> = [
    ...hits.map((h) => ({ id: h.id, kind: h.type as NodeKind })),
    ...pages.filter((p) => p.parentId && p.parentType && isNode(p.parentType)).map((p) => ({ id: p.parentId as string, kind: p.parentType as NodeKind })),
  ];
  const out: SpaceItem[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < queue.length; i++) {
    const { id, kind } = queue[i];
    if (seen.has(id)) continue;
    seen.add(id);
    const node = await readNode(kind, id);
    if (!node || node.status !== 'current' || (node.spaceId && node.spaceId !== space.id)) continue;
    const parentType = node.parentType ?? undefined;
    out.push({ id: node.id, kind, title: node.title, version: node.version.number, ...(node.parentId ? { parentId: node.parentId, parentType: parentType ?? 'page' } : {}) });
    if (node.parentId && parentType && isNode(parentType)) queue.push({ id: node.parentId, kind: parentType });
  }
  return out;
}
