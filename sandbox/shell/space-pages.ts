/**
 * A Confluence-like view of a demo space: the page tree (folders, whiteboards, databases and
 * smart links included, as Confluence shows them), a page with its labels, comments and files,
 * the "•••" menu that opens the app's real page action, a simple editor and "New folder". Every edit
 * goes through the emulated site as the chosen user, so it raises the same product events a
 * person's edit in Confluence would.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ForgeHost } from '../forge-host/forge-host';
import type { DemoSite } from '../demo';
import type { Content, NodeType } from '../confluence/model';
import type { Actor, ConfluenceSite } from '../confluence/site';
import { NODE_TYPES, TREE_TYPES, textOf } from '../confluence/site';
import { ApiError } from '../confluence/api-error';
import { html, page as layout, raw } from './html';
import { renderStorage, type MarkerState } from './storage-view';
import { MAILTO_HOOK_PATH } from './mailto-hook';

export const SPACE_PATH = '/sandbox/space';
export const EDIT_PATH = '/sandbox/edit';
export const FILE_PATH = '/sandbox/file';

/** How the tree names a node that is not a page (Confluence's own words). */
const NODE_NOUN: Record<NodeType, string> = { folder: 'folder', whiteboard: 'whiteboard', database: 'database', embed: 'smart link' };

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

/** Everything in the space's page tree the user can see: pages and the nodes between them. */
const treeOf = (w: Where) => [...w.site.contents.values()].filter((c) => TREE_TYPES.includes(c.type) && c.spaceId === w.space.id && c.status === 'current' && w.site.canView({ kind: 'user', accountId: w.user.accountId }, c));

const isNode = (c: Content): c is Content & { type: NodeType } => (NODE_TYPES as string[]).includes(c.type);

/** A node's name in the tree and in the parent list: untitled folders exist (a folder reserves no title). */
const nodeLabel = (c: Content) => `${c.title || `Untitled ${NODE_NOUN[c.type as NodeType]}`} (${NODE_NOUN[c.type as NodeType]})`;

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

