/** v1: what only v1 can do (label writes, attachment uploads and downloads) and the current user. */
import { ApiError, badRequest, goneV1, notFound } from '../api-error';
import { labelId, labelParts } from '../labels';
import { v1AttachmentJson, v1CollectionLinks, v1User } from './representations';
import { mediaHost } from '../media-host';
import { list, ok, type RestCall, type RestHandler } from './rest-call';
import type { Content } from '../model';
import type { LongTask } from '../site';

/** A v1 LabelArray: every current label (INFERRED, v1-label-add.json), limit 200 (confluence-real row 55). */
const labelArray = (call: RestCall, c: Content) => {
  const results = [...c.labels].sort().map((key) => ({ ...labelParts(key), id: labelId(key), label: labelParts(key).name }));
  return { results, start: 0, limit: 200, size: results.length, _links: v1CollectionLinks(call.site, `/rest/api/content/${c.id}/label`) };
};

/** Uploads need `X-Atlassian-Token: no-check`, or Confluence's XSRF check blocks them. */
function requireNoCheck(call: RestCall): void {
  if (call.headers.get('x-atlassian-token') !== 'no-check') throw new ApiError(403, 'XSRF check failed');
}

function upload(call: RestCall, mode: 'create' | 'createOrUpdate' | { attachmentId: string }) {
  requireNoCheck(call);
  if (call.files.length === 0) throw badRequest('A multipart part named "file" is required');
  const minorEdit = call.body.minorEdit === 'true';
  const results = call.files.map((file) =>
    call.site.upload(call.actor, call.params.id, { name: file.name, mediaType: file.mediaType, data: file.data, comment: call.body.comment ?? '', minorEdit }, mode),
  );
  return results;
}

const userJson = (call: RestCall, accountId: string) => ({ ...v1User(call.site, accountId), _expandable: {}, _links: {} });

/** v1.json LongTaskStatusWithLinks, for an archive task. */
function taskJson(task: LongTask) {
  const finished = task.pollsLeft === 0;
  return {
    id: task.id,
    name: { key: 'com.atlassian.confluence.pages.archive', args: [] },
    elapsedTime: Date.now() - task.startedAt,
    percentageComplete: finished ? 100 : 50,
    successful: finished,
    finished,
    messages: [],
    status: finished ? 'COMPLETED' : 'RUNNING',
    _links: { self: `/wiki/rest/api/longtask/${task.id}` },
  };
}

/** ContentStateResponse (openapi-supplement.ts V1_SUPPLEMENT): the state, and when the content last changed. */
const stateJson = (c: Content) => ({ contentState: c.contentState ? { ...c.contentState } : null, lastUpdated: c.version.createdAt });

/** Drafts are never stored by the emulator: only the published (current) state is served. */
function publishedOnly(call: RestCall): void {
  const status = call.query.get('status') ?? 'current';
  if (status === 'draft') throw badRequest('The emulator keeps no drafts: only status=current is served');
}

