/**
 * Pause, resume and unpair, from either side. The change is made here and told to the peer in a
 * signed, pair-bound, replay-checked message; the peer applies the same change. When the peer
 * cannot be told, this side's change stands (an unpaired side sends nothing more) and the
 * caller learns the peer was not reached.
 */
import type { JWK } from 'jose';
import type { Sync, SyncState } from '../domain/sync';
import { summarize } from '../domain/sync';
import { UserError } from '../domain/user-error';
import { MessageRejected, peekPeerMessage, signPeerMessage, verifyPeerMessage } from './peer-message';
import { UNAUTHORIZED, type InboxDeps, type PeerReply, type PeerTransport } from './ports';
import { NOT_ADMIN, type AdminContext, type AdminDeps } from './sync-admin';

export type PairAction = 'pause' | 'resume' | 'unpair';
export const PAIR_ACTIONS: PairAction[] = ['pause', 'resume', 'unpair'];

const NEXT_STATE: Record<PairAction, SyncState> = { pause: 'paused', resume: 'active', unpair: 'unpaired' };
const ALLOWED_FROM: Record<PairAction, SyncState[]> = { pause: ['active'], resume: ['paused'], unpair: ['active', 'paused'] };

export async function changePair(deps: AdminDeps & { transport: PeerTransport }, ctx: AdminContext, syncId: unknown, action: PairAction) {
  if (!(await deps.permissions.isSpaceAdmin(ctx.space.id))) throw new UserError(NOT_ADMIN);
  const sync = typeof syncId === 'string' ? await deps.syncs.get(ctx.space.id, syncId) : undefined;
  if (!sync?.peer) throw new UserError('That sync is not paired with another space.');
  if (!ALLOWED_FROM[action].includes(sync.state)) throw new UserError(`A ${sync.state} sync cannot be ${action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'unpaired'}.`);

  const updated: Sync = { ...sync, state: NEXT_STATE[action] };
  await deps.syncs.put(updated);
  const { privateJwk } = await deps.keys.keyPair();
  const to = sync.role === 'source' ? 'destination' : 'source';
  const message = await signPeerMessage(privateJwk, { type: action, pair: sync.pairId, body: { to } }, deps.nowSeconds());
  let peerNotified = false;
  try {
    peerNotified = (await deps.transport.send(sync.peer.inbox, message)).status === 200;
  } catch {
    peerNotified = false;
  }
  return { sync: summarize(updated, deps.installation.cloudId), peerNotified };
}

/** A pause, resume or unpair from the peer: verified with the peer's stored key, once only. */
export async function receivePairMessage(deps: InboxDeps, jws: string): Promise<PeerReply> {
  try {
    const peeked = peekPeerMessage(jws);
    const action = peeked.type as PairAction;
    if (!PAIR_ACTIONS.includes(action)) return UNAUTHORIZED;
    const to = peeked.body.to;
    if (to !== 'source' && to !== 'destination') return UNAUTHORIZED;
    const sync = await deps.syncs.findByPair(peeked.pair, to);
    if (!sync?.peer || sync.state === 'unpaired') return UNAUTHORIZED;
    const message = await verifyPeerMessage(jws, sync.peer.key as JWK, deps.nowSeconds());
    if (!(await deps.syncs.markMessageSeen(message.msg))) return UNAUTHORIZED;
    // Already in the wanted state (the peer retried): nothing to change, and that is fine.
    if (sync.state !== NEXT_STATE[action]) {
      if (!ALLOWED_FROM[action].includes(sync.state)) return { status: 409, body: { error: 'state' } };
      await deps.syncs.put({ ...sync, state: NEXT_STATE[action] });
    }
    return { status: 200, body: { ok: true } };
  } catch (e) {
    if (e instanceof MessageRejected) return UNAUTHORIZED;
    throw e;
  }
}
