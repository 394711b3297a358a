/**
 * What the source sends for one page or blog post: its state now (never the event's), hashed so
 * an unchanged snapshot is never sent or applied twice. Pure data and rules, no I/O.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const ContentKind = z.enum(['page', 'blogpost']);
export type ContentKind = z.infer<typeof ContentKind>;

export const PageSnapshot = z.object({
  sourceId: z.string().min(1).max(30),
  kind: ContentKind,
  /** `deleted`: purged at the source (Confluence said so in an event). */
  status: z.enum(['current', 'trashed', 'deleted']),
  title: z.string().max(255),
  /** The source parent page, unless the page sits at the top of the tree (under the home page). */
  parentSourceId: z.string().max(30).optional(),
  body: z.string(),
  labels: z.array(z.string().max(255)).max(500),
  version: z.number().int().nonnegative(),
  sourceSpaceKey: z.string().max(255),
});
export type PageSnapshot = z.infer<typeof PageSnapshot>;

/** The content that matters to the copy; the version number is left out so a no-op edit hashes the same. */
export function snapshotHash(s: PageSnapshot): string {
  const essence = { kind: s.kind, status: s.status, title: s.title, parent: s.parentSourceId ?? null, body: s.body, labels: [...s.labels].sort() };
  return createHash('sha256').update(JSON.stringify(essence)).digest('base64url');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Links into the synced space point at the copies: `ri:space-key` of the source space becomes
 * the destination's, and page URLs (absolute or relative) become relative URLs of the copies. Links to other spaces are left as
 * they are; links by title without a space key resolve in the copy's own space already.
 */
export function rewriteLinks(body: string, from: { spaceKey: string; siteUrl: string }, toSpaceKey: string, mappedId: (sourceId: string) => string | undefined): string {
  const key = escapeRegExp(from.spaceKey);
  const site = escapeRegExp(from.siteUrl.replace(/\/$/, ''));
  return body
    .replace(new RegExp(`ri:space-key="${key}"`, 'g'), `ri:space-key="${toSpaceKey}"`)
    .replace(new RegExp(`(?:${site})?/wiki/spaces/${key}/pages/(\\d+)(?:/[\\w%+.-]*)?`, 'g'), (whole, id: string) => {
      const mapped = mappedId(id);
      // Site-relative, so the link works on whichever site holds the copy.
      return mapped ? `/wiki/spaces/${toSpaceKey}/pages/${mapped}` : whole;
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
