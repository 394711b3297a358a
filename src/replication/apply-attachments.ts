/**
 * The copy's attachments follow the source's: one diff of what the source has (wanted), what the
 * app uploaded and recorded (recorded), and, after a cut-off apply, the files the copy holds now
 * (present). A new file or version is uploaded from the bytes its transfer carried, unless the
 * cut-off apply already uploaded it; a renamed file replaces the old name; a removed one is
 * deleted. Images and links by file name in the body keep working because the copy holds the
 * same names.
 */
import type { AttachmentSnapshot } from './snapshot';
import type { AttachmentCopy, DestinationContent, PresentFile } from './ports';
import type { TransferStore } from './stores';
import { readTransfer } from './transfer';

/** The bytes of a file the destination lacks did not arrive (or arrived corrupt): the item fails and is retried with every file. */
export class MissingFileData extends Error {}

export interface AttachmentTarget {
  content: DestinationContent;
  transfers: TransferStore;
  pairId: string;
  pageId: string;
  /** The copy's files now, read only after a cut-off apply. */
  present?: PresentFile[];
}

export interface FileChanges {
  upload: AttachmentSnapshot[];
  /** Copies whose source file is gone. */
  remove: AttachmentCopy[];
}

const same = (file: AttachmentSnapshot, copy: AttachmentCopy | undefined) => copy !== undefined && copy.version === file.version && copy.fileId === file.fileId && copy.title === file.title;

/** What the copy's files need: wanted against recorded, by source id, version, stored file and name. */
export function fileChanges(wanted: AttachmentSnapshot[], recorded: Record<string, AttachmentCopy> = {}): FileChanges {
  const ids = new Set(wanted.map((f) => f.sourceId));
  return { upload: wanted.filter((f) => !same(f, recorded[f.sourceId])), remove: Object.entries(recorded).flatMap(([id, copy]) => (ids.has(id) ? [] : [copy])) };
}

/** The copies as they are once written: source id → copy. */
export async function applyAttachments(target: AttachmentTarget, wanted: AttachmentSnapshot[], recorded: Record<string, AttachmentCopy> = {}): Promise<Record<string, AttachmentCopy>> {
  const { upload, remove } = fileChanges(wanted, recorded);
  const after: Record<string, AttachmentCopy> = {};
  for (const file of wanted) if (same(file, recorded[file.sourceId])) after[file.sourceId] = recorded[file.sourceId];
  for (const file of upload) {
    const known = recorded[file.sourceId];
    const uploaded = uploadedBefore(target.present, file, known) ?? (await uploadFile(target, file));
    if (known && known.destId !== uploaded.id) await target.content.deleteAttachment(known.destId); // renamed at the source
    after[file.sourceId] = { destId: uploaded.id, title: file.title, version: file.version, fileId: file.fileId, destVersion: uploaded.version };
  }
  for (const copy of remove) await target.content.deleteAttachment(copy.destId);
  return Object.fromEntries(wanted.map((f) => [f.sourceId, after[f.sourceId]]));
}

async function uploadFile(target: AttachmentTarget, file: AttachmentSnapshot): Promise<{ id: string; version: number }> {
  const data = file.transfer ? await readTransfer(target.transfers, target.pairId, file.transfer) : undefined;
  if (!data) throw new MissingFileData(`The file “${file.title}” did not arrive whole; it will be sent again.`);
  return target.content.upload(target.pageId, { title: file.title, mediaType: file.mediaType, data });
}

/**
 * The upload a cut-off apply made and never recorded: a file of that name, size and type, newer than
 * the version the app recorded for it (any version, when it recorded none under that name).
 * A copy recorded without its own version is uploaded again.
 */
function uploadedBefore(present: PresentFile[] | undefined, file: AttachmentSnapshot, known: AttachmentCopy | undefined): { id: string; version: number } | undefined {
  const found = present?.find((p) => p.title === file.title && p.fileSize === file.fileSize && p.mediaType === file.mediaType);
  if (!found) return undefined;
  if (known?.title === file.title && (known.destVersion === undefined || found.version <= known.destVersion)) return undefined;
  return { id: found.id, version: found.version };
}

/** Parts are dropped only once the apply that used them is recorded, so a retry can still read them. */
export async function dropTransfers(transfers: TransferStore, pairId: string, attachments: AttachmentSnapshot[]): Promise<void> {
  for (const file of attachments) if (file.transfer) await transfers.dropParts(pairId, file.transfer.id, file.transfer.parts);
}
