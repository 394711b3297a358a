/**
 * The sandbox editor's changes, each made on the emulated site as the chosen user, so it raises
 * the same product events a person's edit in Confluence would; then the page is shown again
 * (with the error, if any).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DemoSite } from '../demo';
import type { Actor, ConfluenceSite } from '../confluence/site';
import { textOf } from '../confluence/site';
import { occurrences } from '../confluence/inline-markers';
import { ApiError } from '../confluence/api-error';
import { linkTo, where } from './space-context';

const escapeText = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);

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
    site.createComment(as, { containerId: pageId, body: `<p>${escapeText(field('comment'))}</p>` });
  } else if (op === 'inline-comment') {
    const selection = field('selection');
    if (!selection.trim() || !field('comment').trim()) throw new Error('Give the text on the page and the comment');
    const count = occurrences(textOf(current.body), selection).length;
    const occurrence = Math.max(1, Number(field('occurrence')) || 1);
    if (!count) throw new Error(`“${selection}” is not in the page's text`);
    if (occurrence > count) throw new Error(`“${selection}” is in the page ${count === 1 ? 'once' : `${count} times`}, not ${occurrence}`);
    site.createComment(as, { containerId: pageId, body: `<p>${escapeText(field('comment'))}</p>`, inline: { textSelection: selection, textSelectionMatchCount: count, textSelectionMatchIndex: occurrence - 1 } });
  } else if (op === 'resolve' || op === 'reopen') {
    const comment = site.contents.get(field('comment-id'));
    if (!comment || comment.containerId !== pageId || comment.type !== 'inline-comment') throw new Error('No such inline comment');
    site.updateComment(as, comment.id, 'inline-comment', { version: comment.version.number + 1, resolved: op === 'resolve' });
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
