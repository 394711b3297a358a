/**
 * Answering the mass-delete guard, from either side. The source acts: "Confirm the deletion"
 * lets the held trashes go; "Undo" restores the held pages from the source's trash (a v2 PUT
 * with status current restores a trashed page, confluence-real row 30), so the copies stay and
 * the two spaces are equal again. Either way the hold is lifted on both sides, the sync runs
 * again, and a catch-up sends what waited meanwhile (every item read, only differences sent).
 * Each question is answered once: a second answer, or one to a question no longer asked,
 * changes nothing and says so.
 */
import { answerRule, answerWords, restoreOrder, type GuardAnswer, type GuardHold } from '../domain/mass-delete-guard';
import { guardAnswerRule, enforce, withPause } from '../domain/sync-rules';
import { summarize, type Sync } from '../domain/sync';
import { UserError } from '../domain/user-error';
import { describeFailure, sendToPeer, type OpenedMessage } from '../pairing/peer-channel';
import type { InboxDeps, PeerReply } from '../pairing/ports';
import { ownSync, type AdminContext, type AdminDeps } from '../pairing/sync-admin';
import { catchUp } from './full-sync';
import type { FullSyncDeps } from './full-sync';
import { GUARD_CAUSE, type GuardDeps, type SourceRestore } from './mass-delete';
import type { ContentKind } from './snapshot';

export interface SettleDeps extends GuardDeps, Pick<FullSyncDeps, 'fullSync' | 'queue'> {
  restore: SourceRestore;
}

export type AnswerDeps = AdminDeps & SettleDeps;

type Settled = { outcome: 'done'; sync: Sync; detail: string } | { outcome: 'stale'; reason: string };

const lifted = (sync: Sync): Sync => {
  const { hold: _answered, ...rest } = withPause(sync, 'source', false);
  return rest;
};

/** Restores the held pages parents first; what Confluence brought back with its parent is left be. */
async function restoreHeld(restore: SourceRestore, held: GuardHold['items']): Promise<{ restored: number; notRestored: string[] }> {
  let restored = 0;
  const notRestored: string[] = [];
  for (const item of restoreOrder(held)) {
    const outcome = await restore.restore(item.id, item.kind as ContentKind);
    if (outcome === 'not-restorable') notRestored.push(item.id);
    else restored += 1;
  }
  return { restored, notRestored };
}

/** The source settles the question: once only, whichever side's admin answered. */
export async function settleAtSource(deps: SettleDeps, sync: Sync, question: string, answer: GuardAnswer, by?: string): Promise<Settled> {
  const rule = answerRule(sync.hold, question);
  if (!rule.ok) return { outcome: 'stale', reason: rule.reason };
  if (!(await deps.guard.claimAnswer(sync.pairId, question))) return { outcome: 'stale', reason: 'This question was answered already.' };
  const hold = sync.hold as GuardHold;
  const record = await deps.guard.get(sync.pairId);
  let detail: string;
  if (answer === 'confirm') {
    await deps.guard.put(sync.pairId, { ...record, window: [], windowSince: deps.now(), held: [], settled: [...new Set([...record.settled, ...record.held.map((h) => h.id)])] });
    detail = answerWords('confirm', hold);
  } else {
    const result = await restoreHeld(deps.restore, record.held.length ? record.held : hold.items);
    await deps.guard.put(sync.pairId, { ...record, window: [], windowSince: deps.now(), held: [], kept: [...new Set([...record.kept, ...result.notRestored])] });
    detail = answerWords('undo', hold, { restored: result.restored, notRestored: result.notRestored.length });
  }
  await deps.guard.releaseHold(sync.pairId);
  const after = lifted((await deps.syncs.get(sync.space.id, sync.id)) ?? sync);
  await deps.syncs.put(after);
  await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: '', title: '', cause: GUARD_CAUSE, ...(by ? { by } : {}), outcome: answer === 'confirm' ? 'delete-confirmed' : 'delete-undone', detail });
  // What waited while held (the confirmed trashes, edits made meanwhile) is sent by the caller once
  // the destination has been told: until then it still holds and refuses items.
  return { outcome: 'done', sync: after, detail };
}

