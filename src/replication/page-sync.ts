/**
 * The per-page "•••" action: each sync of the page's space with this page's status (outgoing:
 * the page is sent; incoming: the page is a copy), and "Sync now" (with or without the child
 * pages) for the people an outgoing sync allows: listed users and groups, and space admins,
 * who must also be able to see the page. It queues the pages like events would, on automatic
 * and manual syncs alike. Who and which page come from the Forge context, never the payload.
 */
import { randomUUID } from 'node:crypto';
import type { Sync } from '../domain/sync';
import { UserError } from '../domain/user-error';
import { compareSyncs } from '../domain/sync-rules';
import type { SpacePermissions, SyncStore } from '../pairing/ports';
import type { PageSyncState } from '../contract/resolvers';
import type { JobQueue, OutboundJob } from './ports';
import type { CopyStore, ReviewStore, SentStore } from './stores';
import { mayAnswer, NOT_ALLOWED_TO_ANSWER } from '../domain/review-rules';
import type { ContentKind } from './snapshot';
import { holdsPair, sentOf } from './inherited-records';
import { placeOf } from '../domain/side-words';

export const SYNC_NOW_CAUSE = 'Sync now';
/** "Sync with child pages" queues at most this many pages (the page and its descendants). */
export const MAX_SYNC_NOW_PAGES = 1000;
/**
 * A page's subtree is queued by "Sync now with child pages" at most once in this time, per sync:
 * each click would otherwise queue (and the source read and send) up to 1,000 pages again, which
 * any listed user could repeat at will. The single page is never held back.
 */
export const SYNC_TREE_WINDOW_MS = 60_000;

/** When a page's subtree was last queued by Sync now, per pair (platform/kvs-sync-now-store.ts). */
export interface SyncNowMarks {
  lastTreeAt(pairId: string, pageId: string): Promise<string | undefined>;
  markTree(pairId: string, pageId: string, at: string): Promise<void>;
}

export interface PageAccess {
  /** The page's current version when the user can see it; undefined when they cannot. */
  view(id: string, kind: ContentKind): Promise<{ version: number } | undefined>;
  /** The direct children the user can see: pages, folders, whiteboards, databases, smart links. */
  children(id: string, kind: ContentKind): Promise<Array<{ id: string; kind: ContentKind }>>;
  groupsOf(accountId: string): Promise<string[]>;
}

export interface PageSyncDeps {
  syncs: Pick<SyncStore, 'listBySpace' | 'findByPair'>;
  sent: Pick<SentStore, 'get'>;
  copies: Pick<CopyStore, 'origin' | 'get'>;
  queue: JobQueue;
  access: PageAccess;
  permissions: Pick<SpacePermissions, 'isSpaceAdmin'>;
  /** Versions waiting for review beside edited copies. */
  reviews: Pick<ReviewStore, 'get'>;
  /** This site, to tell the peer on another site (the EXT badge). */
  cloudId: string;
  marks: SyncNowMarks;
  now(): string;
}

export interface PageRef {
  id: string;
  kind: ContentKind;
  spaceId: string;
}

const paired = (s: Sync) => s.state === 'active' || s.state === 'paused';

const covers = (s: Sync, page: PageRef) => page.kind === 'page' || s.options.blogPosts;

/** Syncs that send this page: paired ones only (a sync waiting for its token or approval names nobody to page viewers). */
const outgoing = (syncs: Sync[], page: PageRef) => syncs.filter((s) => s.role === 'source' && paired(s) && covers(s, page));

/** Unpaired syncs of this space: listed on a page only where they left a copy of it (outgoingState says so). */
const ended = (syncs: Sync[], page: PageRef) => syncs.filter((s) => s.role === 'source' && s.state === 'unpaired' && covers(s, page));

const pageUrl = (sync: Sync, id: string) => (sync.peer ? `${sync.peer.site.url.replace(/\/$/, '')}/wiki/spaces/${sync.peer.space.key}/pages/${id}` : undefined);

function describe(deps: PageSyncDeps, sync: Sync): Pick<PageSyncState, 'syncId' | 'name' | 'peer' | 'mode' | 'state'> {
  const peer = sync.peer ? { siteUrl: sync.peer.site.url, spaceKey: sync.peer.space.key, spaceName: sync.peer.space.name, external: sync.peer.site.cloudId !== deps.cloudId } : undefined;
  return { syncId: sync.id, name: sync.name, ...(peer ? { peer } : {}), mode: sync.options.mode, state: sync.state };
}

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

const NOT_LISTED = 'This sync does not let you sync pages now: only the users and groups it lists, and space admins, may. Ask a space admin to add you.';

