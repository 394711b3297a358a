/**
 * Delivers signed messages to a peer's inbox web trigger with `fetch` (egress to the web-trigger
 * hosts the manifest declares). A message to this installation's own inbox (a same-site pair)
 * is handed to the inbox in-process, as DESIGN.md says, instead of leaving over HTTPS.
 */
import { fetch } from '@forge/api';
import type { PeerReply, PeerTransport } from '../pairing/ports';
import { keepInboxUrl, ownInbox } from './installation';

const SEND_TIMEOUT_MS = 20_000;

export function peerTransport(deliverLocally: (message: string) => Promise<PeerReply>): PeerTransport {
  return {
    async send(inboxUrl, message) {
      const own = await ownInbox();
      if (inboxUrl === own.url) return remembered(own, await deliverLocally(message));
      const response = await fetch(inboxUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ message }),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      } as Parameters<typeof fetch>[1]);
      const text = await response.text();
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // a peer that answers without JSON is treated as refusing
      }
      return remembered(own, { status: response.status, body });
    },
  };
}

/** After the first message that went through, the own inbox URL costs no more lookups. */
async function remembered(own: { url: string; kept: boolean }, reply: PeerReply): Promise<PeerReply> {
  if (!own.kept && reply.status >= 200 && reply.status < 300) await keepInboxUrl(own.url);
  return reply;
}
