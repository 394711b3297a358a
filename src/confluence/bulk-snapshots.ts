/**
 * A chunk of the full sync's snapshots built from one read of each page (its storage body, labels
 * and content properties together: getPageById / getBlogPostById with `body-format=storage`,
 * `include-labels` and `include-properties`, v2.json) and the chunk's bulk reading
 * (space-reading.ts) for its comments and attachments, instead of a page read and three or more
 * part listings per page. The page's look needs its properties (no v2 listing includes them:
 * only the by-id reads take `include-properties`, v2.json) and its content state (v1, one page at
 * a time), so the read by id is the cheapest way to have body, labels and look together: a
 * listing by id with bodies would still need a properties listing per page. Each snapshot is
 * what sourceContent.snapshot reads for that page (test/replication/bulk-reading.test.ts
 * compares them item by item). Only current pages are built so: anything else (archived,
 * trashed, moved away, restricted, purged) is left for the per-page read, which knows those cases.
 */
import { assumeTrustedRoute } from '@forge/api';
import { confluence } from './client';
import { allLabels, Page } from './pages';
import { readAttachments, readComments } from './page-parts';
import { readAppearance } from './appearance';
import { readParts } from './space-reading';
import type { BulkSourceContent, ReadingChunk, SpaceRef } from '../replication/bulk-reading';
import type { PlanItem, SiteFacts, SnapshotParts } from '../replication/ports';
import type { PageSnapshot } from '../replication/snapshot';

const COLLECTION = { page: 'pages', blogpost: 'blogposts' } as const;

/** As pages.ts byId reads a page for its snapshot, current only (anything else is read per page). */
const byId = (kind: 'page' | 'blogpost', id: string) => assumeTrustedRoute(`/wiki/api/v2/${COLLECTION[kind]}/${encodeURIComponent(id)}?body-format=storage&include-labels=true&include-properties=true`);

export async function bulkSnapshots(items: PlanItem[], space: SpaceRef, parts: SnapshotParts, chunk: ReadingChunk, facts?: SiteFacts): Promise<Map<string, PageSnapshot>> {
  const out = new Map<string, PageSnapshot>();
  for (const item of items) {
    const held = chunk.items[item.id];
    if (!held || (item.kind !== 'page' && item.kind !== 'blogpost')) continue;
    const kind = item.kind;
    const row = await confluence('app').find(Page, byId(kind, item.id));
    // Gone, another space's page or one not current any more: the per-page read says what it is now.
    if (!row || row.status !== 'current' || (row.spaceId && row.spaceId !== space.id)) continue;
    out.set(row.id, {
      sourceId: row.id,
      kind,
      status: 'current',
      title: row.title,
      ...(row.parentId && row.parentId !== space.homepageId ? { parentSourceId: row.parentId } : {}),
      body: row.body?.storage?.value ?? '',
      labels: await allLabels(kind, row),
      version: row.version.number,
      sourceSpaceKey: space.key,
      ...(parts.comments ? { comments: chunk.covers.comments ? (held.comments ?? []) : await readComments(row.id, kind) } : {}),
      ...(parts.attachments ? { attachments: chunk.covers.attachments ? (held.attachments ?? []) : await readAttachments(row.id, kind) } : {}),
      appearance: await readAppearance(row.id, kind, row.properties, facts),
    });
  }
  return out;
}

/** The source's bulk reads, for the full sync (src/replication/bulk-reading.ts); `facts` as sourceContentWith takes them. */
export const bulkSourceWith = (facts?: SiteFacts): BulkSourceContent => ({ readParts, snapshots: (items, space, parts, chunk) => bulkSnapshots(items, space, parts, chunk, facts) });
export const bulkSource = bulkSourceWith();
