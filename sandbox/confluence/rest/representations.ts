/** The JSON shapes of the v2 and v1 APIs, built from the emulator's model. */
import type { Content, ContentProperty, Space } from '../model';
import type { ConfluenceSite } from '../site';
import { labelId, labelParts } from '../labels';

export interface RenderOptions {
  bodyFormat?: string | null;
  includeLabels?: boolean;
  includeProperties?: boolean;
  includeVersion?: boolean;
  /**
   * A row of a listing: its `_links` carry no `base` (the envelope's do) and `body` is `{}` when
   * no body format was asked for (confluence-real rows 5 and 6, v2-pages-listing.json).
   */
  row?: boolean;
}

/** `_links.base` of single answers and listing envelopes: the site's `/wiki` URL (confluence-real row 5). */
export const baseLink = (site: ConfluenceSite) => `${site.siteUrl}/wiki`;

/**
 * `ncsStepVersion` is a string on recent single GETs and absent from the captured listing rows
 * (confluence-real row 8, v2-page-single-storage.json; its meaning is INFERRED: the version number here).
 */
const versionJson = (c: Content, single = false) => ({
  createdAt: c.version.createdAt,
  message: c.version.message,
  number: c.version.number,
  minorEdit: c.version.minorEdit,
  authorId: c.version.authorId,
  ...(single && (c.type === 'page' || c.type === 'blogpost') ? { ncsStepVersion: String(c.version.number) } : {}),
});

function bodyJson(c: Content, format: string | null | undefined, row: boolean) {
  if (format === 'storage') return { storage: { representation: 'storage', value: c.body } };
  if (format === 'atlas_doc_format') {
    // The emulator keeps storage format; ADF is a single paragraph of the page's text.
    const text = c.body.replace(/<[^>]+>/g, '');
    return { atlas_doc_format: { representation: 'atlas_doc_format', value: JSON.stringify({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] }] }) } };
  }
  // Listing rows carry `body: {}` (row 6); a single GET without body-format carries no body key
  // (v2-page-include-labels.json).
  return row ? {} : undefined;
}

/** `include-labels` returns at most 50, with `meta.hasMore` and where to read the rest (confluence-real row 57). */
export const INCLUDED_LABELS_CAP = 50;

const labelsJson = (c: Content) => {
  const names = [...c.labels].sort();
  const shown = names.slice(0, INCLUDED_LABELS_CAP);
  const more = names.length > shown.length;
  return {
    results: shown.map((name) => labelJson(c, name)),
    meta: { hasMore: more, cursor: more ? Buffer.from(`offset:${shown.length}`).toString('base64url') : '' },
    _links: { self: `/wiki/api/v2/${c.type === 'page' ? 'pages' : 'blogposts'}/${c.id}/labels` },
  };
};

/**
 * `include-properties`: at most 50, "with a `meta` and `_links` property … to indicate if more
 * results are available and a link to retrieve the rest" (v2.json). Shaped as included labels
 * are (confluence-real row 57); the meta and link of properties are INFERRED from those.
 */
export const INCLUDED_PROPERTIES_CAP = 50;

function includedPropertiesJson(site: ConfluenceSite, c: Content) {
  const all = [...site.properties.values()].filter((p) => p.contentId === c.id).sort((a, b) => Number(a.id) - Number(b.id));
  const shown = all.slice(0, INCLUDED_PROPERTIES_CAP);
  const more = all.length > shown.length;
  return {
    results: shown.map(propertyJson),
    meta: { hasMore: more, cursor: more ? Buffer.from(`offset:${shown.length}`).toString('base64url') : '' },
    _links: { self: `/wiki/api/v2/${c.type === 'page' ? 'pages' : 'blogposts'}/${c.id}/properties` },
  };
}

export const labelJson = (_c: Content, key: string) => ({ id: labelId(key), ...labelParts(key) });

