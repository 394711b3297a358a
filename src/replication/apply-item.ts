/**
 * The destination applies one snapshot. Idempotent on (pair, source id, source version, hash):
 * an older or unchanged snapshot changes nothing. The planner (apply-plan.ts) decides what to do
 * from the record, the journal and the copy; this runs the plan in its phases, each journaled
 * before the work a crash could leave unrecorded (apply-journal.ts): the page, its parts, the
 * archive step, then the commit. The app writes only pages that are provably this sync's copies:
 * in the sync's space, recorded for this pair, and marked with a content property naming this
 * sync and the source page.
 */
import type { Sync } from '../domain/sync';
import type { ApplyJournal } from '../domain/apply-journal';
import { pageHash, snapshotHash, type PageSnapshot } from './snapshot';
import { logged, type ApplyContext, type ApplyDeps, type ApplyResult } from './apply-context';
import { decide, type Decided, type FinalPlan } from './apply-decision';
import { targetOf } from './copy-target';
import { UnreadWriteMissed, writePage, type Written } from './page-writes';
import { partsChange, writeParts, type Parts } from './apply-parts';
import { copyFingerprint } from './copy-state';
import { dropTransfers } from './apply-attachments';
import { recordWaiting, settleIfArrived, settleWaiters } from './waiting-copies';
import { settleWaiting, waitForReview, withoutReview } from './review-wait';
import { ARCHIVE_BLOCKED, archiveCopy, type ArchiveOutcome } from './archive-copy';
import type { MapRecord } from './ports';
import { statusAfterApply, withCopyStatus } from '../domain/copy-counts';
import type { RecordWrite } from './stores';

export type { ApplyDeps, ApplyResult } from './apply-context';

/** `repair` (re-sync everything): an unchanged snapshot still checks that its copy is there. */
export async function applyItem(deps: ApplyDeps, sync: Sync, snapshot: PageSnapshot, cause: string, repair = false): Promise<ApplyResult> {
  const ctx: ApplyContext = { deps, sync, snapshot, cause, hash: snapshotHash(snapshot), pageHash: pageHash(snapshot) };
  try {
    return await decideAndRun(ctx, repair, false);
  } catch (e) {
    // Written without reading the copy, and it did not land as asked: read it, and plan again.
    if (!(e instanceof UnreadWriteMissed)) throw e;
    return decideAndRun(ctx, repair, true);
  }
}

async function decideAndRun(ctx: ApplyContext, repair: boolean, unreadMissed: boolean): Promise<ApplyResult> {
  const d = await decide(ctx, repair, unreadMissed);
  // A version waits for review, and this apply settles the item otherwise (the policy changed): the wait ends with it.
  const waited = d.record?.review && !KEEPS_WAITING.has(d.plan.kind) ? d.record : undefined;
  if (waited) d.record = withoutReview(waited);
  const result = await run(ctx, d);
  if (waited) await settleWaiting(ctx, waited, result);
  return result;
}

/** Plans that leave a waiting review as it is. */
const KEEPS_WAITING = new Set<FinalPlan['kind']>(['stale', 'unchanged', 'gone', 'review-wait']);

async function run(ctx: ApplyContext, d: Decided): Promise<ApplyResult> {
  const { snapshot } = ctx;
  const { plan, record } = d;
  const at = record ? { destId: record.destId, destVersion: record.destVersion } : {};
  switch (plan.kind) {
    case 'stale':
      return logged(ctx, { status: 'synced', outcome: 'stale', ...at, detail: `version ${snapshot.version} is older than ${record?.sourceVersion}` });
    case 'unchanged':
      return { status: 'synced', outcome: 'unchanged', ...at };
    case 'gone':
      return { status: 'deleted', outcome: 'unchanged' };
    case 'keep-ahead':
      await takeOverKept(ctx, d);
      await markStatus(ctx, d, 'ahead');
      return logged(ctx, { status: 'ahead', outcome: 'ahead-kept', destId: record?.destId, destVersion: plan.version, detail: keptDetail(ctx, plan, Boolean(d.inheritedFrom)) });
    case 'review-wait':
      return waitForReview(ctx, d, plan.version);
    case 'archive-blocked':
      await markStatus(ctx, d, 'failed');
      return logged(ctx, { status: 'failed', outcome: 'failed', ...at, destVersion: plan.version, detail: ARCHIVE_BLOCKED });
    case 'remove':
      return removeCopy(ctx, d, plan.trash);
    default:
      return writeCopy(ctx, d, plan);
  }
}

/** A kept edit of an earlier sync's copy: the record is this sync's from now on, its baseline as it was (so it stays AHEAD). */
async function takeOverKept(ctx: ApplyContext, d: Decided): Promise<void> {
  if (!d.inheritedFrom || !d.record) return;
  d.record = withCopyStatus(d.record, 'ahead');
  await ctx.deps.copies.commit(ctx.sync.pairId, ctx.snapshot.sourceId, d.record, { journaled: false, created: true, inheritedFrom: d.inheritedFrom });
}

