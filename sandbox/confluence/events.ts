/**
 * Confluence product-event payloads as the Forge events reference documents them
 * (forge-platform.md section 1.6): page, blog post, comment and attachment events.
 */
import type { Content } from './model';
import type { ConfluenceSite } from './site';

export type EventAction =
  | 'created' | 'updated' | 'moved' | 'trashed' | 'restored' | 'deleted' | 'added' | 'removed'
  // forge-platform.md section 1.6: archived/unarchived:page; live docs (confluence-real row 84).
  | 'archived' | 'unarchived' | 'initialized' | 'started' | 'snapshotted' | 'published';

/**
 * Event users carry the accountId in the PII fields (username, email, names), as the platform
 * sends them (confluence-real row 78, event-created-page.json).
 */
function eventUser(site: ConfluenceSite, accountId: string) {
  const user = site.users.get(accountId);
  return {
    type: 'known',
    username: accountId,
    accountId,
    accountType: user?.accountType ?? 'atlassian',
    email: accountId,
    publicName: accountId,
    profilePicture: { path: `/wiki/aa-avatar/${accountId}`, width: 48, height: 48, isDefault: false },
    displayName: accountId,
    isExternalCollaborator: false,
  };
}

/** In events a space id is a number (row 78). */
function spaceOf(site: ConfluenceSite, spaceId: string) {
  const space = site.spaces.get(spaceId);
  return { id: Number(spaceId), key: space?.key, alias: space?.key, name: space?.name, icon: { path: '/images/logo/default-space-logo-256.png', width: 48, height: 48, isDefault: false }, type: 'global', status: 'current' };
}

/** What names a comment's container or ancestors: no space (event-created-comment-footer.json, row 87). */
function containerCore(site: ConfluenceSite, content: Content, type: string) {
  const { space: _space, ...core } = contentCore(site, content, type);
  return core;
}

/** An ancestor comment carries only id, type, status, title and history (event-created-comment-inline-reply.json). */
function ancestorCore(site: ConfluenceSite, content: Content) {
  const { id, type, status, title, history } = contentCore(site, content, 'comment');
  return { id, type, status, title, history };
}

function contentCore(site: ConfluenceSite, content: Content, type: string) {
  return {
    id: content.id,
    type,
    // Live docs' events carry `subType: "live"` (row 77, 84, event-livedoc-initialized-page.json).
    ...(content.subtype ? { subType: content.subtype } : {}),
    status: content.status,
    title: content.title,
    space: spaceOf(site, content.spaceId),
    history: { latest: true, createdBy: eventUser(site, content.authorId), ownedBy: eventUser(site, content.authorId), createdDate: content.createdAt },
    version: { by: eventUser(site, content.version.authorId), when: content.version.createdAt, number: content.version.number },
  };
}

export function buildEvent(site: ConfluenceSite, action: EventAction, content: Content, atlassianId: string): Record<string, unknown> & { eventType: string } {
  const base = { atlassianId, eventCreatedDate: new Date().toISOString(), suppressNotifications: false };
  // Folder, whiteboard, database and smart-link events use the page format with their own type (event-created-folder.json).
  if (['page', 'blogpost', 'folder', 'whiteboard', 'database', 'embed'].includes(content.type)) {
    return { eventType: `avi:confluence:${action}:${content.type}`, ...base, content: contentCore(site, content, content.type) };
  }
  const container = site.contents.get(content.containerId as string) as Content;
  const containerJson = containerCore(site, container, container.type);
  if (content.type === 'attachment') {
    return {
      eventType: `avi:confluence:${action}:attachment`,
      ...base,
      attachment: {
        ...contentCore(site, content, 'attachment'),
        container: containerJson,
        // fileSize a string, an absolute downloadPath, collectionName (row 89, event-created-attachment.json).
        extensions: {
          mediaType: content.attachment?.mediaType,
          fileSize: String(content.attachment?.fileSize ?? 0),
          mediaTypeDescription: content.attachment?.mediaType,
          fileId: content.attachment?.fileId,
          collectionName: `contentId-${container.id}`,
          downloadPath: `${site.siteUrl}/wiki/download/attachments/${container.id}/${encodeURIComponent(content.title)}?version=${content.version.number}&cacheVersion=1&api=v2`,
        },
      },
    };
  }
  // Newest to oldest, [] for a top-level comment (row 87).
  const ancestors: unknown[] = [];
  for (let p = content.parentCommentId ? site.contents.get(content.parentCommentId) : undefined; p; p = p.parentCommentId ? site.contents.get(p.parentCommentId) : undefined) {
    ancestors.push(ancestorCore(site, p));
  }
  return {
    eventType: `avi:confluence:${action}:comment`,
    ...base,
    content: {
      ...contentCore(site, content, 'comment'),
      ancestors,
      container: containerJson,
      extensions: { location: content.type === 'inline-comment' ? 'inline' : 'footer' },
    },
  };
}
