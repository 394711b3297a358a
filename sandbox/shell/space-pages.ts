/**
 * A Confluence-like view of a demo space, laid out as Confluence Cloud's: the space sidebar with
 * the page tree (folders, whiteboards, databases and smart links included, as Confluence shows
 * them), breadcrumbs, the page's title with its "•••" menu (content-action.ts), its byline, its
 * body with links and inline comments (storage-view.ts, comments-view.ts), labels, files and
 * comments; then the sandbox editor (page-forms.ts) and "New folder".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DemoSite } from '../demo';
import type { Content } from '../confluence/model';
import { avatar, html, page as layout, raw, sendPage } from './html';
import { renderStorage, type LinkTarget } from './storage-view';
import { contentActionModal, moreActionsMenu } from './content-action';
import { footerComments, inlineCommentPanel, markersOf } from './comments-view';
import { editor, folderForm, pageEditing } from './page-forms';
import { timeAgo } from './relative-time';
import { bodyHref } from './site-addresses';
import { pageLook } from './appearance-view';
import { signIn } from './site-sessions';
import { EDIT_PATH, fileUrl, openUrl, spaceUrl } from './shell-paths';
import { NODE_NOUN, commentsOf, displayName, fileLink, filesOf, hiddenFields, isNode, linkTo, pagesOf, treeOf, where, type Where } from './space-context';

/** One tree entry: a page links to its view; a node is named with its kind (its contents are not modelled). */
function treeEntry(w: Where, c: Content, selected?: string): string {
  if (!isNode(c)) return html`<a href="${linkTo(w, { page: c.id })}"${raw(c.id === selected ? ' aria-current="page"' : '')}>${c.title}</a>`;
  const url = c.type === 'embed' && /^https?:\/\//.test(c.embedUrl ?? '') ? c.embedUrl : undefined;
  const name = html`<span class="node-title">${c.title || `Untitled ${NODE_NOUN[c.type]}`}</span> <span class="meta">(${NODE_NOUN[c.type]})</span>`;
  return html`<span class="node" data-type="${c.type}">${raw(url ? html`<a href="${url}" rel="noopener noreferrer">${raw(name)}</a>` : name)}</span>`;
}

/** The tree under `parentId`, through folders and other nodes, so pages in a folder are listed too. */
function tree(w: Where, parentId: string | undefined, all: Content[], selected?: string): string {
  const children = all.filter((c) => c.type !== 'blogpost' && c.parentId === parentId).sort((a, b) => a.position - b.position || a.title.localeCompare(b.title));
  if (!children.length) return '';
  return html`<ul>${children.map((c) => raw(html`<li>${raw(treeEntry(w, c, selected))}${raw(tree(w, c.id, all, selected))}</li>`))}</ul>`;
}

/** The space's trash, each page with a Restore button. */
function trash(w: Where): string {
  const trashed = [...w.site.contents.values()].filter((c) => (c.type === 'page' || c.type === 'blogpost') && c.spaceId === w.space.id && c.status === 'trashed');
  if (!trashed.length) return '';
  return html`<h3 class="sidebar-heading">Trash</h3><ul>${trashed.map((c) => raw(html`<li><form method="post" action="${EDIT_PATH}">${raw(hiddenFields(w, c.id))}<span>${c.title}</span> <button class="subtle" name="op" value="restore">Restore</button></form></li>`))}</ul>`;
}

/** The space sidebar: the space, its page tree, blog, trash, and what the sandbox lets one add. */
function sidebar(w: Where, nodes: Content[], blogs: Content[], selected?: Content): string {
  const homepageId = w.site.spaces.get(w.space.id)?.homepageId;
  const initials = w.space.name.split(/\s+/).map((x) => x[0]).join('').slice(0, 2).toUpperCase();
  return html`<nav class="sidebar" aria-label="Page tree"><div class="space-header"><span class="space-avatar" aria-hidden="true">${initials}</span><a href="${linkTo(w)}">${w.space.name}</a></div>
<h2 class="sidebar-heading">Content</h2><div class="tree">${raw(tree(w, homepageId, nodes, selected?.id))}</div>${raw(
    blogs.length ? html`<h2 class="sidebar-heading">Blog</h2><ul>${blogs.map((b) => raw(html`<li><a href="${linkTo(w, { page: b.id })}"${raw(b.id === selected?.id ? ' aria-current="page"' : '')}>${b.title}</a></li>`))}</ul>` : '',
  )}${raw(trash(w))}
<h2 class="sidebar-heading">Create</h2><a class="sidebar-link" href="${linkTo(w, { page: 'new' })}">+ Create a page</a><a class="sidebar-link" href="${linkTo(w, { page: 'new-folder' })}">+ New folder</a>
<h2 class="sidebar-heading">Space settings</h2><a class="sidebar-link" href="${openUrl({ site: w.demo.cloudId, space: w.space.key, user: w.user.accountId })}">Space settings → Space Sync</a></nav>`;
}