/** Whether "Sync now" is offered on an outgoing sync, and why not: the same rules `syncPageNow` refuses with. */
async function syncNowOn(sync: Sync, mayRun: () => Promise<boolean>): Promise<PageSyncState['syncNow']> {
  if (sync.state === 'paused') {
    const here = sync.pausedBy?.includes('source') ?? false;
    return { offered: false, reason: 'paused', message: `This sync is paused${here ? ' in this space' : ' by the other space'}; Sync now comes back when it is resumed.` };
  }
  if (sync.state === 'unpaired') return { offered: false, reason: 'unpaired', message: `This sync was unpaired: the copy in ${placeOf(sync.peer)} stays as it is and is no longer updated.` };
  if (sync.state !== 'active') return { offered: false, reason: 'not-paired', message: 'This sync is not paired with another space yet.' };
  return (await mayRun()) ? { offered: true } : { offered: false, reason: 'not-listed', message: NOT_LISTED };
}

async function outgoingState(deps: PageSyncDeps, sync: Sync, page: PageRef, version: number, mayRun: () => Promise<boolean>): Promise<PageSyncState> {
  // Until the first full sync after a re-pair takes it over, the record is the earlier sync's.
  const sent = await sentOf(deps.sent, sync, page.id);
  const behind = sent?.status === 'synced' && version > sent.version;
  const other = sent?.destId ? pageUrl(sync, sent.destId) : undefined;
  return {
    ...describe(deps, sync),
    direction: 'outgoing',
    // Unpaired: whatever the record said, the copy no longer follows this page.
    status: sync.state === 'unpaired' ? 'unpaired' : behind ? 'behind' : (sent?.status ?? 'not-synced'),
    ...(sent?.reason ? { reason: sent.reason } : {}),
    pageVersion: version,
    ...(sent ? { syncedAt: sent.at, syncedVersion: sent.version } : {}),
    ...(sent?.destVersion !== undefined && sent.destId ? { copyVersion: sent.destVersion } : {}),
    ...(sent?.status === 'ahead' && sent.aheadVersion !== undefined ? { aheadVersion: sent.aheadVersion } : {}),
    ...(sent?.status === 'ahead' && sent.review ? { copyReview: sent.review } : {}),
    ...(other ? { otherPageUrl: other } : {}),
    syncNow: await syncNowOn(sync, mayRun),
  };
}

/** A copy changes when its original does: Sync now is on the original's page. */
function syncNowOnCopy(sync: Sync): PageSyncState['syncNow'] {
  if (sync.state === 'unpaired') return { offered: false, reason: 'unpaired', message: 'This sync was unpaired: the copy stays as it is and is no longer updated.' };
  const where = sync.peer ? ` in ${sync.peer.space.name} on ${sync.peer.site.url.replace(/^https:\/\//, '')}` : '';
  return { offered: false, reason: 'copy', message: `This page is a copy: it is updated from its original${where}, where Sync now is.` };
}

/**
 * The sync a copy belongs to: the one whose record it is kept under, or, once that sync ended,
 * the paired sync of this space that inherited its records (a re-pair whose first full sync has
 * not taken this copy over yet).
 */
export async function copySync(deps: Pick<PageSyncDeps, 'syncs'>, page: PageRef, pairId: string): Promise<Sync | undefined> {
  const owner = await deps.syncs.findByPair(pairId, 'destination');
  if (owner && paired(owner)) return owner;
  const heir = (await deps.syncs.listBySpace(page.spaceId)).find((s) => s.role === 'destination' && paired(s) && s.pairId !== pairId && holdsPair(s, pairId) && covers(s, page));
  return heir ?? owner;
}

/** A copy: synced at the source version it holds, or AHEAD when edited here since. */
async function incomingState(deps: PageSyncDeps, page: PageRef, version: number, accountId: string, groups: () => Promise<string[]>): Promise<{ sync: Sync; state: PageSyncState } | undefined> {
  const origin = await deps.copies.origin(page.id);
  const sync = origin ? await copySync(deps, page, origin.pairId) : undefined;
  const map = origin && sync ? await deps.copies.get(origin.pairId, origin.sourceId) : undefined;
  if (!origin || !sync || !map || map.destId !== page.id) return undefined;
  const other = pageUrl(sync, origin.sourceId);
  const state: PageSyncState = {
    ...describe(deps, sync),
    direction: 'incoming',
    status: version !== map.destVersion ? 'ahead' : 'synced',
    pageVersion: version,
    syncedVersion: map.sourceVersion,
    copyVersion: map.destVersion,
    ...(map.at ? { syncedAt: map.at } : {}),
    ...(other ? { otherPageUrl: other } : {}),
    syncNow: syncNowOnCopy(sync),
  };
  const review = map.review && sync.pairId === origin.pairId ? await reviewOn(deps, sync, origin.sourceId, accountId, groups) : undefined;
  return { sync, state: review ? { ...state, review } : state };
}

