/**
 * The claim (DESIGN.md section 3, steps 3 and 4). The destination sends the token with its own
 * inbox, key and space, signed with its key; the source checks that it signed the token itself,
 * that the token is the sync's current one and unused (a conditional write, so only one claim
 * ever wins), then pairs. Anything not carrying a genuine token gets a generic refusal.
 */
import type { JWK } from 'jose';
import { z } from 'zod';
import type { PeerRef, Sync } from '../domain/sync';
import { hashJti, verifyOwnPairingToken, PairingTokenError, PublicJwk } from './pairing-token';
import { MessageRejected, peekPeerMessage, verifyPeerMessage } from './peer-message';
import { UNAUTHORIZED, type InboxDeps, type PeerReply } from './ports';

export const CLAIM = 'claim';

export const ClaimBody = z.object({
  token: z.string().min(20).max(20_000),
  destination: z.object({
    site: z.object({ cloudId: z.string().min(1), url: z.string().url() }),
    space: z.object({ id: z.string().min(1), key: z.string().min(1), name: z.string() }),
    inbox: z.string().url(),
    key: PublicJwk,
    syncName: z.string().min(1).max(200),
  }),
});
export type ClaimBody = z.infer<typeof ClaimBody>;

export type ClaimRefusal = 'used' | 'revoked' | 'expired';

const refuse = (reason: ClaimRefusal): PeerReply => ({ status: 409, body: { error: reason } });

export async function acceptClaim(deps: InboxDeps, jws: string): Promise<PeerReply> {
  const now = deps.nowSeconds();
  let body: ClaimBody;
  try {
    const peeked = peekPeerMessage(jws);
    const parsed = ClaimBody.safeParse(peeked.body);
    if (peeked.type !== CLAIM || !parsed.success) return UNAUTHORIZED;
    // The claim must be signed by the key it announces: the destination proves it holds it.
    await verifyPeerMessage(jws, parsed.data.destination.key as JWK, now);
    body = parsed.data;
  } catch (e) {
    if (e instanceof MessageRejected) return UNAUTHORIZED;
    throw e;
  }

  const { publicJwk } = await deps.keys.keyPair();
  let claims;
  try {
    claims = await verifyOwnPairingToken(body.token, publicJwk, now);
  } catch (e) {
    if (e instanceof PairingTokenError && e.problem === 'expired') return refuse('expired');
    if (e instanceof PairingTokenError) return UNAUTHORIZED;
    throw e;
  }

  const sync = await deps.syncs.get(claims.space.id, claims.sync.id);
  const current = sync && (await deps.syncs.currentToken(sync.id));
  const jtiHash = hashJti(claims.jti);
  if (!sync || sync.role !== 'source' || !current || current.jtiHash !== jtiHash) return refuse('revoked');
  if (sync.state !== 'awaiting-import' || !(await deps.syncs.markTokenUsed(jtiHash))) return refuse('used');

  const peer: PeerRef = { ...body.destination };
  const paired: Sync = { ...sync, state: 'active', peer };
  await deps.syncs.put(paired);
  return {
    status: 200,
    body: {
      pair: sync.id,
      source: { space: sync.space, syncName: sync.name },
      options: sync.options,
    },
  };
}
