/**
 * The page step of an apply: the one page write its plan asks for (create, adopt, update,
 * restore, unarchive; none for `parts`), then the copy's labels. The journal says `planned`
 * before the write, so the next apply after a crash knows a page may have been written that
 * nothing records. The app never overwrites a page it cannot prove is its own copy.
 */
import { planApply } from '../domain/apply-plan';
import type { ApplyJournal, PageStep } from '../domain/apply-journal';
import { clashTitle, copyTitle } from '../domain/clash-title';
import { ConfluenceError } from '../confluence/client';
import { NodeUpdateRefused } from '../confluence/tree-nodes';
import { isNode } from './snapshot';
import { emptyCopyNote, NODE_NOUN } from './tree-notes';
import { ARCHIVE_BLOCKED } from './archive-copy';
import { applyLabels } from './apply-labels';
import { copyFingerprint, foundCopy, type FoundCopy } from './copy-state';
import type { ApplyContext, ApplyResult } from './apply-context';
import type { Decided, FinalPlan } from './apply-decision';
import type { CopyTarget } from './copy-target';
import type { CopyMark, DestinationPage, MapRecord } from './ports';

/** What the page step wrote. */
export interface Written {
  page: DestinationPage;
  /** The copy's record with what this step wrote. */
  record: MapRecord;
  /** The body as the copy now holds it, as the app wrote it: where inline comments are anchored. */
  body: string;
  result: ApplyResult;
  /** The journal this step wrote, if it wrote one. */
  journal?: ApplyJournal;
}

/** The apply ends at the page: `record` is written as it stands. */
export interface Ended {
  ended: ApplyResult;
  record: MapRecord;
  journal?: ApplyJournal;
}

type Writing = Extract<FinalPlan, { kind: 'create' | 'adopt' | 'update' | 'restore' | 'unarchive' | 'parts' }>;

export function writePage(ctx: ApplyContext, d: Decided, plan: Writing, target: CopyTarget): Promise<Written | Ended> {
  switch (plan.kind) {
    case 'create':
      return createCopy(ctx, d, target);
    case 'adopt':
      return adoptFound(ctx, d, plan, target);
    case 'update':
      return isNode(ctx.snapshot.kind) ? updateNode(ctx, d, target) : updateCopy(ctx, d, target, plan.overwrites, plan.unread);
    case 'restore':
      return restoreCopy(ctx, d, target);
    case 'unarchive':
      return unarchiveCopy(ctx, d, target);
    case 'parts':
      return partsOnly(ctx, d, target);
  }
}

/** Journals `planned` before the page write that `wrote` describes. */
async function begin(ctx: ApplyContext, step: PageStep, wrote: { title: string; body: string }, title?: string): Promise<ApplyJournal> {
  const journal: ApplyJournal = { phase: 'planned', step, hash: ctx.hash, pageHash: ctx.pageHash, sourceVersion: ctx.snapshot.version, ...(title ? { title } : {}), wrote: copyFingerprint(wrote), at: ctx.deps.now() };
  await ctx.deps.copies.begin(ctx.sync.pairId, ctx.snapshot.sourceId, journal);
  return journal;
}

const markOf = (ctx: ApplyContext): CopyMark => ({ v: 1, sync: ctx.sync.id, source: ctx.snapshot.sourceId });
const synced = (page: DestinationPage, outcome: ApplyResult['outcome'], detail?: string): ApplyResult => ({ status: 'synced', outcome, destId: page.id, destVersion: page.version, ...(detail ? { detail } : {}) });
const wantedLabels = (ctx: ApplyContext) => (ctx.sync.options.labels ? ctx.snapshot.labels : undefined);
const recorded = (d: Decided): MapRecord => d.record as MapRecord;
const current = (d: Decided): DestinationPage => d.copy as DestinationPage;

/** A record for a page the app has just made or taken over: nothing of an earlier copy carries over. */
async function freshRecord(ctx: ApplyContext, page: DestinationPage): Promise<MapRecord> {
  const labels = await applyLabels(ctx.deps.content, page.id, wantedLabels(ctx), [], page.labels);
  return { destId: page.id, kind: ctx.snapshot.kind, sourceVersion: ctx.snapshot.version, destVersion: page.version, pageHash: ctx.pageHash, labels, title: page.title, ...placed(page) };
}