/** A plan that writes no copy still leaves its record counted as what it ended in (written only when that changes). */
async function markStatus(ctx: ApplyContext, d: Decided, status: 'ahead' | 'failed'): Promise<void> {
  if (!d.record || d.inheritedFrom || d.record.status === status) return;
  const now = await ctx.deps.copies.get(ctx.sync.pairId, ctx.snapshot.sourceId);
  if (now && now.status !== status) await ctx.deps.copies.put(ctx.sync.pairId, ctx.snapshot.sourceId, withCopyStatus(now, status));
}

function keptDetail(ctx: ApplyContext, plan: Extract<FinalPlan, { kind: 'keep-ahead' }>, inherited: boolean): string {
  if (!plan.removed) return `Your copy${inherited ? ' (taken over from the earlier sync)' : ''} was edited here (version ${plan.version}); kept, as this sync keeps destination changes.`;
  return `The original was ${ctx.snapshot.status === 'trashed' ? 'trashed' : 'removed'}; your copy was edited here (version ${plan.version}) and is kept, as this sync keeps destination changes.`;
}

const REMOVED_DETAIL: Partial<Record<PageSnapshot['status'], string>> = {
  deleted: 'Purged at the source; the copy is in this space’s trash for an admin to purge.',
  moved: 'Moved to another space at the source, so it is no longer synced; the copy is in this space’s trash.',
};

/** The app cannot purge (that needs a space admin): a page purged at the source stays in this trash. */
async function removeCopy(ctx: ApplyContext, d: Decided, trash: boolean): Promise<ApplyResult> {
  const record = d.record as MapRecord;
  if (trash) await ctx.deps.content.trash(record.destId, ctx.snapshot.kind);
  await ctx.deps.copies.commit(ctx.sync.pairId, ctx.snapshot.sourceId, { ...record, sourceVersion: ctx.snapshot.version, hash: ctx.hash, pageHash: ctx.pageHash, status: 'deleted' }, { journaled: Boolean(d.journal), ...taken(d) });
  const detail = REMOVED_DETAIL[ctx.snapshot.status];
  return logged(ctx, { status: 'deleted', outcome: 'trashed', destId: record.destId, ...(detail ? { detail } : {}) });
}

type Writing = Parameters<typeof writePage>[2];

/** The page, its parts, the archive step and the commit, each phase journaled before work a crash could leave unrecorded. */
async function writeCopy(ctx: ApplyContext, d: Decided, plan: Writing): Promise<ApplyResult> {
  const { copies } = ctx.deps;
  const { pairId } = ctx.sync;
  const { sourceId } = ctx.snapshot;
  const target = await targetOf(ctx.deps, ctx.sync, ctx.snapshot);
  const step = await writePage(ctx, d, plan, target);
  const journaled = Boolean(d.journal || step.journal);
  // The item's first record: the pair's count of copies grows with its first write (a record taken over from an earlier sync is new to this pair).
  const created = !d.record || Boolean(d.inheritedFrom);
  const inherited = d.inheritedFrom ? { inheritedFrom: d.inheritedFrom } : {};
  if ('ended' in step) {
    await copies.commit(pairId, sourceId, withCopyStatus(step.record, statusAfterApply(step.ended.status, step.record.status)), { journaled, created, ...inherited });
    return logged(ctx, step.ended);
  }
  const partsDue = partsChange(ctx.snapshot, step.record);
  let parts: Parts = step.record;
  if (partsDue) {
    const journal = await advance(ctx, step, 'page-written', step.journal, { created, ...inherited });
    parts = await writeParts(ctx, step, target, d.journal?.phase === 'page-written');
    await advance(ctx, { ...step, record: { ...step.record, ...parts } }, 'parts-written', journal);
  }
  const record = { ...step.record, ...parts };
  const archive = await archiveStep(ctx, plan, step.page);
  await recordWaiting(ctx.deps, pairId, ctx.snapshot, target.unresolved);
  const arrivedHere = plan.kind === 'create' || plan.kind === 'adopt';
  if (arrivedHere) await settleWaiters(ctx.deps, pairId, ctx.sync.space.id, { sourceId, destId: step.page.id }, target.linker);
  await copies.commit(pairId, sourceId, committed(ctx, record, archive), { journaled: journaled || partsDue, created: created && !partsDue, ...(partsDue ? {} : inherited) });
  // Applies running at once (waiting-copies.ts): a waiter that came after the first look, and a page this one waits for that came meanwhile.
  if (arrivedHere) await settleWaiters(ctx.deps, pairId, ctx.sync.space.id, { sourceId, destId: step.page.id }, target.linker);
  await settleIfArrived(ctx.deps, pairId, ctx.sync.space.id, ctx.snapshot, target.unresolved, target.linker);
  await dropTransfers(ctx.deps.transfers, pairId, ctx.snapshot.attachments ?? []);
  const result = await outcome(ctx, step, record, archive, Boolean(d.inheritedFrom));
  // A journal of a page write: the cut-off take-over wrote (or set out to write) what changed since.
  const wrote = d.journal !== undefined && d.journal.step !== 'parts';
  return d.inheritedFrom ? adopted(ctx, wrote && result.outcome === 'unchanged' ? { ...result, outcome: 'updated' } : result) : result;
}

