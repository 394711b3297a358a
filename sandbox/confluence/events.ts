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

/** Event users carry the accountId in the PII fields, as the platform sends them. */
function eventUser(site: ConfluenceSite, accountId: string) {
  const user = site.users.get(accountId);
  return {
    type: 'known',
    accountId,
    accountType: user?.accountType ?? 'atlassian',
    email: accountId,
    publicName: accountId,
    displayName: accountId,
    isExternalCollaborator: false,
  };
}

function spaceOf(site: ConfluenceSite, spaceId: string) {
  const space = site.spaces.get(spaceId);
  return { id: Number(spaceId), key: space?.key, alias: space?.key, name: space?.name, type: 'global', icon: { path: '', width: 48, height: 48, isDefault: true }, status: 'current' };
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
    version: { by: eventUser(site, content.version.authorId), when: content.version.createdAt, number: content.version.number, minorEdit: content.version.minorEdit },
  };
}

export function buildEvent(site: ConfluenceSite, action: EventAction, content: Content, atlassianId: string): Record<string, unknown> & { eventType: string } {
  const base = { atlassianId, eventCreatedDate: new Date().toISOString(), suppressNotifications: false };
  // Folder, whiteboard, database and smart-link events use the page format with their own type (event-created-folder.json).
  if (['page', 'blogpost', 'folder', 'whiteboard', 'database', 'embed'].includes(content.type)) {
    return { eventType: `avi:confluence:${action}:${content.type}`, ...base, content: contentCore(site, content, content.type) };
  }
  const container = site.contents.get(content.containerId as string) as Content;
  const containerCore = contentCore(site, container, container.type);
  if (content.type === 'attachment') {
    return {
      eventType: `avi:confluence:${action}:attachment`,
      ...base,
      attachment: {
        ...contentCore(site, content, 'attachment'),
        container: containerCore,
        extensions: {
          mediaType: content.attachment?.mediaType,
          fileSize: content.attachment?.fileSize,
          mediaTypeDescription: content.attachment?.mediaType,
          fileId: content.attachment?.fileId,
          downloadPath: `/download/attachments/${container.id}/${encodeURIComponent(content.title)}?version=${content.version.number}`,
        },
      },
    };
  }
  const ancestors: unknown[] = [];
  for (let p = content.parentCommentId ? site.contents.get(content.parentCommentId) : undefined; p; p = p.parentCommentId ? site.contents.get(p.parentCommentId) : undefined) {
    ancestors.push({ id: p.id, type: 'comment' });
  }
  return {
    eventType: `avi:confluence:${action}:comment`,
    ...base,
    content: {
      ...contentCore(site, content, 'comment'),
      ancestors,
      container: containerCore,
      extensions: { location: content.type === 'inline-comment' ? 'inline' : 'footer' },
    },
  };
}
