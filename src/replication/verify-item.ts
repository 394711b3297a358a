/**
 * An item as a Verify batch carries it: its state now, hashed as the apply records it, with the
 * ids of its parts. A list longer than a batch may carry is left out, and its part goes unchecked.
 */
import { VERIFY_LIMITS, type VerifyItem } from '../contract/peer-protocol';
import { canonicalSnapshot, pageHash, snapshotHash, type ContentKind, type PageSnapshot } from './snapshot';

const DIGITS = /^\d{1,20}$/;

/** The snapshot's hash as the destination records it (snapshot.ts canonicalSnapshot). */
export const recordedHash = (snapshot: PageSnapshot) => snapshotHash(canonicalSnapshot(snapshot));

/** `snapshot` as read for the sync (send-item.ts readSnapshot): labels emptied when the sync leaves them out. */
export function verifyItemOf(snapshot: PageSnapshot): VerifyItem {
  const labels = snapshot.labels.length <= VERIFY_LIMITS.labels && snapshot.labels.every((l) => l.length > 0 && l.length <= 255) ? snapshot.labels : undefined;
  const comments = snapshot.comments && snapshot.comments.length <= VERIFY_LIMITS.comments ? snapshot.comments.map((c) => c.sourceId) : undefined;
  const files = snapshot.attachments && snapshot.attachments.length <= VERIFY_LIMITS.files ? snapshot.attachments.map((a) => ({ id: a.sourceId, version: a.version })) : undefined;
  const status = snapshot.status === 'deleted' ? 'trashed' : snapshot.status;
  return {
    id: snapshot.sourceId,
    kind: snapshot.kind,
    status,
    hash: recordedHash(snapshot),
    pageHash: pageHash(snapshot),
    title: snapshot.title,
    ...(snapshot.parentSourceId && DIGITS.test(snapshot.parentSourceId) ? { parent: snapshot.parentSourceId } : {}),
    ...(labels ? { labels } : {}),
    ...(comments ? { comments } : {}),
    ...(files ? { files } : {}),
  };
}

/** An item the source cannot read now: named, so its copy is not taken for an orphan, and checked no further. */
export const unreadableItem = (id: string, kind: ContentKind): VerifyItem => ({ id, kind, status: 'unreadable' });

/** Sent as gone (trashed or purged) and not listed since: its copy should be gone or in the trash. */
export const goneItem = (id: string, kind: ContentKind): VerifyItem => ({ id, kind, status: 'trashed' });

/** What checking the item costs the destination, roughly in requests: the copy, its comments, its files. */
export function destinationCost(item: VerifyItem): number {
  if (item.status === 'unreadable') return 0;
  return 1 + (item.comments?.length ? 2 + Math.ceil(item.comments.length / 4) : 0) + (item.files?.length ? 1 : 0);
}
