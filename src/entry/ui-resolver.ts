/**
 * The resolver behind every Custom UI module of the app: each resolver declared once as
 * `{auth, schema, run}` (resolver-declaration.ts says what the edge does with it).
 */
import { SyncScope } from '../domain/sync-scope';
import { previewScope, scopeTree } from '../replication/scope-preview';
import { z } from 'zod';
import { defineResolvers } from '../platform/resolver';
import type { ResolverDefinitions } from '../contract/resolvers';
import { CreateSyncInput, PageSyncPermission } from '../domain/sync';
import { PAIR_ACTIONS } from '../domain/sync-rules';
import { createSync, deleteSync, EditSyncInput, editSync, issueToken, listSyncs, ownSync } from '../pairing/sync-admin';
import { emailToken, EmailTokenRequest } from '../pairing/email-token';
import { listSiteSyncs } from '../pairing/site-syncs';
import { importToken, ImportInput, previewToken } from '../pairing/import-token';
import { changePair, decideClaim } from '../pairing/pair-control';
import { describePeople, searchPeople } from '../confluence/directory';
import { pageSyncStatus, syncPageNow } from '../replication/page-sync';
import { retryItem, syncDetails, syncOverview } from '../replication/sync-dashboard';
import { requestResync, startFullSync } from '../replication/full-sync';
import { startVerify } from '../replication/verify-source';
import { requestVerify } from '../replication/verify-destination';
import { repairAtDestination, repairAtSource } from '../replication/verify-repair';
import { verifyView } from '../replication/verify-view';
import type { Sync } from '../domain/sync';
import type { UiDeps } from './ui-deps';
import { syncBefore, withCatchUp } from './catch-up-hook';
import { declareResolvers, resolver } from './resolver-declaration';
import { attention, getNotifications, SaveNotificationsInput, saveNotifications, testNotification } from '../replication/notification-settings';
import { answerMassDelete } from '../replication/mass-delete-answer';
import { GUARD_ANSWERS } from '../domain/mass-delete-guard';
import { REVIEW_ANSWERS } from '../domain/review-rules';
import { answerReview, reviewDifference } from '../replication/review-answer';

/** Resolvers that take no payload (whatever the page sends is ignored). */
const Nothing = z.unknown();
const SyncId = z.string().min(1).max(100);
const SyncRef = z.object({ syncId: SyncId });
const SourceId = z.string().regex(/^\d{1,20}$/);

/** The sync's latest Verify report and hourly check, worded for this side. */
async function reportOf(deps: UiDeps, sync: Sync) {
  const [report, scheduled] = await Promise.all([deps.verify.store.report(sync.id), deps.verify.store.scheduled(sync.id)]);
  return verifyView(sync, report, await deps.names(report?.by ? [report.by] : []), scheduled);
}

/** Either side starts a run: the source queues it, the destination asks the source for it. */
async function verifyNow(deps: UiDeps, sync: Sync, by: string) {
  if (sync.role === 'source') await startVerify(deps.verify.start, sync, by);
  else await requestVerify(deps.verify.destination, sync, by);
  return reportOf(deps, sync);
}

/** One item (`sourceId`) or all of them: queued at the source, asked of it from the destination. */
function repair(deps: UiDeps, sync: Sync, sourceId: string | undefined, by: string) {
  return sync.role === 'source' ? repairAtSource(deps.verify.sourceRepair, sync, sourceId, by) : repairAtDestination(deps.verify.destination, sync, sourceId, by);
}

