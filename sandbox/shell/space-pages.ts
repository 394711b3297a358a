/**
 * A Confluence-like view of a demo space: the page tree, a page with its labels, comments and
 * files, the "•••" menu that opens the app's real page action, and a simple editor. Every edit
 * goes through the emulated site as the chosen user, so it raises the same product events a
 * person's edit in Confluence would.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ForgeHost } from '../forge-host/forge-host';
import type { DemoSite } from '../demo';
import type { Content } from '../confluence/model';
import type { Actor, ConfluenceSite } from '../confluence/site';
import { textOf } from '../confluence/site';
import { ApiError } from '../confluence/api-error';
import { html, page as layout, raw } from './html';

export const SPACE_PATH = '/sandbox/space';
export const EDIT_PATH = '/sandbox/edit';

interface Where {
  demo: DemoSite;
  site: ConfluenceSite;
  space: { id: string; key: string; name: string };
  user: DemoSite['users'][number];
}

function where(sites: DemoSite[], q: URLSearchParams): Where | undefined {
  const demo = sites.find((s) => s.cloudId === q.get('site'));
  const space = demo?.spaces.find((s) => s.key === q.get('space'));
  const user = demo?.users.find((u) => u.accountId === q.get('user'));
  return demo && space && user ? { demo, site: demo.emulator.site, space, user } : undefined;
}

const linkTo = (w: Where, extra: Record<string, string> = {}) => `${SPACE_PATH}?${new URLSearchParams({ site: w.demo.cloudId, space: w.space.key, user: w.user.accountId, ...extra }).toString()}`;

const pagesOf = (w: Where) => [...w.site.contents.values()].filter((c) => (c.type === 'page' || c.type === 'blogpost') && c.spaceId === w.space.id && c.status === 'current' && w.site.canView({ kind: 'user', accountId: w.user.accountId }, c));

function tree(w: Where, parentId: string | undefined, all: Content[], selected?: string): string {
  const children = all.filter((c) => c.type === 'page' && c.parentId === parentId).sort((a, b) => a.position - b.position || a.title.localeCompare(b.title));
  if (!children.length) return '';
  return html`<ul>${children.map((c) => raw(html`<li><a href="${linkTo(w, { page: c.id })}"${raw(c.id === selected ? ' aria-current="page"' : '')}>${c.title}</a>${raw(tree(w, c.id, all, selected))}</li>`))}</ul>`;
}

export function serveSpace(host: ForgeHost, sites: DemoSite[], req: IncomingMessage, res: ServerResponse): void {
  const q = new URL(req.url ?? '/', 'http://host').searchParams;
  const w = where(sites, q);
  if (!w) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Unknown site, space or user');
  const all = pagesOf(w);
  const space = w.site.spaces.get(w.space.id);
  const selected = all.find((c) => c.id === q.get('page'));
  const blogs = all.filter((c) => c.type === 'blogpost');
  const nav = html`<nav aria-label="Page tree"><h2>${w.space.name}</h2>${raw(tree(w, space?.homepageId, all, selected?.id))}${raw(
    blogs.length ? html`<h3>Blog</h3><ul>${blogs.map((b) => raw(html`<li><a href="${linkTo(w, { page: b.id })}">${b.title}</a></li>`))}</ul>` : '',
  )}${raw(trash(w))}<p><a href="${linkTo(w, { page: 'new' })}">+ Create a page</a></p><p><a href="/sandbox/open?site=${w.demo.cloudId}&amp;space=${w.space.key}&amp;user=${w.user.accountId}">Space settings → Space Sync</a></p></nav>`;
  const main = q.get('page') === 'new' ? editor(w, all) : selected ? pageView(host, w, selected, all, q.get('action') === 'space-sync', q.get('error')) : html`<p>Choose a page in the tree.</p>`;
  const body = html`<p><a href="/">All sites</a> / ${w.demo.name} / ${w.space.name}, as ${w.user.displayName}</p><div class="space">${raw(nav)}<article>${raw(main)}</article></div>`;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(layout(`${selected?.title ?? w.space.name} - ${w.demo.name}`, body));
}

/** The space's trash, each page with a Restore button. */
function trash(w: Where): string {
  const trashed = [...w.site.contents.values()].filter((c) => (c.type === 'page' || c.type === 'blogpost') && c.spaceId === w.space.id && c.status === 'trashed');
  if (!trashed.length) return '';
  const hidden = html`<input type="hidden" name="site" value="${w.demo.cloudId}"><input type="hidden" name="space" value="${w.space.key}"><input type="hidden" name="user" value="${w.user.accountId}">`;
  return html`<h3>Trash</h3><ul>${trashed.map((c) => raw(html`<li><form method="post" action="${EDIT_PATH}">${raw(hidden)}<input type="hidden" name="page" value="${c.id}">${c.title} <button name="op" value="restore">Restore</button></form></li>`))}</ul>`;
}

