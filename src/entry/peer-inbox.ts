/**
 * The peer-inbox web trigger: the only door another installation can knock on. Every message
 * must be a signed message from a paired peer; anything else gets the same generic answer, so
 * a caller learns nothing about what exists here.
 */
import { z } from 'zod';

const WebTriggerRequest = z.object({
  method: z.string(),
  headers: z.record(z.string(), z.array(z.string())).default({}),
  body: z.string().default(''),
});

export interface WebTriggerResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

export const MAX_PEER_MESSAGE_BYTES = 256 * 1024;

export function respond(statusCode: number, body: unknown): WebTriggerResponse {
  return { statusCode, headers: { 'Content-Type': ['application/json'] }, body: JSON.stringify(body) };
}

export const UNAUTHORIZED = respond(401, { error: 'unauthorized' });

export async function peerInbox(request: unknown): Promise<WebTriggerResponse> {
  const parsed = WebTriggerRequest.safeParse(request);
  if (!parsed.success || parsed.data.method !== 'POST') return respond(405, { error: 'method not allowed' });
  if (Buffer.byteLength(parsed.data.body) > MAX_PEER_MESSAGE_BYTES) return respond(413, { error: 'too large' });
  // No pair exists until pairing (issue 4): no message can be verified, so none is accepted.
  return UNAUTHORIZED;
}
