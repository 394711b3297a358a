/**
 * One-click repairs of what Verify found. At the source an item is queued as a person's "Sync
 * now" is (sent even when unchanged, its outcome always logged); the destination asks the source
 * to do that with a signed `resend`, and moves an orphan copy to its own trash itself. An item is
 * queued at most once in a few minutes, whoever asks, and a peer can name only items of its pair.
 */
import type { Sync } from '../domain/sync';
import { UserError } from '../domain/user-error';
import { repairableItems, type ItemDifference, type VerifyReport } from '../domain/verify-report';
import { repairOf, resendScope } from '../domain/verify-rules';
import { sendToPeer, describeFailure, type OpenedMessage, type SendDeps } from '../pairing/peer-channel';
import type { PeerReply } from '../pairing/ports';
import { refuse, VERIFY_LIMITS } from '../contract/peer-protocol';
import type { DestinationContent } from './ports';
import type { ContentKind } from './snapshot';
import type { CopyInspector, VerifyJob, VerifyQueue, VerifyStore } from './verify-ports';
import type { ActivityLog, CopyStore, SentStore } from './stores';

export const REPAIR_CAUSE = 'Verify repair';

export interface SourceRepairDeps {
  verify: VerifyStore;
  jobs: VerifyQueue;
  sent: Pick<SentStore, 'get'>;
  now(): string;
}

export interface DestinationRepairDeps extends SendDeps {
  verify: VerifyStore;
  copies: Pick<CopyStore, 'get' | 'origin'>;
  activity: Pick<ActivityLog, 'log'>;
  inspector: Pick<CopyInspector, 'copy'>;
  content: Pick<DestinationContent, 'trash'>;
  now(): string;
}

interface Wanted {
  sourceId: string;
  kind: ContentKind;
  recheck: boolean;
  resendFiles: boolean;
}

/** The report's differences of an item, and what repairing them takes. */
function wantedOf(report: VerifyReport, sourceId: string, side: 'source' | 'destination'): Wanted | undefined {
  const diffs = report.differences.filter((d) => d.sourceId === sourceId && repairOf(d, side));
  if (!diffs.length) return undefined;
  return { sourceId, kind: diffs[0].kind as ContentKind, ...resendScope(diffs.map((d) => d.code)) };
}

/** An item's repair queued this recently is not queued again by "Repair all" (the source would not either). */
export const REPAIR_WINDOW_MS = 10 * 60_000;

/** The items a call names: one, or every repairable one not queued lately ("Repair all"). */
function chosen(report: VerifyReport | undefined, sourceId: unknown, side: 'source' | 'destination', nowMs: number): ItemDifference[] {
  if (!report) throw new UserError('nothing-to-repair', 'Run Verify first: there is no report to repair from.');
  if (sourceId === undefined) return repairableItems(report, side).filter((d) => !d.repairQueuedAt || nowMs - Date.parse(d.repairQueuedAt) >= REPAIR_WINDOW_MS);
  const found = typeof sourceId === 'string' ? report.differences.find((d) => d.sourceId === sourceId && repairOf(d, side)) : undefined;
  if (!found) throw new UserError('nothing-to-repair', 'The latest verify report has no difference of that item to repair.');
  return [found];
}

/** Notes when each item's repair was queued, so the report says so. */
async function noteQueued(verify: VerifyStore, sync: Sync, ids: Set<string>, at: string): Promise<void> {
  if (!ids.size) return;
  const report = await verify.report(sync.id);
  if (!report) return;
  await verify.putReport(sync.id, { ...report, differences: report.differences.map((d) => (ids.has(d.sourceId) ? { ...d, repairQueuedAt: at } : d)) });
}

/** Queues the items' repairs (each at most once in the window); returns the ids queued. */
async function queueRepairs(deps: SourceRepairDeps, sync: Sync, wanted: Wanted[], by?: string): Promise<Set<string>> {
  const jobs: VerifyJob[] = [];
  for (const w of wanted) {
    if (!(await deps.verify.markRepair(sync.pairId, w.sourceId))) continue;
    jobs.push({ type: 'repair', syncId: sync.id, spaceId: sync.space.id, id: w.sourceId, kind: w.kind, ...(by ? { by } : {}), recheck: w.recheck, resendFiles: w.resendFiles });
  }
  await deps.jobs.push(jobs);
  return new Set(jobs.map((j) => (j.type === 'repair' ? j.id : '')));
}

