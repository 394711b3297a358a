/**
 * The global settings page: every sync of this site, for Confluence admins, read-only. Syncs are
 * made and changed in each space's settings, by that space's admins; this list only shows them.
 */
import type { SiteSyncRow } from '../contract/resolvers';
import { summarize } from '../domain/sync';
import { compareSyncs } from '../domain/sync-rules';
import { UserError } from '../domain/user-error';
import type { SyncStore } from './ports';

export interface SiteSyncsDeps {
  syncs: SyncStore;
  cloudId: string;
}

declare const verifiedSiteAdmin: unique symbol;

/** A Confluence admin, as Confluence answered for the calling user: made only by `verifySiteAdmin`. */
export interface SiteAdmin {
  accountId: string;
  readonly [verifiedSiteAdmin]: true;
}

export const NOT_SITE_ADMIN = 'Only Confluence admins can see the syncs of the whole site.';

/** The one site-admin check, made at the resolver edge before anything is read. */
export async function verifySiteAdmin(isSiteAdmin: () => Promise<boolean>, accountId: string): Promise<SiteAdmin> {
  if (!(await isSiteAdmin())) throw new UserError('not-site-admin', NOT_SITE_ADMIN);
  return { accountId } as SiteAdmin;
}

export async function listSiteSyncs(deps: SiteSyncsDeps, _admin: SiteAdmin): Promise<SiteSyncRow[]> {
  // The one order of syncs everywhere (space settings, page action): paired first, then by name.
  const rows = (await deps.syncs.listAll()).sort(compareSyncs).map((sync): SiteSyncRow => {
    // The same summary the space settings page shows, cut to what a site-wide list needs.
    const { id, name, role, state, peer } = summarize(sync, deps.cloudId);
    return { id, name, space: { key: sync.space.key, name: sync.space.name }, role, state, ...(peer ? { peer: { siteUrl: peer.siteUrl, spaceKey: peer.spaceKey, spaceName: peer.spaceName, external: peer.external } } : {}) };
  });
  return rows;
}
