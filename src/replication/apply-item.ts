/**
 * The destination applies one snapshot. Idempotent on (pair, source id, source version, hash):
 * an older or unchanged snapshot changes nothing. A copy edited here since the app last wrote
 * it is AHEAD, and the sync's conflict policy decides. A page the app did not create is never
 * overwritten because of a title clash.
 */
import type { Sync } from '../domain/sync';
import { rewriteLinks, snapshotHash, type PageSnapshot } from './snapshot';
import type { ActivityEntry, DestinationContent, DestinationPage, ItemStatus, MapRecord, ReplicationStore } from './ports';

export interface ApplyDeps {
  content: DestinationContent;
  store: ReplicationStore;
  now(): string;
}

export interface ApplyResult {
  status: ItemStatus;
  outcome: ActivityEntry['outcome'];
  destId?: string;
  destVersion?: number;
  detail?: string;
}

interface ApplyContext {
  deps: ApplyDeps;
  sync: Sync;
  snapshot: PageSnapshot;
  cause: string;
}

export async function applyItem(deps: ApplyDeps, sync: Sync, snapshot: PageSnapshot, cause: string): Promise<ApplyResult> {
  const ctx: ApplyContext = { deps, sync, snapshot, cause };
  const map = await deps.store.mapped(sync.pairId, snapshot.sourceId);
  const hash = snapshotHash(snapshot);
  if (map && snapshot.version < map.sourceVersion) return done(ctx, { status: 'synced', outcome: 'stale', destId: map.destId, destVersion: map.destVersion, detail: `version ${snapshot.version} is older than ${map.sourceVersion}` });
  if (map && map.hash === hash) return { status: 'synced', outcome: 'unchanged', destId: map.destId, destVersion: map.destVersion };
  if (snapshot.status !== 'current') return removeCopy(ctx, map, hash);
  return map ? updateCopy(ctx, map, hash) : createCopy(ctx, hash);
}

async function done(ctx: ApplyContext, result: ApplyResult): Promise<ApplyResult> {
  await ctx.deps.store.log({ at: ctx.deps.now(), syncId: ctx.sync.id, sourceId: ctx.snapshot.sourceId, title: ctx.snapshot.title, cause: ctx.cause, outcome: result.outcome, ...(result.detail ? { detail: result.detail } : {}) });
  return result;
}

async function removeCopy(ctx: ApplyContext, map: MapRecord | undefined, hash: string): Promise<ApplyResult> {
  if (!map) return { status: 'deleted', outcome: 'unchanged' };
  const current = await ctx.deps.content.get(map.destId, ctx.snapshot.kind);
  if (current && current.status === 'current') await ctx.deps.content.trash(map.destId, ctx.snapshot.kind);
  await ctx.deps.store.putMapped(ctx.sync.pairId, ctx.snapshot.sourceId, { ...map, sourceVersion: ctx.snapshot.version, hash });
  // The app cannot purge (that needs a space admin): a page purged at the source stays in this trash.
  const detail = ctx.snapshot.status === 'deleted' ? 'Purged at the source; the copy is in this space’s trash for an admin to purge.' : undefined;
  return done(ctx, { status: 'deleted', outcome: 'trashed', destId: map.destId, ...(detail ? { detail } : {}) });
}

async function target(ctx: ApplyContext) {
  const space = await ctx.deps.content.space(ctx.sync.space.id);
  const parentMap = ctx.snapshot.parentSourceId ? await ctx.deps.store.mapped(ctx.sync.pairId, ctx.snapshot.parentSourceId) : undefined;
  const source = { spaceKey: ctx.snapshot.sourceSpaceKey, siteUrl: ctx.sync.peer?.site.url ?? '' };
  return {
    // A parent not copied yet: under the home page for now; the parent's arrival and reconcile fix it.
    parentId: ctx.snapshot.kind === 'page' ? (parentMap?.destId ?? space.homepageId) : undefined,
    bodyFor: async () => {
      const ids = new Map<string, string>();
      for (const match of ctx.snapshot.body.matchAll(/\/wiki\/spaces\/[^/]+\/pages\/(\d+)/g)) {
        const mapped = await ctx.deps.store.mapped(ctx.sync.pairId, match[1]);
        if (mapped) ids.set(match[1], mapped.destId);
      }
      return rewriteLinks(ctx.snapshot.body, source, space.key, (id) => ids.get(id));
    },
  };
}

