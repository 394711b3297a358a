/**
 * Pause, resume and unpair, from either side, and the source admin's approval of a claimed
 * pairing. The change is made here and told to the peer in a signed, pair-bound, replay-checked
 * message; the peer applies the same change. Each side lifts only its own pause, so neither can
 * undo what the other decided. When the peer cannot be told, this side's change stands (an
 * unpaired side sends nothing more) and the caller learns the peer was not reached.
 */
import { peerName, summarize, type Role, type Sync } from '../domain/sync';
import { afterPairAction, decisionRule, enforce, pairActionRule, type PairAction } from '../domain/sync-rules';
import { newPairAddress } from '../domain/identity';
import { UserError } from '../domain/user-error';
import { refuse, type MessageType } from '../contract/peer-protocol';
import { describeFailure, otherRole, sendToPeer, type OpenedMessage, type SendDeps } from './peer-channel';
import type { InboxDeps, PeerReply, PeerTransport } from './ports';
import { ownSync, type AdminContext, type AdminDeps } from './sync-admin';

export { PAIR_ACTIONS, type PairAction } from '../domain/sync-rules';

const OK: PeerReply = { status: 200, body: { ok: true } };

export async function changePair(deps: AdminDeps & { transport: PeerTransport }, ctx: AdminContext, syncId: unknown, action: PairAction) {
  const sync = await ownSync(deps, ctx, syncId);
  enforce(pairActionRule(sync, action));
  const updated = afterPairAction(sync, action, sync.role) as Sync;
  await deps.syncs.put(updated);
  const result = await sendToPeer(deps, updated, action, {});
  const peerNotified = result.kind === 'ok';
  return { sync: summarize(updated, deps.installation.cloudId), peerNotified, ...(peerNotified ? {} : { peerProblem: describeFailure(result) }) };
}

/** A pause, resume or unpair from the peer, already verified by the channel. */
export async function applyPairAction(deps: InboxDeps, { sync, message }: OpenedMessage): Promise<PeerReply> {
  const action = message.type as PairAction;
  const peer = otherRole(sync.role);
  if (alreadyDone(sync, action, peer)) return OK; // the peer retried: nothing to change
  const updated = afterPairAction(sync, action, peer);
  if (typeof updated === 'string') return refuse.state();
  await deps.syncs.put(action === 'unpair' ? { ...updated, endedBecause: 'unpaired-by-peer' } : updated);
  return OK;
}

function alreadyDone(sync: Sync, action: PairAction, by: Role): boolean {
  const paused = sync.pausedBy ?? [];
  if (action === 'pause') return paused.includes(by);
  if (action === 'resume') return sync.state === 'active' || (sync.state === 'paused' && !paused.includes(by));
  return sync.state === 'unpaired';
}

/** The source changed what to sync after pairing: the destination records the same options. */
export async function applyOptions(deps: InboxDeps, { sync, body }: OpenedMessage<'options'>): Promise<PeerReply> {
  await deps.syncs.put({ ...sync, options: body.options });
  return OK;
}

export type ClaimDecision = 'approve' | 'decline';

/**
 * The source admin approves or declines a claimed pairing. Approval holds only once the
 * destination has been told (so it never receives content it is not ready for); a decline ends
 * this side whatever the peer hears, and the sync waits for a new token.
 */
export async function decideClaim(deps: AdminDeps & SendDeps, ctx: AdminContext, syncId: unknown, decision: ClaimDecision, onApproved: (sync: Sync) => Promise<void>) {
  const sync = await ownSync(deps, ctx, syncId);
  enforce(decisionRule(sync));
  const who = peerName(sync.peer!);
  const result = await sendToPeer(deps, sync, decision, {});
  if (decision === 'approve') {
    if (result.kind !== 'ok') throw new UserError('peer-unreachable', `${describeFailure(result)} The pairing stays waiting for approval; try again later.`);
    const active: Sync = { ...sync, state: 'active' };
    await deps.syncs.put(active);
    await onApproved(active);
    return { sync: summarize(active, deps.installation.cloudId), detail: `You approved the pairing with ${who}.` };
  }
  // A fresh address too: nothing the declined claimant learned from the token opens the next pairing.
  // What the declined claim would have inherited goes with it: the next claim is judged afresh.
  const { peer: _declined, inherits: _notTaken, ...waiting } = sync;
  const reopened: Sync = { ...waiting, pairId: newPairAddress(), state: 'awaiting-import' };
  await deps.syncs.remove(sync);
  await deps.syncs.create(reopened);
  return { sync: summarize(reopened, deps.installation.cloudId), detail: `You declined the pairing with ${who}. Issue a new token to pair again.` };
}

/** The destination hears the source admin's decision. */
export async function applyDecision(deps: InboxDeps, { sync, message }: OpenedMessage): Promise<PeerReply> {
  const type = message.type as Extract<MessageType, 'approve' | 'decline'>;
  const wanted = type === 'approve' ? 'active' : 'unpaired';
  if (sync.state === wanted) return OK;
  if (sync.state !== 'awaiting-approval') return refuse.state();
  await deps.syncs.put(type === 'approve' ? { ...sync, state: 'active' } : { ...sync, state: 'unpaired', endedBecause: 'declined' });
  return OK;
}
