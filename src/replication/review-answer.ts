/**
 * Answering a version that waits for review, on the copy's page. Only the people the sync lets
 * answer (its listed users and groups, and the destination space's admins; checked here, on the
 * server), only for the waiting version they were shown, once. "Take the new version" applies it
 * (the edits stay in the page history) and the copy is Synced; "Keep my edits" leaves the copy
 * Ahead and drops the waiting version. Either way the source is told, and shows and logs it.
 */
import type { Sync } from '../domain/sync';
import { UserError } from '../domain/user-error';
import { keptDetail, mayAnswer, NOT_ALLOWED_TO_ANSWER, sourceAnswerDetail, takenDetail, type ReviewAnswer, type WaitingReview } from '../domain/review-rules';
import { placeOf } from '../domain/side-words';
import { storageLines, sideBySide, type SideBySide } from '../domain/text-diff';
import { describeFailure, sendToPeer, type OpenedMessage, type SendDeps } from '../pairing/peer-channel';
import type { PeerReply, SpacePermissions, SyncStore } from '../pairing/ports';
import { applyItem, type ApplyDeps } from './apply-item';
import { MissingFileData } from './apply-attachments';
import { PageSnapshot } from './snapshot';
import { REVIEW_CAUSE, withoutReview } from './review-wait';
import { copySync, type PageAccess, type PageRef } from './page-sync';
import type { ActivityLog, SentStore } from './stores';

export interface ReviewAnswerDeps extends SendDeps {
  syncs: Pick<SyncStore, 'listBySpace' | 'findByPair' | 'get' | 'put'>;
  access: Pick<PageAccess, 'view' | 'groupsOf'>;
  permissions: Pick<SpacePermissions, 'isSpaceAdmin'>;
  /** What an apply runs on: the copies, the waiting versions, the destination's content. */
  apply: ApplyDeps;
}

/** A copy's waiting review, as the page's viewer reaches it. */
interface Found {
  sync: Sync;
  sourceId: string;
  waiting: WaitingReview;
}

/** Who may answer: users and groups the sync lists, and the space's admins (group memberships read only when it lists groups). */
export async function mayAnswerReview(deps: Pick<ReviewAnswerDeps, 'access' | 'permissions'>, sync: Sync, accountId: string): Promise<boolean> {
  const groups = sync.pageSync.groups.length ? await deps.access.groupsOf(accountId) : [];
  if (mayAnswer(sync.pageSync, { accountId, groups, spaceAdmin: false })) return true;
  return deps.permissions.isSpaceAdmin(sync.space.id);
}

/** The waiting review on this page for `syncId`, checked against what the person may do. */
async function waitingOn(deps: ReviewAnswerDeps, accountId: string, page: PageRef, syncId: string): Promise<Found> {
  if (!(await deps.access.view(page.id, page.kind))) throw new UserError('page-not-visible', 'You cannot see this page.');
  const origin = await deps.apply.copies.origin(page.id);
  const sync = origin ? await copySync(deps, page, origin.pairId) : undefined;
  if (!origin || !sync || sync.id !== syncId || sync.pairId !== origin.pairId) throw new UserError('sync-not-found', 'This page is not a copy of that sync.');
  if (!(await mayAnswerReview(deps, sync, accountId))) throw new UserError('review-not-permitted', NOT_ALLOWED_TO_ANSWER);
  const waiting = await deps.apply.reviews.get(sync.pairId, origin.sourceId);
  if (!waiting) throw new UserError('review-stale', 'No newer version waits for this page any more. Reload to see it as it is now.');
  return { sync, sourceId: origin.sourceId, waiting };
}

export interface ReviewDifference extends SideBySide {
  generation: string;
  copy: { version: number; title: string };
  waiting: { version: number; title: string };
}

/** The copy now beside the waiting version, as text: for the people who may answer. */
export async function reviewDifference(deps: ReviewAnswerDeps, accountId: string, page: PageRef, syncId: string): Promise<ReviewDifference> {
  const { sync, sourceId, waiting } = await waitingOn(deps, accountId, page, syncId);
  const [copy, json] = await Promise.all([deps.apply.content.getWithBody(page.id, page.kind), deps.apply.reviews.snapshot(sync.pairId, sourceId, waiting)]);
  if (!copy || !json) throw new UserError('review-stale', 'The waiting version cannot be read now. Reload to try again.');
  const snapshot = PageSnapshot.parse(JSON.parse(json));
  return {
    generation: waiting.generation,
    copy: { version: copy.version, title: copy.title },
    waiting: { version: waiting.sourceVersion, title: snapshot.title },
    ...sideBySide(storageLines(copy.body), storageLines(snapshot.body)),
  };
}

const STALE = 'This version was answered already, or a newer one replaced it: nothing changed. Reload to see the page as it is now.';

/** "Take the new version" or "Keep my edits", for the waiting version named by `generation`. */
export async function answerReview(deps: ReviewAnswerDeps, accountId: string, page: PageRef, input: { syncId: string; generation: string; answer: ReviewAnswer }): Promise<{ status: 'synced' | 'ahead'; peerNotified: boolean }> {
  const found = await waitingOn(deps, accountId, page, input.syncId);
  const { sync, sourceId, waiting } = found;
  if (waiting.generation !== input.generation) throw new UserError('review-stale', STALE);
  if (sync.state !== 'active') throw new UserError('not-allowed-now', 'This sync is not running (paused or unpaired): answer once it runs again.');
  if (!(await deps.apply.reviews.claimAnswer(sync.pairId, sourceId, waiting.generation))) throw new UserError('review-stale', STALE);
  try {
    return input.answer === 'take' ? await take(deps, found, accountId) : await keep(deps, found, accountId);
  } catch (e) {
    // Nothing settled: the same version may be answered again.
    await deps.apply.reviews.releaseAnswer(sync.pairId, sourceId, waiting.generation);
    throw e;
  }
}