export const uiResolver = defineResolvers<ResolverDefinitions>(
  declareResolvers<ResolverDefinitions>({
    getModuleContext: resolver({
      auth: 'anyone',
      schema: Nothing,
      run: async ({ context }) => ({
        siteUrl: context.siteUrl,
        moduleKey: context.moduleKey,
        ...(context.extension.space ? { space: context.extension.space } : {}),
        ...(context.extension.content ? { content: context.extension.content } : {}),
      }),
    }),

    listSyncs: resolver({
      auth: 'space-admin',
      schema: Nothing,
      run: async ({ deps, admin }) => {
        const summaries = await listSyncs(deps.pairing, admin);
        const syncs = await deps.pairing.syncs.listBySpace(admin.space.id);
        return Promise.all(
          summaries.map(async (summary) => {
            const sync = syncs.find((s) => s.id === summary.id);
            return sync?.peer ? { ...summary, overview: await syncOverview(deps.dashboard, sync) } : summary;
          }),
        );
      },
    }),
    createSync: resolver({ auth: 'space-admin', schema: CreateSyncInput, fields: ['name', 'message'], run: ({ deps, admin, input }) => createSync(deps.pairing, admin, input) }),
    issueToken: resolver({ auth: 'space-admin', schema: SyncRef, run: ({ deps, admin, input }) => issueToken(deps.pairing, admin, input.syncId) }),
    emailToken: resolver({ auth: 'space-admin', schema: EmailTokenRequest, run: ({ deps, admin, input }) => emailToken(deps.pairing, admin, input) }),
    previewToken: resolver({
      auth: 'space-admin',
      schema: z.object({ token: z.string().max(20_000, 'This is not a Space Sync token.') }),
      fields: ['token'],
      run: ({ deps, admin, input }) => previewToken(deps.pairing, admin, input),
    }),
    importToken: resolver({ auth: 'space-admin', schema: ImportInput, fields: ['name', 'token'], run: ({ deps, admin, input }) => importToken(deps.pairing, admin, input) }),
    editSync: resolver({
      auth: 'space-admin',
      schema: EditSyncInput,
      fields: ['name', 'message', 'options'],
      run: async ({ deps, admin, input }) => withCatchUp(await syncBefore(admin.space.id, input), () => editSync(deps.pairing, admin, input), deps.nowIso),
    }),
    scopeTree: resolver({ auth: 'space-admin', schema: Nothing, run: ({ deps, admin }) => scopeTree(deps.scope, admin.space.id) }),
    previewScope: resolver({
      auth: 'space-admin',
      schema: z.object({ scope: SyncScope, blogPosts: z.boolean().default(true), cursor: z.number().int().nonnegative().max(1_000_000).default(0) }),
      run: ({ deps, admin, input }) => previewScope(deps.scope, admin.space.id, input.scope, input.blogPosts, input.cursor),
    }),
    deleteSync: resolver({
      auth: 'space-admin',
      schema: SyncRef,
      run: async ({ deps, admin, input }) => {
        const deleted = await deleteSync(deps.pairing, admin, input.syncId);
        // Its webhook secret and notices go with it.
        await deps.notices.store.removeAll(deleted.deleted);
        return deleted;
      },
    }),
    changePair: resolver({
      auth: 'space-admin',
      schema: z.object({ syncId: SyncId, action: z.enum(PAIR_ACTIONS) }),
      run: async ({ deps, admin, input }) => withCatchUp(await syncBefore(admin.space.id, input), () => changePair(deps.pairing, admin, input.syncId, input.action), deps.nowIso),
    }),
    decideClaim: resolver({
      auth: 'space-admin',
      schema: z.object({ syncId: SyncId, decision: z.enum(['approve', 'decline']) }),
      run: async ({ deps, admin, input }) => {
        const decided = await decideClaim(deps.pairing, admin, input.syncId, input.decision, (sync) => startFullSync(deps.fullSync, sync));
        await deps.logPairing({ syncId: decided.sync.id, by: admin.accountId, outcome: input.decision === 'approve' ? 'approved' : 'declined', detail: decided.detail });
        return decided.sync;
      },
    }),
    answerMassDelete: resolver({
      auth: 'space-admin',
      schema: z.object({ syncId: SyncId, question: z.string().uuid(), answer: z.enum(GUARD_ANSWERS as ['confirm', 'undo']) }),
      run: ({ deps, admin, input }) => answerMassDelete(deps.massDelete, admin, input),
    }),
    searchPeople: resolver({ auth: 'space-admin', schema: z.object({ query: z.string().max(100) }), run: ({ input }) => searchPeople(input.query) }),
    describePageSync: resolver({
      auth: 'space-admin',
      schema: PageSyncPermission,
      run: async ({ input }) => [...(await describePeople(input.users)), ...input.groups.map((g) => ({ kind: 'group' as const, id: g, name: g }))],
    }),

    syncDetails: resolver({ auth: 'space-admin', schema: SyncRef, run: async ({ deps, admin, input }) => syncDetails(deps.dashboard, await ownSync(deps.pairing, admin, input.syncId)) }),
    resyncEverything: resolver({ auth: 'space-admin', schema: SyncRef, run: async ({ deps, admin, input }) => requestResync(deps.fullSync, await ownSync(deps.pairing, admin, input.syncId)) }),
    retryItem: resolver({
      auth: 'space-admin',
      schema: z.object({ syncId: SyncId, sourceId: SourceId }),
      run: async ({ deps, admin, input }) => retryItem(deps.dashboard, await ownSync(deps.pairing, admin, input.syncId), input.sourceId, admin.accountId),
    }),

    startVerify: resolver({ auth: 'space-admin', schema: SyncRef, run: async ({ deps, admin, input }) => verifyNow(deps, await ownSync(deps.pairing, admin, input.syncId), admin.accountId) }),
    verifyReport: resolver({ auth: 'space-admin', schema: SyncRef, run: async ({ deps, admin, input }) => reportOf(deps, await ownSync(deps.pairing, admin, input.syncId)) }),
    repairDifference: resolver({
      auth: 'space-admin',
      schema: z.object({ syncId: SyncId, sourceId: SourceId }),
      run: async ({ deps, admin, input }) => repair(deps, await ownSync(deps.pairing, admin, input.syncId), input.sourceId, admin.accountId),
    }),
    repairAllDifferences: resolver({ auth: 'space-admin', schema: SyncRef, run: async ({ deps, admin, input }) => repair(deps, await ownSync(deps.pairing, admin, input.syncId), undefined, admin.accountId) }),

    getNotifications: resolver({ auth: 'space-admin', schema: SyncRef, run: async ({ deps, admin, input }) => getNotifications(deps.notices.store, await ownSync(deps.pairing, admin, input.syncId)) }),
    saveNotifications: resolver({
      auth: 'space-admin',
      schema: SaveNotificationsInput,
      fields: ['webhookUrl', 'quietMinutes'],
      run: async ({ deps, admin, input, context }) => saveNotifications(deps.notices.store, await ownSync(deps.pairing, admin, input.syncId), input, { accountId: admin.accountId, siteUrl: context.siteUrl, now: deps.nowIso() }),
    }),
    sendTestNotification: resolver({ auth: 'space-admin', schema: SyncRef, run: async ({ deps, admin, input }) => testNotification(deps.notices, await ownSync(deps.pairing, admin, input.syncId)) }),
    spaceAttention: resolver({ auth: 'space-admin', schema: Nothing, run: async ({ deps, admin }) => attention({ store: deps.notices.store, now: deps.nowIso }, await deps.pairing.syncs.listBySpace(admin.space.id)) }),
    siteAttention: resolver({ auth: 'site-admin', schema: Nothing, run: async ({ deps }) => attention({ store: deps.notices.store, now: deps.nowIso }, await deps.pairing.syncs.listAll()) }),

    listSiteSyncs: resolver({ auth: 'site-admin', schema: Nothing, run: ({ deps, siteAdmin, context }) => listSiteSyncs({ syncs: deps.pairing.syncs, cloudId: context.cloudId ?? '' }, siteAdmin) }),

    pageSyncStatus: resolver({ auth: 'page-viewer', schema: Nothing, run: ({ deps, accountId, page }) => pageSyncStatus(deps.pages, accountId, page) }),
    syncPageNow: resolver({
      auth: 'page-viewer',
      schema: z.object({ syncId: SyncId, withChildren: z.boolean().optional() }),
      run: ({ deps, accountId, page, input }) => syncPageNow(deps.pages, accountId, page, input),
    }),
    reviewDifference: resolver({ auth: 'page-viewer', schema: SyncRef, run: ({ deps, accountId, page, input }) => reviewDifference(deps.review, accountId, page, input.syncId) }),
    answerReview: resolver({
      auth: 'page-viewer',
      schema: z.object({ syncId: SyncId, generation: z.string().regex(/^v\d{1,16}-[A-Za-z0-9_-]{16}$/), answer: z.enum(REVIEW_ANSWERS as ['take', 'keep']) }),
      run: ({ deps, accountId, page, input }) => answerReview(deps.review, accountId, page, input),
    }),
  }),
);