/**
 * A new copy, marked as this sync's before anything is recorded. Confluence keeps titles unique
 * in a space (reported as 400 or as 409; UNCONFIRMED which), so the app creates first and looks
 * the title up only when refused: a page provably ours is adopted, anyone else's is left alone
 * and the copy takes the clash title.
 */
async function createCopy(ctx: ApplyContext, d: Decided, target: CopyTarget): Promise<Written> {
  const { kind, title } = ctx.snapshot;
  const journal = await begin(ctx, 'create', { title, body: target.body() }, title);
  try {
    const note = emptyCopyNote(kind);
    const page = await createMarked(ctx, target, title);
    return { page, record: await freshRecord(ctx, page), body: target.body(), result: synced(page, note ? 'partial' : 'created', note), journal };
  } catch (e) {
    if (!(e instanceof ConfluenceError) || (e.status !== 400 && e.status !== 409)) throw e;
    const clash = await ctx.deps.content.findByTitle(ctx.sync.space.id, kind, title);
    if (!clash) throw e; // refused for another reason
    const found = await foundCopy(ctx, clash, true, d.journal);
    const plan = planApply({ ...d.facts, found: found.facts });
    if (plan.kind === 'adopt') return { ...(await adopt(ctx, found, plan, target)), journal };
    const renamed = clashTitle(title, ctx.snapshot.sourceSpaceKey);
    const page = await createMarked(ctx, target, renamed);
    const detail = `A page titled “${title}” that this sync did not create exists here; the copy is titled “${renamed}”.`;
    return { page, record: await freshRecord(ctx, page), body: target.body(), result: synced(page, 'title-clash', detail), journal };
  }
}

async function createMarked(ctx: ApplyContext, target: CopyTarget, title: string): Promise<DestinationPage> {
  const { kind, embedUrl } = ctx.snapshot;
  const page = await ctx.deps.content.create(ctx.sync.space.id, kind, { title, parentId: target.parentId, body: target.body(), ...(embedUrl ? { embedUrl } : {}) });
  await ctx.deps.content.markCopy(page.id, kind, markOf(ctx));
  return page;
}

/** The cut-off create's own page, found by title. */
async function adoptFound(ctx: ApplyContext, d: Decided, plan: Extract<FinalPlan, { kind: 'adopt' }>, target: CopyTarget): Promise<Written> {
  const found = d.found as FoundCopy;
  const journal = plan.write ? await begin(ctx, 'adopt', { title: ctx.snapshot.title, body: target.body() }, ctx.snapshot.title) : undefined;
  return { ...(await adopt(ctx, found, plan, target)), ...(journal ? { journal } : {}) };
}

/** Brought up to date unless it reads as wanted already, and marked if it was not yet. */
async function adopt(ctx: ApplyContext, found: FoundCopy, plan: { mark: boolean; write: boolean }, target: CopyTarget): Promise<Omit<Written, 'journal'>> {
  const { kind, title } = ctx.snapshot;
  const page = plan.write ? await ctx.deps.content.update(found.page.id, kind, { title, parentId: target.parentId, body: target.body(), version: found.page.version + 1, status: 'current' }) : found.page;
  if (plan.mark) await ctx.deps.content.markCopy(found.page.id, kind, markOf(ctx));
  return { page, record: await freshRecord(ctx, page), body: target.body(), result: synced(page, 'created') };
}

function pageChange(ctx: ApplyContext, d: Decided, target: CopyTarget) {
  return { title: copyTitle(current(d).title, ctx.snapshot.title, ctx.snapshot.sourceSpaceKey), parentId: target.parentId, body: target.body(recorded(d).comments) };
}

/**
 * The record once the page is written: the source's version, the copy's, the page's hash, title
 * and labels. `present`: the copy's labels (an unread write takes the recorded ones for them).
 */
