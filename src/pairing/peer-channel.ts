/**
 * The channel between the two sides of a pair once it is active: every message is signed with
 * this installation's pairing key, addressed to the peer's role, and on arrival verified with
 * the key stored for the peer and accepted once only (DESIGN.md section 3, step 5).
 */
import type { JWK } from 'jose';
import type { Sync } from '../domain/sync';
import { MessageRejected, peekPeerMessage, signPeerMessage, verifyPeerMessage, type PeerMessage } from './peer-message';
import type { InboxDeps, PairingKeys, PeerReply, PeerTransport } from './ports';

export type Role = Sync['role'];

/** The source changed what to sync; the body carries the options. */
export const OPTIONS_MESSAGE = 'options';
/** The destination has recorded the pair: the source starts the first full sync. */
export const READY_MESSAGE = 'ready';

export interface OpenedMessage {
  sync: Sync;
  message: PeerMessage;
}

export const otherRole = (role: Role): Role => (role === 'source' ? 'destination' : 'source');

export interface SendDeps {
  keys: PairingKeys;
  transport: PeerTransport;
  nowSeconds(): number;
}

/** Signs and sends; the peer's reply, or undefined when it could not be reached. */
export async function sendToPeer(deps: SendDeps, sync: Sync, type: string, body: Record<string, unknown> = {}): Promise<PeerReply | undefined> {
  if (!sync.peer) return undefined;
  const { privateJwk } = await deps.keys.keyPair();
  const message = await signPeerMessage(privateJwk, { type, pair: sync.pairId, body: { ...body, to: otherRole(sync.role) } }, deps.nowSeconds());
  try {
    return await deps.transport.send(sync.peer.inbox, message);
  } catch {
    return undefined;
  }
}

/**
 * The sync a message is for, and the verified message; undefined for anything unsigned, forged,
 * stale, replayed, or for a pair this side no longer has (the inbox answers all alike).
 */
export async function openPeerMessage(deps: InboxDeps, jws: string): Promise<OpenedMessage | undefined> {
  try {
    const peeked = peekPeerMessage(jws);
    const to = peeked.body.to;
    if (to !== 'source' && to !== 'destination') return undefined;
    const sync = await deps.syncs.findByPair(peeked.pair, to);
    if (!sync?.peer || sync.state === 'unpaired') return undefined;
    const message = await verifyPeerMessage(jws, sync.peer.key as JWK, deps.nowSeconds());
    if (!(await deps.syncs.markMessageSeen(message.msg))) return undefined;
    return { sync, message };
  } catch (e) {
    if (e instanceof MessageRejected) return undefined;
    throw e;
  }
}
