/** JSON of folders, whiteboards, databases and smart links, and of direct-children rows. */
import type { Content } from '../model';
import type { ConfluenceSite } from '../site';
import { parentTypeOf } from './representations';

const versionJson = (c: Content) => ({ createdAt: c.version.createdAt, message: c.version.message, number: c.version.number, minorEdit: c.version.minorEdit, authorId: c.version.authorId });

/**
 * GET /folders/{id} (row 24, v2-folder.json); whiteboards, databases, embeds alike
 * (v2-whiteboard-database-embed.json, INFERRED). A trashed node has no parent or position (row
 * 18): real answers send those keys as null; the published FolderSingle schema does not allow a
 * null parentId, so they are left out, which the app reads the same as null.
 */
export function nodeJson(site: ConfluenceSite, c: Content) {
  const space = site.spaces.get(c.spaceId);
  const placed = c.status !== 'trashed' && c.parentId;
  return {
    id: c.id,
    type: c.type,
    status: c.status,
    title: c.title,
    ...(placed ? { parentId: c.parentId, parentType: parentTypeOf(site, c.parentId as string), position: c.position } : { position: null }),
    authorId: c.authorId,
    ownerId: c.authorId,
    createdAt: c.createdAt,
    spaceId: c.spaceId,
    // embedUrl is left out, not null, when a smart link has none (v2-whiteboard-database-embed.json).
    ...(c.type === 'embed' && c.embedUrl ? { embedUrl: c.embedUrl } : {}),
    version: versionJson(c),
    _links: {
      // webui /spaces/{KEY}/folder/{id} (row 24); the other link values are INFERRED.
      webui: `/spaces/${space?.key}/${c.type}/${c.id}`,
      editui: `/pages/resumedraft.action?draftId=${c.id}`,
      edituiv2: `/spaces/${space?.key}/pages/edit-v2/${c.id}`,
      tinyui: `/x/${c.id}`,
      base: `${site.siteUrl}/wiki`,
    },
  };
}

/** A direct-children row: id, status, title, type, childPosition; no spaceId, no webui (row 23, v2-page-direct-children.json). */
export const directChildJson = (c: Content) => ({ id: c.id, status: c.status, title: c.title, type: c.type, childPosition: c.position });