async function updatedRecord(ctx: ApplyContext, d: Decided, page: DestinationPage, extra: Partial<MapRecord> = {}, present = current(d).labels): Promise<MapRecord> {
  const record = recorded(d);
  const labels = await applyLabels(ctx.deps.content, page.id, wantedLabels(ctx), record.labels, present);
  const { place: _was, ...rest } = record;
  return { ...rest, ...extra, sourceVersion: ctx.snapshot.version, destVersion: page.version, pageHash: ctx.pageHash, labels, title: page.title, ...placed(page) };
}

/** The parent and position the write's answer gives, to keep in the record (dropped when the answer has none). */
export const placed = (page: DestinationPage) => (page.position !== undefined && page.parentId ? { place: { parentId: page.parentId, position: page.position } } : {});

/**
 * An unread write did not land as asked: refused (edited here: the version; purged: 404; moved to
 * another space or archived: 400), or answered with a page other than it asked for (a trashed
 * page is restored by the PUT with its old words and version: v2.json PageUpdateRequest status).
 * The apply reads the copy and plans again.
 */
export class UnreadWriteMissed extends Error {}

const MISSED_STATUSES = new Set([400, 404, 409]);

/** The source's change written against the version the record holds, without reading the copy first (apply-plan.ts writesUnread). */
async function updateUnread(ctx: ApplyContext, d: Decided, target: CopyTarget): Promise<Written> {
  const record = recorded(d);
  const change = { title: copyTitle(record.title ?? ctx.snapshot.title, ctx.snapshot.title, ctx.snapshot.sourceSpaceKey), parentId: target.parentId, body: target.body(record.comments) };
  const journal = await begin(ctx, 'update', change);
  const asked = record.destVersion + 1;
  let page: DestinationPage & { body?: string };
  try {
    page = await ctx.deps.content.update(record.destId, ctx.snapshot.kind, { ...change, version: asked, status: 'current', spaceId: ctx.sync.space.id });
  } catch (e) {
    if (e instanceof ConfluenceError && !e.transient && MISSED_STATUSES.has(e.status)) throw new UnreadWriteMissed(e.message);
    throw e;
  }
  const elsewhere = page.spaceId !== undefined && page.spaceId !== ctx.sync.space.id;
  if (page.version !== asked || page.title !== change.title || (page.body !== undefined && page.body !== change.body) || elsewhere) throw new UnreadWriteMissed(`Confluence answered version ${page.version} of ${record.destId}, not the page asked for`);
  return { page, record: await updatedRecord(ctx, d, page, {}, record.labels), body: change.body, result: synced(page, 'updated'), journal };
}

async function updateCopy(ctx: ApplyContext, d: Decided, target: CopyTarget, overwrites: number | undefined, unread = false): Promise<Written> {
  if (unread) return updateUnread(ctx, d, target);
  const change = pageChange(ctx, d, target);
  const journal = await begin(ctx, 'update', change);
  const page = await ctx.deps.content.update(recorded(d).destId, ctx.snapshot.kind, { ...change, version: current(d).version + 1, status: 'current' });
  const detail = overwrites === undefined ? undefined : `Your copy had been edited here; version ${overwrites} was overwritten and stays in the page history.`;
  return { page, record: await updatedRecord(ctx, d, page), body: change.body, result: synced(page, overwrites === undefined ? 'updated' : 'ahead-overwritten', detail), journal };
}

/**
 * Restoring a trashed page through PUT keeps the words it had in the trash (the reference notes
 * "contents not updated"; UNCONFIRMED), and where it lands when its old parent is gone too is not
 * documented (UNCONFIRMED; the emulator puts it under the home page): when the copy does not read
 * as the source now does, its parent included, a second write brings it up to date. Were the
 * body and parent applied, the read shows it and nothing more is written.
 */