/** All sites / site / space / the page's ancestors, as Confluence's breadcrumbs run. */
function breadcrumbs(w: Where, c?: Content): string {
  const ancestors: Content[] = [];
  const homepageId = w.site.spaces.get(w.space.id)?.homepageId;
  for (let p = c?.parentId ? w.site.contents.get(c.parentId) : undefined; p && p.id !== homepageId; p = p.parentId ? w.site.contents.get(p.parentId) : undefined) ancestors.unshift(p);
  const crumb = (x: Content) => (isNode(x) ? html`<li>${x.title}</li>` : html`<li><a href="${linkTo(w, { page: x.id })}">${x.title}</a></li>`);
  return html`<nav class="breadcrumbs" aria-label="Breadcrumbs"><ol><li><a href="/">All sites</a></li><li>${w.demo.name}</li><li><a href="${linkTo(w)}">${w.space.name}</a></li>${ancestors.map((a) => raw(crumb(a)))}</ol></nav>`;
}

/** Where a body's page, file and space links lead, on this site as this user. */
function linkTarget(sites: DemoSite[], w: Where, c: Content) {
  const spaceIdOf = (key?: string) => (key ? w.demo.spaces.find((s) => s.key === key) : w.space);
  const byTitle = (title: string, key?: string) => {
    const space = spaceIdOf(key);
    const lower = title.toLowerCase();
    const visible = space && [...w.site.contents.values()].find((p) => (p.type === 'page' || p.type === 'blogpost') && p.spaceId === space.id && p.status === 'current' && p.title.toLowerCase() === lower && w.site.canView({ kind: 'user', accountId: w.user.accountId }, p));
    return visible && space ? { page: visible, space } : undefined;
  };
  return {
    linkTo(target: LinkTarget): string | undefined {
      if (target.kind === 'space') return spaceIdOf(target.spaceKey) ? spaceUrl(w.demo.cloudId, target.spaceKey, w.user.accountId) : undefined;
      if (target.kind === 'page') {
        const found = byTitle(target.title, target.spaceKey);
        return found ? spaceUrl(w.demo.cloudId, found.space.key, w.user.accountId, { page: found.page.id }) : undefined;
      }
      const owner = target.pageTitle ? byTitle(target.pageTitle, target.spaceKey) : { page: c, space: w.space };
      const file = owner && filesOf(w, owner.page).find((f) => f.title === target.filename);
      return file && owner ? fileUrl(w.demo.cloudId, owner.space.key, w.user.accountId, file.id) : undefined;
    },
    href: (url: string) => bodyHref(sites, w.demo, url),
    userName: (accountId: string) => w.site.users.get(accountId)?.displayName,
  };
}

const plural = (n: number, one: string) => `${n.toLocaleString('en')} ${one}${n === 1 ? '' : 's'}`;

function filesSection(w: Where, c: Content): string {
  const files = filesOf(w, c);
  return html`<section aria-labelledby="files-heading"><h2 id="files-heading">Files</h2>${raw(
    files.length
      ? html`<ul class="files">${files.map((f) => raw(html`<li><a href="${fileLink(w, f)}" download="${f.title}">${f.title}</a> <span class="subtlest">${plural(f.attachment?.fileSize ?? 0, 'byte')} · version ${f.version.number} · ${raw(timeAgo(f.version.createdAt))}</span></li>`))}</ul>`
      : html`<p class="subtle">No files.</p>`,
  )}</section>`;
}

