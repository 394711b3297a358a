/**
 * The channel between the two sides of a pair once it exists: every message is signed with this
 * installation's pairing key, addressed to the peer's own address for the pair and naming this
 * side's; on arrival it is looked up by this side's own address, verified with the key stored for
 * that pair, checked to come from the peer's address for it (one key signs for all of an
 * installation's pairs), accepted once only, and only then read for its version and body
 * (DESIGN.md section 3, step 5).
 */
import type { JWK } from 'jose';
import type { Role, Sync } from '../domain/sync';
import { PEER_MESSAGES, readAnswer, refuse, sentByRightRole, versionProblem, versionSupported, isMessageType, type BodyOf, type MessageType, type ParsedBodyOf, type PeerResult } from '../contract/peer-protocol';
import { MessageRejected, peekPeerMessage, signPeerMessage, verifyPeerMessage, type PeerMessage } from './peer-message';
import type { InboxDeps, PairingKeys, PeerReply, PeerTransport, SyncStore } from './ports';

export type { Role };

export const otherRole = (role: Role): Role => (role === 'source' ? 'destination' : 'source');

export interface SendDeps {
  keys: PairingKeys;
  transport: PeerTransport;
  nowSeconds(): number;
  /** When given, a refusal for another protocol version is noted on the sync, and a later success clears it. */
  syncs?: Pick<SyncStore, 'get' | 'put'>;
}

/** Signs and sends; the peer's answer as the protocol reads it. */
export async function sendToPeer<T extends MessageType>(deps: SendDeps, sync: Sync, type: T, body: BodyOf<T>): Promise<PeerResult<T>> {
  if (!sync.peer) return { kind: 'unreachable' };
  const { privateJwk } = await deps.keys.keyPair();
  const message = await signPeerMessage(privateJwk, { type, to: otherRole(sync.role), pair: sync.peer.pairId, from: sync.pairId, body: body as Record<string, unknown> }, deps.nowSeconds());
  let answer: PeerReply | undefined;
  try {
    answer = await deps.transport.send(sync.peer.inbox, message);
  } catch {
    answer = undefined;
  }
  const result = readAnswer(type, answer);
  await notePeerVersion(deps, sync, result);
  return result;
}

/** Keeps the sync's note of a version problem true: set on a `version` refusal, cleared by an answer. */
async function notePeerVersion(deps: SendDeps, sync: Sync, result: PeerResult<MessageType>): Promise<void> {
  if (!deps.syncs) return;
  const refusedForVersion = result.kind === 'refused' && result.code === 'version';
  if (!refusedForVersion && (result.kind === 'unreachable' || !sync.peerProblem)) return;
  const current = await deps.syncs.get(sync.space.id, sync.id);
  if (!current) return;
  if (refusedForVersion) {
    const theirs = result.supported?.max ?? 0;
    if (current.peerProblem?.theirs !== theirs) await deps.syncs.put({ ...current, peerProblem: { code: 'version', theirs, at: new Date(deps.nowSeconds() * 1000).toISOString() } });
  } else if (current.peerProblem) {
    const { peerProblem: _cleared, ...rest } = current;
    await deps.syncs.put(rest);
  }
}

/** The sentence an admin reads when a message to the peer did not go through. */
export function describeFailure(result: PeerResult<MessageType>): string {
  if (result.kind === 'refused' && result.code === 'version') return versionProblem(result.supported ?? 0);
  if (result.kind === 'unreachable') return 'The other space could not be reached.';
  return 'The other space refused the message.';
}

export interface OpenedMessage<T extends MessageType = MessageType> {
  sync: Sync;
  message: PeerMessage;
  body: ParsedBodyOf<T>;
}

export type Opened = { opened: OpenedMessage } | { refusal: PeerReply };

/**
 * The sync a message is for and its verified, parsed body; or the refusal to answer. Anything
 * unsigned, forged, stale, replayed or for a pair this side does not have gets the one generic
 * 401. Only a message that proves it comes from the pair's peer learns more: that its version
 * cannot be read here (noted on the sync, for this side's admin too), or that its body is bad.
 */
export async function openPeerMessage(deps: InboxDeps, jws: string): Promise<Opened> {
  let sync: Sync | undefined;
  let message: PeerMessage;
  try {
    const peeked = peekPeerMessage(jws);
    sync = await deps.syncs.findByPair(peeked.pair, peeked.to);
    if (!sync?.peer || sync.state === 'unpaired' || sync.state === 'awaiting-import') return { refusal: refuse.unauthorized() };
    message = await verifyPeerMessage(jws, sync.peer.key as JWK, deps.nowSeconds());
    // The peer's key signs for all its pairs: the message must come from this pair's side of it.
    if (message.from !== sync.peer.pairId) return { refusal: refuse.unauthorized() };
    if (!(await deps.syncs.markMessageSeen(message.msg))) return { refusal: refuse.unauthorized() };
  } catch (e) {
    if (e instanceof MessageRejected) return { refusal: refuse.unauthorized() };
    throw e;
  }
  if (!versionSupported(message.v)) {
    await noteRefusedVersion(deps, sync, message.v);
    return { refusal: refuse.version() };
  }
  if (!isMessageType(message.type) || message.type === 'claim' || !sentByRightRole(message.type, otherRole(sync.role))) return { refusal: refuse.badRequest() };
  const body = PEER_MESSAGES[message.type].body.safeParse(message.body);
  if (!body.success) return { refusal: refuse.badRequest() };
  return { opened: { sync, message, body: body.data as ParsedBodyOf<MessageType> } };
}

async function noteRefusedVersion(deps: InboxDeps, sync: Sync, theirs: number): Promise<void> {
  if (sync.peerProblem?.theirs === theirs) return;
  await deps.syncs.put({ ...sync, peerProblem: { code: 'version', theirs, at: new Date(deps.nowSeconds() * 1000).toISOString() } });
  await deps.log({ syncId: sync.id, outcome: 'version-refused', detail: versionProblem(theirs) });
}