function pageView(host: ForgeHost, w: Where, c: Content, all: Content[], actionOpen: boolean, error: string | null): string {
  const comments = [...w.site.contents.values()].filter((x) => x.containerId === c.id && x.status === 'current' && (x.type === 'footer-comment' || x.type === 'inline-comment'));
  const files = [...w.site.contents.values()].filter((x) => x.containerId === c.id && x.type === 'attachment' && x.status === 'current');
  const menu = html`<details class="menu"><summary aria-label="More actions">•••</summary><a href="${linkTo(w, { page: c.id, action: 'space-sync' })}">Space Sync</a></details>`;
  const token = actionOpen ? host.openUiModule(host.installationFor(w.demo.cloudId), 'space-sync-page-action', w.user.accountId, { type: 'confluence:contentAction', space: { id: w.space.id, key: w.space.key }, content: { id: c.id, type: c.type } }) : undefined;
  const dialog = token ? html`<div role="dialog" aria-label="Space Sync" class="dialog"><a href="${linkTo(w, { page: c.id })}">Close</a><iframe title="Space Sync page action" src="/forge/ui/${token}/index.html"></iframe></div>` : '';
  return html`<div class="title"><h1>${c.title}</h1>${raw(menu)}</div>
<p class="meta">${c.type === 'blogpost' ? 'Blog post' : 'Page'} · version ${c.version.number}${c.labels.size ? raw(html` · labels: ${[...c.labels].sort().join(', ')}`) : ''}</p>
${raw(error ? html`<p role="alert" class="error">${error}</p>` : '')}
${raw(dialog)}
<div class="body">${textOf(c.body)
    .split(/\n+/)
    .map((p) => raw(html`<p>${p}</p>`))}</div>
<h2>Files</h2>${raw(files.length ? html`<ul>${files.map((f) => raw(html`<li>${f.title} (${f.attachment?.fileSize ?? 0} bytes, version ${f.version.number})</li>`))}</ul>` : html`<p>No files.</p>`)}
<h2>Comments</h2>${raw(comments.length ? html`<ul>${comments.map((x) => raw(html`<li>${x.type === 'inline-comment' ? raw(html`<em>on “${x.inline?.textSelection ?? ''}”:</em> `) : ''}${textOf(x.body)}</li>`))}</ul>` : html`<p>No comments.</p>`)}
${raw(editor(w, all, c))}`;
}