async function take(deps: ReviewAnswerDeps, { sync, sourceId, waiting }: Found, by: string) {
  const json = await deps.apply.reviews.snapshot(sync.pairId, sourceId, waiting);
  if (!json) throw new UserError('review-stale', 'The waiting version cannot be read now. Reload to try again.');
  const snapshot = PageSnapshot.parse(JSON.parse(json));
  // The apply's own entry says the edit was overwritten; in review it is the person's answer.
  const activity: Pick<ActivityLog, 'log'> = {
    log: (entry) => deps.apply.activity.log(entry.sourceId === sourceId && entry.outcome === 'ahead-overwritten' ? { ...entry, by, outcome: 'review-taken', detail: takenDetail(waiting.sourceVersion, waiting.copyVersion) } : entry),
  };
  // Taken: this one apply overwrites the edit, as "source wins" would.
  const overwriting: Sync = { ...sync, options: { ...sync.options, conflictPolicy: 'source-wins' } };
  let result;
  try {
    result = await applyItem({ ...deps.apply, activity }, overwriting, snapshot, REVIEW_CAUSE);
  } catch (e) {
    if (e instanceof MissingFileData) throw new UserError('review-stale', 'The waiting version’s files are no longer kept here. Ask for “Sync now” on the original to send it again.');
    throw e;
  }
  const told = await sendToPeer(deps, sync, 'review-answer', { sourceId, answer: 'take', sourceVersion: waiting.sourceVersion, copyVersion: waiting.copyVersion, ...(result.destVersion !== undefined ? { destVersion: result.destVersion } : {}) });
  return { status: result.status === 'synced' ? ('synced' as const) : ('ahead' as const), peerNotified: told.kind === 'ok' };
}

async function keep(deps: ReviewAnswerDeps, { sync, sourceId, waiting }: Found, by: string) {
  const { copies, reviews, activity, reviewNotices, now } = deps.apply;
  // The source must hear it (its page action says the copy kept its edits): unreachable, nothing changes.
  const told = await sendToPeer(deps, sync, 'review-answer', { sourceId, answer: 'keep', sourceVersion: waiting.sourceVersion, copyVersion: waiting.copyVersion });
  if (told.kind !== 'ok') throw new UserError('peer-unreachable', `${describeFailure(told)} Nothing changed; try again later.`);
  const record = await copies.get(sync.pairId, sourceId);
  if (record) await copies.put(sync.pairId, sourceId, { ...withoutReview(record), keptHash: waiting.hash });
  await reviews.drop(sync.pairId, sourceId, waiting);
  await activity.log({ at: now(), syncId: sync.id, sourceId, title: waiting.title, cause: REVIEW_CAUSE, by, outcome: 'review-kept', detail: keptDetail(waiting.sourceVersion, waiting.copyVersion) });
  await reviewNotices.reviewAnswered(sync.id, waiting.occurrence).catch((e: unknown) => console.warn(`Could not clear a notice for sync ${sync.id}:`, e instanceof Error ? e.message : e));
  return { status: 'ahead' as const, peerNotified: true };
}

const OK: PeerReply = { status: 200, body: { ok: true } };

/**
 * Source: the copy's answer. It changes the record only while it still speaks of the version
 * sent last (a newer one went meanwhile: only the log says it); a repeat changes nothing twice.
 */
export async function receiveReviewAnswer(deps: { sent: Pick<SentStore, 'get' | 'put'>; activity: Pick<ActivityLog, 'log'>; now(): string }, { sync, body }: OpenedMessage<'review-answer'>): Promise<PeerReply> {
  const sent = await deps.sent.get(sync.pairId, body.sourceId);
  if (!sent?.destId) return OK;
  const repeat = body.answer === 'keep' ? sent.review?.state === 'kept' && sent.review.sourceVersion === body.sourceVersion : !sent.review && sent.status === 'synced' && sent.destVersion === body.destVersion;
  if (repeat) return OK;
  const detail = sourceAnswerDetail(body.answer, placeOf(sync.peer), body.sourceVersion, body.copyVersion);
  if (sent.version === body.sourceVersion) {
    const { review: _waited, aheadVersion: _edited, reason: _said, ...rest } = sent;
    const after = body.answer === 'take' ? { ...rest, status: 'synced' as const, ...(body.destVersion !== undefined ? { destVersion: body.destVersion } : {}) } : { ...rest, status: 'ahead' as const, aheadVersion: body.copyVersion, reason: detail, review: { state: 'kept' as const, sourceVersion: body.sourceVersion, copyVersion: body.copyVersion } };
    await deps.sent.put(sync.pairId, body.sourceId, { ...after, at: deps.now() }, sent);
  }
  await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: body.sourceId, title: sent.title ?? '', cause: REVIEW_CAUSE, outcome: body.answer === 'take' ? 'review-taken' : 'review-kept', detail });
  return OK;
}
