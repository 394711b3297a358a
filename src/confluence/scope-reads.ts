/**
 * What the sync's scope reads of an item beyond its snapshot: its ancestors (v2
 * GET /{pages|folders|whiteboards|databases|embeds}/{id}/ancestors, v2.json: top to bottom, at
 * most `limit` 250 an answer, the rest by asking again for the first one's) and, for the preview,
 * a page's global labels (GET /pages/{id}/labels?prefix=global, confluence-real row 57).
 */
import { assumeTrustedRoute, route } from '@forge/api';
import { z } from 'zod';
import { allResults, confluence } from './client';
import type { SourceContent } from '../replication/ports';
import type { ContentKind } from '../replication/snapshot';

const COLLECTION: Record<ContentKind, string> = { page: 'pages', blogpost: 'blogposts', folder: 'folders', whiteboard: 'whiteboards', database: 'databases', embed: 'embeds' };
const Ancestors = z.object({ results: z.array(z.object({ id: z.string(), type: z.string().optional() })) });
const Label = z.object({ name: z.string(), prefix: z.string().nullish() });
const LIMIT = 250;
/** A tree deeper than this is not walked further (Confluence nests far less deep). */
const MAX_DEPTH = 2000;

async function ancestors(id: string, kind: ContentKind): Promise<string[]> {
  // Blog posts have no place in the tree.
  if (kind === 'blogpost' || !/^\d{1,30}$/.test(id)) return [];
  const nearestFirst: string[] = [];
  let at = { id, kind: kind as string };
  while (nearestFirst.length < MAX_DEPTH) {
    const path = assumeTrustedRoute(`/wiki/api/v2/${COLLECTION[at.kind as ContentKind] ?? 'pages'}/${at.id}/ancestors?limit=${LIMIT}`);
    const found = (await confluence('app').find(Ancestors, path))?.results ?? [];
    nearestFirst.push(...found.map((a) => a.id).reverse());
    if (found.length < LIMIT) break;
    at = { id: found[0].id, kind: found[0].type ?? 'page' };
  }
  return nearestFirst;
}

async function labels(id: string, kind: ContentKind): Promise<string[]> {
  if (kind !== 'page' && kind !== 'blogpost') return [];
  const first = kind === 'page' ? route`/wiki/api/v2/pages/${id}/labels?prefix=global&limit=250` : route`/wiki/api/v2/blogposts/${id}/labels?prefix=global&limit=250`;
  return (await allResults(Label, first)).filter((l) => (l.prefix ?? 'global') === 'global').map((l) => l.name);
}

export const scopeReads: Pick<SourceContent, 'ancestors' | 'labels'> = { ancestors, labels };