/** The title in a page URL: spaces become `+`, parentheses are dropped (confluence-real row 3). */
export function titleSlug(title: string): string {
  return encodeURIComponent(title.replace(/[()]/g, '').trim()).replace(/%20/g, '+');
}

/** `/x/…`: a short base64 of the id (the real encoding is not sourced; its form is, row 4). */
function tinyui(id: string): string {
  let n = BigInt(id.replace(/\D/g, '') || '0');
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.push(Number(n & 255n));
    n >>= 8n;
  }
  return `/x/${Buffer.from(bytes).toString('base64url')}`;
}

export function webui(site: ConfluenceSite, c: Content): string {
  const space = site.spaces.get(c.spaceId);
  if (c.type === 'blogpost') return `/spaces/${space?.key}/blog/${c.id}/${titleSlug(c.title)}`;
  // The home page is the space's overview (confluence-real row 3, v2-page-home.json).
  if (space?.homepageId === c.id) return `/spaces/${space.key}/overview`;
  return `/spaces/${space?.key}/pages/${c.id}/${titleSlug(c.title)}`;
}

/**
 * Where a page sits. Absent parents are explicit nulls, and a trashed page reports no parent and
 * no position (confluence-real rows 1, 18; v2-page-home.json, v2-page-trashed.json).
 */
export function treeJson(site: ConfluenceSite, c: Content) {
  if (c.status === 'trashed' || c.status === 'deleted') return { parentId: null, parentType: null, position: null };
  return { parentId: c.parentId ?? null, parentType: c.parentId ? parentTypeOf(site, c.parentId) : null, position: c.position };
}

export function pageJson(site: ConfluenceSite, c: Content, options: RenderOptions = {}) {
  const page = c.type === 'page';
  const body = bodyJson(c, options.bodyFormat, options.row === true);
  const space = site.spaces.get(c.spaceId);
  return {
    id: c.id,
    status: c.status,
    title: c.title,
    spaceId: c.spaceId,
    // Live docs expose `subtype` (confluence-real row 63: INFERRED; ConfluenceSite.exposeSubtype).
    ...(c.subtype && site.exposeSubtype ? { subtype: c.subtype } : {}),
    // Pages carry their owner; lastOwnerId is null until ownership moves (confluence-real row 2).
    ...(page ? { ...treeJson(site, c), ownerId: c.authorId, lastOwnerId: null } : {}),
    authorId: c.authorId,
    createdAt: c.createdAt,
    ...(options.includeVersion === false ? {} : { version: versionJson(c, !options.row) }),
    ...(body ? { body } : {}),
    ...(options.includeLabels ? { labels: labelsJson(c) } : {}),
    ...(options.includeProperties ? { properties: includedPropertiesJson(site, c) } : {}),
    _links: {
      editui: `/pages/resumedraft.action?draftId=${c.id}`,
      ...(page ? { edituiv2: `/spaces/${space?.key}/pages/edit-v2/${c.id}` } : {}),
      tinyui: tinyui(c.id),
      webui: webui(site, c),
      ...(options.row ? {} : { base: baseLink(site) }),
    },
  };
}

/** A page in a folder says `parentType: "folder"` (row 20, v2-page-in-folder.json); likewise under other nodes (row 27). */
export const parentTypeOf = (site: ConfluenceSite, parentId: string) => site.contents.get(parentId)?.type ?? 'page';

/** The v2 space object (confluence-real row 33, v2-space.json); `description` is null unless asked for. */
export function spaceJson(site: ConfluenceSite, s: Space) {
  return {
    id: s.id,
    key: s.key,
    name: s.name,
    type: 'global',
    status: 'current',
    authorId: s.authorId,
    createdAt: s.createdAt,
    homepageId: s.homepageId,
    currentActiveAlias: s.key,
    spaceOwnerId: s.authorId,
    description: null,
    icon: null,
    _links: { webui: `/spaces/${s.key}` },
  };
}

/**
 * A footer or inline comment. Rows of `/children` have no page id (confluence-real row 39,
 * v2-footer-comment-children.json); single answers carry `_links.base` (row 45).
 */
