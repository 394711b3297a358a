/**
 * v2 listings across the whole site: every footer comment, inline comment and attachment the
 * caller may see (v2.json getFooterComments, getInlineComments, getAttachments). Their rows name
 * the page or blog post they belong to (FooterCommentModel `pageId`/`blogPostId`,
 * InlineCommentModel, AttachmentBulk), which the per-page listings' rows also do (confluence-real
 * rows 39, 47).
 */
import type { Content, ContentType } from '../model';
import { badRequest } from '../api-error';
import { attachmentJson, attachmentNumber, commentJson } from './representations';
import { list, ok, type RestCall, type RestHandler } from './rest-call';

/** A comment or file is listed while its page is readable: current or archived, as the per-page listings allow (INFERRED from confluence-real row 19). */
const READABLE_CONTAINER = ['current', 'archived'];

function containerReadable(call: RestCall, c: Content): boolean {
  const container = c.containerId ? call.site.contents.get(c.containerId) : undefined;
  return Boolean(container && (container.type === 'page' || container.type === 'blogpost') && READABLE_CONTAINER.includes(container.status));
}

/**
 * CommentSortOrder / AttachmentSortOrder: created-date or modified-date, `-` for descending.
 * Without `sort` the order is by id (INFERRED: the documents name no default; ids grow with
 * creation, so this is also created-date order).
 */
function sorted(items: Content[], sort: string | null): Content[] {
  const number = (c: Content) => Number(attachmentNumber(c.id));
  if (!sort) return [...items].sort((a, b) => number(a) - number(b));
  const key = sort.replace(/^-/, '');
  const dir = sort.startsWith('-') ? -1 : 1;
  const value = (c: Content) => (key === 'modified-date' ? c.version.createdAt : c.createdAt);
  return [...items].sort((a, b) => (value(a) < value(b) ? -dir : value(a) > value(b) ? dir : number(a) - number(b)));
}

/**
 * Every comment of that kind on the site. Whether replies are listed too is UNCONFIRMED
 * (ConfluenceSite.siteCommentListing): the per-page listings give top-level comments only
 * (confluence-real row 39), and this one's description says "Returns all footer comments".
 */
const allComments = (type: ContentType): RestHandler => (call) => {
  const replies = call.site.siteCommentListing === 'with-replies';
  const items = call.site.contents
    .ofType(type)
    .filter((c) => c.status === 'current' && (replies || !c.parentCommentId) && containerReadable(call, c) && call.site.canView(call.actor, c));
  const page = call.paginate(sorted(items, call.query.get('sort')));
  return ok({ results: page.results.map((c) => commentJson(call.site, c, { bodyFormat: call.query.get('body-format'), row: true })), _links: page._links }, page.results.length);
};

/** `status` filters the attachment's own status: current and archived by default (v2.json getAttachments). */
const allAttachments: RestHandler = (call) => {
  const statuses = list(call.query, 'status');
  if (statuses.some((s) => !['current', 'archived', 'trashed'].includes(s))) throw badRequest(`Invalid status: ${statuses.join(',')}`);
  const wanted = statuses.length ? statuses : ['current', 'archived'];
  const filename = call.query.get('filename');
  const mediaType = call.query.get('mediaType');
  const items = call.site.contents
    .ofType('attachment')
    .filter((c) => wanted.includes(c.status) && (!filename || c.title === filename) && (!mediaType || c.attachment?.mediaType === mediaType) && containerReadable(call, c) && call.site.canView(call.actor, c));
  const page = call.paginate(sorted(items, call.query.get('sort')));
  return ok({ results: page.results.map((a) => attachmentJson(call.site, a, { row: true })), _links: page._links }, page.results.length);
};

export const siteListingHandlers: Record<string, RestHandler> = {
  getFooterComments: allComments('footer-comment'),
  getInlineComments: allComments('inline-comment'),
  getAttachments: allAttachments,
};