export const v1Handlers: Record<string, RestHandler> = {
  getContentState(call) {
    publishedOnly(call);
    call.site.contentStateOf(call.actor, call.params.id);
    return ok(stateJson(call.site.contents.get(call.params.id)!));
  },

  setContentState(call) {
    publishedOnly(call);
    call.site.setContentState(call.actor, call.params.id, { id: call.body?.id, name: call.body?.name, color: call.body?.color });
    return ok(stateJson(call.site.contents.get(call.params.id)!));
  },

  removeContentState(call) {
    publishedOnly(call);
    call.site.removeContentState(call.actor, call.params.id);
    return ok(stateJson(call.site.contents.get(call.params.id)!));
  },

  /**
   * v1 createContent would carry a copy's labels and content properties in one write (v1.json:
   * "Labels can also be added when creating content", addLabelsToContent; properties "by
   * including them in the metadata.properties of the request", createContentProperty), but it is
   * deprecated for v2's createPage and createBlogPost (changelog CHANGE-864,
   * https://community.developer.atlassian.com/t/deprecating-many-confluence-v1-apis-that-have-v2-equivalents/66883;
   * public access removed from January 2024,
   * https://community.developer.atlassian.com/t/rfc-19-deprecation-of-confluence-cloud-rest-api-v1-endpoints/71752),
   * and a 2026 client report has it answering 410 Gone
   * (https://github.com/veryfront/veryfront-code/pull/1787). So the emulator answers 410 (its
   * wording INFERRED) and creates nothing: the app must not come to depend on it.
   */
  createContent() {
    throw goneV1('POST /wiki/api/v2/pages or /wiki/api/v2/blogposts');
  },

  /**
   * v1.json archivePages: `{pages:[{id}]}` → 202 with a task id (confluence-real row 62). The
   * 202 body is undocumented ("content": {}); `{id, links.status}` is INFERRED from the other
   * long-task answers.
   */
  archivePages(call) {
    const ids = ((call.body?.pages ?? []) as Array<{ id: number | string }>).map((p) => String(p.id));
    if (!ids.length) throw badRequest('pages is required');
    const task = call.site.archive(call.actor, ids);
    return { status: 202, body: { id: task.id, links: { status: `/wiki/rest/api/longtask/${task.id}` } }, objects: 0 };
  },

  /** v1.json getTask: how far a long task has come (an archive finishes after `archiveTaskPolls` reads). */
  getTask(call) {
    const task = call.site.pollTask(call.params.id);
    if (!task) throw notFound('Task');
    return ok(taskJson(task));
  },

  /** v1.json movePage: `{pageId}` on success. */
  movePage(call) {
    const position = call.params.position;
    if (position !== 'before' && position !== 'after' && position !== 'append') throw badRequest(`Unknown position: ${position}`);
    const moved = call.site.movePage(call.actor, call.params.pageId, position, call.params.targetId);
    return ok({ pageId: moved.id });
  },

  getCurrentUser(call) {
    const accountId = call.site.accountOf(call.actor);
    const withOperations = list(call.query, 'expand').includes('operations');
    return ok({ ...userJson(call, accountId), ...(withOperations ? { operations: call.site.siteOperations(accountId) } : {}) });
  },

  /** `cql` is parsed for the one form the app uses: `user.fullname~"<text>"`. */
  searchUser(call) {
    const match = /user\.fullname\s*~\s*"([^"]*)"/.exec(call.query.get('cql') ?? '');
    if (!match) throw badRequest('The emulator supports cql user.fullname~"text" only');
    const text = match[1].toLowerCase();
    const users = [...call.site.users.values()].filter((u) => u.accountType === 'atlassian' && u.displayName.toLowerCase().includes(text));
    const limit = Math.min(Number(call.query.get('limit') ?? 25), 1000);
    const results = users.slice(0, limit).map((u) => ({
      user: userJson(call, u.accountId),
      title: u.displayName,
      excerpt: '',
      url: `/people/${u.accountId}`,
      breadcrumbs: [],
      entityType: 'user',
      iconCssClass: 'aui-icon content-type-profile',
      lastModified: call.site.now(),
    }));
    return ok({ results, start: 0, limit, size: results.length, totalSize: users.length, cqlQuery: call.query.get('cql'), searchDuration: 1, _links: {} }, results.length);
  },

  getGroupMembershipsForUser(call) {
    const accountId = call.query.get('accountId');
    if (!accountId) throw badRequest('accountId is required');
    const start = Number(call.query.get('start') ?? 0);
    const limit = Math.min(Number(call.query.get('limit') ?? 200), 200);
    const groups = call.site.groupsOf(accountId).sort((a, b) => a.name.localeCompare(b.name));
    const results = groups.slice(start, start + limit).map((g) => ({ type: 'group', name: g.name, id: g.id, _links: {} }));
    return ok({ results, start, limit, size: results.length, _links: {} }, results.length);
  },

  searchGroups(call) {
    const text = (call.query.get('query') ?? '').toLowerCase();
    const limit = Math.min(Number(call.query.get('limit') ?? 200), 200);
    const groups = [...call.site.groups.values()].filter((g) => g.name.toLowerCase().includes(text)).sort((a, b) => a.name.localeCompare(b.name));
    const results = groups.slice(0, limit).map((g) => ({ type: 'group', name: g.name, id: g.id, _links: {} }));
    return ok({ results, start: 0, limit, size: results.length, _links: {} }, results.length);
  },

  getLabelsForContent(call) {
    const content = call.site.visible(call.actor, call.params.id, ['page', 'blogpost', 'attachment']);
    const body = labelArray(call, content);
    return ok(body, body.size);
  },

  addLabelsToContent(call) {
    const input = Array.isArray(call.body) ? call.body : [call.body];
    // Each label under its own prefix (v1 LabelCreate `{prefix, name}`, confluence-real rows 56, 58).
    const labels = input as Array<{ prefix?: string; name: string }>;
    const isGlobal = (l: { prefix?: string }) => (l.prefix ?? 'global') === 'global';
    let content = call.site.addLabels(call.actor, call.params.id, labels.filter(isGlobal).map((l) => l.name));
    for (const l of labels.filter((l) => !isGlobal(l))) content = call.site.addLabels(call.actor, call.params.id, [l.name], l.prefix);
    return ok(labelArray(call, content), 0);
  },

  removeLabelFromContent(call) {
    call.site.removeLabel(call.actor, call.params.id, call.params.label);
    return { status: 204 };
  },

  removeLabelFromContentUsingQueryParameter(call) {
    const name = call.query.get('name');
    if (!name) throw badRequest('name is required');
    call.site.removeLabel(call.actor, call.params.id, name);
    return { status: 204 };
  },

  /** POST creates only: an existing file name is 400 (confluence-real row 48). */
  createAttachment(call) {
    const results = upload(call, 'create').map((c) => v1AttachmentJson(call.site, c));
    return ok({ results, size: results.length, _links: v1CollectionLinks(call.site) }, 0);
  },

  /** PUT creates, or adds a version under the same id (row 48, v1-attachment-upload.json). */
  createOrUpdateAttachments(call) {
    const results = upload(call, 'createOrUpdate').map((c) => v1AttachmentJson(call.site, c));
    return ok({ results, size: results.length, _links: v1CollectionLinks(call.site) }, 0);
  },

  updateAttachmentData(call) {
    const [updated] = upload(call, { attachmentId: call.params.attachmentId });
    if (updated.containerId !== call.params.id) throw notFound('Attachment');
    return ok(v1AttachmentJson(call.site, updated), 0);
  },

  /**
   * 302 to the media host on another origin, with a short-lived token (confluence-real row 51,
   * download-redirect.txt). `version` picks an older version; the emulator keeps the bytes of
   * the latest one only, so an older version answers the latest bytes (not modelled).
   */
  downloadAttatchment(call) {
    const attachment = call.site.visible(call.actor, call.params.attachmentId, ['attachment']);
    if (attachment.containerId !== call.params.id || !attachment.attachment) throw notFound('Attachment');
    const version = Number(call.query.get('version') ?? attachment.version.number);
    if (version > attachment.version.number || version < 1) throw badRequest('No such attachment version');
    const { fileId, data, mediaType } = attachment.attachment;
    return { status: 302, headers: { location: mediaHost.issue({ fileId, name: attachment.title, data, mediaType }), 'content-length': '0' } };
  },
};
