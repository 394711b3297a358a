/**
 * The claim (DESIGN.md section 3, steps 3 and 4). The destination sends the token with its own
 * inbox, key, space and its own address for the pair, signed with its key; the source checks that
 * it signed the token itself, for this app and environment, that the token is the sync's current
 * one and unused (a conditional write, so only one claim ever wins), then records the claimant:
 * paired at once, or waiting for the source admin's approval when the sync asks for it. Anything
 * not carrying a genuine token gets the generic refusal.
 */
import type { JWK } from 'jose';
import { peerName, type PeerRef, type Sync } from '../domain/sync';
import { inboxHost, keyFingerprint } from '../domain/identity';
import { ClaimBody, PEER_MESSAGES, refuse, versionSupported, type Envelope } from '../contract/peer-protocol';
import { hashJti, verifyOwnPairingToken, PairingTokenError } from './pairing-token';
import { MessageRejected, peekPeerMessage, verifyPeerMessage } from './peer-message';
import { type InboxDeps, type PeerReply, type TokenClaimant, type TokenUse } from './ports';
import { resumable } from '../domain/claim-window';
import { inheritedBy, sourceEntry } from './inherit-earlier';

export const CLAIM = 'claim';

export type ClaimRefusal = (typeof PEER_MESSAGES)['claim']['refusals'][number];

const refuseClaim = (reason: ClaimRefusal): PeerReply => refuse.code(reason);

/** The claim's envelope and body once its signature proves the claimant holds the key it announces. */
async function verifiedClaim(deps: InboxDeps, jws: string): Promise<{ envelope: Envelope; body: ClaimBody } | PeerReply> {
  try {
    const peeked = peekPeerMessage(jws);
    if (peeked.type !== CLAIM || peeked.to !== 'source') return refuse.unauthorized();
    // A claim has no pair to verify against yet; its version is all a stranger learns.
    if (!versionSupported(peeked.v)) return refuse.version();
    const parsed = ClaimBody.safeParse(peeked.body);
    if (!parsed.success) return refuse.unauthorized();
    await verifyPeerMessage(jws, parsed.data.destination.key as JWK, deps.nowSeconds());
    return { envelope: peeked, body: parsed.data };
  } catch (e) {
    if (e instanceof MessageRejected) return refuse.unauthorized();
    throw e;
  }
}

export async function acceptClaim(deps: InboxDeps, jws: string): Promise<PeerReply> {
  const verified = await verifiedClaim(deps, jws);
  if ('status' in verified) return verified;
  const { envelope, body } = verified;

  // A site that never issued a token has no key to check against, and a stranger's claim must not make one.
  const own = await deps.keys.existingKeyPair();
  if (!own) return refuse.unauthorized();
  const { publicJwk } = own;
  let claims;
  try {
    claims = await verifyOwnPairingToken(body.token, publicJwk, deps.audience(), deps.nowSeconds());
  } catch (e) {
    if (e instanceof PairingTokenError && e.problem === 'expired') return refuseClaim('expired');
    if (e instanceof PairingTokenError && e.problem === 'audience') return refuseClaim('audience');
    if (e instanceof PairingTokenError) return refuse.unauthorized();
    throw e;
  }
  // The message's addresses must be the token's and the claimant's own: a claim opens one pair, no other.
  if (envelope.pair !== claims.pair || envelope.from !== body.destination.pair) return refuse.unauthorized();
  // A claim replayed word for word is refused as any replayed message is; only a token's holder
  // gets this far, so no stranger makes this side write. A retry is a newly signed claim.
  if (!(await deps.syncs.markMessageSeen(envelope.msg))) return refuse.unauthorized();

  const sync = await deps.syncs.findByPair(claims.pair, 'source');
  const current = sync && (await deps.syncs.currentToken(sync.id));
  const jtiHash = hashJti(claims.jti);
  if (!sync || !current || current.jtiHash !== jtiHash) return refuseClaim('revoked');
  const { destination } = body;
  const claimant: TokenClaimant = { pair: destination.pair, keyX: destination.key.x, spaceId: destination.space.id };
  // The claimant's earlier claim paired the spaces but its answer was lost: the same answer again.
  if (sync.state !== 'awaiting-import') return pairedWith(sync, claimant) ? accepted(sync) : refuseClaim('used');
  // Deleting the sync or issuing a new token uses the token up with the same conditional write,
  // so exactly one of them and this claim goes on; the loser changes nothing. A claim cut off
  // after it used the token (busy storage, a crash) is finished by the same claimant's next one,
  // for a while (claim-window.ts).
  const at = deps.nowSeconds();
  if (!(await deps.syncs.markTokenUsed(jtiHash, { usedAt: at, claimant })) && !resumes(await deps.syncs.tokenUse(jtiHash), claimant, at)) {
    const after = await deps.syncs.get(sync.space.id, sync.id);
    return refuseClaim(after && after.state !== 'awaiting-import' ? 'used' : 'revoked');
  }
  const now = await deps.syncs.get(sync.space.id, sync.id);
  if (now && pairedWith(now, claimant)) return accepted(now);
  if (!now || now.state !== 'awaiting-import') return refuseClaim('revoked');

  const peer: PeerRef = { site: destination.site, space: destination.space, inbox: destination.inbox, key: destination.key, pairId: destination.pair, syncName: destination.syncName, pairedAt: new Date(deps.nowSeconds() * 1000).toISOString() };
  const state = sync.requireApproval ? 'awaiting-approval' : 'active';
  // Only when the destination takes over its copies too, and only from this very installation and space.
  const inherited = body.inherits ? inheritedBy({ ...now, peer }, await deps.syncs.listBySpace(now.space.id)) : undefined;
  const paired: Sync = { ...now, state, peer, ...(inherited?.predecessors.length ? { inherits: inherited.predecessors } : {}) };
  await deps.syncs.put(paired);
  await deps.log({ syncId: sync.id, outcome: 'claimed', detail: describeClaimant(peer, state === 'awaiting-approval') });
  if (inherited?.predecessors.length) await deps.log(sourceEntry(paired, inherited));
  return { status: 200, body: { state, options: sync.options } };
}

const sameClaimant = (a: TokenClaimant | undefined, b: TokenClaimant) => a !== undefined && a.pair === b.pair && a.keyX === b.keyX && a.spaceId === b.spaceId;

/** This claim finishes the one that used the token up: the same claimant, soon enough. */
const resumes = (use: TokenUse | undefined, claimant: TokenClaimant, now: number) => sameClaimant(use?.claimant, claimant) && resumable(use?.usedAt, now);

/** Paired, and with this very claimant: its address, its key and its space. */
function pairedWith(sync: Sync, claimant: TokenClaimant): sync is Sync & { state: 'active' | 'awaiting-approval'; peer: PeerRef } {
  const { peer } = sync;
  return (sync.state === 'active' || sync.state === 'awaiting-approval') && peer !== undefined && sameClaimant({ pair: peer.pairId, keyX: peer.key.x, spaceId: peer.space.id }, claimant);
}

const accepted = (sync: Sync & { state: 'active' | 'awaiting-approval' }): PeerReply => ({ status: 200, body: { state: sync.state, options: sync.options } });

/** Who claimed the token, as the source admin reads it in the activity log. */
export function describeClaimant(peer: PeerRef, waiting: boolean): string {
  const who = `${peerName(peer)}, inbox host ${inboxHost(peer.inbox)}, key fingerprint ${keyFingerprint(peer.key)}`;
  return waiting ? `Claimed by ${who}. Waiting for your approval before anything is sent.` : `Claimed by ${who}. The spaces are paired.`;
}
