/**
 * The copy's emoji title, cover, width and content status follow the source's: one diff
 * (domain/appearance.ts) of what the copy should hold, what the app wrote before and what the
 * copy holds now, read first so a retry never writes twice. A cover that is a file of the page
 * points at the copy's file, so files are applied before this.
 */
import { coverFileIds, propertyChanges, stateChange, wantedProperties } from '../domain/appearance';
import { sha256, type AttachmentSnapshot, type PageSnapshot } from './snapshot';
import { ConfluenceError } from '../confluence/client';
import type { AppearanceCopy, AttachmentCopy, DestinationContent, MapRecord } from './ports';

type SourceFile = Pick<AttachmentSnapshot, 'sourceId' | 'version' | 'fileId'>;

/**
 * The source's files a cover may name: the snapshot's, or, for a snapshot that carries none (a
 * page-only read, or files left out), those the copy holds as recorded, which name the source's.
 */
function sourceFiles(snapshot: PageSnapshot, recorded: Record<string, AttachmentCopy> | undefined): SourceFile[] {
  if (snapshot.attachments) return snapshot.attachments;
  return Object.entries(recorded ?? {}).map(([sourceId, c]) => ({ sourceId, version: c.version, fileId: c.fileId }));
}

/**
 * The source's appearance as applied: the snapshot's, and the version of each file a cover
 * names (by source id), so a new version of the cover file points the copy's cover at its new file.
 */
export function appearanceHash(snapshot: PageSnapshot, recordedFiles?: Record<string, AttachmentCopy>): string | undefined {
  if (!snapshot.appearance) return undefined;
  const covered = new Set(coverFileIds(snapshot.appearance.properties));
  const files = sourceFiles(snapshot, recordedFiles)
    .filter((a) => covered.has(a.fileId))
    .map((a) => [a.sourceId, a.version, a.fileId])
    .sort(([a], [b]) => String(a).localeCompare(String(b)));
  return sha256(JSON.stringify({ appearance: snapshot.appearance, files }));
}

/** Whether the copy's appearance needs applying (a snapshot without one leaves the copy's as it is). */
export const appearanceDue = (snapshot: PageSnapshot, record: Pick<MapRecord, 'appearance' | 'attachments'>) => snapshot.appearance !== undefined && appearanceHash(snapshot, record.attachments) !== record.appearance?.hash;

export interface AppearanceTarget {
  content: Pick<DestinationContent, 'attachmentFileId' | 'appearance' | 'writeProperty' | 'deleteProperty' | 'setContentState' | 'removeContentState'>;
  pageId: string;
  /** The copy's files as just applied: source attachment id → copy. */
  files: Record<string, AttachmentCopy>;
}

export interface AppearanceApplied {
  appearance?: AppearanceCopy;
  /** A content status was set or removed: Confluence published a new version of the copy. */
  newVersion: boolean;
}

export async function applyAppearance(target: AppearanceTarget, snapshot: PageSnapshot, recorded: AppearanceCopy | undefined): Promise<AppearanceApplied> {
  const source = snapshot.appearance;
  const hash = appearanceHash(snapshot, target.files);
  if (!source || !hash) return { ...(recorded ? { appearance: recorded } : {}), newVersion: false };
  // Nothing wanted and nothing the app wrote: no write can follow, so the copy is not even read.
  if (isEmpty(source) && (!recorded || isEmpty(recorded))) return { appearance: { hash, properties: {} }, newVersion: false };
  const { content, pageId } = target;
  const wanted = wantedProperties(source.properties, await copyFileIds(target, snapshot));
  const present = await content.appearance(pageId, snapshot.kind);
  const properties = propertyChanges(wanted, recorded?.properties ?? {}, present.properties);
  const state = stateChange(source.state, recorded?.state, present.state);
  for (const p of properties.create) await content.writeProperty(pageId, snapshot.kind, p.key, p.value);
  for (const p of properties.update) await content.writeProperty(pageId, snapshot.kind, p.key, p.value, { id: p.id, version: p.version });
  for (const p of properties.remove) await content.deleteProperty(pageId, snapshot.kind, p.id);
  if (state.kind === 'remove') await content.removeContentState(pageId);
  const refused = state.kind === 'set' ? await refusal(() => content.setContentState(pageId, state.state)) : undefined;
  if (refused) return { appearance: { hash, properties: wanted, ...(recorded?.state ? { state: recorded.state } : {}), stateRefused: refused }, newVersion: false };
  return { appearance: { hash, properties: wanted, ...(source.state ? { state: source.state } : {}) }, newVersion: state.kind !== 'none' };
}

/**
 * A status the destination refuses (400: its space allows no custom states) is left out and
 * said, not failed: the page and the rest of its look are still copied. Anything else fails.
 */
async function refusal(write: () => Promise<void>): Promise<string | undefined> {
  try {
    await write();
    return undefined;
  } catch (e) {
    if (!(e instanceof ConfluenceError) || e.status !== 400) throw e;
    return e.message;
  }
}

const isEmpty = (look: { properties: object; state?: unknown }) => Object.keys(look.properties).length === 0 && !look.state;

/** Source fileId → the copy's fileId, for the files the covers name that the copy holds. */
async function copyFileIds(target: AppearanceTarget, snapshot: PageSnapshot): Promise<(sourceFileId: string) => string | undefined> {
  const mapped = new Map<string, string>();
  for (const fileId of coverFileIds(snapshot.appearance?.properties ?? {})) {
    const file = sourceFiles(snapshot, target.files).find((a) => a.fileId === fileId);
    const copy = file ? target.files[file.sourceId] : undefined;
    const copyFileId = copy ? await target.content.attachmentFileId(copy.destId) : undefined;
    if (copyFileId) mapped.set(fileId, copyFileId);
  }
  return (id) => mapped.get(id);
}
