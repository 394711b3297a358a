/**
 * Destination, review before overwrite: a change of the original that meets an edited copy waits
 * beside it (the whole snapshot, kept in parts), one per item: a later change replaces the waiting
 * one, a redelivered one changes nothing. The copy is not written; its record says a review waits,
 * so the page action and a later apply know without another read. A later apply of another kind
 * (the policy was switched meanwhile) settles the wait: the waiting version is dropped.
 */
import { generationOf, settledDetail, occurrenceOf, reviewArrival, reviewNotice, splitParts, waitingDetail, type WaitingReview } from '../domain/review-rules';
import { logged, type ApplyContext, type ApplyResult } from './apply-context';
import type { Decided } from './apply-decision';
import type { MapRecord } from './ports';

export const REVIEW_CAUSE = 'review';

/** The change waits (or replaces the waiting one); nothing is written to the copy. */
export async function waitForReview(ctx: ApplyContext, d: Decided, copyVersion: number): Promise<ApplyResult> {
  const { deps, sync, snapshot } = ctx;
  const record = d.record as MapRecord;
  const at = { destId: record.destId, destVersion: copyVersion };
  // A version whose review kept the edits, delivered again: it does not ask twice.
  if (record.keptHash === ctx.hash) return { status: 'ahead', outcome: 'unchanged', ...at };
  const waiting = record.review ? await deps.reviews.get(sync.pairId, snapshot.sourceId) : undefined;
  const arrival = reviewArrival(waiting, { version: snapshot.version, hash: ctx.hash });
  if (arrival === 'same') return waitingAgain(ctx, waiting as WaitingReview, at);
  if (arrival === 'older') return logged(ctx, { status: 'ahead', outcome: 'stale', ...at, detail: `version ${snapshot.version} is older than version ${waiting?.sourceVersion}, which waits for review` });
  const generation = generationOf(snapshot.version, ctx.hash);
  const parts = splitParts(JSON.stringify(snapshot));
  const review: WaitingReview = {
    occurrence: waiting?.occurrence ?? occurrenceOf(snapshot.sourceId, generation),
    generation,
    sourceVersion: snapshot.version,
    hash: ctx.hash,
    title: snapshot.title,
    copyVersion,
    parts: parts.length,
    at: deps.now(),
    ...(waiting ? { replaced: waiting.sourceVersion } : {}),
  };
  await deps.reviews.put(sync.pairId, snapshot.sourceId, review, parts, waiting);
  // An inherited record is this sync's from now on (its baseline as it was, so it stays AHEAD).
  await deps.copies.commit(sync.pairId, snapshot.sourceId, { ...record, review: { generation }, status: 'ahead' }, { journaled: Boolean(d.journal), ...(d.inheritedFrom ? { created: true, inheritedFrom: d.inheritedFrom } : {}) });
  const result = await logged(ctx, { status: 'ahead', outcome: 'review-waiting', ...at, detail: waitingDetail(review) });
  // Once per wait: a replacing version keeps the wait's occurrence, so it raises nothing new.
  await tell(() => deps.reviewNotices.reviewWaiting(sync, review.occurrence, reviewNotice(snapshot.title, snapshot.version), review.at), sync.id);
  return result;
}

/**
 * The waiting version delivered again: nothing new is logged or raised. A Sync now at the source
 * sends its files' bytes afresh (transfer parts are kept a day): the stored snapshot takes the new
 * transfers, so taking it later finds them.
 */
async function waitingAgain(ctx: ApplyContext, waiting: WaitingReview, at: { destId: string; destVersion: number }): Promise<ApplyResult> {
  if (ctx.snapshot.attachments?.some((a) => a.transfer)) {
    const parts = splitParts(JSON.stringify(ctx.snapshot));
    await ctx.deps.reviews.put(ctx.sync.pairId, ctx.snapshot.sourceId, { ...waiting, parts: parts.length }, parts);
  }
  return { status: 'ahead', outcome: 'review-waiting', ...at, detail: waitingDetail(waiting) };
}

/** A later apply settled the item another way: the waiting version and its notice go. */
/** `result`: what the apply did instead. An answer in review (cause REVIEW_CAUSE) logs its own entry. */
export async function settleWaiting(ctx: ApplyContext, record: MapRecord | undefined, result: ApplyResult): Promise<void> {
  if (!record?.review) return;
  const { deps, sync, snapshot } = ctx;
  const waiting = await deps.reviews.get(sync.pairId, snapshot.sourceId);
  if (!waiting) return;
  if (ctx.cause !== REVIEW_CAUSE) await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: snapshot.sourceId, title: snapshot.title, cause: ctx.cause, outcome: result.status === 'ahead' ? 'review-kept' : 'review-taken', detail: settledDetail(waiting.sourceVersion) });
  await deps.reviews.drop(sync.pairId, snapshot.sourceId, waiting);
  // Plans that commit no record (a kept edit) leave the mark: it goes here.
  const now = await deps.copies.get(sync.pairId, snapshot.sourceId);
  if (now?.review) await deps.copies.put(sync.pairId, snapshot.sourceId, withoutReview(now));
  await tell(() => deps.reviewNotices.reviewAnswered(sync.id, waiting.occurrence), sync.id);
}

/** The record without its review mark, as an apply that settles the wait commits it. */
export function withoutReview(record: MapRecord): MapRecord {
  const { review: _settled, ...rest } = record;
  return rest;
}

/** A notice must never make the sync's own work fail. */
async function tell(notice: () => Promise<void>, syncId: string): Promise<void> {
  try {
    await notice();
  } catch (e) {
    console.warn(`Could not record a notice for sync ${syncId}:`, e instanceof Error ? e.message : e);
  }
}
