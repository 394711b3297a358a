/**
 * Delivers signed messages to a peer's inbox web trigger with `fetch` (egress to the web-trigger
 * hosts the manifest declares). A message to this installation's own inbox (a same-site pair)
 * is handed to the inbox in-process, as DESIGN.md says, instead of leaving over HTTPS.
 *
 * The peer is another party: no redirect it answers is followed (a 3xx is its answer, which the
 * protocol reads as a refusal, as the chat poster does), so a signed message never goes on to a
 * host the peer names; and no more of its answer is read than the largest reply the protocol
 * allows, so a peer cannot make this function hold an answer of any size.
 */
import { fetch } from '@forge/api';
import type { PeerReply, PeerTransport } from '../pairing/ports';
import { keepInboxUrl, ownInbox } from './installation';
import { waitBeforeSend, type SendWindow } from '../domain/send-window';

const SEND_TIMEOUT_MS = 20_000;

/**
 * Forge allows one invocation 100 egress requests per runtime minute (forge-platform.md section
 * 2, https://developer.atlassian.com/platform/forge/limits-invocation) and answers the one past
 * it 429 with `forge-proxy-error: FETCH_LIMIT_EXCEEDED` (https://jira.atlassian.com/browse/ECO-491).
 * Whether that minute is a sliding one is UNCONFIRMED, so messages keep to the stricter reading,
 * leaving room for the chat posts an invocation may also make.
 */
export const PEER_SEND_WINDOW: SendWindow = { limit: 90, windowMs: 60_000 };
/** A 429 (the platform's egress limit here, or its invocation limit at the peer's web trigger): as a busy peer, tried again a minute later. */
const EGRESS_LIMITED_RETRY_SECONDS = 60;

/**
 * Larger than any reply of the protocol (the largest, a Verify reply of 200 differences, stays
 * under 700 KB: peer-protocol.ts bounds every field), far smaller than a function's memory.
 */
export const MAX_ANSWER_BYTES = 1024 * 1024;

export class AnswerTooLarge extends Error {}

/** What is read of an answer: `@forge/api` types its Response without `body`, though the runtime's fetch Response has the stream. */
type Answer = { body?: ReadableStream<Uint8Array> | null; arrayBuffer(): Promise<ArrayBuffer> };

/** The body's text, read only up to `limit` bytes: past that the rest is dropped and it throws. */
export async function boundedText(response: Answer, limit = MAX_ANSWER_BYTES): Promise<string> {
  if (!response.body) {
    // No stream to stop early: the size is still held to the limit. UNCONFIRMED that the runtime ever answers so.
    const bytes = await response.arrayBuffer();
    if (bytes.byteLength > limit) throw new AnswerTooLarge(`The peer answered more than ${limit} bytes`);
    return Buffer.from(bytes).toString('utf8');
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new AnswerTooLarge(`The peer answered more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One transport per invocation (the deps are built per invocation), so its window counts that invocation's sends. */
export function peerTransport(deliverLocally: (message: string) => Promise<PeerReply>, window: SendWindow = PEER_SEND_WINDOW): PeerTransport {
  let sent: number[] = [];
  const paced = async () => {
    for (;;) {
      const { inWindow, waitMs } = waitBeforeSend(window, sent, Date.now());
      sent = inWindow;
      if (!waitMs) return void sent.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  };
  // Messages sent at once (a parallel full sync) share one lookup of this side's own inbox URL and one keeping of it.
  let inbox: Promise<{ url: string; kept: boolean }> | undefined;
  const own = () => (inbox ??= ownInbox());
  // After the first message that went through, the own inbox URL costs no more lookups.
  const remembered = async (found: { url: string; kept: boolean }, reply: PeerReply) => {
    if (found.kept || reply.status < 200 || reply.status >= 300) return reply;
    found.kept = true;
    await keepInboxUrl(found.url);
    return reply;
  };
  return {
    async send(inboxUrl, message) {
      const found = await own();
      if (inboxUrl === found.url) return remembered(found, await deliverLocally(message));
      await paced();
      const response = await fetch(inboxUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ message }),
        redirect: 'manual',
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      } as Parameters<typeof fetch>[1]);
      if (response.status === 429) return { status: 503, body: { error: 'busy', retryAfter: EGRESS_LIMITED_RETRY_SECONDS } };
      const text = await boundedText(response as Answer);
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // a peer that answers without JSON is treated as refusing
      }
      return remembered(found, { status: response.status, body });
    },
  };
}