/** The version waiting beside this copy, and whether this user may answer (answerReview checks again). */
async function reviewOn(deps: PageSyncDeps, sync: Sync, sourceId: string, accountId: string, groups: () => Promise<string[]>): Promise<PageSyncState['review']> {
  const waiting = await deps.reviews.get(sync.pairId, sourceId);
  if (!waiting) return undefined;
  if (sync.state !== 'active') return { generation: waiting.generation, waitingVersion: waiting.sourceVersion, since: waiting.at, answer: { offered: false, message: 'This sync is not running (paused or unpaired): the new version can be answered once it runs again.' } };
  const listed = mayAnswer(sync.pageSync, { accountId, groups: sync.pageSync.groups.length ? await groups() : [], spaceAdmin: false });
  const may = listed || (await deps.permissions.isSpaceAdmin(sync.space.id));
  return { generation: waiting.generation, waitingVersion: waiting.sourceVersion, since: waiting.at, answer: may ? { offered: true } : { offered: false, message: NOT_ALLOWED_TO_ANSWER } };
}

/**
 * The page's syncs in one order on every page: paired ones before those that ended, then by
 * name (`compareSyncs`), the copy's own sync before outgoing ones of the same name.
 */
export async function pageSyncStatus(deps: PageSyncDeps, accountId: string, page: PageRef): Promise<PageSyncState[]> {
  const current = await deps.access.view(page.id, page.kind);
  if (!current) throw new UserError('page-not-visible', 'You cannot see this page.');
  const groups = memo(() => deps.access.groupsOf(accountId));
  const rows: Array<{ sync: Sync; state: PageSyncState }> = [];
  const incoming = await incomingState(deps, page, current.version, accountId, groups);
  if (incoming) rows.push(incoming);
  const syncs = await deps.syncs.listBySpace(page.spaceId);
  for (const sync of outgoing(syncs, page)) {
    rows.push({ sync, state: await outgoingState(deps, sync, page, current.version, () => mayRunSyncNow(deps, sync, accountId, groups)) });
  }
  // A sync since unpaired still says where its copy of this page stayed, rather than "not synced".
  for (const sync of ended(syncs, page)) {
    const state = await outgoingState(deps, sync, page, current.version, async () => false);
    if (state.otherPageUrl) rows.push({ sync, state });
  }
  return rows.sort((a, b) => compareSyncs(a.sync, b.sync) || (a.state.direction === 'incoming' ? -1 : b.state.direction === 'incoming' ? 1 : 0)).map((r) => r.state);
}

/** The page and, when asked, its descendants the user can see (through folders and other nodes), parents first. */
async function pagesToSync(deps: PageSyncDeps, page: PageRef, withChildren: boolean): Promise<Array<{ id: string; kind: ContentKind }>> {
  const items = [{ id: page.id, kind: page.kind }];
  if (!withChildren || page.kind !== 'page') return items;
  for (let i = 0; i < items.length && items.length < MAX_SYNC_NOW_PAGES; i++) items.push(...(await deps.access.children(items[i].id, items[i].kind)));
  return items.slice(0, MAX_SYNC_NOW_PAGES);
}

export async function syncPageNow(deps: PageSyncDeps, accountId: string, page: PageRef, { syncId, withChildren }: { syncId: string; withChildren?: boolean }): Promise<{ queued: number }> {
  const sync = outgoing(await deps.syncs.listBySpace(page.spaceId), page).find((s) => s.id === syncId);
  if (!sync) throw new UserError('sync-not-found', 'This page is not in that sync.');
  if (!(await deps.access.view(page.id, page.kind))) throw new UserError('page-not-visible', 'You cannot see this page.');
  const offered = await syncNowOn(sync, () => mayRunSyncNow(deps, sync, accountId, memo(() => deps.access.groupsOf(accountId))));
  if (!offered.offered) throw new UserError(offered.reason === 'not-listed' ? 'sync-now-not-permitted' : 'not-allowed-now', offered.message);
  const tree = withChildren === true && page.kind === 'page';
  if (tree) await holdRepeatedTree(deps, sync, page.id);
  const items = await pagesToSync(deps, page, tree);
  // One request id for the press: a job delivered twice (queue events come at least once) answers it once.
  const request = randomUUID();
  const jobs: OutboundJob[] = items.map(({ id, kind }) => ({ type: 'item', syncId: sync.id, spaceId: sync.space.id, id, kind, cause: SYNC_NOW_CAUSE, by: accountId, asked: true, request }));
  await deps.queue.push(jobs);
  if (tree) await deps.marks.markTree(sync.pairId, page.id, deps.now());
  return { queued: jobs.length };
}

/** Refuses a subtree queued within the window: it is on its way already. */
async function holdRepeatedTree(deps: PageSyncDeps, sync: Sync, pageId: string): Promise<void> {
  const last = await deps.marks.lastTreeAt(sync.pairId, pageId);
  const since = last ? Date.parse(deps.now()) - Date.parse(last) : Infinity;
  if (since >= 0 && since < SYNC_TREE_WINDOW_MS) {
    throw new UserError('not-allowed-now', 'This page and its child pages were queued a moment ago and are on their way. Sync them again in a minute, or sync this page alone now.');
  }
}