const taken = (d: Decided) => (d.inheritedFrom ? { created: true, inheritedFrom: d.inheritedFrom } : {});

const ADOPTED: Partial<Record<ApplyResult['outcome'], string>> = {
  unchanged: 'Taken over from the earlier sync of these spaces; it was already up to date.',
  updated: 'Taken over from the earlier sync of these spaces, and updated with what changed since.',
};

/** A copy an earlier sync made, taken over by this one: "Adopted" in the log, with what was written. */
async function adopted(ctx: ApplyContext, result: ApplyResult): Promise<ApplyResult> {
  const detail = ADOPTED[result.outcome];
  return detail ? logged(ctx, { ...result, outcome: 'adopted', detail }) : result;
}

/** Journals the phase reached, with the record of what the copy holds so far. */
async function advance(ctx: ApplyContext, step: Written, phase: ApplyJournal['phase'], journal: ApplyJournal | undefined, write: RecordWrite = {}): Promise<ApplyJournal> {
  const base = journal ?? { step: 'parts' as const, hash: ctx.hash, pageHash: ctx.pageHash, sourceVersion: ctx.snapshot.version, at: ctx.deps.now() };
  const next: ApplyJournal = { ...base, phase, wrote: copyFingerprint({ title: step.page.title, body: step.body }) };
  await ctx.deps.copies.advance(ctx.sync.pairId, ctx.snapshot.sourceId, step.record, next, write);
  return next;
}

/** Archives the copy of an archived original once its content is written (the planner said so). */
async function archiveStep(ctx: ApplyContext, plan: Writing, page: { id: string; status: string }): Promise<ArchiveOutcome> {
  const wanted = 'archive' in plan && plan.archive;
  if (wanted && page.status === 'current') return archiveCopy(ctx.deps.content, page.id);
  return { archived: ctx.snapshot.status === 'archived' && page.status === 'archived' };
}

/** Not archived as the original is: the hash stays as it was, so the next sync tries again (and the copy counts as failed until then). */
function committed(ctx: ApplyContext, record: MapRecord, archive: ArchiveOutcome): MapRecord {
  // The copy was read or written as asked just now: whatever someone did to it before is seen (lookFirst).
  const { archived: _was, hash: _old, status: _status, lookFirst: _seen, ...rest } = record;
  const hash = archive.problem ? record.hash : ctx.hash;
  return { ...rest, ...(hash ? { hash } : {}), at: ctx.deps.now(), ...(archive.archived ? { archived: true } : {}), ...(archive.problem ? { status: 'failed' as const } : {}) };
}

const sameParts = (a: MapRecord, b: MapRecord) => JSON.stringify(a.comments ?? {}) === JSON.stringify(b.comments ?? {}) && JSON.stringify(a.attachments ?? {}) === JSON.stringify(b.attachments ?? {});

/** `quiet`: an update or an unchanged copy is not logged here (a take-over logs it as adopted). */
async function outcome(ctx: ApplyContext, step: Written, record: MapRecord, archive: ArchiveOutcome, quiet: boolean): Promise<ApplyResult> {
  const { result } = step;
  const settled = { ...result, ...(result.destId ? { destVersion: record.destVersion } : {}) };
  const log = (r: ApplyResult) => (quiet && r.outcome === 'updated' ? r : logged(ctx, r));
  if (archive.problem) return logged(ctx, { status: 'failed', outcome: 'failed', destId: step.page.id, destVersion: record.destVersion, detail: archive.problem });
  if (archive.archived && !step.record.archived) return logged(ctx, { ...settled, outcome: result.outcome === 'unchanged' ? 'updated' : result.outcome, detail: 'Archived here, as the original is.' });
  const refused = refusedState(ctx, record, step.record);
  if (refused && settled.status === 'synced') return logged(ctx, { ...settled, outcome: 'partial', detail: refused });
  if (result.outcome !== 'unchanged') return log(settled);
  if (!sameParts(record, step.record)) return log({ ...settled, outcome: 'updated', detail: 'Comments or attachments changed; the page itself did not.' });
  if (record.appearance?.hash !== step.record.appearance?.hash) return log({ ...settled, outcome: 'updated', detail: 'Its emoji, cover, width or status changed; the page itself did not.' });
  return settled;
}

/** The look was applied now but for a status this space refused: what the entry says was left out. */
function refusedState(ctx: ApplyContext, record: MapRecord, before: MapRecord): string | undefined {
  const refused = record.appearance?.stateRefused;
  if (!refused || record.appearance?.hash === before.appearance?.hash) return undefined;
  return `Copied, but for its status “${ctx.snapshot.appearance?.state?.name ?? ''}”, which the destination space refused (${refused}).`;
}

