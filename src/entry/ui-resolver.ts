/** The resolver behind every Custom UI module of the app. */
import { defineResolvers, type ResolverRequest } from '../platform/resolver';
import type { IssuedTokenResult, ResolverDefinitions } from '../contract/resolvers';
import { parseResolverContext, type ResolverContext } from './forge-context';
import { createSync, deleteSync, editSync, issueToken, listSyncs, requireAdmin, type AdminContext } from '../pairing/sync-admin';
import { z } from 'zod';
import { emailToken } from '../pairing/email-token';
import { listSiteSyncs } from '../pairing/site-syncs';
import { isSiteAdmin } from '../confluence/site-permissions';
import { describePeople, searchPeople } from '../confluence/directory';
import { kvsPairingKeys, kvsSyncStore } from '../platform/kvs-sync-store';
import { userSpacePermissions } from '../confluence/space-permissions';
import { appAudience, peerInboxUrl } from '../platform/installation';
import { UserError } from '../domain/user-error';
import { importToken, previewToken, type ImportDeps } from '../pairing/import-token';
import { peerTransport } from '../platform/peer-transport';
import { changePair, decideClaim, PAIR_ACTIONS, type PairAction } from '../pairing/pair-control';
import { handlePeerMessage } from './peer-inbox';
import { syncBefore, withCatchUp } from './catch-up-hook';
import { pageSyncStatus, syncPageNow, type PageRef, type PageSyncDeps } from '../replication/page-sync';
import { retryItem, syncDetails, syncOverview, type DashboardDeps } from '../replication/sync-dashboard';
import { requestResync, startFullSync } from '../replication/full-sync';
import { pageAccess } from '../confluence/page-access';
import { kvsActivityLog, logPairing } from '../platform/kvs-activity-log';
import { kvsSentStore } from '../platform/kvs-sent-store';
import { kvsCopyStore } from '../platform/kvs-copy-store';
import { kvsFullSyncStore } from '../platform/kvs-full-sync-store';
import { outboundQueue } from '../platform/outbound-queue';
import { kvsVerifyStore } from '../platform/kvs-verify-store';
import { destinationRepairDeps } from './replication-deps';
import { startVerify } from '../replication/verify-source';
import { requestVerify } from '../replication/verify-destination';
import { repairAtDestination, repairAtSource, type SourceRepairDeps } from '../replication/verify-repair';
import { verifyView } from '../replication/verify-view';
import type { Sync } from '../domain/sync';

function adminDeps(ctx: ResolverContext): ImportDeps {
  return {
    transport: peerTransport(handlePeerMessage),
    syncs: kvsSyncStore,
    keys: kvsPairingKeys,
    permissions: userSpacePermissions,
    installation: { cloudId: ctx.cloudId ?? '', siteUrl: ctx.siteUrl, audience: appAudience(), inboxUrl: peerInboxUrl },
    nowSeconds: () => Math.floor(Date.now() / 1000),
    copies: kvsCopyStore,
    log: logPairing,
  };
}

/** Space settings calls: the space comes from the module context; without one there is nothing to manage. */
function adminContext(context: unknown): { deps: ImportDeps; admin: AdminContext } {
  const ctx = parseResolverContext(context);
  if (!ctx.extension.space) throw new UserError('Open Space Sync from a space’s settings.');
  return { deps: adminDeps(ctx), admin: { accountId: ctx.accountId, space: ctx.extension.space } };
}

/** Users see their own errors; anything else is logged and reported without internals. */
async function userFacing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof UserError) throw e;
    console.error('Resolver failed', e instanceof Error ? e.message : e);
    throw new Error('Space Sync could not complete this. Try again; if it keeps failing, ask your Confluence admin to check the app.');
  }
}

/** A space-settings resolver: parsed context, the deps it needs, errors made user-facing. */
function asAdmin<T>(work: (deps: ImportDeps, admin: AdminContext, payload: unknown) => Promise<T>) {
  return ({ payload, context }: ResolverRequest) =>
    userFacing(async () => {
      const { deps, admin } = adminContext(context);
      return work(deps, admin, payload);
    });
}

