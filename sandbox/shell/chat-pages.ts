/**
 * The sandbox "Chat": what the app posted to the chat webhooks (Slack, Microsoft Teams, Google
 * Chat) that admins pasted in Notifications, as the stand-in service received it.
 */
import type { ServerResponse } from 'node:http';
import type { ChatStandIn } from '../chat/chat-service';
import { SERVICE_NAMES } from '../../src/domain/chat-webhook-url';
import { html, page, raw, sendPage } from './html';
import { timeAgo } from './relative-time';

export const CHAT_PATH = '/sandbox/chat';

export function serveChat(chat: ChatStandIn, res: ServerResponse): void {
  const rows = [...chat.messages].reverse().map((m) =>
    raw(html`<article class="site-card"><h2>${SERVICE_NAMES[m.service]}</h2><p class="meta">${m.hook} · ${timeAgo(m.at)}</p><pre class="chat-text">${m.text}</pre></article>`),
  );
  const body = html`<h1>Chat messages</h1>
<p class="meta">Stands in for Slack, Microsoft Teams and Google Chat: the local Forge host routes the app's posts to their declared hosts here. Any webhook URL on those hosts is accepted.</p>
${rows.length ? rows : raw(html`<p>No messages yet. Paste a webhook URL (for example https://hooks.slack.com/services/T000/B000/sandbox) in a sync's Notifications and choose Send a test message.</p>`)}
<p><a href="/">Back to the sandbox</a></p>`;
  sendPage(res, 200, page('Chat messages - Sandbox', body, { product: 'Sandbox chat' }));
}