/** Source admin: repairs one item of the report (`sourceId`), or every repairable one. */
export async function repairAtSource(deps: SourceRepairDeps, sync: Sync, sourceId: unknown, by: string): Promise<{ queued: number }> {
  if (sync.role !== 'source' || sync.state !== 'active') throw new UserError('not-allowed-now', 'Repairs need an active sync.');
  const report = await deps.verify.report(sync.id);
  const wanted = chosen(report, sourceId, 'source', Date.parse(deps.now())).flatMap((d) => wantedOf(report as VerifyReport, d.sourceId, 'source') ?? []);
  const queued = await queueRepairs(deps, sync, wanted, by);
  await noteQueued(deps.verify, sync, queued, deps.now());
  return { queued: queued.size };
}

/**
 * Source: the destination's admin repairs items. Only items of this pair are queued: one the
 * source's own report lists, or one it has sent; anything else the peer names is ignored.
 */
export async function receiveResend(deps: SourceRepairDeps, { sync, body }: OpenedMessage<'resend'>): Promise<PeerReply> {
  if (sync.state !== 'active') return refuse.state();
  const report = await deps.verify.report(sync.id);
  const wanted: Wanted[] = [];
  for (const asked of body.items) {
    // An orphan's row names what the peer said: it vouches for nothing here.
    const listed = report?.differences.find((d) => d.sourceId === asked.sourceId && d.code !== 'orphan');
    const kind = (listed?.kind as ContentKind | undefined) ?? (await deps.sent.get(sync.pairId, asked.sourceId))?.kind;
    if (!kind) continue;
    wanted.push({ sourceId: asked.sourceId, kind, recheck: asked.recheck, resendFiles: asked.resendFiles });
  }
  const queued = await queueRepairs(deps, sync, wanted);
  await noteQueued(deps.verify, sync, queued, deps.now());
  return { status: 200, body: { queued: queued.size } };
}

/**
 * Destination admin: orphans are moved to this space's trash here; the rest are asked of the
 * source, which sends them again. Returns how many items were queued or trashed.
 */
export async function repairAtDestination(deps: DestinationRepairDeps, sync: Sync, sourceId: unknown, by: string): Promise<{ queued: number }> {
  if (sync.role !== 'destination' || sync.state !== 'active') throw new UserError('not-allowed-now', 'Repairs need an active sync.');
  const report = await deps.verify.report(sync.id);
  const at = deps.now();
  const items = chosen(report, sourceId, 'destination', Date.parse(at));
  const done = new Set<string>();
  let queued = 0;
  for (const orphan of items.filter((d) => d.code === 'orphan')) {
    if (!(await trashOrphan(deps, sync, orphan, by))) continue;
    done.add(orphan.sourceId);
    queued++;
  }
  const asked = items.filter((d) => d.code !== 'orphan').flatMap((d) => wantedOf(report as VerifyReport, d.sourceId, 'destination') ?? []);
  for (let i = 0; i < asked.length; i += VERIFY_LIMITS.resendItems) {
    const chunk = asked.slice(i, i + VERIFY_LIMITS.resendItems);
    const result = await sendToPeer(deps, sync, 'resend', { items: chunk.map(({ sourceId: id, recheck, resendFiles }) => ({ sourceId: id, recheck, resendFiles })) });
    if (result.kind !== 'ok') throw new UserError('peer-unreachable', `The other space did not take the repair. ${describeFailure(result)}`);
    // Each asked-for item is queued now or was moments ago (the source queues an item once in a while).
    for (const w of chunk) done.add(w.sourceId);
    queued += result.reply.queued;
  }
  await noteQueued(deps.verify, sync, done, at);
  return { queued };
}

/** An orphan's copy, when it is still provably this pair's and in this space, goes to the trash. */
async function trashOrphan(deps: DestinationRepairDeps, sync: Sync, orphan: ItemDifference, by: string): Promise<boolean> {
  const record = await deps.copies.get(sync.pairId, orphan.sourceId);
  if (!record) return false;
  const origin = await deps.copies.origin(record.destId);
  const copy = await deps.inspector.copy(record.destId, record.kind);
  if (origin?.pairId !== sync.pairId || origin.sourceId !== orphan.sourceId || !copy || copy.status !== 'current' || (copy.spaceId && copy.spaceId !== sync.space.id)) return false;
  await deps.content.trash(record.destId, record.kind);
  await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: orphan.sourceId, title: copy.title, cause: REPAIR_CAUSE, by, outcome: 'trashed', detail: 'Moved to this space’s trash: Verify found its original is no longer in this sync.' });
  return true;
}
