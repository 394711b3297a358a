/**
 * The copy's attachments follow the source's: a new file or version is uploaded from the bytes
 * its transfer carried, a renamed file replaces the old name, a removed one is deleted. Images
 * and links by file name in the body keep working because the copy holds the same names.
 */
import type { AttachmentSnapshot } from './snapshot';
import type { AttachmentCopy, DestinationContent, ReplicationStore } from './ports';
import { readTransfer } from './transfer';

/** The bytes of a file the destination lacks did not arrive (or arrived corrupt): the item fails and is retried with every file. */
export class MissingFileData extends Error {}

export interface AttachmentTarget {
  content: DestinationContent;
  store: ReplicationStore;
  pairId: string;
  pageId: string;
}

/** Fills `after` as it goes, like applyComments. */
export async function applyAttachments(target: AttachmentTarget, attachments: AttachmentSnapshot[], before: Record<string, AttachmentCopy> = {}, after: Record<string, AttachmentCopy> = {}): Promise<Record<string, AttachmentCopy>> {
  for (const file of attachments) {
    const known = before[file.sourceId];
    if (known && known.version === file.version && known.fileId === file.fileId && known.title === file.title) {
      after[file.sourceId] = known;
      continue;
    }
    const data = file.transfer ? await readTransfer(target.store, target.pairId, file.transfer) : undefined;
    if (!data) throw new MissingFileData(`The file “${file.title}” did not arrive whole; it will be sent again.`);
    const uploaded = await target.content.upload(target.pageId, { title: file.title, mediaType: file.mediaType, data });
    if (known && known.destId !== uploaded.id) await target.content.deleteAttachment(known.destId); // renamed at the source
    after[file.sourceId] = { destId: uploaded.id, title: file.title, version: file.version, fileId: file.fileId };
  }
  for (const [sourceId, copy] of Object.entries(before)) if (!after[sourceId]) await target.content.deleteAttachment(copy.destId);
  return after;
}

/** Parts are dropped only once the apply that used them is recorded, so a retry can still read them. */
export async function dropTransfers(store: ReplicationStore, pairId: string, attachments: AttachmentSnapshot[]): Promise<void> {
  for (const file of attachments) if (file.transfer) await store.dropParts(pairId, file.transfer.id, file.transfer.parts);
}
