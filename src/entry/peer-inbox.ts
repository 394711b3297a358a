/**
 * The peer-inbox web trigger: the only door another installation can knock on. Every message
 * must be a signed message; anything else gets the same generic answer, so a caller learns
 * nothing about what exists here.
 */
import { z } from 'zod';
import { acceptClaim, CLAIM } from '../pairing/claim';
import { applyOptions, applyPairAction, PAIR_ACTIONS } from '../pairing/pair-control';
import { openPeerMessage, OPTIONS_MESSAGE, READY_MESSAGE, type OpenedMessage } from '../pairing/peer-channel';
import { receiveApply, receiveReady } from '../replication/inbox-handlers';
import { APPLY_MESSAGE } from '../replication/send-item';
import { PART_MESSAGE, receivePart } from '../replication/transfer';
import { applyDeps, sourceDeps } from './replication-deps';
import { MessageRejected, peekPeerMessage } from '../pairing/peer-message';
import { UNAUTHORIZED, type InboxDeps, type PeerReply } from '../pairing/ports';
import { kvsPairingKeys, kvsSyncStore } from '../platform/kvs-sync-store';

const WebTriggerRequest = z.object({
  method: z.string(),
  headers: z.record(z.string(), z.array(z.string())).default({}),
  body: z.string().default(''),
});
const Envelope = z.object({ message: z.string().min(1).max(200_000) });

export interface WebTriggerResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

export const MAX_PEER_MESSAGE_BYTES = 256 * 1024;

export function respond(statusCode: number, body: unknown): WebTriggerResponse {
  return { statusCode, headers: { 'Content-Type': ['application/json'] }, body: JSON.stringify(body) };
}

const inboxDeps: InboxDeps = {
  syncs: kvsSyncStore,
  keys: kvsPairingKeys,
  nowSeconds: () => Math.floor(Date.now() / 1000),
};

type PairHandler = (deps: InboxDeps, opened: OpenedMessage) => Promise<PeerReply>;

/** What an active pair's peer may send, by message type. */
const PAIR_HANDLERS: Record<string, PairHandler> = {
  ...Object.fromEntries(PAIR_ACTIONS.map((action) => [action, applyPairAction])),
  [OPTIONS_MESSAGE]: applyOptions,
  [APPLY_MESSAGE]: (_deps, opened) => receiveApply(applyDeps(), opened),
  [READY_MESSAGE]: (_deps, opened) => receiveReady(sourceDeps(handlePeerMessage), opened),
  [PART_MESSAGE]: (_deps, opened) => receivePart(applyDeps(), opened),
};

/** Handles one signed message; shared by the web trigger and same-site delivery. */
export async function handlePeerMessage(message: string): Promise<PeerReply> {
  let type: string;
  try {
    type = peekPeerMessage(message).type;
  } catch (e) {
    if (e instanceof MessageRejected) return UNAUTHORIZED;
    throw e;
  }
  if (type === CLAIM) return acceptClaim(inboxDeps, message);
  const handler = Object.hasOwn(PAIR_HANDLERS, type) ? PAIR_HANDLERS[type] : undefined;
  if (!handler) return UNAUTHORIZED;
  const opened = await openPeerMessage(inboxDeps, message);
  return opened ? handler(inboxDeps, opened) : UNAUTHORIZED;
}

export async function peerInbox(request: unknown): Promise<WebTriggerResponse> {
  const parsed = WebTriggerRequest.safeParse(request);
  if (!parsed.success || parsed.data.method !== 'POST') return respond(405, { error: 'method not allowed' });
  if (Buffer.byteLength(parsed.data.body) > MAX_PEER_MESSAGE_BYTES) return respond(413, { error: 'too large' });
  let envelope;
  try {
    envelope = Envelope.safeParse(JSON.parse(parsed.data.body));
  } catch {
    return respond(UNAUTHORIZED.status, UNAUTHORIZED.body);
  }
  if (!envelope.success) return respond(UNAUTHORIZED.status, UNAUTHORIZED.body);
  const reply = await handlePeerMessage(envelope.data.message);
  return respond(reply.status, reply.body);
}
