/**
 * A chunk of the full sync's snapshots built from one listing of its pages by id with their
 * storage bodies (v2 getPages / getBlogPosts with `id`, at most 250, and `body-format=storage`)
 * and the chunk's bulk reading (space-reading.ts), instead of one page read and three or more
 * part listings per page. Each snapshot is what sourceContent.snapshot reads for that page
 * (test/replication/bulk-reading.test.ts compares them item by item). Only current pages are
 * built so: anything else (archived, trashed, moved away, restricted, purged) is left for the
 * per-page read, which knows those cases.
 */
import { assumeTrustedRoute } from '@forge/api';
import { allResults, confluence } from './client';
import { allLabels, Page } from './pages';
import type { z } from 'zod';
import { readAttachments, readComments } from './page-parts';
import { readParts } from './space-reading';
import type { BulkSourceContent, ReadingChunk, SpaceRef } from '../replication/bulk-reading';
import type { PlanItem, SnapshotParts } from '../replication/ports';
import type { ContentKind, PageSnapshot } from '../replication/snapshot';

const LIST_OF = { page: 'pages', blogpost: 'blogposts' } as const;

/** `GET /pages?id=…&id=…`: v2.json declares `id` an array of int64 (repeated, as the contract checks). */
function byIds(kind: 'page' | 'blogpost', ids: string[]) {
  const query = [...ids.map((id) => `id=${encodeURIComponent(id)}`), 'body-format=storage', 'status=current', `limit=${ids.length}`].join('&');
  return assumeTrustedRoute(`/wiki/api/v2/${LIST_OF[kind]}?${query}`);
}

export async function bulkSnapshots(items: PlanItem[], space: SpaceRef, parts: SnapshotParts, chunk: ReadingChunk): Promise<Map<string, PageSnapshot>> {
  const out = new Map<string, PageSnapshot>();
  for (const kind of ['page', 'blogpost'] as const) {
    const wanted = items.filter((i) => i.kind === kind && chunk.items[i.id]).map((i) => i.id);
    if (!wanted.length) continue;
    const rows = chunk.covers.labels ? (await allResults(Page, byIds(kind, wanted))).map((row) => ({ row, labels: undefined })) : await readEach(kind, wanted);
    for (const { row, labels } of rows) {
      // Another space's page or one not current any more: the per-page read says what it is now.
      if (row.status !== 'current' || (row.spaceId && row.spaceId !== space.id)) continue;
      const held = chunk.items[row.id];
      if (!held) continue;
      out.set(row.id, {
        sourceId: row.id,
        kind,
        status: 'current',
        title: row.title,
        ...(row.parentId && row.parentId !== space.homepageId ? { parentSourceId: row.parentId } : {}),
        body: row.body?.storage?.value ?? '',
        labels: labels ?? held.labels ?? [],
        version: row.version.number,
        sourceSpaceKey: space.key,
        ...(parts.comments ? { comments: chunk.covers.comments ? (held.comments ?? []) : await readComments(row.id, kind as ContentKind) } : {}),
        ...(parts.attachments ? { attachments: chunk.covers.attachments ? (held.attachments ?? []) : await readAttachments(row.id, kind as ContentKind) } : {}),
      });
    }
  }
  return out;
}

/**
 * Labels not read in bulk: each page read with them (`include-labels`, as the per-page snapshot
 * reads it, and past 50 their own listing), and its other parts from the reading.
 */
async function readEach(kind: 'page' | 'blogpost', ids: string[]): Promise<Array<{ row: z.infer<typeof Page>; labels: string[] }>> {
  const rows = [];
  for (const id of ids) {
    const row = await confluence('app').find(Page, assumeTrustedRoute(`/wiki/api/v2/${LIST_OF[kind]}/${encodeURIComponent(id)}?body-format=storage&include-labels=true`));
    if (row) rows.push({ row, labels: await allLabels(kind, row) });
  }
  return rows;
}

/** The source's bulk reads, for the full sync (src/replication/bulk-reading.ts). */
export const bulkSource: BulkSourceContent = { readParts, snapshots: bulkSnapshots };
