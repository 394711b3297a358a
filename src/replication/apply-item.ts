/**
 * The destination applies one snapshot. Idempotent on (pair, source id, source version, hash):
 * an older or unchanged snapshot changes nothing. A copy edited here since the app last wrote
 * it is AHEAD, and the sync's conflict policy decides. The app writes only pages that are
 * provably this sync's copies: in the sync's space, recorded for this pair, and marked with a
 * content property naming this sync and the source page. A page it cannot prove is its own is
 * never overwritten, whatever its title or author.
 */
import type { Sync } from '../domain/sync';
import { inTree, isNode, linkedIds, pageHash, rewriteLinks, snapshotHash, type PageSnapshot } from './snapshot';
import { NodeUpdateRefused } from '../confluence/tree-nodes';
import { emptyCopyNote, NODE_NOUN } from './tree-notes';
import { applyComments } from './apply-comments';
import { rewriteMarkerRefs } from './inline-markers';
import { applyAttachments, dropTransfers } from './apply-attachments';
import { recordWaiting, settleWaiters } from './waiting-copies';
import { ConfluenceError } from '../confluence/client';
import { ARCHIVE_BLOCKED, archiveIfNeeded, original } from './archive-copy';
import { archiveStep } from '../domain/archive-rule';
import type { ActivityEntry, AttachmentCopy, CommentCopy, CopyMark, DestinationContent, DestinationPage, ItemStatus, MapRecord, ReplicationStore } from './ports';

export interface ApplyDeps {
  content: DestinationContent;
  store: ReplicationStore;
  now(): string;
}

export interface ApplyResult {
  status: ItemStatus;
  outcome: ActivityEntry['outcome'];
  destId?: string;
  destVersion?: number;
  detail?: string;
}

interface ApplyContext {
  deps: ApplyDeps;
  sync: Sync;
  snapshot: PageSnapshot;
  cause: string;
}