async function restoreCopy(ctx: ApplyContext, d: Decided, target: CopyTarget): Promise<Written> {
  const { content } = ctx.deps;
  const { kind } = ctx.snapshot;
  const id = recorded(d).destId;
  const change = pageChange(ctx, d, target);
  const journal = await begin(ctx, 'restore', change);
  let page = await content.update(id, kind, { ...change, version: current(d).version + 1, status: 'current' });
  const now = await content.getWithBody(id, kind);
  const misplaced = now?.parentId !== undefined && change.parentId !== undefined && now.parentId !== change.parentId;
  if (now && (now.title !== change.title || now.body !== change.body || misplaced)) page = await content.update(id, kind, { ...change, version: now.version + 1, status: 'current' });
  return { page, record: await updatedRecord(ctx, d, page), body: change.body, result: synced(page, 'restored'), journal };
}

/**
 * A folder or other node renamed or moved at the source: only v1 can change the copy, and
 * Confluence may refuse it (UNCONFIRMED). Then the copy keeps its title and place, the record
 * takes the new source state (so it is not tried every hour), and the log says so plainly.
 */
async function updateNode(ctx: ApplyContext, d: Decided, target: CopyTarget): Promise<Written> {
  const { title, parentId } = pageChange(ctx, d, target);
  const journal = await begin(ctx, 'update', { title, body: '' });
  try {
    const page = await ctx.deps.content.update(recorded(d).destId, ctx.snapshot.kind, { title, parentId, body: '', version: current(d).version + 1, status: 'current' });
    return { page, record: await updatedRecord(ctx, d, page, { unmovable: undefined }), body: '', result: synced(page, 'updated'), journal };
  } catch (e) {
    if (!(e instanceof NodeUpdateRefused)) throw e;
  }
  const copy = current(d);
  const noun = NODE_NOUN[ctx.snapshot.kind] ?? 'item';
  const detail = `The ${noun} was renamed or moved at the source, but Confluence’s REST API would not rename or move its copy (it has no update for a ${noun}); the copy keeps the title “${copy.title}” and its place. Pages inside it are still synced.`;
  const record = { ...recorded(d), sourceVersion: ctx.snapshot.version, pageHash: ctx.pageHash, unmovable: true };
  return { page: copy, record, body: '', result: { status: 'synced', outcome: 'partial', destId: copy.id, destVersion: copy.version, detail }, journal };
}

/**
 * A copy the app archived, its original back from the archive: a PUT with status current, once.
 * Whether that restores an archived page is UNCONFIRMED, so the answer is read, and a copy left
 * archived is reported for an admin (from then on the archive is the admin's to undo).
 */
async function unarchiveCopy(ctx: ApplyContext, d: Decided, target: CopyTarget): Promise<Written | Ended> {
  const copy = current(d);
  const tried = { ...recorded(d), archived: false };
  const change = { title: ctx.snapshot.title, parentId: target.parentId, body: target.body(tried.comments) };
  const journal = await begin(ctx, 'unarchive', change);
  const blocked = (destVersion: number): ApplyResult => ({ status: 'failed', outcome: 'failed', destId: copy.id, destVersion, detail: ARCHIVE_BLOCKED });
  let page: DestinationPage;
  try {
    page = await ctx.deps.content.update(copy.id, ctx.snapshot.kind, { ...change, version: copy.version + 1, status: 'current' });
  } catch (e) {
    if (!(e instanceof ConfluenceError) || e.status !== 400) throw e;
    return { ended: blocked(copy.version), record: tried, journal };
  }
  if (page.status !== 'current') return { ended: blocked(page.version), record: { ...tried, destVersion: page.version, pageHash: ctx.pageHash }, journal };
  const record = await updatedRecord(ctx, d, page, { archived: false });
  return { page, record, body: change.body, result: synced(page, 'restored', 'Restored from the archive, as the original was.'), journal };
}

/** The page stands as recorded (and nothing is written to an archived copy); its body stands for what it has. */
async function partsOnly(ctx: ApplyContext, d: Decided, target: CopyTarget): Promise<Written> {
  const record = { ...recorded(d), sourceVersion: ctx.snapshot.version };
  return { page: current(d), record, body: target.body(record.comments), result: { status: 'synced', outcome: 'unchanged', destId: record.destId, destVersion: record.destVersion } };
}
