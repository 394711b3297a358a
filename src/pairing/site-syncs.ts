/**
 * The global settings page: every sync of this site, for Confluence admins, read-only. Syncs are
 * made and changed in each space's settings, by that space's admins; this list only shows them.
 */
import type { SiteSyncRow } from '../contract/resolvers';
import { summarize } from '../domain/sync';
import { UserError } from '../domain/user-error';
import type { SyncStore } from './ports';

export interface SiteSyncsDeps {
  syncs: SyncStore;
  cloudId: string;
  /** Whether the calling user is a Confluence admin, asked of Confluence as that user. */
  isSiteAdmin(): Promise<boolean>;
}

export const NOT_SITE_ADMIN = 'Only Confluence admins can see the syncs of the whole site.';

export async function listSiteSyncs(deps: SiteSyncsDeps): Promise<SiteSyncRow[]> {
  if (!(await deps.isSiteAdmin())) throw new UserError(NOT_SITE_ADMIN);
  const rows = (await deps.syncs.listAll()).map((sync): SiteSyncRow => {
    // The same summary the space settings page shows, cut to what a site-wide list needs.
    const { id, name, role, state, peer } = summarize(sync, deps.cloudId);
    return { id, name, space: { key: sync.space.key, name: sync.space.name }, role, state, ...(peer ? { peer: { siteUrl: peer.siteUrl, spaceKey: peer.spaceKey, spaceName: peer.spaceName, external: peer.external } } : {}) };
  });
  return rows.sort((a, b) => a.space.key.localeCompare(b.space.key) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