/** A global-settings resolver: the site-admin check is in each use case. */
function asSiteAdmin<T>(work: (ctx: ResolverContext, payload: unknown) => Promise<T>) {
  return ({ payload, context }: ResolverRequest) => userFacing(async () => work(parseResolverContext(context), payload));
}

const PeopleQuery = z.object({ query: z.string().max(100) });
const PageSyncNames = z.object({ users: z.array(z.string().max(128)).max(200), groups: z.array(z.string().max(255)).max(200) });

function parsed<T>(schema: z.ZodType<T>, payload: unknown): T {
  const result = schema.safeParse(payload);
  if (!result.success) throw new UserError('That request is not valid.');
  return result.data;
}

const syncIdOf = (payload: unknown): unknown => (payload as { syncId?: unknown } | undefined)?.syncId;

/** The page action's deps and page, from the module context only: the user, the page and its space. */
function pageOf(context: unknown): [PageSyncDeps, string, PageRef] {
  const ctx = parseResolverContext(context);
  const { content, space } = ctx.extension;
  if (!content || !space || (content.type !== 'page' && content.type !== 'blogpost')) throw new UserError('Open Space Sync from a page or blog post.');
  const deps: PageSyncDeps = { syncs: kvsSyncStore, sent: kvsSentStore, copies: kvsCopyStore, queue: outboundQueue, access: pageAccess, permissions: userSpacePermissions, cloudId: ctx.cloudId ?? '' };
  return [deps, ctx.accountId, { id: content.id, kind: content.type, spaceId: space.id }];
}

const dashboardDeps: DashboardDeps = {
  sent: kvsSentStore,
  copies: kvsCopyStore,
  fullSync: kvsFullSyncStore,
  activity: kvsActivityLog,
  queue: outboundQueue,
  names: async (ids) => new Map((ids.length ? await describePeople(ids) : []).map((p) => [p.id, p.name])),
};

/** A sync of the admin's space, for the dashboard's calls. */
async function adminSync(deps: ImportDeps, admin: AdminContext, payload: unknown) {
  await requireAdmin(deps, admin);
  const syncId = syncIdOf(payload);
  const sync = typeof syncId === 'string' ? await kvsSyncStore.get(admin.space.id, syncId) : undefined;
  if (!sync) throw new UserError('That sync does not exist.');
  return sync;
}

const now = () => new Date().toISOString();
const sourceRepairDeps: SourceRepairDeps = { verify: kvsVerifyStore, jobs: outboundQueue, sent: kvsSentStore, now };

/** The sync's latest Verify report, worded for this side. */
async function reportOf(sync: Sync) {
  const [report, scheduled] = await Promise.all([kvsVerifyStore.report(sync.id), kvsVerifyStore.scheduled(sync.id)]);
  return verifyView(sync, report, await dashboardDeps.names(report?.by ? [report.by] : []), scheduled);
}

/** Either side starts a run: the source queues it, the destination asks the source for it. */
async function verifyNow(sync: Sync, by: string) {
  if (sync.role === 'source') await startVerify({ verify: kvsVerifyStore, jobs: outboundQueue, fullSync: kvsFullSyncStore, now }, sync, by);
  else await requestVerify(destinationRepairDeps(handlePeerMessage), sync, by);
  return reportOf(sync);
}

/** One item (`sourceId`) or all of them: queued at the source, asked of it from the destination. */
function repair(sync: Sync, sourceId: unknown, by: string) {
  return sync.role === 'source' ? repairAtSource(sourceRepairDeps, sync, sourceId, by) : repairAtDestination(destinationRepairDeps(handlePeerMessage), sync, sourceId, by);
}

const sourceIdOf = (payload: unknown): unknown => {
  const id = (payload as { sourceId?: unknown } | undefined)?.sourceId;
  return typeof id === 'string' && /^\d{1,20}$/.test(id) ? id : null;
};

