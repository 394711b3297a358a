/** v2 footer and inline comments, with replies. */
import type { Content, ContentType } from '../model';
import { commentJson } from './representations';
import { list, ok, storageBody, type RestCall, type RestHandler } from './rest-call';

type Kind = 'footer-comment' | 'inline-comment';

function render(call: RestCall, c: Content, shape: { row?: boolean; childRow?: boolean } = {}) {
  return commentJson(call.site, c, { bodyFormat: call.query.get('body-format'), ...shape });
}

/** Listing rows; rows of `/children` carry no page id (confluence-real row 39). */
function listed(call: RestCall, items: Content[], shape: { row?: boolean; childRow?: boolean }) {
  const page = call.paginate(items.filter((c) => call.site.canView(call.actor, c)).sort((a, b) => Number(a.id) - Number(b.id)));
  return ok({ results: page.results.map((c) => render(call, c, shape)), _links: page._links }, page.results.length);
}

/** Root comments only (row 39); inline ones filtered by `resolution-status=` (v2-inline-comments-listing.json). */
const ofContainer = (containerType: 'page' | 'blogpost', kind: Kind): RestHandler => (call) => {
  // An archived page's comments stay readable (INFERRED from confluence-real row 19).
  const container = call.site.visible(call.actor, call.params.id, [containerType], ['current', 'archived']);
  const statuses = kind === 'inline-comment' ? list(call.query, 'resolution-status') : [];
  const roots = call.site.comments(container.id, kind);
  return listed(call, statuses.length ? roots.filter((c) => statuses.includes(call.site.inlineResolution(c))) : roots, { row: true });
};

const children = (kind: Kind): RestHandler => (call) => {
  const parent = call.site.visible(call.actor, call.params.id, [kind]);
  return listed(call, call.site.comments(parent.containerId as string, kind, parent.id), { childRow: true });
};

const getOne = (kind: Kind): RestHandler => (call) => ok(render(call, call.site.visible(call.actor, call.params['comment-id'], [kind])));

const create = (kind: Kind): RestHandler => (call) => {
  const b = call.body;
  const comment = call.site.createComment(call.actor, {
    containerId: b.pageId ?? b.blogPostId,
    parentCommentId: b.parentCommentId,
    body: storageBody(b.body),
    inline: kind === 'inline-comment' && !b.parentCommentId ? b.inlineCommentProperties : undefined,
  });
  return { status: 201, body: commentJson(call.site, comment, { bodyFormat: 'storage' }), objects: 1 };
};

/** `resolved` only on inline comments (UpdateInlineCommentModel; confluence-real row 44). */
const update = (kind: Kind): RestHandler => (call) => {
  const b = call.body;
  const comment = call.site.updateComment(call.actor, call.params['comment-id'], kind as ContentType, {
    body: b.body === undefined && kind === 'inline-comment' ? undefined : storageBody(b.body),
    version: b.version?.number,
    message: b.version?.message,
    ...(kind === 'inline-comment' && typeof b.resolved === 'boolean' ? { resolved: b.resolved } : {}),
  });
  return ok(commentJson(call.site, comment, { bodyFormat: 'storage' }));
};

const remove = (kind: Kind): RestHandler => (call) => {
  call.site.deleteComment(call.actor, call.params['comment-id'], kind);
  return { status: 204 };
};

export const commentHandlers: Record<string, RestHandler> = {
  getPageFooterComments: ofContainer('page', 'footer-comment'),
  getBlogPostFooterComments: ofContainer('blogpost', 'footer-comment'),
  getPageInlineComments: ofContainer('page', 'inline-comment'),
  getBlogPostInlineComments: ofContainer('blogpost', 'inline-comment'),
  getFooterCommentChildren: children('footer-comment'),
  getInlineCommentChildren: children('inline-comment'),
  getFooterCommentById: getOne('footer-comment'),
  getInlineCommentById: getOne('inline-comment'),
  createFooterComment: create('footer-comment'),
  createInlineComment: create('inline-comment'),
  updateFooterComment: update('footer-comment'),
  updateInlineComment: update('inline-comment'),
  deleteFooterComment: remove('footer-comment'),
  deleteInlineComment: remove('inline-comment'),
};