export function commentJson(site: ConfluenceSite, c: Content, options: RenderOptions & { childRow?: boolean } = {}) {
  const container = site.contents.get(c.containerId as string) as Content;
  const body = bodyJson(c, options.bodyFormat, false);
  const row = options.row || options.childRow;
  return {
    id: c.id,
    status: c.status,
    title: c.title,
    ...(options.childRow ? {} : container.type === 'page' ? { pageId: container.id } : { blogPostId: container.id }),
    ...(c.parentCommentId ? { parentCommentId: c.parentCommentId } : {}),
    version: versionJson(c),
    ...(body ? { body } : {}),
    ...(c.type === 'inline-comment' ? inlineJson(site, c) : {}),
    _links: { webui: `${webui(site, container)}?focusedCommentId=${c.id}`, ...(row ? {} : { base: baseLink(site) }) },
  };
}

/**
 * Resolution and anchor of an inline comment: `resolutionLastModifier*` only once it has been
 * resolved (absent on open, row 37; present on reopened is INFERRED), and `properties` with
 * exactly four keys, the kebab-case ones deprecated duplicates (row 36, v2-inline-comment.json).
 */
function inlineJson(site: ConfluenceSite, c: Content) {
  const inline = c.inline;
  const resolutionStatus = site.inlineResolution(c);
  const ref = inline?.markerRef ?? '';
  const selection = inline?.textSelection ?? '';
  return {
    resolutionStatus,
    ...(inline?.resolvedBy ? { resolutionLastModifierId: inline.resolvedBy, resolutionLastModifiedAt: inline.resolvedAt } : {}),
    properties: { inlineMarkerRef: ref, inlineOriginalSelection: selection, 'inline-marker-ref': ref, 'inline-original-selection': selection },
  };
}

/** The number inside an `att…` id, which the servlet links and v1 `preview` parameters use. */
export const attachmentNumber = (id: string) => id.replace(/^att/, '');

/**
 * The servlet link v2 still hands out (`downloadLink`, confluence-real row 47); on Cloud it answers
 * 401 to apps and API tokens (row 52), so clients download through v1 (download-redirect.txt).
 */
export function servletDownloadLink(c: Content): string {
  const modified = Date.parse(c.version.createdAt);
  return `/download/attachments/${c.containerId}/${encodeURIComponent(c.title)}?version=${c.version.number}&modificationDate=${modified}&cacheVersion=1&api=v2`;
}

const attachmentWebui = (c: Content) => `/pages/viewpageattachments.action?pageId=${c.containerId}&preview=${encodeURIComponent(`/${c.containerId}/${attachmentNumber(c.id)}/${c.title}`)}`;

/** A v2 attachment (confluence-real rows 46-47, v2-attachment.json, v2-attachments-listing.json). */
export function attachmentJson(site: ConfluenceSite, c: Content, options: RenderOptions = {}) {
  const container = site.contents.get(c.containerId as string) as Content;
  const download = servletDownloadLink(c);
  return {
    id: c.id,
    status: c.status,
    title: c.title,
    createdAt: c.createdAt,
    ...(container.type === 'page' ? { pageId: container.id } : { blogPostId: container.id }),
    mediaType: c.attachment?.mediaType ?? 'application/octet-stream',
    mediaTypeDescription: describeMediaType(c.attachment?.mediaType),
    comment: c.attachment?.comment ?? '',
    fileId: c.attachment?.fileId ?? '',
    fileSize: c.attachment?.fileSize ?? 0,
    webuiLink: attachmentWebui(c),
    downloadLink: download,
    version: versionJson(c),
    _links: { webui: attachmentWebui(c), download, ...(options.row ? {} : { base: baseLink(site) }) },
  };
}