export const uiResolver = defineResolvers<ResolverDefinitions>({
  async getModuleContext({ context }) {
    const ctx = parseResolverContext(context);
    return {
      siteUrl: ctx.siteUrl,
      moduleKey: ctx.moduleKey,
      ...(ctx.extension.space ? { space: ctx.extension.space } : {}),
      ...(ctx.extension.content ? { content: ctx.extension.content } : {}),
    };
  },
  listSyncs: asAdmin(async (deps, admin) => {
    const summaries = await listSyncs(deps, admin);
    const syncs = await kvsSyncStore.listBySpace(admin.space.id);
    return Promise.all(
      summaries.map(async (summary) => {
        const sync = syncs.find((s) => s.id === summary.id);
        return sync?.peer ? { ...summary, overview: await syncOverview(dashboardDeps, sync) } : summary;
      }),
    );
  }),
  createSync: asAdmin((deps, admin, payload) => createSync(deps, admin, payload)),
  issueToken: asAdmin((deps, admin, payload): Promise<IssuedTokenResult> => issueToken(deps, admin, syncIdOf(payload))),
  previewToken: asAdmin((deps, admin, payload) => previewToken(deps, admin, payload)),
  importToken: asAdmin((deps, admin, payload) => importToken(deps, admin, payload)),
  editSync: asAdmin(async (deps, admin, payload) => withCatchUp(await syncBefore(admin.space.id, payload), () => editSync(deps, admin, payload))),
  deleteSync: asAdmin((deps, admin, payload) => deleteSync(deps, admin, syncIdOf(payload))),
  changePair: asAdmin(async (deps, admin, payload) => {
    const action = (payload as { action?: unknown } | undefined)?.action as PairAction;
    if (!PAIR_ACTIONS.includes(action)) throw new UserError('Choose pause, resume or unpair.');
    return withCatchUp(await syncBefore(admin.space.id, payload), () => changePair(deps, admin, syncIdOf(payload), action));
  }),
  decideClaim: asAdmin(async (deps, admin, payload) => {
    const { syncId, decision } = (payload ?? {}) as { syncId?: unknown; decision?: unknown };
    const decided = await decideClaim(deps, admin, syncId, decision, (sync) => startFullSync({ fullSync: kvsFullSyncStore, queue: outboundQueue, now: () => new Date().toISOString() }, sync));
    await logPairing({ syncId: decided.sync.id, by: admin.accountId, outcome: decision === 'approve' ? 'approved' : 'declined', detail: decided.detail });
    return decided.sync;
  }),
  searchPeople: asAdmin(async (deps, admin, payload) => {
    await requireAdmin(deps, admin);
    return searchPeople(parsed(PeopleQuery, payload).query);
  }),
  describePageSync: asAdmin(async (deps, admin, payload) => {
    await requireAdmin(deps, admin);
    const { users, groups } = parsed(PageSyncNames, payload);
    return [...(await describePeople(users)), ...groups.map((g) => ({ kind: 'group' as const, id: g, name: g }))];
  }),
  emailToken: asAdmin((deps, admin, payload) => emailToken(deps, admin, payload)),
  pageSyncStatus: ({ context }) => userFacing(async () => pageSyncStatus(...pageOf(context))),
  syncPageNow: ({ payload, context }) => userFacing(async () => syncPageNow(...pageOf(context), payload)),
  resyncEverything: asAdmin(async (deps, admin, payload) => requestResync({ fullSync: kvsFullSyncStore, queue: outboundQueue, now: () => new Date().toISOString() }, await adminSync(deps, admin, payload))),
  syncDetails: asAdmin(async (deps, admin, payload) => syncDetails(dashboardDeps, await adminSync(deps, admin, payload))),
  retryItem: asAdmin(async (deps, admin, payload) => retryItem(dashboardDeps, await adminSync(deps, admin, payload), (payload as { sourceId?: unknown } | undefined)?.sourceId, admin.accountId)),
  listSiteSyncs: asSiteAdmin((ctx) => listSiteSyncs({ syncs: kvsSyncStore, cloudId: ctx.cloudId ?? '', isSiteAdmin })),
  startVerify: asAdmin(async (deps, admin, payload) => verifyNow(await adminSync(deps, admin, payload), admin.accountId)),
  verifyReport: asAdmin(async (deps, admin, payload) => reportOf(await adminSync(deps, admin, payload))),
  repairDifference: asAdmin(async (deps, admin, payload) => repair(await adminSync(deps, admin, payload), sourceIdOf(payload), admin.accountId)),
  repairAllDifferences: asAdmin(async (deps, admin, payload) => repair(await adminSync(deps, admin, payload), undefined, admin.accountId)),
});
