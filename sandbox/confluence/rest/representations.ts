/** The JSON shapes of the v2 and v1 APIs, built from the emulator's model. */
import type { Content, ContentProperty, Space } from '../model';
import type { ConfluenceSite } from '../site';

export interface RenderOptions {
  bodyFormat?: string | null;
  includeLabels?: boolean;
  includeVersion?: boolean;
}

const versionJson = (c: Content) => ({
  createdAt: c.version.createdAt,
  message: c.version.message,
  number: c.version.number,
  minorEdit: c.version.minorEdit,
  authorId: c.version.authorId,
});

function bodyJson(c: Content, format: string | null | undefined) {
  if (format === 'storage') return { storage: { representation: 'storage', value: c.body } };
  if (format === 'atlas_doc_format') {
    // The emulator keeps storage format; ADF is a single paragraph of the page's text.
    const text = c.body.replace(/<[^>]+>/g, '');
    return { atlas_doc_format: { representation: 'atlas_doc_format', value: JSON.stringify({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] }] }) } };
  }
  return undefined;
}

const labelsJson = (c: Content) => ({
  results: [...c.labels].sort().map((name) => labelJson(c, name)),
  meta: { hasMore: false, cursor: '' },
  _links: {},
});

export const labelJson = (c: Content, name: string) => ({ id: labelId(name), name, prefix: 'global' });

/** Labels have site-wide ids in Confluence; a stable hash of the name stands in for one. */
export function labelId(name: string): string {
  let h = 7;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) % 2_147_483_647;
  return String(h);
}

function webui(site: ConfluenceSite, c: Content): string {
  const space = site.spaces.get(c.spaceId);
  return c.type === 'blogpost' ? `/spaces/${space?.key}/blog/${c.id}` : `/spaces/${space?.key}/pages/${c.id}`;
}

export function pageJson(site: ConfluenceSite, c: Content, options: RenderOptions = {}) {
  const page = c.type === 'page';
  const body = bodyJson(c, options.bodyFormat);
  return {
    id: c.id,
    status: c.status,
    title: c.title,
    spaceId: c.spaceId,
    ...(page ? { ...(c.parentId ? { parentId: c.parentId, parentType: parentTypeOf(site, c.parentId) } : {}), position: c.position, ownerId: c.authorId } : {}),
    authorId: c.authorId,
    createdAt: c.createdAt,
    ...(options.includeVersion === false ? {} : { version: versionJson(c) }),
    ...(body ? { body } : {}),
    ...(options.includeLabels ? { labels: labelsJson(c) } : {}),
    _links: { webui: webui(site, c), editui: `/pages/resumedraft.action?draftId=${c.id}`, tinyui: `/x/${c.id}` },
  };
}

/** A page in a folder says `parentType: "folder"` (row 20, v2-page-in-folder.json); likewise under other nodes (row 27). */
export const parentTypeOf = (site: ConfluenceSite, parentId: string) => site.contents.get(parentId)?.type ?? 'page';

export function spaceJson(site: ConfluenceSite, s: Space) {
  return {
    id: s.id,
    key: s.key,
    name: s.name,
    type: 'global',
    status: 'current',
    createdAt: s.createdAt,
    homepageId: s.homepageId,
    _links: { webui: `/spaces/${s.key}` },
  };
}

export function commentJson(site: ConfluenceSite, c: Content, options: RenderOptions = {}) {
  const container = site.contents.get(c.containerId as string) as Content;
  const body = bodyJson(c, options.bodyFormat);
  return {
    id: c.id,
    status: c.status,
    title: c.title,
    ...(container.type === 'page' ? { pageId: container.id } : { blogPostId: container.id }),
    ...(c.parentCommentId ? { parentCommentId: c.parentCommentId } : {}),
    version: versionJson(c),
    ...(body ? { body } : {}),
    ...(c.type === 'inline-comment'
      ? {
          resolutionStatus: c.inline?.resolved ? 'resolved' : 'open',
          properties: { inlineMarkerRef: `marker-${c.id}`, inlineOriginalSelection: c.inline?.textSelection ?? '' },
        }
      : {}),
    _links: { webui: `${webui(site, container)}?focusedCommentId=${c.id}` },
  };
}

export function attachmentJson(site: ConfluenceSite, c: Content) {
  const container = site.contents.get(c.containerId as string) as Content;
  const download = `/download/attachments/${container.id}/${encodeURIComponent(c.title)}?version=${c.version.number}&api=v2`;
  return {
    id: c.id,
    status: c.status,
    title: c.title,
    createdAt: c.createdAt,
    ...(container.type === 'page' ? { pageId: container.id } : { blogPostId: container.id }),
    mediaType: c.attachment?.mediaType ?? 'application/octet-stream',
    mediaTypeDescription: c.attachment?.mediaType ?? '',
    comment: c.attachment?.comment ?? '',
    fileId: c.attachment?.fileId ?? '',
    fileSize: c.attachment?.fileSize ?? 0,
    webuiLink: `${webui(site, container)}?preview=${encodeURIComponent(c.title)}`,
    downloadLink: download,
    version: versionJson(c),
    _links: { download, webui: `${webui(site, container)}?preview=${encodeURIComponent(c.title)}` },
  };
}

export const propertyJson = (p: ContentProperty) => ({ id: p.id, key: p.key, value: p.value, version: p.version });

/** v1 content shape (attachments uploads and label answers use it). */
export function v1ContentJson(site: ConfluenceSite, c: Content) {
  const space = site.spaces.get(c.spaceId);
  return {
    id: c.id,
    type: c.type,
    status: c.status,
    title: c.title,
    space: { id: Number(space?.id), key: space?.key, name: space?.name, type: 'global', status: 'current', _expandable: {}, _links: {} },
    version: { number: c.version.number, when: c.version.createdAt, message: c.version.message, minorEdit: c.version.minorEdit, by: { type: 'known', accountId: c.version.authorId, accountType: site.users.get(c.version.authorId)?.accountType ?? 'atlassian' } },
    extensions: c.attachment ? { mediaType: c.attachment.mediaType, fileSize: c.attachment.fileSize, comment: c.attachment.comment, fileId: c.attachment.fileId } : {},
    _expandable: {},
    _links: { self: `${site.siteUrl}/wiki/rest/api/content/${c.id}` },
  };
}
