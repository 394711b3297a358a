/** The shell's view of the local mailbox: every email the app sent, with its attachments. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Mailbox } from '../mail/mailbox';
import { html, page, raw } from './html';

export const MAILBOX_PATH = '/sandbox/mail';

export function serveMailbox(mailbox: Mailbox, smtpPort: number, req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://host').pathname;
  const attachment = /^\/sandbox\/mail\/(\d+)\/(\d+)$/.exec(path);
  if (attachment) {
    const file = mailbox.messages.find((m) => m.id === Number(attachment[1]))?.attachments[Number(attachment[2])];
    if (!file) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('No such attachment');
    // Always a download, never rendered: the content is whatever the email carried.
    return void res
      .writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"` })
      .end(file.content);
  }
  const messages = [...mailbox.messages].reverse().map((m) =>
    raw(html`<article class="mail" data-testid="mail-${m.id}"><h3>${m.subject}</h3>
<p>From ${m.from} to ${m.to.join(', ')}, ${m.receivedAt}</p><pre>${m.text}</pre>
<ul>${m.attachments.map((a, i) => raw(html`<li><a href="${MAILBOX_PATH}/${m.id}/${i}" download="${a.filename}">${a.filename}</a> (${a.content.length} bytes)</li>`))}</ul></article>`),
  );
  const body = html`<p><a href="/">All sites</a> / Mailbox</p><h1>Local mailbox</h1>
<p>An SMTP server on 127.0.0.1, port ${smtpPort}, accepting any user name and password. Enter it in Space Sync's global settings to send tokens by email.</p>
${messages.length ? messages : raw('<p>No email yet.</p>')}`;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Mailbox - Space Sync sandbox', body));
}
