/**
 * The sandbox "Mail client": it stands in for the user's own mail client (not for Forge, which
 * has no part in it). When the app opens a `mailto:` URL, the shell shows the compose page with
 * To, Subject and Body from the URL; Send delivers to the local mailbox, where the message can be
 * read and the token in it carried to the other site's import dialog.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxMail } from '../mail/mailbox';
import { parseMailto } from '../mail/mailto';
import { html, page, raw, sendPage } from './html';
import { timeAgo } from './relative-time';

export const MAIL_PATH = '/sandbox/mail';
const COMPOSE_PATH = `${MAIL_PATH}/compose`;
const SEND_PATH = `${MAIL_PATH}/send`;
const SENT_PATH = `${MAIL_PATH}/sent`;
export const MAIL_SETTINGS_PATH = `${MAIL_PATH}/settings`;

async function formOf(req: IncomingMessage, body: Buffer): Promise<(name: string) => string> {
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded' } }).formData();
  return (name) => (typeof form.get(name) === 'string' ? (form.get(name) as string) : '');
}

export async function serveMail(mail: SandboxMail, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://host');
  if (url.pathname === COMPOSE_PATH) return compose(url.searchParams.get('link') ?? '', res);
  if (url.pathname === SENT_PATH) return sent(mail, Number(url.searchParams.get('id')), res);
  if (url.pathname === SEND_PATH || url.pathname === MAIL_SETTINGS_PATH) {
    if (req.method !== 'POST') return void res.writeHead(405).end();
    const field = await formOf(req, body);
    if (url.pathname === MAIL_SETTINGS_PATH) {
      mail.mailtoLinks = field('mailtoLinks') === 'refuse' ? 'refuse' : 'open';
      return void res.writeHead(303, { location: '/' }).end();
    }
    const to = field('to').split(',').map((a) => a.trim()).filter(Boolean);
    if (!to.length) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('Enter a recipient');
    const delivered = mail.mailbox.deliver({ to, subject: field('subject'), body: field('body') });
    return void res.writeHead(303, { location: `${SENT_PATH}?id=${delivered.id}` }).end();
  }
  if (url.pathname === MAIL_PATH) return mailbox(mail, res);
  res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
}

/** A new message from a mailto: URL, every field editable, as a mail client opens it. */
function compose(link: string, res: ServerResponse): void {
  const draft = parseMailto(link);
  if (!draft) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('Not a mailto: link');
  const others = draft.otherFields.length
    ? html`<p class="meta">The link also names ${draft.otherFields.map(([n, v]) => `${n}: ${v}`).join('; ')}. This mail client does not use them.</p>`
    : '';
  const body = html`<h1>New message</h1>
<p class="meta">Sandbox mail client: it stands in for your own mail client, which would open here.</p>
<form method="post" action="${SEND_PATH}" class="form">
<label>To <input name="to" value="${draft.to.join(', ')}"></label>
<label>Subject <input name="subject" value="${draft.subject}"></label>
<label>Body <textarea name="body" rows="16">${draft.body}</textarea></label>
${raw(others)}<div class="actions"><button type="submit" class="primary">Send</button></div></form>`;
  sendPage(res, 200, page('New message - Sandbox mail client', body, { product: 'Sandbox mail client' }));
}

function sent(mail: SandboxMail, id: number, res: ServerResponse): void {
  const message = mail.mailbox.messages.find((m) => m.id === id);
  if (!message) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('No such message');
  const body = html`<h1>Sent</h1><p>Your message “${message.subject}” went to ${message.to.join(', ')}.</p>
<p><a href="${MAIL_PATH}" target="_top">Open the mailbox</a></p>`;
  sendPage(res, 200, page('Sent - Sandbox mail client', body, { product: 'Sandbox mail client' }));
}

function mailbox(mail: SandboxMail, res: ServerResponse): void {
  const messages = [...mail.mailbox.messages].reverse().map((m) =>
    raw(html`<article class="mail" data-testid="mail-${m.id}"><h3>${m.subject}</h3>
<p class="meta">To ${m.to.join(', ')}, ${raw(timeAgo(m.sentAt))}</p><pre>${m.body}</pre></article>`),
  );
  const body = html`<nav class="breadcrumbs" aria-label="Breadcrumbs"><ol><li><a href="/">All sites</a></li><li>Mailbox</li></ol></nav><h1>Mailbox</h1>
<p>What the sandbox mail client sent. It stands in for your own mail client and the other admin's inbox: Space Sync sends no mail itself.</p>
${messages.length ? messages : raw('<p>No messages yet.</p>')}`;
  sendPage(res, 200, page('Mailbox - Space Sync sandbox', body));
}