/** The edit form for a page, or a new page's form when there is none. */
function editor(w: Where, all: Content[], c?: Content): string {
  const hidden = html`<input type="hidden" name="site" value="${w.demo.cloudId}"><input type="hidden" name="space" value="${w.space.key}"><input type="hidden" name="user" value="${w.user.accountId}">${raw(c ? html`<input type="hidden" name="page" value="${c.id}">` : '')}`;
  const parents = all.filter((p) => p.type === 'page' && p.id !== c?.id);
  const parentSelect = html`<label>Parent <select name="parent"><option value="">(top level)</option>${parents.map((p) => raw(html`<option value="${p.id}"${raw(p.id === c?.parentId ? ' selected' : '')}>${p.title}</option>`))}</select></label>`;
  const form = html`<form method="post" action="${EDIT_PATH}" class="editor">${raw(hidden)}<h2>${c ? 'Edit this page' : 'Create a page'}</h2>
<label>Title <input name="title" required value="${c?.title ?? ''}"></label>
<label>Body (storage format) <textarea name="body" rows="6">${c?.body ?? '<p></p>'}</textarea></label>
${raw(c?.type === 'blogpost' ? '' : parentSelect)}
<label>Labels (comma-separated) <input name="labels" value="${c ? [...c.labels].sort().join(', ') : ''}"></label>
<button name="op" value="${c ? 'save' : 'create'}">${c ? 'Save' : 'Create'}</button></form>`;
  if (!c) return form;
  return html`${raw(form)}
<form method="post" action="${EDIT_PATH}" class="editor">${raw(hidden)}<label>Add a comment <textarea name="comment" rows="2"></textarea></label><button name="op" value="comment">Comment</button></form>
<form method="post" action="${EDIT_PATH}" enctype="multipart/form-data" class="editor">${raw(hidden)}<label>Attach a file <input type="file" name="file"></label><button name="op" value="attach">Upload</button></form>
<form method="post" action="${EDIT_PATH}" class="editor">${raw(hidden)}<button name="op" value="trash">Move to trash</button></form>`;
}

/** Applies one edit as the chosen user, then shows the page again (with the error, if any). */
export async function serveEdit(sites: DemoSite[], req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
  if (req.method !== 'POST') return void res.writeHead(405).end();
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded' } }).formData();
  const field = (name: string) => (typeof form.get(name) === 'string' ? (form.get(name) as string) : '');
  const w = where(sites, new URLSearchParams({ site: field('site'), space: field('space'), user: field('user') }));
  if (!w) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Unknown site, space or user');
  const as: Actor = { kind: 'user', accountId: w.user.accountId };
  let pageId = field('page');
  try {
    pageId = await applyEdit(w.site, as, w.space.id, pageId, field, form.get('file'));
    res.writeHead(303, { location: linkTo(w, pageId ? { page: pageId } : {}) }).end();
  } catch (e) {
    const message = e instanceof ApiError || e instanceof Error ? e.message : 'That edit failed';
    res.writeHead(303, { location: linkTo(w, { ...(pageId ? { page: pageId } : {}), error: message }) }).end();
  }
}

async function applyEdit(site: ConfluenceSite, as: Actor, spaceId: string, pageId: string, field: (name: string) => string, file: FormDataEntryValue | null): Promise<string> {
  const op = field('op');
  const labels = () => field('labels').split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
  if (op === 'create') {
    const created = site.createPage(as, { type: 'page', spaceId, title: field('title'), body: field('body'), ...(field('parent') ? { parentId: field('parent') } : {}) });
    if (labels().length) site.addLabels(as, created.id, labels());
    return created.id;
  }
  const current = site.contents.get(pageId);
  if (!current || current.spaceId !== spaceId) throw new Error('No such page');
  if (op === 'save') {
    site.updatePage(as, pageId, { type: current.type as 'page', title: field('title'), body: field('body'), status: 'current', version: current.version.number + 1, ...(field('parent') ? { parentId: field('parent') } : {}) });
    const wanted = new Set(labels());
    const added = [...wanted].filter((l) => !current.labels.has(l));
    if (added.length) site.addLabels(as, pageId, added);
    for (const l of [...current.labels].filter((l) => !wanted.has(l))) site.removeLabel(as, pageId, l);
  } else if (op === 'comment' && field('comment').trim()) {
    site.createComment(as, { containerId: pageId, body: `<p>${field('comment').replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string)}</p>` });
  } else if (op === 'attach' && file instanceof Blob && (file as File).name) {
    site.upload(as, pageId, { name: (file as File).name, mediaType: file.type || 'application/octet-stream', data: Buffer.from(await file.arrayBuffer()), comment: '', minorEdit: true }, 'createOrUpdate');
  } else if (op === 'restore') {
    site.updatePage(as, pageId, { type: current.type as 'page', title: current.title, body: current.body, status: 'current', version: current.version.number + 1 });
  } else if (op === 'trash') {
    site.trash(as, pageId, [current.type]);
    return '';
  }
  return pageId;
}
