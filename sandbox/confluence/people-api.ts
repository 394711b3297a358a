/**
 * The emulator's HTTP surface for people and browser tests: what a person does in Confluence's
 * UI (read the tree, view, create and edit pages, comment, label, attach, trash and restore),
 * acting as a chosen demo user (`?as=<accountId>`; the sandbox has no login). Changes go through
 * the site's rules and raise the same product events as REST writes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, notFound } from './api-error';
import type { ConfluenceSite, Actor } from './site';
import type { Content } from './model';

export const PEOPLE_API = '/sandbox/api/';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- request JSON, checked per field

interface Route {
  method: string;
  pattern: RegExp;
  run(site: ConfluenceSite, actor: Actor, match: string[], body: Json, req: IncomingMessage, raw: Buffer): Promise<unknown> | unknown;
}

function pageView(site: ConfluenceSite, actor: Actor, page: Content) {
  const visible = (c: Content) => site.canView(actor, c);
  const all = [...site.contents.values()];
  return {
    id: page.id,
    type: page.type,
    status: page.status,
    title: page.title,
    body: page.body,
    version: page.version.number,
    lastEditedBy: page.version.authorId,
    parentId: page.parentId ?? null,
    ancestors: site.ancestors(page).map((a) => ({ id: a.id, title: a.title })),
    labels: [...page.labels].sort(),
    comments: all
      .filter((c) => c.containerId === page.id && (c.type === 'footer-comment' || c.type === 'inline-comment') && c.status === 'current' && visible(c))
      .map((c) => ({ id: c.id, type: c.type, body: c.body, authorId: c.authorId, parentCommentId: c.parentCommentId ?? null, selection: c.inline?.textSelection ?? null })),
    attachments: all
      .filter((c) => c.type === 'attachment' && c.containerId === page.id && c.status === 'current')
      .map((c) => ({ id: c.id, title: c.title, version: c.version.number, size: c.attachment?.fileSize ?? 0 })),
  };
}

/** The tree through folders, whiteboards, databases and smart links, so pages under them are listed too. */
function tree(site: ConfluenceSite, actor: Actor, parentId: string): unknown[] {
  return site
    .treeChildren(parentId)
    .filter((c) => site.canView(actor, c))
    .map((c) => ({ id: c.id, type: c.type, title: c.title, children: tree(site, actor, c.id) }));
}

function spaceOf(site: ConfluenceSite, key: string) {
  const space = site.spaceByKey(key);
  if (!space) throw notFound('Space');
  return space;
}

