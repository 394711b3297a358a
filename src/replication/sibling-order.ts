/**
 * The copies' sibling order (src/domain/sibling-order.ts for the rules). Once a full sync has
 * made every copy, the source lists its pages (their positions come with the listing it makes
 * anyway) and sends each parent's pages in order; the destination lists the copy parent's
 * children once and moves the fewest copies it can. Events later add pages last, as Confluence
 * itself does with a new page.
 *
 * Whether a move writes a new page version is not documented (confluence-real
 * event-moved-page.json: UNCONFIRMED). If it did, the copy would read as edited here (its version
 * past the record's) and the next change of its original would meet "Ahead". So the first move
 * of a message is read back: where it wrote a version, that copy's record takes the app's own
 * version and no more copies are moved on this site; the order stays as the creates left it.
 */
import { STORAGE_RETRY_AFTER_SECONDS, storageBusy } from './retry';
import { orderBatches, orderMoves, recordedOrder, siblingGroups, type Move, type RecordedPlace, type SiblingGroup } from '../domain/sibling-order';
import type { Sync } from '../domain/sync';
import { refuse, type OrderBody } from '../contract/peer-protocol';
import { describeFailure, sendToPeer, type OpenedMessage, type SendDeps } from '../pairing/peer-channel';
import type { PeerReply } from '../pairing/ports';
import { ConfluenceError } from '../confluence/client';
import { recordOf, heldRecord } from './inherited-records';
import type { DestinationContent, JobQueue, SourceContent } from './ports';
import type { ActivityLog, CopyStore, FullSyncStore } from './stores';
import { backoffMs, CHECKPOINT_AFTER_MS } from './full-sync';

export const ORDER_CAUSE = 'page order';

/**
 * Groups start within `startWithinMs` of the message's arrival and no move starts after
 * `answerWithinMs`: the sender waits 20 s for an answer (peer-transport.ts). A few groups go at
 * once (each one's moves in turn, as each depends on the one before).
 */
export const ORDER_TIME = { startWithinMs: 10_000, answerWithinMs: 17_000, concurrency: 6 } as const;

export interface OrderDeps {
  content: Pick<DestinationContent, 'space' | 'children' | 'movePage' | 'get'>;
  copies: Pick<CopyStore, 'get' | 'getMany' | 'put'>;
  elapsedMs(): number;
}

/** A group stopped for the time: not done, sent again. */
class OutOfTime extends Error {}

/** The destination's side: groups a few at once while time allows; `done` counts those finished from the first. */
export async function receiveOrder(deps: OrderDeps, { sync, body }: OpenedMessage<'order'>): Promise<PeerReply> {
  if (sync.state !== 'active') return refuse.state();
  const home = (await deps.content.space(sync.space.id)).homepageId;
  const finished: boolean[] = body.groups.map(() => false);
  let moved = 0;
  let busy: { retryAfterSeconds?: number } | undefined;
  const site: SiteFacts = {};
  let next = 0;
  const worker = async () => {
    while (next < body.groups.length && !busy && deps.elapsedMs() <= ORDER_TIME.startWithinMs) {
      const index = next++;
      try {
        await orderGroup(deps, sync, body.groups[index], home, site, () => moved++);
        finished[index] = true;
      } catch (e) {
        if (e instanceof OutOfTime) return;
        if (storageBusy(e)) busy = { retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS };
        else if (e instanceof ConfluenceError && e.transient) busy = e;
        else throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ORDER_TIME.concurrency, body.groups.length) }, worker));
  const done = finished.indexOf(false) < 0 ? finished.length : finished.indexOf(false);
  if (!done && busy) return refuse.busy(busy.retryAfterSeconds);
  return { status: 200, body: { done, moved } };
}

type Group = OrderBody['groups'][number];

/** What this message learnt of the site: whether a move writes a version, and the read-back under way. */
interface SiteFacts {
  movesWriteVersions?: boolean;
  probe?: Promise<void>;
}

