/**
 * Reading a space in bulk for a full sync: what the source side needs besides the per-page
 * reads of SourceContent (ports.ts). The full sync reads the parts of every page (labels,
 * comments, attachments) with a few listings when it plans, keeps them beside the plan in chunks
 * of 250 items, and builds each chunk's snapshots from one listing of those pages with their
 * bodies. src/confluence/space-reading.ts says which listings are used and how the choice between
 * them and per-page reads is made. Pure data and ports, no I/O.
 */
import type { AttachmentSnapshot, CommentSnapshot, ContentKind, PageSnapshot } from './snapshot';
import type { PlanItem, SnapshotParts } from './ports';

/** Plan items per chunk of a reading: one listing of pages by id takes 250 (v2.json getPages `id` maxItems). */
export const READING_CHUNK = 250;

/** Which parts a reading holds for every page it covers; a part it does not hold is read per page. */
export interface ReadingCovers {
  labels: boolean;
  comments: boolean;
  attachments: boolean;
}

/** One page's or blog post's parts, as its snapshot carries them (labels: global names, sorted). */
export interface ItemParts {
  labels?: string[];
  comments?: CommentSnapshot[];
  attachments?: AttachmentSnapshot[];
}

/** What the bulk reading found, for every page and blog post it covers (a covered item with no entry has no parts). */
export interface SpaceReading {
  /** When the reading began: a change after it (an item sent since) is read per page again. */
  at: string;
  covers: ReadingCovers;
  parts: Map<string, ItemParts>;
}

/** The reading of one chunk of the plan, as kept between the full sync's invocations. */
export interface ReadingChunk {
  /** The run it belongs to (FullSyncProgress.startedAt): a chunk of another run is never used. */
  run: string;
  at: string;
  covers: ReadingCovers;
  /** Every covered item of the chunk, `{}` when it has no parts; an item not named is read per page. */
  items: Record<string, ItemParts>;
}

export interface SpaceRef {
  id: string;
  key: string;
  homepageId: string;
}

export interface BulkSourceContent {
  /** The parts of these pages and blog posts, read in bulk where that is cheaper than per page. */
  readParts(space: SpaceRef, items: PlanItem[], parts: SnapshotParts & { labels: boolean }): Promise<SpaceReading>;
  /**
   * Snapshots of a chunk's current pages and blog posts, from one listing of them with their
   * bodies and the chunk's reading: each as SourceContent.snapshot would read it. Items it cannot
   * build so (not current now, not visible, not covered) are left out, for a per-page read.
   */
  snapshots(items: PlanItem[], space: SpaceRef, parts: SnapshotParts, chunk: ReadingChunk): Promise<Map<string, PageSnapshot>>;
}

/** Where the full sync keeps a reading between invocations (src/platform/kvs-space-reading-store.ts). */
export interface SpaceReadingStore {
  putChunk(syncId: string, index: number, chunk: ReadingChunk): Promise<void>;
  chunk(syncId: string, index: number): Promise<ReadingChunk | undefined>;
  dropChunks(syncId: string, count: number): Promise<void>;
}

/** A snapshot read ahead, and when: the send uses it unless the item was sent since. */
export interface Prefetched {
  snapshot: PageSnapshot;
  readAt: string;
}

export const isContainer = (kind: ContentKind) => kind === 'page' || kind === 'blogpost';

/** The chunks of a plan's reading: every covered page and blog post by plan position. */
export function chunksOf(run: string, items: PlanItem[], reading: SpaceReading, covered: (id: string) => boolean): ReadingChunk[] {
  const chunks: ReadingChunk[] = [];
  for (let start = 0; start < items.length; start += READING_CHUNK) {
    const entries = items
      .slice(start, start + READING_CHUNK)
      .filter((i) => isContainer(i.kind) && covered(i.id))
      .map((i): [string, ItemParts] => [i.id, reading.parts.get(i.id) ?? {}]);
    chunks.push({ run, at: reading.at, covers: reading.covers, items: Object.fromEntries(entries) });
  }
  return chunks;
}
