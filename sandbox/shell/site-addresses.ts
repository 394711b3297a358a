/**
 * Addresses on the emulated sites, followed within the sandbox. The demo sites have Confluence
 * Cloud URLs (https://acme.atlassian.net), and the app builds its links from them (the page
 * action's "Open the copy" / "Open the original", src/replication/page-sync.ts), as page bodies
 * hold them. Only the sandbox's host answers for those sites; from the browser the names are the
 * real hosts, which do not answer here. So the shell maps each address of an emulated site to its
 * own page for it (`/sandbox/go`), opened as the person signed in on that site
 * (site-sessions.ts), and leaves every other address alone.
 *
 * Why map rather than rewrite the app's links: the app's URLs stay exactly what it shows in
 * Confluence (tests check them), and the shell only stands in for the network that would carry
 * the browser there. The Confluence Cloud URL forms it knows:
 *   /wiki/spaces/KEY/pages/ID[/Title]          a page (or a blog post: Confluence redirects)
 *   /wiki/spaces/KEY/blog/YYYY/MM/DD/ID[/Title] a blog post
 *   /wiki/spaces/KEY[/overview]                 the space's overview
 *   /wiki/pages/viewpage.action?pageId=ID       a page by id
 *   /wiki/download/attachments/PAGE_ID/FILE     a file of a page
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DemoSite } from '../demo';
import { html, page, raw, sendPage } from './html';
import { GO_PATH, fileUrl, goUrl, spaceUrl } from './shell-paths';
import { signIn, signedIn } from './site-sessions';

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/** The emulated site an absolute address is on. */
export function siteAt(sites: DemoSite[], url: URL): DemoSite | undefined {
  return sites.find((s) => originOf(s.siteUrl) === url.origin);
}

/** The shell's page for an address on `demo`, as `accountId`; undefined when the sandbox has nothing there. */
export function shellAddress(demo: DemoSite, url: URL, accountId: string): string | undefined {
  const site = demo.emulator.site;
  const path = decodeURIComponent(url.pathname).replace(/\/+$/, '');
  const byId = (id: string, extra: Record<string, string> = {}) => {
    const content = site.contents.get(id);
    const key = content ? site.spaces.get(content.spaceId)?.key : undefined;
    return key && demo.spaces.some((s) => s.key === key) ? spaceUrl(demo.cloudId, key, accountId, { page: id, ...extra }) : undefined;
  };
  const page = /^\/wiki\/spaces\/([^/]+)\/(?:pages|blog(?:\/\d{4}\/\d{2}\/\d{2})?)\/(\d+)(?:\/.*)?$/.exec(path);
  if (page) return byId(page[2]);
  const space = /^\/wiki\/spaces\/([^/]+)(?:\/overview)?$/.exec(path);
  if (space) return demo.spaces.some((s) => s.key === space[1]) ? spaceUrl(demo.cloudId, space[1], accountId) : undefined;
  if (path === '/wiki/pages/viewpage.action' && url.searchParams.get('pageId')) return byId(url.searchParams.get('pageId') as string);
  const file = /^\/wiki\/download\/attachments\/(\d+)\/([^/]+)$/.exec(path);
  if (file) {
    const attachment = [...site.contents.values()].find((c) => c.type === 'attachment' && c.status === 'current' && c.containerId === file[1] && c.title === file[2]);
    const owner = site.contents.get(file[1]);
    const key = owner ? site.spaces.get(owner.spaceId)?.key : undefined;
    return attachment && key ? fileUrl(demo.cloudId, key, accountId, attachment.id) : undefined;
  }
  return undefined;
}

/**
 * Where a link in a page body of `from` leads: an address of an emulated site goes through the
 * sandbox; a site-relative `/wiki/…` address is on `from` itself; other http(s) and mailto
 * addresses stay as they are; anything else (javascript:, data:, …) is no link.
 */
export function bodyHref(sites: DemoSite[], from: DemoSite, address: string): string | undefined {
  const value = address.trim();
  if (value.startsWith('#')) return value;
  if (/^\/(?!\/)/.test(value)) return value.startsWith('/wiki/') ? goUrl(value, from.cloudId) : undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol === 'mailto:') return url.href;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return siteAt(sites, url) ? goUrl(url.href) : url.href;
}

/** `/sandbox/go?url=…[&site=…][&as=…]`: opens an emulated site's address in the shell, asking who to be when nobody is signed in there. */
export function serveGo(sites: DemoSite[], req: IncomingMessage, res: ServerResponse): void {
  const q = new URL(req.url ?? '/', 'http://host').searchParams;
  const address = q.get('url') ?? '';
  const from = sites.find((s) => s.cloudId === q.get('site'));
  let url: URL | undefined;
  try {
    url = from && address.startsWith('/') ? new URL(address, from.siteUrl) : new URL(address);
  } catch {
    url = undefined;
  }
  const demo = url && siteAt(sites, url);
  if (!url || !demo) {
    return sendPage(res, 404, page('Not in the sandbox', html`<h1>Not an address of the demo sites</h1>
<p>The sandbox opens addresses of its demo sites (${sites.map((s) => s.siteUrl).join(', ')}) itself; this one is elsewhere: <code>${address}</code></p><p><a href="/">All sites</a></p>`));
  }
  const chosen = demo.users.find((u) => u.accountId === q.get('as'));
  const user = chosen ?? signedIn(req, demo);
  if (!user) return chooseAccount(res, demo, url, from);
  const target = shellAddress(demo, url, user.accountId);
  const headers: Record<string, string | string[]> = chosen ? { 'set-cookie': signIn(demo, chosen.accountId) } : {};
  if (target) return void res.writeHead(303, { location: target, ...headers }).end();
  sendPage(res, 404, page(`Page not found - ${demo.name}`, html`<h1>Page not found</h1>
<p>${demo.name} has no page at <code>${url.href}</code>, or it is in the trash.</p>
<p>${demo.spaces.map((s) => raw(html`<a href="${spaceUrl(demo.cloudId, s.key, user.accountId)}">${s.name}</a> `))}</p>`, { site: demo.name, user: user.displayName }), headers);
}

/** Atlassian's "Choose an account" step, as the sandbox has it: one link per demo user of the site. */
function chooseAccount(res: ServerResponse, demo: DemoSite, url: URL, from: DemoSite | undefined): void {
  const again = (accountId: string) => `${GO_PATH}?${new URLSearchParams({ url: url.href, ...(from ? { site: from.cloudId } : {}), as: accountId }).toString()}`;
  sendPage(res, 200, page(`Choose an account - ${demo.name}`, html`<div class="site-card reading"><h1>Choose an account</h1>
<p>to continue to ${demo.name} (${demo.siteUrl}). Nobody is signed in there in this browser yet.</p>
<ul>${demo.users.map((u) => raw(html`<li><a href="${again(u.accountId)}">Continue as ${u.displayName}</a></li>`))}</ul></div>`, { site: demo.name }));
}

export { GO_PATH };