/** One parent's copies put in order; the moves made. A copy or parent with no record, or moved elsewhere by someone, is left as it is. */
async function orderGroup(deps: OrderDeps, sync: Sync, group: Group, home: string, site: SiteFacts, onMoved: () => void): Promise<void> {
  if (site.movesWriteVersions) return;
  const parent = group.parent ? await recordOf(deps.copies, sync, group.parent) : { destId: home, kind: 'page' as const };
  if (!parent) return; // its pages wait under the home page for it (waiting-copies.ts)
  const originOf = new Map<string, string>();
  const places: RecordedPlace[] = [];
  const records = await recordsOf(deps, sync, group.children);
  for (const [i, sourceId] of group.children.entries()) {
    const record = records[i];
    // A copy removed with its original is in the trash, not among its siblings.
    if (record?.kind !== 'page' || record.status === 'deleted' || originOf.has(record.destId)) continue;
    originOf.set(record.destId, sourceId);
    places.push({ id: record.destId, place: record.place, lookFirst: record.lookFirst });
  }
  if (originOf.size < 2) return;
  const desired = [...originOf.keys()]; // in the group's order: the map keeps the order of insertion
  // The records' positions tell how the copies stand; only when they cannot is the parent listed.
  const standing = recordedOrder(places, parent.destId) ?? (await deps.content.children(parent.destId, parent.kind)).map((c) => c.id);
  for (const move of orderMoves(desired, standing)) {
    // Until a move has been read back, one move at a time across the groups: the first that lands tells.
    while (site.probe) await site.probe;
    if (site.movesWriteVersions) return;
    if (deps.elapsedMs() > ORDER_TIME.answerWithinMs) throw new OutOfTime();
    if (site.movesWriteVersions === undefined) {
      const probe = (async () => {
        if (!(await moved(deps, move))) return;
        onMoved();
        await unplaced(deps, sync, originOf.get(move.id) as string);
        site.movesWriteVersions = await wroteVersion(deps, sync, originOf.get(move.id) as string, move.id);
      })();
      site.probe = probe.finally(() => (site.probe = undefined));
      await site.probe;
    } else if (await moved(deps, move)) {
      onMoved();
      await unplaced(deps, sync, originOf.get(move.id) as string);
    }
  }
}

/**
 * The records of a group's pages, in the group's order. One read a record, a family of 1,000
 * pages took longer than the answer may (KVS reads of 20-60 ms: about 40 s against ORDER_TIME's
 * 17 s), and each order message read 1,000 records against Forge's 4,000 reads a minute per
 * installation (forge-platform.md). Batch reads of 25 (kvs-copy-store.ts) make that 40 requests;
 * only the pages whose record an earlier sync holds are then read one by one.
 */
async function recordsOf(deps: OrderDeps, sync: Sync, sourceIds: readonly string[]) {
  const own = await deps.copies.getMany(sync.pairId, sourceIds);
  if (!sync.inherits?.length) return own;
  return Promise.all(own.map((record, i) => record ?? recordOf(deps.copies, sync, sourceIds[i])));
}

/** A moved copy's record no longer knows its position (a move answers none): the next order lists the parent. */
async function unplaced(deps: OrderDeps, sync: Sync, sourceId: string): Promise<void> {
  const held = await heldRecord(deps.copies, sync, sourceId);
  if (!held || held.record.place === undefined) return;
  const { place: _gone, ...record } = held.record;
  await deps.copies.put(held.pairId, sourceId, record);
}

/** One move; false when Confluence refused it (trashed meanwhile, a permission): that copy stays where it is, the others go on. */
async function moved(deps: OrderDeps, move: Move): Promise<boolean> {
  try {
    await deps.content.movePage(move.id, move.position, move.target);
    return true;
  } catch (e) {
    if (e instanceof ConfluenceError && !e.transient) return false;
    throw e;
  }
}

/** Whether the move wrote a version of the copy: if so its record takes that version as the app's own. */
async function wroteVersion(deps: OrderDeps, sync: Sync, sourceId: string, destId: string): Promise<boolean> {
  const [now, held] = await Promise.all([deps.content.get(destId, 'page'), heldRecord(deps.copies, sync, sourceId)]);
  if (!now || !held || now.version === held.record.destVersion) return false;
  // One version past the record's: the move's. More: someone edited the copy too, which stays theirs to see.
  if (now.version === held.record.destVersion + 1) await deps.copies.put(held.pairId, sourceId, { ...held.record, destVersion: now.version });
  return true;
}

