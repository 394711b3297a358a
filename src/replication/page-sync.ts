/**
 * The per-page "•••" action: each outgoing sync of the page's space with this page's status,
 * and "Sync now" for the people the sync allows (listed users and groups, and space admins),
 * who must also be able to see the page. It queues the page like an event would, on automatic
 * and manual syncs alike. Who and which page come from the Forge context, never the payload.
 */
import type { Sync } from '../domain/sync';
import { UserError } from '../domain/user-error';
import type { SpacePermissions, SyncStore } from '../pairing/ports';
import type { PageSyncState } from '../contract/resolvers';
import type { JobQueue, ReplicationStore } from './ports';
import type { ContentKind } from './snapshot';

export const SYNC_NOW_CAUSE = 'Sync now';

export interface PageAccess {
  /** The page's current version when the user can see it; undefined when they cannot. */
  view(id: string, kind: ContentKind): Promise<{ version: number } | undefined>;
  groupsOf(accountId: string): Promise<string[]>;
}

export interface PageSyncDeps {
  syncs: Pick<SyncStore, 'listBySpace'>;
  store: Pick<ReplicationStore, 'sent'>;
  queue: JobQueue;
  access: PageAccess;
  permissions: Pick<SpacePermissions, 'isSpaceAdmin'>;
}

export interface PageRef {
  id: string;
  kind: ContentKind;
  spaceId: string;
}

const outgoing = (syncs: Sync[], page: PageRef) => syncs.filter((s) => s.role === 'source' && s.state !== 'unpaired' && (page.kind === 'page' || s.options.blogPosts));

/** Listed users, members of listed groups, and the space's admins. */
async function mayRunSyncNow(deps: PageSyncDeps, sync: Sync, accountId: string, groups: () => Promise<string[]>): Promise<boolean> {
  if (sync.pageSync.users.includes(accountId)) return true;
  if (sync.pageSync.groups.length && (await groups()).some((g) => sync.pageSync.groups.includes(g))) return true;
  return deps.permissions.isSpaceAdmin(sync.space.id);
}

/** Group memberships are read once per call, and only when a sync lists groups. */
function memo(load: () => Promise<string[]>): () => Promise<string[]> {
  let found: Promise<string[]> | undefined;
  return () => (found ??= load());
}

export async function pageSyncStatus(deps: PageSyncDeps, accountId: string, page: PageRef): Promise<PageSyncState[]> {
  const current = await deps.access.view(page.id, page.kind);
  if (!current) throw new UserError('You cannot see this page.');
  const groups = memo(() => deps.access.groupsOf(accountId));
  const out: PageSyncState[] = [];
  for (const sync of outgoing(await deps.syncs.listBySpace(page.spaceId), page)) {
    const sent = await deps.store.sent(sync.pairId, page.id);
    const behind = sent?.status === 'synced' && current.version > sent.version;
    const copyUrl = sync.peer && sent?.destId ? `${sync.peer.site.url.replace(/\/$/, '')}/wiki/spaces/${sync.peer.space.key}/pages/${sent.destId}` : undefined;
    out.push({
      syncId: sync.id,
      name: sync.name,
      ...(sync.peer ? { peer: { siteUrl: sync.peer.site.url, spaceKey: sync.peer.space.key, spaceName: sync.peer.space.name } } : {}),
      mode: sync.options.mode,
      state: sync.state,
      status: behind ? 'behind' : (sent?.status ?? 'not-synced'),
      ...(sent?.reason ? { reason: sent.reason } : {}),
      ...(sent ? { syncedAt: sent.at, syncedVersion: sent.version } : {}),
      ...(copyUrl ? { copyUrl } : {}),
      canSyncNow: sync.state === 'active' && (await mayRunSyncNow(deps, sync, accountId, groups)),
    });
  }
  return out;
}

export async function syncPageNow(deps: PageSyncDeps, accountId: string, page: PageRef, syncId: unknown): Promise<{ queued: true }> {
  if (typeof syncId !== 'string') throw new UserError('Choose a sync.');
  const sync = outgoing(await deps.syncs.listBySpace(page.spaceId), page).find((s) => s.id === syncId);
  if (!sync) throw new UserError('This page is not in that sync.');
  if (sync.state !== 'active') throw new UserError('This sync is paused or not paired yet.');
  if (!(await deps.access.view(page.id, page.kind))) throw new UserError('You cannot see this page.');
  if (!(await mayRunSyncNow(deps, sync, accountId, memo(() => deps.access.groupsOf(accountId))))) throw new UserError('This sync does not let you sync pages now. Ask a space admin.');
  await deps.queue.push([{ type: 'item', syncId: sync.id, spaceId: sync.space.id, id: page.id, kind: page.kind, cause: SYNC_NOW_CAUSE }]);
  return { queued: true };
}