/** Confluence's words for a media type ("PNG Image"); the emulator knows a few. */
function describeMediaType(type: string | undefined): string {
  const known: Record<string, string> = { 'image/png': 'PNG Image', 'image/jpeg': 'JPEG Image', 'application/pdf': 'PDF Document', 'text/plain': 'Text File' };
  return (type && known[type]) ?? 'File';
}

export const propertyJson = (p: ContentProperty) => ({ id: p.id, key: p.key, value: p.value, version: p.version });

/** The REST download path of v1 `_links.download`, context-relative (confluence-real row 53, v1-attachment-upload.json). */
export const restDownloadPath = (c: Content) => `/rest/api/content/${c.containerId}/child/attachment/${c.id}/download`;

/** v1 content (what v1 PUT /content/{id} answers for a tree node). */
export function v1ContentJson(site: ConfluenceSite, c: Content) {
  const space = site.spaces.get(c.spaceId);
  return {
    id: c.id,
    type: c.type,
    status: c.status,
    title: c.title,
    space: { id: Number(space?.id), key: space?.key, name: space?.name, type: 'global', status: 'current', _expandable: {}, _links: {} },
    version: { by: v1User(site, c.version.authorId), when: c.version.createdAt, message: c.version.message, number: c.version.number, minorEdit: c.version.minorEdit },
    _expandable: {},
    _links: { self: `${baseLink(site)}/rest/api/content/${c.id}`, base: baseLink(site), context: '/wiki' },
  };
}

/** A v1 user, as `by` and `/user/current` carry it (v1-attachment-upload.json). */
export function v1User(site: ConfluenceSite, accountId: string) {
  const user = site.users.get(accountId);
  return {
    type: 'known',
    accountId,
    accountType: user?.accountType ?? 'atlassian',
    email: user?.email ?? '',
    publicName: user?.displayName ?? accountId,
    displayName: user?.displayName ?? accountId,
    isExternalCollaborator: false,
    profilePicture: { path: `/wiki/aa-avatar/${accountId}`, width: 48, height: 48, isDefault: false },
  };
}

/** A v1 attachment as uploads answer it (confluence-real row 49, v1-attachment-upload.json). */
export function v1AttachmentJson(site: ConfluenceSite, c: Content) {
  const space = site.spaces.get(c.spaceId);
  const ari = `ari:cloud:confluence:${site.cloudId}:attachment/${attachmentNumber(c.id)}`;
  const meta = c.attachment;
  return {
    id: c.id,
    type: 'attachment',
    status: c.status,
    title: c.title,
    ari,
    base64EncodedAri: Buffer.from(ari).toString('base64'),
    macroRenderedOutput: {},
    metadata: { comment: meta?.comment ?? '', mediaType: meta?.mediaType ?? '', labels: { results: [], start: 0, limit: 200, size: 0, _links: {} }, _expandable: { currentuser: '', properties: '', frontend: '', editorHtml: '' } },
    extensions: { mediaType: meta?.mediaType ?? '', fileSize: meta?.fileSize ?? 0, comment: meta?.comment ?? '', mediaTypeDescription: describeMediaType(meta?.mediaType), fileId: meta?.fileId ?? '', collectionName: `contentId-${c.containerId}` },
    version: { by: v1User(site, c.version.authorId), when: c.version.createdAt, friendlyWhen: 'just a moment ago', message: c.version.message, number: c.version.number, minorEdit: c.version.minorEdit, contentTypeModified: false },
    _links: { webui: attachmentWebui(c), download: restDownloadPath(c), self: `${baseLink(site)}/rest/api/content/${c.id}` },
    _expandable: { container: `/rest/api/content/${c.containerId}`, space: `/rest/api/space/${space?.key}`, history: `/rest/api/content/${c.id}/history` },
  };
}

/** v1 collection links: base and context, `self` where the reference shows one (confluence-real row 54). */
export const v1CollectionLinks = (site: ConfluenceSite, self?: string) => ({ ...(self ? { self: `${baseLink(site)}${self}` } : {}), base: baseLink(site), context: '/wiki' });
