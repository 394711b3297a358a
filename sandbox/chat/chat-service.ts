/**
 * The sandbox's stand-in for Slack, Microsoft Teams workflows and Google Chat: the local Forge
 * host routes the app's fetches to their declared hosts here (after its egress check), so a
 * user sees the messages arrive. It answers as the services document: 200 to a body of the
 * service's shape, 400 to anything else (Slack: `invalid_payload`), 404 to an unknown hook, and
 * whatever the test or the launcher queued (a 429 with Retry-After, a 500).
 */
import { serviceOfHost, type ChatService } from '../../src/domain/chat-webhook-url';

export interface ChatMessage {
  id: number;
  at: string;
  service: ChatService;
  /** The hook's address without its secret part: the host and the last 4 characters. */
  hook: string;
  /** What a person reads: the `text` (Slack's entities shown as characters), or the Teams card's text blocks joined. */
  text: string;
  body: unknown;
}

export interface QueuedAnswer {
  status: number;
  retryAfter?: string;
  /** Only this service answers it (any, when absent). */
  service?: ChatService;
}

/** Slack shows `&amp;`, `&lt;` and `&gt;` as the characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
const slackShown = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** A card element's text: a TextBlock's, or a RichTextBlock's runs (strings or TextRuns) joined. */
function blockText(block: any): string { // eslint-disable-line @typescript-eslint/no-explicit-any -- a posted card element
  if (block?.type === 'RichTextBlock' && Array.isArray(block.inlines)) return block.inlines.map((r: unknown) => (typeof r === 'string' ? r : ((r as { text?: string })?.text ?? ''))).join('');
  return typeof block?.text === 'string' ? block.text : '';
}

function textOf(service: ChatService, body: any): string | undefined { // eslint-disable-line @typescript-eslint/no-explicit-any -- a posted JSON body
  if (service !== 'teams') return typeof body?.text === 'string' && body.text ? (service === 'slack' ? slackShown(body.text) : body.text) : undefined;
  const card = body?.type === 'message' && Array.isArray(body.attachments) ? body.attachments[0]?.content : undefined;
  if (card?.type !== 'AdaptiveCard' || !Array.isArray(card.body)) return undefined;
  return card.body.map(blockText).join('\n');
}

export class ChatStandIn {
  readonly messages: ChatMessage[] = [];
  /** Answers to give, in order, before the normal 200 (fault injection). */
  readonly queued: QueuedAnswer[] = [];
  /** Hooks that answer 404 (the admin deleted the webhook at the service). */
  readonly revoked = new Set<string>();

  /** Serves a fetch to a chat host; undefined for any other host (not this stand-in's). */
  serve(url: URL, init: RequestInit | undefined): Response | undefined {
    const service = serviceOfHost(url.hostname);
    if (!service) return undefined;
    if ((init?.method ?? 'GET').toUpperCase() !== 'POST') return new Response('Method not allowed', { status: 405 });
    if (this.revoked.has(url.href)) return new Response('no_service', { status: 404 });
    const at = this.queued.findIndex((q) => !q.service || q.service === service);
    const fault = at >= 0 ? this.queued.splice(at, 1)[0] : undefined;
    if (fault) return new Response('rate limited', { status: fault.status, headers: fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {} });
    let body: unknown;
    try {
      body = JSON.parse(typeof init?.body === 'string' ? init.body : '');
    } catch {
      return new Response('invalid_payload', { status: 400 });
    }
    const text = textOf(service, body);
    if (!text) return new Response('invalid_payload', { status: 400 });
    this.messages.push({ id: this.messages.length + 1, at: new Date().toISOString(), service, hook: `${url.hostname} …${url.href.slice(-4)}`, text, body });
    return service === 'slack' ? new Response('ok', { status: 200 }) : Response.json({}, { status: 200 });
  }
}
