/**
 * Which sends read the page alone, leaving out its comments and files. Confluence raises events
 * of their own for comments and attachments (manifest.yml subscribes to
 * avi:confluence:created|updated|deleted:comment and created|updated|trashed|restored|deleted:attachment;
 * confluence-real event-created-comment-footer.json, event-created-attachment.json), and those
 * name the page they are on, so an edit, a move or a label change of the page says nothing of
 * them: reading them again (three listings of a page's footer comments, inline comments and
 * attachments) finds what the last full read found. A comment or file change whose own event
 * is lost is the reconcile's to find (the change listings and the parts census), as before.
 *
 * A page-only read is taken only against a synced delivery that recorded the key of the parts
 * it sent (`partsKey`); the snapshot then names that key (`partsFrom`), so both sides hash it as
 * the whole state the copy holds. Never for a person's request, a repair, a full sync's bulk
 * reading or a purge: those read everything. Pure rule; no I/O.
 */

/** Events about the page itself or its labels: its comments and files did not change with them. */
export const PAGE_ONLY_CAUSES: ReadonlySet<string> = new Set([
  'avi:confluence:updated:page',
  'avi:confluence:updated:blogpost',
  'avi:confluence:moved:page',
  'avi:confluence:added:label',
  'avi:confluence:removed:label',
]);

export interface LastDelivery {
  status: string;
  /** The key of the comments and files last sent whole (snapshot.ts partsKey). */
  partsKey?: string;
}

export interface ReadChoice {
  cause: string;
  /** Re-sync, "Sync now", a Verify repair, or a re-read after a stale answer: everything is read. */
  everything: boolean;
  /** The sync copies comments or attachments (else the page is all there is to read). */
  copiesParts: boolean;
  last?: LastDelivery;
}

/** Whether this send reads the page alone (its comments and files stand as last sent whole). */
export function readsPageOnly(c: ReadChoice): boolean {
  if (c.everything || !c.copiesParts || !PAGE_ONLY_CAUSES.has(c.cause)) return false;
  return c.last !== undefined && c.last.status === 'synced' && c.last.partsKey !== undefined;
}