/** `repair` (re-sync everything): an unchanged snapshot still checks that its copy is there. */
export async function applyItem(deps: ApplyDeps, sync: Sync, snapshot: PageSnapshot, cause: string, repair = false): Promise<ApplyResult> {
  const ctx: ApplyContext = { deps, sync, snapshot, cause };
  const map = await deps.store.mapped(sync.pairId, snapshot.sourceId);
  const hash = snapshotHash(snapshot);
  if (map && snapshot.version < map.sourceVersion) return done(ctx, { status: 'synced', outcome: 'stale', destId: map.destId, destVersion: map.destVersion, detail: `version ${snapshot.version} is older than ${map.sourceVersion}` });
  if (map && map.hash === hash && !repair) return { status: 'synced', outcome: 'unchanged', destId: map.destId, destVersion: map.destVersion };
  if (snapshot.status !== 'current' && snapshot.status !== 'archived') return removeCopy(ctx, map, hash);
  const target = await targetOf(ctx);
  const written = map ? await updateCopy(ctx, map, target) : await createCopy(ctx, target);
  if (!written.page) return done(ctx, written.result);
  const { page, record, result } = written;
  const container = { id: page.id, kind: snapshot.kind };
  // The last apply was cut off after writing comments it never recorded: adopt those, not write them twice.
  const leftovers = map?.applying && snapshot.comments ? await unrecordedComments(deps.content, container, record) : [];
  // Parts the sync leaves out keep what the copy has.
  const comments: Record<string, CommentCopy> = snapshot.comments ? {} : { ...record.comments };
  const attachments: Record<string, AttachmentCopy> = snapshot.attachments ? {} : { ...record.attachments };
  let destVersion = result.destVersion ?? record.destVersion;
  try {
    // Comments are written once the page has its copy, so links to the page itself resolve too.
    const known = new Map([...target.ids, [snapshot.sourceId, page.id]]);
    const rewrite = (text: string) => target.linker.link(text, known);
    if (snapshot.comments) await applyComments({ content: deps.content, container, body: written.body, markedBody: target.markedBody(), rewrite, leftovers }, snapshot.comments, record.comments, comments);
    destVersion = await settleMarkers(ctx, page.id, written.body, target.body(comments), destVersion);
    if (snapshot.attachments) await applyAttachments({ content: deps.content, store: deps.store, pairId: sync.pairId, pageId: page.id }, snapshot.attachments, record.attachments, attachments);
  } catch (e) {
    // What was made before the failure is remembered, so the retry never makes it twice.
    const version = newMarkers(record.comments, comments) ? await versionNow(ctx, page.id, destVersion) : destVersion;
    await deps.store.putMapped(sync.pairId, snapshot.sourceId, { ...record, destVersion: version, comments: { ...record.comments, ...comments }, attachments: { ...record.attachments, ...attachments } });
    throw e;
  }
  const archive = await archiveIfNeeded(deps.content, snapshot, page, record);
  const { applying: _done, archived: _was, ...applied } = record;
  // Not archived as the original is: the hash stays unrecorded, so the next sync tries again.
  await deps.store.putMapped(sync.pairId, snapshot.sourceId, { ...applied, destVersion, hash: archive.problem ? '' : hash, comments, attachments, at: deps.now(), ...(archive.archived ? { archived: true } : {}) });
  await dropTransfers(deps.store, sync.pairId, snapshot.attachments ?? []);
  await recordWaiting(deps, sync.pairId, snapshot, target.unresolved);
  if (!map) await settleWaiters(deps, sync.pairId, sync.space.id, { sourceId: snapshot.sourceId, destId: page.id }, target.linker);
  if (archive.problem) return done(ctx, { status: 'failed', outcome: 'failed', destId: page.id, destVersion, detail: archive.problem });
  if (archive.archived && !record.archived) return done(ctx, { ...result, outcome: result.outcome === 'unchanged' ? 'updated' : result.outcome, detail: 'Archived here, as the original is.' });
  const partsChanged = JSON.stringify(comments) !== JSON.stringify(record.comments ?? {}) || JSON.stringify(attachments) !== JSON.stringify(record.attachments ?? {});
  const settled = { ...result, ...(result.destId ? { destVersion } : {}) };
  if (result.outcome === 'unchanged' && partsChanged) return done(ctx, { ...settled, outcome: 'updated', detail: 'Comments or attachments changed; the page itself did not.' });
  return result.outcome === 'unchanged' ? settled : done(ctx, settled);
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

/** Whether this apply made inline copies with markers (each may have written a page version). */
function newMarkers(before: Record<string, CommentCopy> | undefined, after: Record<string, CommentCopy>): boolean {
  return Object.entries(after).some(([id, c]) => c.markerRef && before?.[id]?.markerRef !== c.markerRef);
}

/** The copy's version after a failed apply, when the app's own comments may have moved it (else the last known). */
async function versionNow(ctx: ApplyContext, id: string, known: number): Promise<number> {
  try {
    return (await ctx.deps.content.get(id, ctx.snapshot.kind))?.version ?? known;
  } catch {
    return known;
  }
}

/** Marks a record written just before new comments are made (see MapRecord.applying). */
function marked(snapshot: PageSnapshot, record: MapRecord): MapRecord {
  const makesComments = snapshot.comments?.some((c) => !record.comments?.[c.sourceId]) ?? false;
  return makesComments ? { ...record, applying: true } : record;
}

async function unrecordedComments(content: DestinationContent, container: { id: string; kind: PageSnapshot['kind'] }, record: MapRecord) {
  const recorded = new Set(Object.values(record.comments ?? {}).map((c) => c.destId));
  return (await content.appComments(container)).filter((c) => !recorded.has(c.id));
}

async function done(ctx: ApplyContext, result: ApplyResult): Promise<ApplyResult> {
  await ctx.deps.store.log({ at: ctx.deps.now(), syncId: ctx.sync.id, sourceId: ctx.snapshot.sourceId, title: ctx.snapshot.title, cause: ctx.cause, outcome: result.outcome, ...(result.detail ? { detail: result.detail } : {}) });
  return result;
}

const REMOVED_DETAIL: Partial<Record<PageSnapshot['status'], string>> = {
  deleted: 'Purged at the source; the copy is in this space’s trash for an admin to purge.',
  moved: 'Moved to another space at the source, so it is no longer synced; the copy is in this space’s trash.',
};

async function removeCopy(ctx: ApplyContext, map: MapRecord | undefined, hash: string): Promise<ApplyResult> {
  if (!map) return { status: 'deleted', outcome: 'unchanged' };
  const current = await ownedCopy(ctx, map);
  const ahead = current?.status === 'current' && current.version !== map.destVersion;
  // "Keep destination" keeps an edited copy from the trash too: the source's trash is a change like any other.
  if (ahead && ctx.sync.options.conflictPolicy === 'keep-destination') {
    return done(ctx, { status: 'ahead', outcome: 'ahead-kept', destId: map.destId, destVersion: current.version, detail: `The original was ${ctx.snapshot.status === 'trashed' ? 'trashed' : 'removed'}; the copy was edited here (version ${current.version}) and is kept, as this sync keeps destination changes.` });
  }
  if (current && current.status === 'current') await ctx.deps.content.trash(map.destId, ctx.snapshot.kind);
  await ctx.deps.store.putMapped(ctx.sync.pairId, ctx.snapshot.sourceId, { ...map, sourceVersion: ctx.snapshot.version, hash, pageHash: pageHash(ctx.snapshot) });
  // The app cannot purge (that needs a space admin): a page purged at the source stays in this trash.
  const detail = REMOVED_DETAIL[ctx.snapshot.status];
  return done(ctx, { status: 'deleted', outcome: 'trashed', destId: map.destId, ...(detail ? { detail } : {}) });
}

/** Where the copy goes and how its bodies read: links to the source space point at the copies. */
async function targetOf(ctx: ApplyContext) {
  const space = await ctx.deps.content.space(ctx.sync.space.id);
  const parentMap = ctx.snapshot.parentSourceId ? await ctx.deps.store.mapped(ctx.sync.pairId, ctx.snapshot.parentSourceId) : undefined;
  const source = { spaceKey: ctx.snapshot.sourceSpaceKey, siteUrl: ctx.sync.peer?.site.url ?? '' };
  const idsIn = (body: string) => linkedIds(body, source.spaceKey);
  const linked = new Set([ctx.snapshot.body, ...(ctx.snapshot.comments ?? []).map((c) => c.body)].flatMap(idsIn));
  const ids = new Map<string, string>();
  for (const id of linked) {
    const mapped = await ctx.deps.store.mapped(ctx.sync.pairId, id);
    if (mapped) ids.set(id, mapped.destId);
  }
  const link = (body: string, known: Map<string, string>) => rewriteLinks(body, source, space.key, (id) => known.get(id));
  const waitsForParent = inTree(ctx.snapshot.kind) && ctx.snapshot.parentSourceId && !parentMap;
  return {
    // A parent not copied yet: under the home page until it arrives (waiting-copies.ts).
    parentId: inTree(ctx.snapshot.kind) ? (parentMap?.destId ?? space.homepageId) : undefined,
    /** The copy's body: the source's with links to the copies and, for the inline copies in `comments`, the copy's marker refs. */
    body: (comments: Record<string, CommentCopy> = {}) => rewriteMarkerRefs(link(ctx.snapshot.body, ids), copyRefs(comments)),
    /** The source's markers as they are, to find where each inline comment goes. */
    markedBody: () => link(ctx.snapshot.body, ids),
    ids,
    linker: { ids: idsIn, link },
    unresolved: { ...(waitsForParent ? { parent: ctx.snapshot.parentSourceId } : {}), links: [...linked].filter((id) => !ids.has(id)) },
  };
}

/** Source marker ref → the copy's, for each inline copy that has both. */
function copyRefs(comments: Record<string, CommentCopy>): (sourceRef: string) => string | undefined {
  const refs = new Map(Object.values(comments).flatMap((c) => (c.sourceRef && c.markerRef ? [[c.sourceRef, c.markerRef] as const] : [])));
  return (ref) => refs.get(ref);
}

/** `body`: what the copy's body is now, as the app wrote it. */
type Written = { page: DestinationPage; record: MapRecord; result: ApplyResult; body: string } | { result: ApplyResult; page?: undefined };

type Target = Awaited<ReturnType<typeof targetOf>>;

/**
 * A new copy. Confluence keeps titles unique in a space (reported as 400 or as 409; UNCONFIRMED
 * which), so the app creates first and looks the title up only when refused, or when an earlier
 * try was cut off between creating and recording (where duplicates were allowed, the create would
 * not have been refused). It never overwrites a page it did not create.
 */
async function createCopy(ctx: ApplyContext, target: Target): Promise<Written> {
  const { store } = ctx.deps;
  const interrupted = await store.creating(ctx.sync.pairId, ctx.snapshot.sourceId);
  const found = interrupted ? await ctx.deps.content.findByTitle(ctx.sync.space.id, ctx.snapshot.kind, ctx.snapshot.title) : undefined;
  if (!interrupted) await store.markCreating(ctx.sync.pairId, ctx.snapshot.sourceId);
  const owned = found && (await ownership(ctx, found, interrupted));
  const made = found && owned ? await adopt(ctx, target, found, owned) : await createNew(ctx, target);
  const labels = await applyLabels(ctx, made.page, []);
  const record = marked(ctx.snapshot, { destId: made.page.id, kind: ctx.snapshot.kind, sourceVersion: ctx.snapshot.version, destVersion: made.page.version, hash: '', pageHash: pageHash(ctx.snapshot), labels });
  // Recorded before comments and attachments, so a failure there never makes a second copy.
  await store.putMapped(ctx.sync.pairId, ctx.snapshot.sourceId, record, true);
  // Made (or adopted) with no marker refs of the copy's: its inline comments are all made next.
  return { page: made.page, record, body: target.body(), result: { status: 'synced', outcome: made.outcome, destId: made.page.id, destVersion: made.page.version, ...(made.detail ? { detail: made.detail } : {}) } };
}

interface Made {
  page: DestinationPage;
  outcome: ActivityEntry['outcome'];
  detail?: string;
  /** An existing copy taken over (it carries its mark already). */
  adopted?: boolean;
}

const markOf = (ctx: ApplyContext): CopyMark => ({ v: 1, sync: ctx.sync.id, source: ctx.snapshot.sourceId });

/**
 * Whether a page found by title is this sync's copy of this source page, and whether it carries
 * its mark yet (undefined: it is not this sync's). The app must have created it (a person cannot
 * make the app a page's author) and no other pair may record it; then its mark must name this
 * sync and source page. A page with no mark yet qualifies only when this
 * very item's create was cut off before the mark was written (the `new:` journal). A mark alone
 * is not enough: anyone who can edit a page can write one.
 */
async function ownership(ctx: ApplyContext, found: DestinationPage & { createdByApp: boolean }, interrupted: boolean): Promise<'marked' | 'unmarked' | undefined> {
  if (!found.createdByApp) return undefined;
  const origin = await ctx.deps.store.origin(found.id);
  if (origin && (origin.pairId !== ctx.sync.pairId || origin.sourceId !== ctx.snapshot.sourceId)) return undefined;
  const mark = await ctx.deps.content.copyMark(found.id, ctx.snapshot.kind);
  if (mark) return mark.sync === ctx.sync.id && mark.source === ctx.snapshot.sourceId ? 'marked' : undefined;
  return interrupted ? 'unmarked' : undefined;
}

/** This sync's own copy from an attempt that stopped before recording it: brought up to date, and marked if it was not yet. */
async function adopt(ctx: ApplyContext, target: Target, found: DestinationPage, owned: 'marked' | 'unmarked'): Promise<Made> {
  const page = await ctx.deps.content.update(found.id, ctx.snapshot.kind, { title: ctx.snapshot.title, parentId: target.parentId, body: target.body(), version: found.version + 1, status: 'current' });
  if (owned === 'unmarked') await ctx.deps.content.markCopy(found.id, ctx.snapshot.kind, markOf(ctx));
  return { page, outcome: 'created' };
}

/** A new page, marked as this sync's copy before anything is recorded (a retry finds the mark). */
async function createNew(ctx: ApplyContext, target: Target): Promise<Made> {
  const made = await createTitled(ctx, target);
  if (!made.adopted) await ctx.deps.content.markCopy(made.page.id, ctx.snapshot.kind, markOf(ctx));
  return made;
}

/** The longest title Confluence keeps (PageSnapshot holds to it too). */
const MAX_TITLE_LENGTH = 255;

/** A clashing copy's title: the source space's key added, the title shortened so that the whole still fits. */
export function clashTitle(title: string, sourceSpaceKey: string): string {
  const suffix = ` (${sourceSpaceKey})`;
  let kept = '';
  // By code point, so a character outside the BMP is never cut in half.
  for (const ch of title) {
    if (kept.length + ch.length + suffix.length > MAX_TITLE_LENGTH) break;
    kept += ch;
  }
  return `${kept}${suffix}`;
}

async function createTitled(ctx: ApplyContext, target: Target): Promise<Made> {
  const { kind, title, sourceSpaceKey } = ctx.snapshot;
  const create = async (as: string) => ctx.deps.content.create(ctx.sync.space.id, kind, { title: as, parentId: target.parentId, body: target.body(), ...(ctx.snapshot.embedUrl ? { embedUrl: ctx.snapshot.embedUrl } : {}) });
  try {
    const note = emptyCopyNote(kind);
    return { page: await create(title), outcome: note ? 'partial' : 'created', ...(note ? { detail: note } : {}) };
  } catch (e) {
    if (!(e instanceof ConfluenceError) || (e.status !== 400 && e.status !== 409)) throw e;
    const clash = await ctx.deps.content.findByTitle(ctx.sync.space.id, kind, title);
    if (!clash) throw e; // refused for another reason
    const owned = await ownership(ctx, clash, false);
    if (owned) return { ...(await adopt(ctx, target, clash, owned)), adopted: true };
    const renamed = clashTitle(title, sourceSpaceKey);
    const detail = `A page titled “${title}” that this sync did not create exists here; the copy is titled “${renamed}”.`;
    return { page: await create(renamed), outcome: 'title-clash', detail };
  }
}

/**
 * The recorded copy, when it is still provably this pair's: in this sync's space and recorded
 * for this pair and source page. Anything else (moved to another space, or a record that does
 * not agree) is left alone, as if the copy were gone.
 */
async function ownedCopy(ctx: ApplyContext, map: MapRecord): Promise<DestinationPage | undefined> {
  const current = await ctx.deps.content.get(map.destId, ctx.snapshot.kind);
  if (!current || (current.spaceId && current.spaceId !== ctx.sync.space.id)) return undefined;
  const origin = await ctx.deps.store.origin(map.destId);
  return origin && origin.pairId === ctx.sync.pairId && origin.sourceId === ctx.snapshot.sourceId ? current : undefined;
}

async function updateCopy(ctx: ApplyContext, map: MapRecord, target: Target): Promise<Written> {
  const { content } = ctx.deps;
  const current = await ownedCopy(ctx, map);
  if (!current) return createCopy(ctx, target); // purged here, or no longer provably ours: make it again
  if (current.status === 'archived') return archivedCopy(ctx, map, current, target);
  // A trashed folder (or other node) cannot be restored through the API: a new copy takes its place.
  if (isNode(ctx.snapshot.kind) && current.status !== 'current') return createCopy(ctx, target);
  const ahead = current.status === 'current' && current.version !== map.destVersion;
  if (ahead && ctx.sync.options.conflictPolicy === 'keep-destination') {
    return { result: { status: 'ahead', outcome: 'ahead-kept', destId: map.destId, destVersion: current.version, detail: `The copy was edited here (version ${current.version}); kept, as this sync keeps destination changes.` } };
  }
  const unchangedPage = !ahead && current.status === 'current' && map.pageHash === pageHash(ctx.snapshot);
  if (unchangedPage) {
    // Only comments or attachments changed: the page keeps its version.
    const record = marked(ctx.snapshot, { ...map, sourceVersion: ctx.snapshot.version });
    if (record.applying && !map.applying) await ctx.deps.store.putMapped(ctx.sync.pairId, ctx.snapshot.sourceId, record);
    return { page: current, record, body: target.body(map.comments), result: { status: 'synced', outcome: 'unchanged', destId: map.destId, destVersion: map.destVersion } };
  }
  const title = current.title.endsWith(`(${ctx.snapshot.sourceSpaceKey})`) && current.title !== ctx.snapshot.title ? current.title : ctx.snapshot.title;
  const change = { title, parentId: target.parentId, body: target.body(map.comments) };
  const node = isNode(ctx.snapshot.kind) ? await updateNode(ctx, map, current, change) : undefined;
  if (node && 'refused' in node) return node.refused;
  const page = node ? node.page : current.status === 'current' ? await content.update(map.destId, ctx.snapshot.kind, { ...change, version: current.version + 1, status: 'current' }) : await restoreCopy(ctx, map.destId, current.version, change);
  const labels = await applyLabels(ctx, page, map.labels, current.labels);
  const record = marked(ctx.snapshot, { ...map, sourceVersion: ctx.snapshot.version, destVersion: page.version, pageHash: pageHash(ctx.snapshot), labels });
  await ctx.deps.store.putMapped(ctx.sync.pairId, ctx.snapshot.sourceId, { ...record, hash: map.hash });
  const outcome = ahead ? 'ahead-overwritten' : current.status === 'current' ? 'updated' : 'restored';
  const detail = ahead ? `The copy had been edited here; version ${current.version} was overwritten and stays in the page history.` : undefined;
  return { page, record, body: change.body, result: { status: 'synced', outcome, destId: page.id, destVersion: page.version, ...(detail ? { detail } : {}) } };
}

/**
 * A copy in this space's archive. Its original archived too: nothing is written (the content is
 * written when it comes back). Its original back from the archive: a PUT with status current,
 * once and only for a copy the app archived; whether that restores an archived page is
 * UNCONFIRMED, so the answer is read, and a copy left archived is reported for an admin.
 */
async function archivedCopy(ctx: ApplyContext, map: MapRecord, current: DestinationPage, target: Target): Promise<Written> {
  const step = archiveStep(original(ctx.snapshot), current.status, map.archived ?? false);
  // Nothing is written to an archived copy; the body it should have stands for what it has.
  if (step === 'none') return { page: current, record: { ...map, sourceVersion: ctx.snapshot.version }, body: target.body(map.comments), result: { status: 'synced', outcome: 'unchanged', destId: map.destId, destVersion: map.destVersion } };
  const blocked = (destVersion: number): Written => ({ result: { status: 'failed', outcome: 'failed', destId: map.destId, destVersion, detail: ARCHIVE_BLOCKED } });
  if (step === 'blocked') return blocked(current.version);
  const { content, store } = ctx.deps;
  const tried = { ...map, archived: false };
  let page: DestinationPage;
  const body = target.body(map.comments);
  try {
    page = await content.update(map.destId, ctx.snapshot.kind, { title: ctx.snapshot.title, parentId: target.parentId, body, version: current.version + 1, status: 'current' });
  } catch (e) {
    if (!(e instanceof ConfluenceError) || e.status !== 400) throw e;
    await store.putMapped(ctx.sync.pairId, ctx.snapshot.sourceId, tried);
    return blocked(current.version);
  }
  // Tried once: from here on the copy's archive is an admin's to undo.
  const written = { ...tried, destVersion: page.version, pageHash: pageHash(ctx.snapshot) };
  if (page.status !== 'current') {
    await store.putMapped(ctx.sync.pairId, ctx.snapshot.sourceId, written);
    return blocked(page.version);
  }
  const labels = await applyLabels(ctx, page, map.labels, current.labels);
  const record = marked(ctx.snapshot, { ...written, sourceVersion: ctx.snapshot.version, labels });
  await store.putMapped(ctx.sync.pairId, ctx.snapshot.sourceId, record);
  return { page, record, body, result: { status: 'synced', outcome: 'restored', destId: page.id, destVersion: page.version, detail: 'Restored from the archive, as the original was.' } };
}

/**
 * A folder or other node renamed or moved at the source: only v1 can change the copy, and
 * Confluence may refuse it (UNCONFIRMED). Then the copy keeps its title and place, the record
 * takes the new source state (so it is not tried every hour), and the log says so plainly.
 */
async function updateNode(ctx: ApplyContext, map: MapRecord, current: DestinationPage, change: { title: string; parentId?: string }): Promise<{ page: DestinationPage } | { refused: Written }> {
  try {
    return { page: await ctx.deps.content.update(map.destId, ctx.snapshot.kind, { ...change, body: '', version: current.version + 1, status: 'current' }) };
  } catch (e) {
    if (!(e instanceof NodeUpdateRefused)) throw e;
  }
  const noun = NODE_NOUN[ctx.snapshot.kind] ?? 'item';
  const record = { ...map, sourceVersion: ctx.snapshot.version, pageHash: pageHash(ctx.snapshot) };
  await ctx.deps.store.putMapped(ctx.sync.pairId, ctx.snapshot.sourceId, record);
  const detail = `The ${noun} was renamed or moved at the source, but Confluence’s REST API would not rename or move its copy (it has no update for a ${noun}); the copy keeps the title “${current.title}” and its place. Pages inside it are still synced.`;
  return { refused: { page: current, record, body: '', result: { status: 'synced', outcome: 'partial', destId: map.destId, destVersion: current.version, detail } } };
}

/**
 * Restoring a trashed page through PUT keeps the words it had in the trash (the reference notes
 * "contents not updated"; UNCONFIRMED): when the copy does not read as the source now does, a
 * second write brings it up to date. Were the body applied, the read shows it and nothing more is written.
 */
async function restoreCopy(ctx: ApplyContext, id: string, version: number, change: { title: string; parentId?: string; body: string }): Promise<DestinationPage> {
  const { content } = ctx.deps;
  const restored = await content.update(id, ctx.snapshot.kind, { ...change, version: version + 1, status: 'current' });
  const now = await content.getWithBody(id, ctx.snapshot.kind);
  if (!now || (now.title === change.title && now.body === change.body)) return restored;
  return content.update(id, ctx.snapshot.kind, { ...change, version: now.version + 1, status: 'current' });
}

/**
 * Adds the source's labels and removes only those the app itself applied before. A sync that
 * leaves labels out keeps what the copy has, as it does for comments and attachments.
 */
async function applyLabels(ctx: ApplyContext, page: DestinationPage, appliedBefore: string[], present = page.labels): Promise<string[]> {
  if (!ctx.sync.options.labels) return appliedBefore;
  const wanted = new Set(ctx.snapshot.labels);
  const toAdd = [...wanted].filter((l) => !present.includes(l));
  if (toAdd.length) await ctx.deps.content.addLabels(page.id, toAdd);
  for (const label of appliedBefore.filter((l) => !wanted.has(l) && present.includes(l))) await ctx.deps.content.removeLabel(page.id, label);
  return [...wanted];
}
