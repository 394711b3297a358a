/**
 * The sandbox shell people meet in a browser: a launcher with the demo sites, pages that open the
 * app's real Custom UI modules as a chosen user, and a mail client with its mailbox.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ForgeHost } from '../forge-host/forge-host';
import type { DemoSite } from '../demo';
import { html, page, raw, sendPage } from './html';
import { SandboxMail } from '../mail/mailbox';
import { ChatStandIn } from '../chat/chat-service';
import { CHAT_PATH, serveChat } from './chat-pages';
import { MAIL_PATH, MAIL_SETTINGS_PATH, serveMail } from './mail-client-pages';
import { mailClientPanel } from './mail-client-panel';
import { serveFile, serveSpace } from './space-pages';
import { serveEdit } from './page-edits';
import { serveContentAction } from './content-action';
import { serveGo } from './site-addresses';
import { signIn } from './site-sessions';
import { ASSETS_PATH, serveAsset } from './shell-assets';
import { CONTENT_ACTION_PATH, EDIT_PATH, FILE_PATH, GO_PATH, OPEN_PATH, SPACE_PATH, openUrl, spaceUrl } from './shell-paths';
import { resetPanel } from './reset-page';

/** Mounts the shell on the host; returns the mail client's state (its mailbox, what mailto: links do). */
export function mountShell(host: ForgeHost, sites: DemoSite[], mail = new SandboxMail(), chat = new ChatStandIn()): SandboxMail {
  host.mount(CHAT_PATH, (_req, res) => serveChat(chat, res));
  host.mount(OPEN_PATH, (req, res) => openModule(host, sites, mail, req, res));
  host.mount(SPACE_PATH, (req, res) => serveSpace(sites, req, res));
  host.mount(EDIT_PATH, (req, res, body) => serveEdit(sites, req, res, body));
  host.mount(FILE_PATH, (req, res) => serveFile(sites, req, res));
  host.mount(CONTENT_ACTION_PATH, (req, res) => serveContentAction(host, sites, req, res));
  host.mount(GO_PATH, (req, res) => serveGo(sites, req, res));
  host.mount(MAIL_PATH, (req, res, body) => serveMail(mail, req, res, body));
  host.mount(ASSETS_PATH, (req, res) => serveAsset(req, res));
  host.mount('/', (req, res) => {
    if (new URL(req.url ?? '/', 'http://host').pathname !== '/') return void res.writeHead(404).end('Not found');
    sendPage(res, 200, launcher(sites, mail, chat));
  });
  return mail;
}

function launcher(sites: DemoSite[], mail: SandboxMail, chat: ChatStandIn): string {
  const blocks = sites.map(
    (site) => html`<section class="site-card"><h2>${site.name}</h2><p class="subtle">${site.siteUrl}</p><ul>${site.spaces.map((space) =>
      // Every link apart, " · " between each two (two settings links ran together without it).
      raw(html`<li>${space.name} (${space.key}): ${raw(
        [
          ...site.users.map((user) => html`<a href="${spaceUrl(site.cloudId, space.key, user.accountId)}">pages as ${user.displayName}</a>`),
          ...site.users.map((user) => html`<a href="${openUrl({ site: site.cloudId, space: space.key, user: user.accountId })}">space settings as ${user.displayName}</a>`),
        ].join(' · '),
      )}</li>`),
    )}<li>Space Sync global settings: ${raw(
      site.users.map((user) => html`<a href="${openUrl({ site: site.cloudId, module: 'global', user: user.accountId })}">as ${user.displayName}</a>`).join(' · '),
    )}</li></ul></section>`,
  );
  const choice = (value: SandboxMail['mailtoLinks'], label: string) =>
    raw(html`<label class="inline-field"><input type="radio" name="mailtoLinks" value="${value}"${raw(mail.mailtoLinks === value ? ' checked' : '')}> ${label}</label>`);
  const mailClient = html`<section class="site-card"><h2>Mail client</h2>
<p>Stands in for your own mail client: "Email the token" opens it with the message, and <a href="${MAIL_PATH}">Mailbox</a> shows what it sent (${mail.mailbox.messages.length}).</p>
<form method="post" action="${MAIL_SETTINGS_PATH}" class="form"><p>When the app opens a mailto: link with <code>router.open</code>, the Confluence page:</p>
<div class="choices">${choice('open', 'opens the mail client')}${choice('refuse', 'refuses it (whether Forge opens mailto: links is unconfirmed), so the app shows the message to copy')}</div>
<div class="actions"><button type="submit">Save</button></div></form></section>`;
  const chatPanel = html`<section class="site-card"><h2>Chat</h2>
<p>Stands in for Slack, Microsoft Teams and Google Chat: a sync's <strong>Notifications</strong> webhook posts arrive in <a href="${CHAT_PATH}">Chat messages</a> (${chat.messages.length}).</p></section>`;
  return page('Space Sync sandbox', html`<h1>Two demo Confluence sites</h1>${blocks.map(raw)}${raw(mailClient)}${raw(chatPanel)}${raw(resetPanel())}`);
}

/** Space settings → Space Sync, or Confluence administration → Space Sync, with the app's frame as Confluence lays it out below its own breadcrumbs. */
function openModule(host: ForgeHost, sites: DemoSite[], mail: SandboxMail, req: IncomingMessage, res: ServerResponse): void {
  const q = new URL(req.url ?? '/', 'http://host').searchParams;
  const site = sites.find((s) => s.cloudId === q.get('site'));
  const user = site?.users.find((u) => u.accountId === q.get('user'));
  const crumbs = (...parts: string[]) => html`<nav class="breadcrumbs" aria-label="Breadcrumbs"><ol><li><a href="/">All sites</a></li>${parts.map((p) => raw(html`<li>${p}</li>`))}</ol></nav>`;
  const send = (title: string, body: string) =>
    sendPage(res, 200, page(title, body, { site: site?.name, user: user?.displayName, sites: { here: site?.cloudId, all: sites } }), { 'set-cookie': signIn(site as DemoSite, (user as DemoSite['users'][number]).accountId) });
  if (site && user && q.get('module') === 'global') {
    const token = host.openUiModule(host.installationFor(site.cloudId), 'space-sync-global-settings', user.accountId, { type: 'confluence:globalSettings' });
    return send(`Space Sync settings - ${site.name}`, html`${raw(crumbs(site.name, 'Confluence administration', 'Space Sync'))}
<iframe class="app-frame" title="Space Sync settings" src="/forge/ui/${token}/index.html"></iframe>${raw(mailClientPanel(mail.mailtoLinks))}`);
  }
  const space = site?.spaces.find((s) => s.key === q.get('space'));
  if (!site || !space || !user) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Unknown site, space or user');
  const token = host.openUiModule(host.installationFor(site.cloudId), 'space-sync-settings', user.accountId, {
    type: 'confluence:spaceSettings',
    space: { id: space.id, key: space.key },
  });
  send(`Space Sync - ${space.name}`, html`${raw(crumbs(site.name, space.name, 'Space settings', 'Space Sync'))}
<iframe class="app-frame" title="Space Sync" src="/forge/ui/${token}/index.html"></iframe>${raw(mailClientPanel(mail.mailtoLinks))}`);
}