export interface OrderSourceDeps extends SendDeps {
  content: Pick<SourceContent, 'list' | 'space'>;
  /** The full sync's plan, whose pages carry the parents and positions its listing gave. */
  fullSync?: Pick<FullSyncStore, 'plan'>;
  queue: JobQueue;
  activity: Pick<ActivityLog, 'log'>;
  now(): string;
  /** Time since the invocation began; a long pass re-queues itself before the consumer's limit. */
  elapsedMs?(): number;
}

export interface OrderJob {
  type: 'order';
  syncId: string;
  spaceId: string;
  /** Groups already put in order (of the listing as it is read again), and the moves so far. */
  next: number;
  moved: number;
  attempt?: number;
  /** Moves made at group `next` without it finishing (a group too large for one answer). */
  partial?: number;
}

/** Sends the groups tried before it gives up on the order (it is no failure of any page). */
const ORDER_TRIES = 6;

/**
 * The source's side: the space's pages listed once, their groups sent from `next` until all are
 * done; re-queued (and listed again) only when the peer was busy or the invocation near its end.
 */
export async function runSiblingOrder(deps: OrderSourceDeps, sync: Sync, job: OrderJob): Promise<void> {
  if (sync.role !== 'source' || sync.state !== 'active') return;
  const space = await deps.content.space(sync.space.id);
  const groups = siblingGroups(await placedPages(deps, sync), space.homepageId);
  let { next, moved } = job;
  while (next < groups.length) {
    // A group finished since the job began: the moves counted against the one it was at are done with.
    if ((deps.elapsedMs?.() ?? 0) > CHECKPOINT_AFTER_MS) return requeue(deps, sync, { ...job, next, moved, attempt: 1, ...(next > job.next ? { partial: 0 } : {}) });
    const [batch] = orderBatches(groups.slice(next));
    const result = await sendToPeer(deps, sync, 'order', { groups: batch });
    if (result.kind === 'ok') moved += result.reply.moved;
    if (result.kind === 'ok' && result.reply.done > 0) {
      next += result.reply.done;
      continue;
    }
    if (result.kind === 'refused' && result.code !== 'busy') return logOrder(deps, sync, moved, `The page order could not be set at the other space: ${describeFailure(result)}`);
    // A group too large for one answer still moved some of its copies: that is progress, not a
    // failed try, while those moves stay within one a page of the message's groups (moves that
    // never stick, or a peer that says it moved, do not loop).
    const partial = (next > job.next ? 0 : (job.partial ?? 0)) + (result.kind === 'ok' ? result.reply.moved : 0);
    const progressed = next > job.next || (result.kind === 'ok' && result.reply.moved > 0 && partial <= batch.reduce((n, g) => n + g.children.length, 0));
    const tries = progressed ? 1 : (job.attempt ?? 1) + 1;
    if (tries > ORDER_TRIES) return logOrder(deps, sync, moved, 'The page order could not be set: the other space did not answer.');
    return requeue(deps, sync, { ...job, next, moved, attempt: tries, partial }, result.kind === 'ok' ? undefined : result.retryAfter);
  }
  await logOrder(deps, sync, moved);
}

/**
 * The pages with their parents and positions: from the plan of the full sync that queued this
 * pass (its listing gave them as the run began), else listed again (a plan written before plans
 * kept them, or emptied because another run was queued since).
 */
async function placedPages(deps: OrderSourceDeps, sync: Sync): Promise<Array<{ id: string; kind: string; parentId?: string; position?: number }>> {
  const plan = await deps.fullSync?.plan(sync.id);
  if (plan?.some((i) => i.position !== undefined)) return plan;
  return deps.content.list(sync.space.id, ['page']);
}

function requeue(deps: OrderSourceDeps, sync: Sync, job: OrderJob, retryAfter?: number): Promise<void> {
  return deps.queue.push([{ ...job, syncId: sync.id, spaceId: sync.space.id }], Math.ceil(backoffMs(job.attempt ?? 1, retryAfter) / 1000));
}

/** One line when copies were moved or the order could not be set; nothing when they already stood in order. */
async function logOrder(deps: OrderSourceDeps, sync: Sync, moved: number, problem?: string): Promise<void> {
  if (!moved && !problem) return;
  const what = moved === 1 ? '1 copy was moved' : `${moved} copies were moved`;
  const detail = problem ?? `${what} to stand in the same order as the original pages.`;
  await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: '', title: '', cause: ORDER_CAUSE, outcome: problem ? 'failed' : 'reordered', detail });
}

export type { SiblingGroup };