/** The destination hears the answer: the hold is lifted here too, and the log says so. */
async function settleAtDestination(deps: Pick<InboxDeps, 'syncs'> & Pick<GuardDeps, 'activity' | 'now'>, sync: Sync, question: string, answer: GuardAnswer, detail: string, by?: string): Promise<Sync | undefined> {
  if (!answerRule(sync.hold, question).ok) return undefined;
  const after = lifted(sync);
  await deps.syncs.put(after);
  await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: '', title: '', cause: GUARD_CAUSE, ...(by ? { by } : {}), outcome: answer === 'confirm' ? 'delete-confirmed' : 'delete-undone', detail });
  return after;
}

/** An admin of this side answers (the resolver checked they administer the space). */
export async function answerMassDelete(deps: AnswerDeps, ctx: AdminContext, input: { syncId: string; question: string; answer: GuardAnswer }) {
  const sync = await ownSync(deps, ctx, input.syncId);
  const stale = answerRule(sync.hold, input.question);
  if (!stale.ok) throw new UserError('question-stale', stale.reason);
  enforce(guardAnswerRule(sync));
  if (sync.role === 'source') {
    const settled = await settleAtSource(deps, sync, input.question, input.answer, ctx.accountId);
    if (settled.outcome === 'stale') throw new UserError('question-stale', settled.reason || 'This question was answered already.');
    const told = await sendToPeer(deps, settled.sync, 'guard-answer', { question: input.question, answer: input.answer, detail: settled.detail });
    await catchUp(deps, settled.sync, 'resumed');
    return { sync: summarize(settled.sync, deps.installation.cloudId), detail: settled.detail, peerNotified: told.kind === 'ok' };
  }
  // The destination asks the source, which holds the trashes and acts; nothing changes here unless it did.
  const reply = await sendToPeer(deps, sync, 'guard-answer', { question: input.question, answer: input.answer });
  if (reply.kind !== 'ok') throw new UserError('peer-unreachable', `${describeFailure(reply)} Nothing changed; try again later.`);
  if (reply.reply.outcome === 'stale') {
    // The source no longer asks this question: this side catches up with what it asks now, if anything.
    const now = reply.reply.hold;
    await deps.syncs.put(now ? { ...withPause(sync, 'source', true), hold: now as GuardHold } : lifted(sync));
    throw new UserError('question-stale', now ? 'The source space asks a newer question now. Reload to see it.' : 'The source space has answered this question already. Reload to see the sync as it is now.');
  }
  const detail = reply.reply.detail ?? '';
  const after = (await settleAtDestination(deps, sync, input.question, input.answer, detail, ctx.accountId)) ?? sync;
  return { sync: summarize(after, deps.installation.cloudId), detail, peerNotified: true };
}

/** The source's question arrives: the destination pauses, held by the source, and shows it. */
export async function receiveGuardHold(deps: InboxDeps, { sync, body }: OpenedMessage<'guard-hold'>): Promise<PeerReply> {
  if (sync.hold?.question === body.question) return { status: 200, body: { ok: true } }; // the source retried
  if (sync.state === 'unpaired') return { status: 409, body: { error: 'state' } };
  await deps.syncs.put({ ...withPause(sync, 'source', true), hold: body });
  return { status: 200, body: { ok: true } };
}

/** How long after answering the destination's admin the source starts sending what waited. */
const AFTER_ANSWER_SECONDS = 5;

/** An answer from the peer: the source settles a destination admin's answer; the destination hears the source's. */
export async function receiveGuardAnswer(deps: InboxDeps, settle: SettleDeps, { sync, body }: OpenedMessage<'guard-answer'>): Promise<PeerReply> {
  if (sync.role === 'source') {
    const settled = await settleAtSource(settle, sync, body.question, body.answer);
    // The destination lifts its hold when this answer reaches it: the run starts a little later, so its first items are not refused.
    if (settled.outcome === 'done') await catchUp(settle, settled.sync, 'resumed', AFTER_ANSWER_SECONDS);
    const asked = settled.outcome === 'stale' ? (await settle.syncs.get(sync.space.id, sync.id))?.hold : undefined;
    return { status: 200, body: settled.outcome === 'done' ? { outcome: 'done', detail: settled.detail } : { outcome: 'stale', ...(asked ? { hold: asked } : {}) } };
  }
  const after = await settleAtDestination({ syncs: deps.syncs, activity: settle.activity, now: settle.now }, sync, body.question, body.answer, body.detail ?? '');
  return { status: 200, body: { outcome: after ? 'done' : 'stale' } };
}
