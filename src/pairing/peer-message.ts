/**
 * Messages between paired installations (DESIGN.md section 3, step 5): compact JWS signed with
 * the sender's pairing key, bound to a pair, stamped with a message id and a time that must be
 * within five minutes of the receiver's clock. The receiver checks the signature with the key it
 * stored for the peer and refuses a message id it has seen (see the inbox).
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, compactVerify, decodeProtectedHeader, decodeJwt, importJWK, type JWK } from 'jose';
import { z } from 'zod';

export const MESSAGE_TYPE = 'space-sync-message+jwt';
export const MAX_CLOCK_SKEW_SECONDS = 300;

export const PeerMessage = z.object({
  type: z.string().min(1).max(40),
  pair: z.string().min(1).max(100),
  msg: z.string().uuid(),
  iat: z.number().int(),
  body: z.record(z.string(), z.unknown()),
});
export type PeerMessage = z.infer<typeof PeerMessage>;

/** Why a message was refused; the inbox answers all of them with the same generic status. */
export class MessageRejected extends Error {}

export async function signPeerMessage(privateJwk: JWK, message: { type: string; pair: string; body: Record<string, unknown> }, nowSeconds: number): Promise<string> {
  return new SignJWT({ type: message.type, pair: message.pair, msg: randomUUID(), body: message.body })
    .setProtectedHeader({ alg: 'EdDSA', typ: MESSAGE_TYPE })
    .setIssuedAt(nowSeconds)
    .sign(await importJWK(privateJwk, 'EdDSA'));
}

/** Reads a message without trusting it, to learn which pair (and so which key) it claims. */
export function peekPeerMessage(jws: string): PeerMessage {
  try {
    if (decodeProtectedHeader(jws).typ !== MESSAGE_TYPE) throw new MessageRejected('wrong type');
    return PeerMessage.parse(decodeJwt(jws));
  } catch (e) {
    throw e instanceof MessageRejected ? e : new MessageRejected('malformed');
  }
}

export async function verifyPeerMessage(jws: string, senderJwk: JWK, nowSeconds: number): Promise<PeerMessage> {
  const claims = peekPeerMessage(jws);
  try {
    await compactVerify(jws, await importJWK(senderJwk, 'EdDSA'), { algorithms: ['EdDSA'] });
  } catch {
    throw new MessageRejected('bad signature');
  }
  if (Math.abs(nowSeconds - claims.iat) > MAX_CLOCK_SKEW_SECONDS) throw new MessageRejected('stale');
  return claims;
}
