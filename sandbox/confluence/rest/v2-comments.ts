/** v2 footer and inline comments, with replies. */
import type { Content, ContentType } from '../model';
import { commentJson } from './representations';
import { ok, storageBody, type RestCall, type RestHandler } from './rest-call';

type Kind = 'footer-comment' | 'inline-comment';

function render(call: RestCall, c: Content) {
  return commentJson(call.site, c, { bodyFormat: call.query.get('body-format') });
}

function listed(call: RestCall, items: Content[]) {
  const page = call.paginate(items.filter((c) => call.site.canView(call.actor, c)).sort((a, b) => Number(a.id) - Number(b.id)));
  return ok({ results: page.results.map((c) => render(call, c)), _links: page._links }, page.results.length);
}

const ofContainer = (containerType: 'page' | 'blogpost', kind: Kind): RestHandler => (call) => {
  // An archived page's comments stay readable (INFERRED from confluence-real row 19).
  const container = call.site.visible(call.actor, call.params.id, [containerType], ['current', 'archived']);
  return listed(call, call.site.comments(container.id, kind));
};

const children = (kind: Kind): RestHandler => (call) => {
  const parent = call.site.visible(call.actor, call.params.id, [kind]);
  return listed(call, call.site.comments(parent.containerId as string, kind, parent.id));
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

const update = (kind: Kind): RestHandler => (call) => {
  const comment = call.site.updateComment(call.actor, call.params['comment-id'], kind as ContentType, {
    body: storageBody(call.body.body),
    version: call.body.version?.number,
    message: call.body.version?.message,
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