async function createCopy(ctx: ApplyContext, hash: string): Promise<ApplyResult> {
  const { content } = ctx.deps;
  const { parentId, bodyFor } = await target(ctx);
  const body = await bodyFor();
  let title = ctx.snapshot.title;
  let outcome: ActivityEntry['outcome'] = 'created';
  let detail: string | undefined;
  const clash = await content.findByTitle(ctx.sync.space.id, ctx.snapshot.kind, title);
  let page: DestinationPage;
  if (clash?.createdByApp) {
    // The app's own copy from an attempt that stopped before recording it: adopt it. (Two
    // sources syncing same-titled pages into one space would share it; noted as a limit.)
    page = await content.update(clash.id, ctx.snapshot.kind, { title, parentId, body, version: clash.version + 1, status: 'current' });
  } else {
    if (clash) {
      title = `${ctx.snapshot.title} (${ctx.snapshot.sourceSpaceKey})`;
      outcome = 'title-clash';
      detail = `A page titled “${ctx.snapshot.title}” that Space Sync did not create exists here; the copy is titled “${title}”.`;
    }
    page = await content.create(ctx.sync.space.id, ctx.snapshot.kind, { title, parentId, body });
  }
  const labels = await applyLabels(ctx, page, []);
  await ctx.deps.store.putMapped(ctx.sync.pairId, ctx.snapshot.sourceId, { destId: page.id, kind: ctx.snapshot.kind, sourceVersion: ctx.snapshot.version, destVersion: page.version, hash, labels });
  return done(ctx, { status: 'synced', outcome, destId: page.id, destVersion: page.version, ...(detail ? { detail } : {}) });
}

async function updateCopy(ctx: ApplyContext, map: MapRecord, hash: string): Promise<ApplyResult> {
  const { content } = ctx.deps;
  const current = await content.get(map.destId, ctx.snapshot.kind);
  if (!current) return createCopy(ctx, hash); // the copy was purged here: make it again
  const ahead = current.status === 'current' && current.version !== map.destVersion;
  if (ahead && ctx.sync.options.conflictPolicy === 'keep-destination') {
    return done(ctx, { status: 'ahead', outcome: 'ahead-kept', destId: map.destId, destVersion: current.version, detail: `The copy was edited here (version ${current.version}); kept, as this sync keeps destination changes.` });
  }
  const { parentId, bodyFor } = await target(ctx);
  const title = current.title.endsWith(`(${ctx.snapshot.sourceSpaceKey})`) && current.title !== ctx.snapshot.title ? current.title : ctx.snapshot.title;
  const page = await content.update(map.destId, ctx.snapshot.kind, { title, parentId, body: await bodyFor(), version: current.version + 1, status: 'current' });
  const labels = await applyLabels(ctx, page, map.labels, current.labels);
  await ctx.deps.store.putMapped(ctx.sync.pairId, ctx.snapshot.sourceId, { ...map, sourceVersion: ctx.snapshot.version, destVersion: page.version, hash, labels });
  const outcome = ahead ? 'ahead-overwritten' : current.status === 'current' ? 'updated' : 'restored';
  const detail = ahead ? `The copy had been edited here; version ${current.version} was overwritten and stays in the page history.` : undefined;
  return done(ctx, { status: 'synced', outcome, destId: page.id, destVersion: page.version, ...(detail ? { detail } : {}) });
}

/** Adds the source's labels and removes only those the app itself applied before. */
async function applyLabels(ctx: ApplyContext, page: DestinationPage, appliedBefore: string[], present = page.labels): Promise<string[]> {
  const wanted = new Set(ctx.snapshot.labels);
  const toAdd = [...wanted].filter((l) => !present.includes(l));
  if (toAdd.length) await ctx.deps.content.addLabels(page.id, toAdd);
  for (const label of appliedBefore.filter((l) => !wanted.has(l) && present.includes(l))) await ctx.deps.content.removeLabel(page.id, label);
  return [...wanted];
}
