/**
 * The sandbox shell people meet in a browser: a launcher with the demo sites, and pages that
 * open the app's real Custom UI modules as a chosen user.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ForgeHost } from '../forge-host/forge-host';
import type { DemoSite } from '../demo';
import { html, page, raw } from './html';
import type { Mailbox } from '../mail/mailbox';
import { MAILBOX_PATH, serveMailbox } from './mailbox-page';
import { EDIT_PATH, FILE_PATH, SPACE_PATH, serveEdit, serveFile, serveSpace } from './space-pages';
import { resetPanel } from './reset-page';

export interface ShellMail {
  mailbox: Mailbox;
  smtpPort: number;
}

export function mountShell(host: ForgeHost, sites: DemoSite[], mail?: ShellMail): void {
  host.mount('/sandbox/open', (req, res) => openModule(host, sites, req, res));
  host.mount(SPACE_PATH, (req, res) => serveSpace(host, sites, req, res));
  host.mount(EDIT_PATH, (req, res, body) => serveEdit(sites, req, res, body));
  host.mount(FILE_PATH, (req, res) => serveFile(sites, req, res));
  if (mail) host.mount(MAILBOX_PATH, (req, res) => serveMailbox(mail.mailbox, mail.smtpPort, req, res));
  host.mount('/', (req, res) => {
    if (new URL(req.url ?? '/', 'http://host').pathname !== '/') return void res.writeHead(404).end('Not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(launcher(sites, mail));
  });
}

function launcher(sites: DemoSite[], mail?: ShellMail): string {
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
  const mailbox = mail ? html`<section class="site"><h2>Mailbox</h2><p><a href="${MAILBOX_PATH}">Local mailbox</a>: SMTP server 127.0.0.1, port ${mail.smtpPort}.</p></section>` : '';
  return page('Space Sync sandbox', html`<h1>Two demo Confluence sites</h1>${blocks.map(raw)}${raw(mailbox)}${raw(resetPanel())}`);
}

function openModule(host: ForgeHost, sites: DemoSite[], req: IncomingMessage, res: ServerResponse): void {
  const q = new URL(req.url ?? '/', 'http://host').searchParams;
  const site = sites.find((s) => s.cloudId === q.get('site'));
  const user = site?.users.find((u) => u.accountId === q.get('user'));
  if (site && user && q.get('module') === 'global') {
    const token = host.openUiModule(host.installationFor(site.cloudId), 'space-sync-global-settings', user.accountId, { type: 'confluence:globalSettings' });
    const body = html`<p><a href="/">All sites</a> / ${site.name} / Confluence administration / Space Sync, as ${user.displayName}</p>
<iframe title="Space Sync settings" src="/forge/ui/${token}/index.html"></iframe>`;
    return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(`Space Sync settings - ${site.name}`, body));
  }
  const space = site?.spaces.find((s) => s.key === q.get('space'));
  if (!site || !space || !user) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Unknown site, space or user');
  const token = host.openUiModule(host.installationFor(site.cloudId), 'space-sync-settings', user.accountId, {
    type: 'confluence:spaceSettings',
    space: { id: space.id, key: space.key },
  });
  const body = html`<p><a href="/">All sites</a> / ${site.name} / ${space.name} / Space settings / Space Sync, as ${user.displayName}</p>
<iframe title="Space Sync" src="/forge/ui/${token}/index.html"></iframe>`;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(`Space Sync - ${space.name}`, body));
}