const ROUTES: Route[] = [
  {
    method: 'GET',
    pattern: /^spaces\/([^/]+)\/tree$/,
    run(site, actor, [key]) {
      const space = spaceOf(site, key);
      const home = site.visible(actor, space.homepageId, ['page']);
      const blogposts = [...site.contents.values()].filter((c) => c.type === 'blogpost' && c.spaceId === space.id && c.status === 'current' && site.canView(actor, c));
      const trash = [...site.contents.values()].filter((c) => c.spaceId === space.id && c.status === 'trashed' && !c.trashedWith && (c.type === 'page' || c.type === 'blogpost'));
      return {
        space: { id: space.id, key: space.key, name: space.name },
        home: { id: home.id, title: home.title, children: tree(site, actor, home.id) },
        blogposts: blogposts.map((b) => ({ id: b.id, title: b.title })),
        trash: trash.map((t) => ({ id: t.id, title: t.title, type: t.type })),
      };
    },
  },
  {
    method: 'POST',
    pattern: /^spaces\/([^/]+)\/pages$/,
    run(site, actor, [key], body) {
      const space = spaceOf(site, key);
      const type = body.type === 'blogpost' ? 'blogpost' : 'page';
      return pageView(site, actor, site.createPage(actor, { type, spaceId: space.id, title: String(body.title ?? ''), body: String(body.body ?? ''), parentId: body.parentId || undefined }));
    },
  },
  {
    method: 'GET',
    pattern: /^pages\/(\d+)$/,
    run: (site, actor, [id]) => pageView(site, actor, site.visible(actor, id, ['page', 'blogpost'], ['current', 'trashed'])),
  },
  {
    method: 'PUT',
    pattern: /^pages\/(\d+)$/,
    run(site, actor, [id], body) {
      const page = site.visible(actor, id, ['page', 'blogpost']);
      const updated = site.updatePage(actor, id, {
        type: page.type as 'page' | 'blogpost',
        title: String(body.title ?? page.title),
        body: String(body.body ?? page.body),
        status: 'current',
        version: page.version.number + 1,
        parentId: body.parentId || undefined,
      });
      return pageView(site, actor, updated);
    },
  },
  {
    method: 'POST',
    pattern: /^pages\/(\d+)\/trash$/,
    run(site, actor, [id]) {
      site.trash(actor, id, ['page', 'blogpost']);
      return { ok: true };
    },
  },
  {
    method: 'POST',
    pattern: /^pages\/(\d+)\/restore$/,
    run(site, actor, [id]) {
      const page = site.visible(actor, id, ['page', 'blogpost'], ['trashed']);
      return pageView(site, actor, site.updatePage(actor, id, { type: page.type as 'page' | 'blogpost', title: page.title, body: page.body, status: 'current', version: page.version.number + 1 }));
    },
  },
  {
    method: 'POST',
    pattern: /^pages\/(\d+)\/restrict$/,
    run(site, actor, [id], body) {
      const users = Array.isArray(body.users) ? body.users.map(String) : [];
      site.restrictReading(actor, id, users);
      return { ok: true, restrictedTo: users };
    },
  },
  {
    method: 'POST',
    pattern: /^pages\/(\d+)\/comments$/,
    run(site, actor, [id], body) {
      if (!body.body) throw badRequest('A comment needs a body');
      const inline = body.selection ? { textSelection: String(body.selection), textSelectionMatchCount: Number(body.matchCount ?? 1), textSelectionMatchIndex: Number(body.matchIndex ?? 0) } : undefined;
      const comment = site.createComment(actor, { containerId: body.parentCommentId ? undefined : id, parentCommentId: body.parentCommentId || undefined, body: String(body.body), inline });
      return { id: comment.id, type: comment.type };
    },
  },
  {
    method: 'POST',
    pattern: /^pages\/(\d+)\/labels$/,
    run: (site, actor, [id], body) => pageView(site, actor, site.addLabels(actor, id, [String(body.name ?? '')])),
  },
  {
    method: 'DELETE',
    pattern: /^pages\/(\d+)\/labels\/([^/]+)$/,
    run(site, actor, [id, name]) {
      site.removeLabel(actor, id, decodeURIComponent(name));
      return { ok: true };
    },
  },
  {
    method: 'POST',
    pattern: /^pages\/(\d+)\/attachments$/,
    async run(site, actor, [id], _body, req, raw) {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
      const file = form.get('file');
      if (!file || typeof file === 'string') throw badRequest('Attach a file in the "file" field');
      const data = Buffer.from(await file.arrayBuffer());
      const attachment = site.upload(actor, id, { name: file.name, mediaType: file.type || 'application/octet-stream', data, comment: '', minorEdit: false }, 'createOrUpdate');
      return { id: attachment.id, title: attachment.title, version: attachment.version.number };
    },
  },
];

/** Serves `/sandbox/api/sites/<cloudId>/<route>?as=<accountId>` for the given sites. */
export function peopleApi(sites: () => ConfluenceSite[]) {
  return async (req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const send = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const parts = /^\/sandbox\/api\/sites\/([^/]+)\/(.+)$/.exec(url.pathname);
    const site = parts && sites().find((s) => s.cloudId === parts[1]);
    if (!parts || !site) return send(404, { message: 'Unknown site' });
    const accountId = url.searchParams.get('as') ?? '';
    if (!site.users.has(accountId) || site.users.get(accountId)?.accountType === 'app') return send(401, { message: 'Choose a demo user with ?as=<accountId>' });
    const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(parts[2]));
    if (!route) return send(404, { message: 'Unknown action' });
    try {
      const isJson = (req.headers['content-type'] ?? '').startsWith('application/json');
      const body = isJson && raw.length ? (JSON.parse(raw.toString('utf8')) as Json) : {};
      send(200, await route.run(site, { kind: 'user', accountId }, (route.pattern.exec(parts[2]) as RegExpExecArray).slice(1), body, req, raw));
    } catch (e) {
      if (e instanceof ApiError) return send(e.status, { message: e.message });
      if (e instanceof SyntaxError) return send(400, { message: 'Malformed JSON' });
      throw e;
    }
  };
}
