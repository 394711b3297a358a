/**
 * The sandbox shell people meet in a browser: a launcher with the demo sites, pages that open the
 * app's real Custom UI modules as a chosen user, and a mail client with its mailbox.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ForgeHost } from '../forge-host/forge-host';
import type { DemoSite } from '../demo';
import { html, page, raw } from './html';
import { SandboxMail } from '../mail/mailbox';
import { MAIL_PATH, MAIL_SETTINGS_PATH, serveMail } from './mail-client-pages';
import { MAILTO_HOOK_PATH, mailClientPanel, serveMailtoHook } from './mailto-hook';
import { EDIT_PATH, FILE_PATH, SPACE_PATH, serveEdit, serveFile, serveSpace } from './space-pages';
import { resetPanel } from './reset-page';

/** Mounts the shell on the host; returns the mail client's state (its mailbox, what mailto: links do). */
export function mountShell(host: ForgeHost, sites: DemoSite[], mail = new SandboxMail()): SandboxMail {
  host.mount('/sandbox/open', (req, res) => openModule(host, sites, mail, req, res));
  host.mount(SPACE_PATH, (req, res) => serveSpace(host, sites, req, res));
  host.mount(EDIT_PATH, (req, res, body) => serveEdit(sites, req, res, body));
  host.mount(FILE_PATH, (req, res) => serveFile(sites, req, res));
  host.mount(MAIL_PATH, (req, res, body) => serveMail(mail, req, res, body));
  host.mount(MAILTO_HOOK_PATH, (_req, res) => serveMailtoHook(res));
  host.mount('/', (req, res) => {
    if (new URL(req.url ?? '/', 'http://host').pathname !== '/') return void res.writeHead(404).end('Not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(launcher(sites, mail));
  });
  return mail;
}

function launcher(sites: DemoSite[], mail: SandboxMail): string {
  const blocks = sites.map(
    (site) => html`<section class="site"><h2>${site.name}</h2><p>${site.siteUrl}</p><ul>${site.spaces.map((space) =>
      raw(html`<li>${space.name} (${space.key}): ${site.users.map((user) =>
        raw(html` <a href="${SPACE_PATH}?site=${site.cloudId}&amp;space=${space.key}&amp;user=${user.accountId}">pages as ${user.displayName}</a> ·`),
      )}${site.users.map((user) =>
        raw(html` <a href="/sandbox/open?site=${site.cloudId}&amp;space=${space.key}&amp;user=${user.accountId}">space settings as ${user.displayName}</a>`),
      )}</li>`),
    )}<li>Space Sync global settings: ${site.users.map((user) =>
      raw(html` <a href="/sandbox/open?site=${site.cloudId}&amp;module=global&amp;user=${user.accountId}">as ${user.displayName}</a>`),
    )}</li></ul></section>`,
  );
  const choice = (value: SandboxMail['mailtoLinks'], label: string) =>
    raw(html`<label><input type="radio" name="mailtoLinks" value="${value}"${raw(mail.mailtoLinks === value ? ' checked' : '')}> ${label}</label><br>`);
  const mailClient = html`<section class="site"><h2>Mail client</h2>
<p>Stands in for your own mail client: "Email the token" opens it with the message, and <a href="${MAIL_PATH}">Mailbox</a> shows what it sent (${mail.mailbox.messages.length}).</p>
<form method="post" action="${MAIL_SETTINGS_PATH}"><p>When the app opens a mailto: link with <code>router.open</code>, the Confluence page:</p>
${choice('open', 'opens the mail client')}${choice('refuse', 'refuses it (whether Forge opens mailto: links is unconfirmed), so the app shows the message to copy')}
<button type="submit">Save</button></form></section>`;
  return page('Space Sync sandbox', html`<h1>Two demo Confluence sites</h1>${blocks.map(raw)}${raw(mailClient)}${raw(resetPanel())}`);
}

function openModule(host: ForgeHost, sites: DemoSite[], mail: SandboxMail, req: IncomingMessage, res: ServerResponse): void {
  const q = new URL(req.url ?? '/', 'http://host').searchParams;
  const site = sites.find((s) => s.cloudId === q.get('site'));
  const user = site?.users.find((u) => u.accountId === q.get('user'));
  if (site && user && q.get('module') === 'global') {
    const token = host.openUiModule(host.installationFor(site.cloudId), 'space-sync-global-settings', user.accountId, { type: 'confluence:globalSettings' });
    const body = html`<p><a href="/">All sites</a> / ${site.name} / Confluence administration / Space Sync, as ${user.displayName}</p>
<iframe title="Space Sync settings" src="/forge/ui/${token}/index.html"></iframe>${raw(mailClientPanel(mail.mailtoLinks))}`;
    return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(`Space Sync settings - ${site.name}`, body));
  }
  const space = site?.spaces.find((s) => s.key === q.get('space'));
  if (!site || !space || !user) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Unknown site, space or user');
  const token = host.openUiModule(host.installationFor(site.cloudId), 'space-sync-settings', user.accountId, {
    type: 'confluence:spaceSettings',
    space: { id: space.id, key: space.key },
  });
  const body = html`<p><a href="/">All sites</a> / ${site.name} / ${space.name} / Space settings / Space Sync, as ${user.displayName}</p>
<iframe title="Space Sync" src="/forge/ui/${token}/index.html"></iframe>${raw(mailClientPanel(mail.mailtoLinks))}`;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(`Space Sync - ${space.name}`, body));
}