export function serveSpace(host: ForgeHost, sites: DemoSite[], req: IncomingMessage, res: ServerResponse): void {
  const q = new URL(req.url ?? '/', 'http://host').searchParams;
  const w = where(sites, q);
  if (!w) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Unknown site, space or user');
  const all = pagesOf(w);
  const nodes = treeOf(w);
  const space = w.site.spaces.get(w.space.id);
  const selected = all.find((c) => c.id === q.get('page'));
  const blogs = all.filter((c) => c.type === 'blogpost');
  const nav = html`<nav aria-label="Page tree"><h2>${w.space.name}</h2>${raw(tree(w, space?.homepageId, nodes, selected?.id))}${raw(
    blogs.length ? html`<h3>Blog</h3><ul>${blogs.map((b) => raw(html`<li><a href="${linkTo(w, { page: b.id })}">${b.title}</a></li>`))}</ul>` : '',
  )}${raw(trash(w))}<p><a href="${linkTo(w, { page: 'new' })}">+ Create a page</a></p><p><a href="${linkTo(w, { page: 'new-folder' })}">+ New folder</a></p><p><a href="/sandbox/open?site=${w.demo.cloudId}&amp;space=${w.space.key}&amp;user=${w.user.accountId}">Space settings → Space Sync</a></p></nav>`;
  const error = q.get('error');
  const main =
    q.get('page') === 'new' ? editor(w, nodes) : q.get('page') === 'new-folder' ? folderForm(w, nodes, error) : selected ? pageView(host, w, selected, nodes, q.get('action') === 'space-sync', error) : html`<p>Choose a page in the tree.</p>`;
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

/** Inline-comment state by marker ref, for the body's highlights. */
function markersOf(w: Where, comments: Content[]): Map<string, MarkerState> {
  return new Map(comments.filter((x) => x.type === 'inline-comment' && x.inline && !x.parentCommentId).map((x) => [x.inline?.markerRef as string, { resolution: w.site.inlineResolution(x) }]));
}

/** How an inline comment stands, in the words a reader needs (dangling: its text is gone from the page). */
const RESOLUTION_TEXT = { open: 'open', reopened: 'reopened', resolved: 'resolved', dangling: 'its text is no longer on the page' } as const;

/** One comment and its replies; an inline one says which text it is on, and whether it is resolved. */
function commentItem(w: Where, x: Content, all: Content[]): string {
  const replies = all.filter((r) => r.parentCommentId === x.id);
  const inline = x.type === 'inline-comment' && !x.parentCommentId ? raw(html`<em>on “${x.inline?.textSelection ?? ''}” (${RESOLUTION_TEXT[w.site.inlineResolution(x)]}):</em> `) : '';
  const author = w.site.users.get(x.authorId)?.displayName ?? x.authorId;
  return html`<li data-comment-id="${x.id}">${inline}${textOf(x.body)} <span class="meta">(${author})</span>${raw(
    replies.length ? html`<ul>${replies.map((r) => raw(commentItem(w, r, all)))}</ul>` : '',
  )}</li>`;
}

/** The body as a reader sees it; a page link goes to that page in this space when it is here. */
function bodyView(w: Where, c: Content, comments: Content[], nodes: Content[]): string {
  const pageLink = (title: string) => {
    const target = nodes.find((p) => p.type === 'page' && p.title.toLowerCase() === title.toLowerCase());
    return target ? linkTo(w, { page: target.id }) : undefined;
  };
  return renderStorage(c.body, { markers: markersOf(w, comments), pageLink });
}

function pageView(host: ForgeHost, w: Where, c: Content, all: Content[], actionOpen: boolean, error: string | null): string {
  const comments = [...w.site.contents.values()].filter((x) => x.containerId === c.id && x.status === 'current' && (x.type === 'footer-comment' || x.type === 'inline-comment') && w.site.canView({ kind: 'user', accountId: w.user.accountId }, x));
  const files = [...w.site.contents.values()].filter((x) => x.containerId === c.id && x.type === 'attachment' && x.status === 'current');
  const menu = html`<details class="menu"><summary aria-label="More actions">•••</summary><a href="${linkTo(w, { page: c.id, action: 'space-sync' })}">Space Sync</a></details>`;
  const token = actionOpen ? host.openUiModule(host.installationFor(w.demo.cloudId), 'space-sync-page-action', w.user.accountId, { type: 'confluence:contentAction', space: { id: w.space.id, key: w.space.key }, content: { id: c.id, type: c.type } }) : undefined;
  const dialog = token ? html`<div role="dialog" aria-label="Space Sync" class="dialog"><a href="${linkTo(w, { page: c.id })}">Close</a><iframe title="Space Sync page action" src="/forge/ui/${token}/index.html"></iframe><script src="${MAILTO_HOOK_PATH}"></script></div>` : '';
  return html`<div class="title"><h1>${c.title}</h1>${raw(menu)}</div>
<p class="meta">${c.type === 'blogpost' ? 'Blog post' : 'Page'} · version ${c.version.number}${c.labels.size ? raw(html` · labels: ${[...c.labels].sort().join(', ')}`) : ''}</p>
${raw(error ? html`<p role="alert" class="error">${error}</p>` : '')}
${raw(dialog)}
<div class="body">${raw(bodyView(w, c, comments, all))}</div>
<h2>Files</h2>${raw(files.length ? html`<ul>${files.map((f) => raw(html`<li><a href="${fileLink(w, f)}" download="${f.title}">${f.title}</a> (${f.attachment?.fileSize ?? 0} bytes, version ${f.version.number})</li>`))}</ul>` : html`<p>No files.</p>`)}
<h2>Comments</h2>${raw(comments.some((x) => !x.parentCommentId) ? html`<ul>${comments.filter((x) => !x.parentCommentId).map((x) => raw(commentItem(w, x, comments)))}</ul>` : html`<p>No comments.</p>`)}
${raw(editor(w, all, c))}`;
}

/** The edit form for a page, or a new page's form when there is none. */
function editor(w: Where, all: Content[], c?: Content): string {
  const hidden = html`<input type="hidden" name="site" value="${w.demo.cloudId}"><input type="hidden" name="space" value="${w.space.key}"><input type="hidden" name="user" value="${w.user.accountId}">${raw(c ? html`<input type="hidden" name="page" value="${c.id}">` : '')}`;
  const parentSelect = html`<label>Parent ${raw(parentOptions(w, all, c))}</label>`;
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

/**
 * The parent choice: any page or folder (or other node) of the tree but the page itself and what
 * is under it, so a page can be put in a folder. "(top level)" keeps a page where it is.
 */
function parentOptions(w: Where, all: Content[], c?: Content): string {
  const under = new Set(c ? w.site.descendants(c.id).map((d) => d.id) : []);
  const parents = all.filter((p) => p.type !== 'blogpost' && p.id !== c?.id && !under.has(p.id));
  return html`<select name="parent"><option value="">(top level)</option>${parents.map((p) => raw(html`<option value="${p.id}"${raw(p.id === c?.parentId ? ' selected' : '')}>${isNode(p) ? nodeLabel(p) : p.title}</option>`))}</select>`;
}

/** "New folder": a title and where it goes, as Confluence's "+ → Folder" asks. */
function folderForm(w: Where, all: Content[], error: string | null): string {
  const hidden = html`<input type="hidden" name="site" value="${w.demo.cloudId}"><input type="hidden" name="space" value="${w.space.key}"><input type="hidden" name="user" value="${w.user.accountId}">`;
  return html`${raw(error ? html`<p role="alert" class="error">${error}</p>` : '')}<form method="post" action="${EDIT_PATH}" class="editor">${raw(hidden)}<h2>New folder</h2>
<label>Folder name <input name="title" required></label>
<label>Parent ${raw(parentOptions(w, all))}</label>
<p class="meta">Then choose the folder as a page's parent to put the page in it.</p>
<button name="op" value="folder">Create folder</button></form>`;
}

const fileLink = (w: Where, f: Content) => `${FILE_PATH}?${new URLSearchParams({ site: w.demo.cloudId, space: w.space.key, user: w.user.accountId, id: f.id }).toString()}`;

/**
 * An attachment's bytes, as Confluence's UI downloads it for a person who can see the page. The
 * REST download answers 302 to the media host, which a browser cannot reach from the sandbox, so
 * the shell serves the latest version itself; always as a download, never rendered.
 */
export function serveFile(sites: DemoSite[], req: IncomingMessage, res: ServerResponse): void {
  const q = new URL(req.url ?? '/', 'http://host').searchParams;
  const w = where(sites, q);
  const file = w?.site.contents.get(q.get('id') ?? '');
  const page = file?.containerId ? w?.site.contents.get(file.containerId) : undefined;
  const visible = w && file?.type === 'attachment' && file.status === 'current' && page?.spaceId === w.space.id && w.site.canView({ kind: 'user', accountId: w.user.accountId }, page);
  if (!visible || !file.attachment) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('No such file');
  res
    .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.attachment.data.length), 'content-disposition': `attachment; filename="${file.title.replace(/[^\w.-]/g, '_')}"` })
    .end(file.attachment.data);
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
    // A failed "New folder" goes back to its form, with the reason.
    const back: Record<string, string> = field('op') === 'folder' ? { page: 'new-folder' } : pageId ? { page: pageId } : {};
    res.writeHead(303, { location: linkTo(w, { ...back, error: message }) }).end();
  }
}

async function applyEdit(site: ConfluenceSite, as: Actor, spaceId: string, pageId: string, field: (name: string) => string, file: FormDataEntryValue | null): Promise<string> {
  const op = field('op');
  const labels = () => field('labels').split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
  if (op === 'folder') {
    // A folder at the top level sits under the home page, as the shell's top-level pages do.
    site.createNode(as, { type: 'folder', spaceId, title: field('title'), parentId: field('parent') || site.spaces.get(spaceId)?.homepageId });
    return ''; // back to the space: a folder has no page view of its own, the tree shows it
  }
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
