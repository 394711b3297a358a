/**
 * Messages between paired installations (DESIGN.md section 3, step 5): compact JWS signed with
 * the sender's pairing key, around the envelope of the peer protocol (src/contract/peer-protocol.ts):
 * the receiver's role and address for the pair, a message id and a time that must be within five
 * minutes of the receiver's clock. The receiver checks the signature with the key it stored for
 * the peer and refuses a message id it has seen (see the peer channel).
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, compactVerify, decodeProtectedHeader, decodeJwt, importJWK, type JWK } from 'jose';
import { Envelope, PROTOCOL_VERSION, type Role } from '../contract/peer-protocol';

export const MESSAGE_TYPE = 'space-sync-message+jwt';
export const MAX_CLOCK_SKEW_SECONDS = 300;

export type PeerMessage = Envelope;

/** Why a message was refused; the inbox answers all of them with the same generic status. */
export class MessageRejected extends Error {}

export interface Outgoing {
  type: string;
  /** The receiving side's role and its address for the pair. */
  to: Role;
  pair: string;
  /** The sending side's own address for the pair. */
  from: string;
  body: Record<string, unknown>;
}

/** `version` is for tests that play a peer on another version of the protocol. */
export async function signPeerMessage(privateJwk: JWK, message: Outgoing, nowSeconds: number, version = PROTOCOL_VERSION): Promise<string> {
  return new SignJWT({ v: version, type: message.type, to: message.to, pair: message.pair, from: message.from, msg: randomUUID(), body: message.body })
    .setProtectedHeader({ alg: 'EdDSA', typ: MESSAGE_TYPE })
    .setIssuedAt(nowSeconds)
    .sign(await importJWK(privateJwk, 'EdDSA'));
}

/** Reads a message without trusting it, to learn which pair (and so which key) it claims. */
export function peekPeerMessage(jws: string): PeerMessage {
  try {
    if (typeof jws !== 'string' || decodeProtectedHeader(jws).typ !== MESSAGE_TYPE) throw new MessageRejected('wrong type');
    return Envelope.parse(decodeJwt(jws));
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
