/**
 * What the scheduled reconcile needs to find cheaply what changed in a space since its last run
 * (reconcile.ts), and where it remembers that run. Ports only: src/confluence/change-finder.ts
 * and src/platform/kvs-reconcile-state-store.ts implement them, outside the ReplicationStore.
 */
import type { ContentKind } from './snapshot';
import type { PartsCensusState, PartsTally } from '../domain/parts-census';

export interface ChangedItem {
  id: string;
  kind: ContentKind;
  /** Absent when the listing that found it gives no version (the item is read to know). */
  version?: number;
}

/** The parts of a page whose changes make no page version. */
export interface PageParts {
  comments: boolean;
  attachments: boolean;
}

export interface ChangeFinder {
  /** Items of these kinds modified at or after `since` (ISO time), as far as Confluence can say. */
  modifiedSince(space: { id: string; key: string }, kinds: ContentKind[], since: string): Promise<ChangedItem[]>;
  /**
   * The pages and blog posts (of any space) whose comments or attachments were created or edited
   * at or after `since`; undefined when more changed on the site than a cheap look reads.
   */
  partsChangedSince?(parts: PageParts, since: string): Promise<Array<{ id: string; kind: 'page' | 'blogpost' }> | undefined>;
  /** How many current items of these kinds the space holds, its home page left out, as search counts them. */
  count(space: { id: string; key: string; homepageId: string }, kinds: ContentKind[]): Promise<number>;
  /** How many comments and attachments (for the parts asked) the space's current items hold, the home page's left out, as search counts them. */
  countParts?(space: { id: string; key: string; homepageId: string }, parts: PageParts): Promise<PartsTally>;
  /** How many comments (or attachments) these items of the space hold, as search counts them (src/domain/parts-locate.ts). */
  countPartsIn?(space: { key: string }, part: 'comment' | 'attachment', containerIds: string[]): Promise<number>;
}

/** The last reconcile of a sync: when it began, and how many cheap runs since the last full comparison. */
export interface ReconcileState {
  watermark: string;
  runsSinceFull: number;
  /** The comments-and-attachments census (src/domain/parts-census.ts); absent before its first run. */
  parts?: PartsCensusState;
}

export interface ReconcileStateStore {
  get(syncId: string): Promise<ReconcileState | undefined>;
  put(syncId: string, state: ReconcileState): Promise<void>;
}

/** The space's labels now, for the reconcile's label check (src/domain/label-census.ts). */
export interface LabelCensus {
  /** Global labels the space's items may carry, with their ids; undefined when listing them costs more than `budget` points. */
  labels(space: { id: string; key: string }, budget: number): Promise<Array<{ id: string; name: string }> | undefined>;
  /** How many current items of these kinds in the space carry the label. */
  count(space: { id: string; key: string }, kinds: ContentKind[], label: string): Promise<number>;
  /** The space's current items of these kinds carrying the label. */
  carriers(space: { id: string; key: string }, kinds: ContentKind[], label: { id: string; name: string }): Promise<string[]>;
}