function pageView(sites: DemoSite[], w: Where, c: Content, nodes: Content[], error: string | null): string {
  const comments = commentsOf(w, c);
  const body = renderStorage(c.body, { markers: markersOf(w, comments), ...linkTarget(sites, w, c) });
  const panel = inlineCommentPanel(w, c, comments);
  const owner = displayName(w, c.authorId);
  const byline = html`<p class="byline">${raw(avatar(owner))}<span>Owned by ${owner}</span><span aria-hidden="true">·</span><span>Last updated ${raw(timeAgo(c.version.createdAt))} by ${displayName(w, c.version.authorId)}</span><span aria-hidden="true">·</span><span>${c.type === 'blogpost' ? 'Blog post' : 'Page'}, version ${c.version.number}</span></p>`;
  const labels = c.labels.size ? html`<ul class="labels" aria-label="Labels">${[...c.labels].sort().map((l) => raw(html`<li class="label">${l}</li>`))}</ul>` : '';
  const bodyBlock = html`<div class="body" data-page-body>${raw(body)}</div>`;
  const look = pageLook(w, c);
  return html`<div class="page-layout${panel ? ' has-panel' : ''}${look.fullWidth ? ' full-width' : ''}">${raw(breadcrumbs(w, c))}${raw(look.cover)}<div class="page-header"><h1>${raw(look.emoji)}${c.title}${raw(look.status)}</h1><div class="page-actions"><a class="button subtle" href="#edit">Edit</a>${raw(moreActionsMenu())}</div></div>
${raw(byline)}${raw(error ? html`<p role="alert" class="error">${error}</p>` : '')}
${raw(panel ? html`<div class="with-comments">${raw(bodyBlock)}${raw(panel)}</div>` : bodyBlock)}
${raw(labels)}${raw(filesSection(w, c))}${raw(footerComments(w, comments))}${raw(pageEditing(w, nodes, c))}</div>
<button type="button" class="selection-comment" data-selection-comment aria-label="Comment on selection" hidden>Comment</button>
${raw(contentActionModal(w, c))}`;
}

export function serveSpace(sites: DemoSite[], req: IncomingMessage, res: ServerResponse): void {
  const q = new URL(req.url ?? '/', 'http://host').searchParams;
  const w = where(sites, q);
  if (!w) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Unknown site, space or user');
  const all = pagesOf(w);
  const nodes = treeOf(w);
  const wanted = q.get('page');
  const selected = all.find((c) => c.id === wanted);
  const error = q.get('error');
  const main =
    wanted === 'new'
      ? html`${raw(breadcrumbs(w))}<div class="page-layout">${raw(editor(w, nodes))}</div>`
      : wanted === 'new-folder'
        ? html`${raw(breadcrumbs(w))}<div class="page-layout">${raw(folderForm(w, nodes, error))}</div>`
        : selected
          ? pageView(sites, w, selected, nodes, error)
          : wanted
            ? html`${raw(breadcrumbs(w))}<div class="page-layout"><h1>Page not found</h1><p>This page does not exist in ${w.space.name}, is in the trash, or you cannot see it.</p></div>`
            : html`${raw(breadcrumbs(w))}<div class="page-layout"><h1>${w.space.name}</h1><p class="subtle">Choose a page in the tree.</p></div>`;
  const body = html`<div class="space-layout">${raw(sidebar(w, nodes, all.filter((c) => c.type === 'blogpost'), selected))}<main class="space-content">${raw(main)}</main></div>`;
  // Opening a site's page as someone signs the browser in there as them (site-sessions.ts).
  sendPage(res, 200, layout(`${selected?.title ?? w.space.name} - ${w.demo.name}`, body, { site: w.demo.name, user: w.user.displayName, ownLandmarks: true, sites: { here: w.demo.cloudId, all: sites } }), { 'set-cookie': signIn(w.demo, w.user.accountId) });
}

/**
 * An attachment's bytes, as Confluence's UI downloads it for a person who can see the page. The
 * REST download answers 302 to the media host, which a browser cannot reach from the sandbox, so
 * the shell serves the latest version itself; always as a download, never rendered.
 */
export function serveFile(sites: DemoSite[], req: IncomingMessage, res: ServerResponse): void {
  const q = new URL(req.url ?? '/', 'http://host').searchParams;
  const w = where(sites, q);
  const file = w?.site.contents.get(q.get('id') ?? '');
  const owner = file?.containerId ? w?.site.contents.get(file.containerId) : undefined;
  const visible = w && file?.type === 'attachment' && file.status === 'current' && owner?.spaceId === w.space.id && w.site.canView({ kind: 'user', accountId: w.user.accountId }, owner);
  if (!visible || !file.attachment) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('No such file');
  res
    .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.attachment.data.length), 'content-disposition': `attachment; filename="${file.title.replace(/[^\w.-]/g, '_')}"` })
    .end(file.attachment.data);
}
