/**
 * The parts step of an apply: the copy's comments, then the inline markers they leave in its
 * body, then its files, then its appearance (a cover may name one of those files), each one
 * applier with one diff. What the copy holds of an apply that was
 * cut off in this step (journal `page-written`) is read back and adopted, never written twice.
 */
import { commentChanges, applyComments } from './apply-comments';
import { applyAttachments, fileChanges } from './apply-attachments';
import { appearanceDue, applyAppearance } from './apply-appearance';
import type { ApplyContext } from './apply-context';
import type { CopyTarget } from './copy-target';
import type { Written } from './page-writes';
import type { AppComment, MapRecord, PresentFile } from './ports';
import type { PageSnapshot } from './snapshot';

/** Whether the snapshot's comments, files or appearance differ from what the record says the copy holds (parts a sync leaves out keep what the copy has). */
export function partsChange(snapshot: PageSnapshot, record: MapRecord): boolean {
  const comments = snapshot.comments ? commentChanges(snapshot.comments, record.comments) : { write: [], remove: [] };
  const files = snapshot.attachments ? fileChanges(snapshot.attachments, record.attachments) : { upload: [], remove: [] };
  return comments.write.length + comments.remove.length + files.upload.length + files.remove.length > 0 || appearanceDue(snapshot, record);
}

export type Parts = Pick<MapRecord, 'comments' | 'attachments' | 'destVersion' | 'appearance'>;

/** `cutOff`: an earlier apply stopped in this step, so the copy may hold parts no record names. */
export async function writeParts(ctx: ApplyContext, written: Written, target: CopyTarget, cutOff: boolean): Promise<Parts> {
  const { content, transfers } = ctx.deps;
  const { snapshot } = ctx;
  const { page, record } = written;
  const container = { id: page.id, kind: snapshot.kind };
  // Comments are written once the page has its copy, so links to the page itself resolve too.
  const known = new Map([...target.ids, [snapshot.sourceId, page.id]]);
  const rewrite = (text: string) => target.linker.link(text, known);
  const present = cutOff && snapshot.comments ? await unrecordedComments(ctx, container, record) : [];
  const comments = snapshot.comments ? await applyComments({ content, container, body: written.body, markedBody: target.markedBody(), rewrite, present }, snapshot.comments, record.comments) : record.comments;
  const destVersion = await settleMarkers(ctx, page.id, written.body, target.body(comments), record.destVersion);
  const files = cutOff && snapshot.attachments?.length ? await presentFiles(ctx, page.id) : undefined;
  const attachments = snapshot.attachments ? await applyAttachments({ content, transfers, pairId: ctx.sync.pairId, pageId: page.id, ...(files ? { present: files } : {}) }, snapshot.attachments, record.attachments) : record.attachments;
  // Nothing is written to a copy that is not current (both archived): its appearance waits, as its page does.
  if (page.status !== 'current') return { comments, attachments, destVersion, ...(record.appearance ? { appearance: record.appearance } : {}) };
  const look = await applyAppearance({ content, pageId: page.id, files: attachments ?? {} }, snapshot, record.appearance);
  // A status written publishes a version of the copy: it is the app's own, never an edit made here.
  const version = look.newVersion ? ((await content.get(page.id, snapshot.kind))?.version ?? destVersion) : destVersion;
  return { comments, attachments, destVersion: version, ...(look.appearance ? { appearance: look.appearance } : {}) };
}

/** The comments the app wrote on the copy that no record names. */
async function unrecordedComments(ctx: ApplyContext, container: { id: string; kind: PageSnapshot['kind'] }, record: MapRecord): Promise<AppComment[]> {
  const recorded = new Set(Object.values(record.comments ?? {}).map((c) => c.destId));
  return (await ctx.deps.content.appComments(container)).filter((c) => !recorded.has(c.id));
}

function presentFiles(ctx: ApplyContext, pageId: string): Promise<PresentFile[]> {
  return ctx.deps.content.attachments(pageId, ctx.snapshot.kind);
}

/**
 * After the comments: the copy's body must carry the copy's marker refs (inline-markers.ts).
 * Creating an inline comment may itself write its marker and a new page version (INFERRED,
 * confluence-real row 42): a copy that already reads as wanted is only re-read, so that version
 * is recorded as the app's own and never taken for an edit made here. Otherwise the wanted body
 * is written. Returns the copy's version.
 */
async function settleMarkers(ctx: ApplyContext, id: string, written: string, wanted: string, version: number): Promise<number> {
  if (wanted === written) return version;
  const now = await ctx.deps.content.getWithBody(id, ctx.snapshot.kind);
  if (!now || now.status !== 'current' || now.body === wanted) return now?.version ?? version;
  return (await ctx.deps.content.update(id, ctx.snapshot.kind, { title: now.title, body: wanted, version: now.version + 1, status: 'current' })).version;
}
