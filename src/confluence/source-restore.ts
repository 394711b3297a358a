/**
 * Undoing a mass delete at the source: a trashed page or blog post is restored by a v2 PUT with
 * `status: current` and the next version number; Confluence restores it and keeps its title and
 * body as they were (confluence-real row 30, v2-page-update-and-restore.json; v2.json
 * PageUpdateRequest `status`). A trashed page still answers GET with `status=trashed`
 * (v2-page-trashed.json), which gives the version to send. Folders and other tree nodes have no
 * such documented restore, so they are reported as not restored.
 */
import { route } from '@forge/api';
import { confluence } from './client';
import { Page } from './pages';
import { isNode, type ContentKind } from '../replication/snapshot';
import type { SourceRestore } from '../replication/mass-delete';

const app = () => confluence('app');

const byId = (kind: ContentKind, id: string) =>
  kind === 'page' ? route`/wiki/api/v2/pages/${id}?status=current&status=trashed&status=archived&body-format=storage` : route`/wiki/api/v2/blogposts/${id}?status=current&status=trashed&body-format=storage`;
const putPath = (kind: ContentKind, id: string) => (kind === 'page' ? route`/wiki/api/v2/pages/${id}` : route`/wiki/api/v2/blogposts/${id}`);

export const sourceRestore: SourceRestore = {
  async restore(id, kind) {
    if (isNode(kind)) return 'not-restorable';
    const page = await app().find(Page, byId(kind, id));
    if (!page) return 'not-restorable'; // purged meanwhile, or no longer visible to the app
    // Restored with its parent already (the emulator brings a subtree back together; UNCONFIRMED for Confluence).
    if (page.status !== 'trashed') return 'current';
    const body = { id, status: 'current', title: page.title, body: { representation: 'storage', value: page.body?.storage?.value ?? '' }, version: { number: page.version.number + 1 } };
    await app().send(Page, 'PUT', putPath(kind, id), body);
    return 'restored';
  },
};
