/**
 * Pause, resume and unpair, from either side. The change is made here and told to the peer in a
 * signed, pair-bound, replay-checked message; the peer applies the same change. When the peer
 * cannot be told, this side's change stands (an unpaired side sends nothing more) and the
 * caller learns the peer was not reached.
 */
import type { Sync, SyncState } from '../domain/sync';
import { summarize, SyncOptions } from '../domain/sync';
import { UserError } from '../domain/user-error';
import { sendToPeer, type OpenedMessage } from './peer-channel';
import type { InboxDeps, PeerReply, PeerTransport } from './ports';
import { requireAdmin, type AdminContext, type AdminDeps } from './sync-admin';

export type PairAction = 'pause' | 'resume' | 'unpair';
export const PAIR_ACTIONS: PairAction[] = ['pause', 'resume', 'unpair'];

const NEXT_STATE: Record<PairAction, SyncState> = { pause: 'paused', resume: 'active', unpair: 'unpaired' };
const ALLOWED_FROM: Record<PairAction, SyncState[]> = { pause: ['active'], resume: ['paused'], unpair: ['active', 'paused'] };

export async function changePair(deps: AdminDeps & { transport: PeerTransport }, ctx: AdminContext, syncId: unknown, action: PairAction) {
  await requireAdmin(deps, ctx);
  const sync = typeof syncId === 'string' ? await deps.syncs.get(ctx.space.id, syncId) : undefined;
  if (!sync?.peer) throw new UserError('That sync is not paired with another space.');
  if (!ALLOWED_FROM[action].includes(sync.state)) throw new UserError(`A ${sync.state} sync cannot be ${action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'unpaired'}.`);

  const updated: Sync = { ...sync, state: NEXT_STATE[action] };
  await deps.syncs.put(updated);
  const reply = await sendToPeer(deps, sync, action);
  return { sync: summarize(updated, deps.installation.cloudId), peerNotified: reply?.status === 200 };
}
/** A pause, resume or unpair from the peer, already verified by the channel. */
export async function applyPairAction(deps: InboxDeps, { sync, message }: OpenedMessage): Promise<PeerReply> {
  const action = message.type as PairAction;
  // Already in the wanted state (the peer retried): nothing to change, and that is fine.
  if (sync.state !== NEXT_STATE[action]) {
    if (!ALLOWED_FROM[action].includes(sync.state)) return { status: 409, body: { error: 'state' } };
    await deps.syncs.put({ ...sync, state: NEXT_STATE[action] });
  }
  return { status: 200, body: { ok: true } };
}

/** The source changed what to sync after pairing: the destination records the same options. */
export async function applyOptions(deps: InboxDeps, { sync, message }: OpenedMessage): Promise<PeerReply> {
  const options = SyncOptions.safeParse(message.body.options);
  if (sync.role !== 'destination' || !options.success) return { status: 400, body: { error: 'bad request' } };
  await deps.syncs.put({ ...sync, options: options.data });
  return { status: 200, body: { ok: true } };
}
