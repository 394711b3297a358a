/**
 * The peer-inbox web trigger: the only door another installation can knock on. Every message
 * must be a signed message; anything else gets the same generic answer, so a caller learns
 * nothing about what exists here.
 */
import { z } from 'zod';
import { acceptClaim } from '../pairing/claim';
import { quotaWait } from '../confluence/quota';
import { applyDecision, applyOptions, applyPairAction } from '../pairing/pair-control';
import { openPeerMessage, type OpenedMessage } from '../pairing/peer-channel';
import { receiveApply, receiveApplyBatch, receiveReady } from '../replication/inbox-handlers';
import { inTurn } from '../replication/create-turns';
import { receivePart } from '../replication/transfer';
import { receiveDrift } from '../replication/drift';
import { receiveOrder } from '../replication/sibling-order';
import { applyDeps, settleDeps, sourceDeps, verifyDestinationDeps, verifySourceDeps } from './replication-deps';
import { receiveGuardAnswer, receiveGuardHold } from '../replication/mass-delete-answer';
import { receiveReviewAnswer } from '../replication/review-answer';
import { receiveVerify } from '../replication/verify-destination';
import { receiveVerifyRequest } from '../replication/verify-source';
import { receiveResend } from '../replication/verify-repair';
import { copyInspector } from '../confluence/copy-inspector';
import { MessageRejected, peekPeerMessage } from '../pairing/peer-message';
import type { InboxDeps, PeerReply } from '../pairing/ports';
import { refuse, type MessageType } from '../contract/peer-protocol';
import { STORAGE_RETRY_AFTER_SECONDS, storageBusy } from '../replication/retry';
import { kvsPairingKeys, kvsSyncStore } from '../platform/kvs-sync-store';
import { logPairing } from '../platform/kvs-activity-log';
import { notifyHeld } from './notice-deps';
import { appAudience } from '../platform/installation';
import { withCatchUp } from './catch-up-hook';

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
  audience: appAudience,
  log: logPairing,
  nowSeconds: () => Math.floor(Date.now() / 1000),
};

type Handler<T extends MessageType> = (deps: InboxDeps, opened: OpenedMessage<T>) => Promise<PeerReply>;

/** What a pair's peer may send, one handler per message type of the protocol (the claim has no pair yet). */
const PAIR_HANDLERS: { [T in Exclude<MessageType, 'claim'>]: Handler<T> } = {
  ready: (_deps, opened) => receiveReady(sourceDeps(handlePeerMessage), opened),
  approve: applyDecision,
  decline: applyDecision,
  pause: applyPairAction,
  // The destination lifted its pause: the source catches up on what waited meanwhile.
  resume: (deps, opened) => withCatchUp(opened.sync, () => applyPairAction(deps, opened)),
  unpair: applyPairAction,
  options: applyOptions,
  apply: (_deps, opened) => receiveApply({ ...applyDeps(), inspector: copyInspector }, opened),
  // Each item as a single apply would be, all with one set of deps (one invocation), timed from
  // here; the creates of one family take turns (create-turns.ts).
  'apply-batch': (_deps, opened) => {
    const arrivedAt = Date.now();
    const deps = { ...applyDeps(), inspector: copyInspector };
    return receiveApplyBatch({ elapsedMs: () => Date.now() - arrivedAt, quotaWait: () => quotaWait() }, (one, turn) => receiveApply({ ...deps, content: inTurn(deps.content, turn) }, one), opened);
  },
  part: (_deps, opened) => receivePart(applyDeps(), opened),
  order: (_deps, opened) => {
    const arrivedAt = Date.now();
    return receiveOrder({ ...applyDeps(), elapsedMs: () => Date.now() - arrivedAt }, opened);
  },
  drift: (_deps, opened) => receiveDrift(sourceDeps(handlePeerMessage), opened),
  verify: (_deps, opened) => receiveVerify(verifyDestinationDeps(), opened),
  'verify-request': (_deps, opened) => receiveVerifyRequest(verifySourceDeps(handlePeerMessage), opened),
  resend: (_deps, opened) => receiveResend(verifySourceDeps(handlePeerMessage), opened),
  // The destination hears of a held mass delete: its admins are told (once per question) too.
  'guard-hold': async (deps, opened) => {
    const reply = await receiveGuardHold(deps, opened);
    if (reply.status === 200) await notifyHeld(opened.sync, opened.body);
    return reply;
  },
  'review-answer': (_deps, opened) => receiveReviewAnswer(sourceDeps(handlePeerMessage), opened),
  'guard-answer': (deps, opened) => receiveGuardAnswer(deps, settleDeps(handlePeerMessage), opened),
};

/**
 * Handles one signed message; shared by the web trigger and same-site delivery. Storage over its
 * rate answers busy with a wait, as Confluence's 429 does: the sender tries again later.
 */
export async function handlePeerMessage(message: string): Promise<PeerReply> {
  try {
    return await handleMessage(message);
  } catch (e) {
    if (storageBusy(e)) return refuse.storageBusy(STORAGE_RETRY_AFTER_SECONDS);
    throw e;
  }
}

async function handleMessage(message: string): Promise<PeerReply> {
  let type: string;
  try {
    type = peekPeerMessage(message).type;
  } catch (e) {
    if (e instanceof MessageRejected) return refuse.unauthorized();
    throw e;
  }
  if (type === 'claim') return acceptClaim(inboxDeps, message);
  const opened = await openPeerMessage(inboxDeps, message);
  if ('refusal' in opened) return opened.refusal;
  const handler = PAIR_HANDLERS[opened.opened.message.type as Exclude<MessageType, 'claim'>] as Handler<MessageType>;
  return handler(inboxDeps, opened.opened);
}

function unauthorized(): WebTriggerResponse {
  const { status, body } = refuse.unauthorized();
  return respond(status, body);
}

export async function peerInbox(request: unknown): Promise<WebTriggerResponse> {
  const parsed = WebTriggerRequest.safeParse(request);
  if (!parsed.success || parsed.data.method !== 'POST') return respond(405, { error: 'method not allowed' });
  if (Buffer.byteLength(parsed.data.body) > MAX_PEER_MESSAGE_BYTES) return respond(413, { error: 'too large' });
  let envelope;
  try {
    envelope = Envelope.safeParse(JSON.parse(parsed.data.body));
  } catch {
    return unauthorized();
  }
  if (!envelope.success) return unauthorized();
  const reply = await handlePeerMessage(envelope.data.message);
  return respond(reply.status, reply.body);
}
