/**
 * Replication messages arriving at the peer inbox, already verified and parsed by the channel:
 * `apply` (destination applies a snapshot), `apply-batch` (several, each as `apply`) and `ready`
 * (source starts the first full sync).
 * What Confluence said stays on this side: the peer hears a code and a sentence of ours.
 */
import { STORAGE_RETRY_AFTER_SECONDS, storageBusy } from './retry';
import type { OpenedMessage } from '../pairing/peer-channel';
import type { PeerReply } from '../pairing/ports';
import { ApplyBody, refuse, type ApplyBatchItemAnswer } from '../contract/peer-protocol';
import { ConfluenceError } from '../confluence/client';
import { applyItem, type ApplyDeps, type ApplyResult } from './apply-item';
import { recheckCopy } from './copy-recheck';
import type { CopyInspector } from './verify-ports';
import { startFullSync } from './full-sync';
import { PageSnapshot } from './snapshot';
import { readTransfer } from './transfer';
import { MissingFileData } from './apply-attachments';
import { createTurns, familyOf, type CreateTurn } from './create-turns';
import type { JobQueue } from './ports';
import type { FullSyncStore } from './stores';

async function snapshotOf(deps: ApplyDeps, pairId: string, body: ApplyBody): Promise<PageSnapshot | undefined> {
  if ('snapshot' in body) return body.snapshot;
  const data = await readTransfer(deps.transfers, pairId, body.snapshotTransfer);
  try {
    const parsed = data ? PageSnapshot.safeParse(JSON.parse(data.toString('utf8'))) : undefined;
    return parsed?.success ? parsed.data : undefined;
  } catch {
    return undefined; // not JSON: treated like a transfer that did not arrive
  }
}

/** `inspector`: reads a copy as Verify does, for a repair that asks to recheck it (copy-recheck.ts). */
export async function receiveApply(deps: ApplyDeps & { inspector?: CopyInspector }, { sync, body }: OpenedMessage<'apply'>): Promise<PeerReply> {
  if (sync.state !== 'active') return refuse.state();
  const snapshot = await snapshotOf(deps, sync.pairId, body);
  if (!snapshot) return refuse.code('incomplete', 422);
  try {
    const checked = body.recheck && deps.inspector ? await recheckCopy({ ...deps, inspector: deps.inspector }, sync, snapshot) : { deps };
    const applied = await applyItem(checked.deps, sync, snapshot, body.cause, body.repair ?? false);
    const result = checked.repaired ? await withRepair(deps, sync, snapshot, body.cause, applied, checked.repaired) : applied;
    if ('snapshotTransfer' in body) await deps.transfers.dropParts(sync.pairId, body.snapshotTransfer.id, body.snapshotTransfer.parts);
    return { status: 200, body: { ...result } };
  } catch (e) {
    if (e instanceof ConfluenceError && e.transient) return refuse.busy(e.retryAfterSeconds);
    if (storageBusy(e)) return refuse.storageBusy(STORAGE_RETRY_AFTER_SECONDS);
    if (e instanceof ConfluenceError || e instanceof MissingFileData) {
      await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: snapshot.sourceId, title: snapshot.title, cause: body.cause, outcome: 'failed', detail: e.message });
      return e instanceof MissingFileData ? refuse.code('incomplete', 422) : refuse.code('refused', 422);
    }
    throw e;
  }
}

/**
 * Time an `apply-batch` may take, from its arrival: a web trigger is stopped after 55 s
 * (forge-platform.md section 2, limits-invocation), and the sender waits 20 s for an answer
 * (SEND_TIMEOUT_MS in src/platform/peer-transport.ts) before it takes the peer for unreachable
 * and sends the whole batch again. So no item starts after `startWithinMs`, and the batch
 * answers by `answerWithinMs` whatever is still under way; such an item answers `busy` (503),
 * which the source reads as "again later" and sends once more (an apply is idempotent).
 */
export const APPLY_BATCH_TIME = { startWithinMs: 10_000, answerWithinMs: 17_000 } as const;

export interface BatchClock {
  elapsedMs(): number;
  /** Items applied at once; all of the batch by default (each was its own invocation before). */
  concurrency?: number;
  /** How long a create waits for the family's one before it (create-turns.ts TURN_WAIT_MS by default). */
  turnWaitMs?: number;
  time?: { startWithinMs: number; answerWithinMs: number };
  /**
   * Seconds to hold off because little of this site's points quota is left (the batch is the
   * full sync's, which gives way to the event path: src/domain/rate-limit.ts); undefined to go on.
   */
  quotaWait?(): number | undefined;
}

type ApplyOne = (opened: OpenedMessage<'apply'>, turn: CreateTurn) => Promise<PeerReply>;

/**
 * Each item of a batch goes through exactly what a single `apply` goes through: its body parsed
 * with `ApplyBody` (a malformed item is refused alone, `bad-request`), then `receiveApply` for the
 * same verified sync (state, transfers of this pair only, every check of the apply). The batch's
 * signature, sender and message id were checked once for the whole message (peer-channel.ts).
 * One item's failure, even an unexpected throw, is that item's answer; the others go on.
 */
export async function receiveApplyBatch(clock: BatchClock, applyOne: ApplyOne, { sync, message, body }: OpenedMessage<'apply-batch'>): Promise<PeerReply> {
  const time = clock.time ?? APPLY_BATCH_TIME;
  const answers: Array<ApplyBatchItemAnswer | undefined> = body.items.map(() => undefined);
  const parsed = body.items.map((item) => ApplyBody.safeParse(item));
  const turns = createTurns(parsed.map((item) => (item.success && 'snapshot' in item.data ? familyOf(item.data.snapshot) : undefined)), clock.turnWaitMs);
  const run = async (index: number): Promise<void> => {
    const item = parsed[index];
    if (!item.success) return void (answers[index] = itemAnswer(refuse.badRequest()));
    try {
      answers[index] = itemAnswer(await applyOne({ sync, message, body: item.data }, turns[index]));
    } catch (e) {
      // What a single apply's throw would be (its web trigger fails: the source tries again), for this item only.
      console.error(`An item of a batch failed: ${e instanceof Error ? e.name : 'error'}`);
      answers[index] = itemAnswer(refuse.busy());
    } finally {
      turns[index].done();
    }
  };
  let next = 0;
  let paced: number | undefined;
  const mayStart = () => clock.elapsedMs() < time.startWithinMs && (paced = clock.quotaWait?.()) === undefined;
  const worker = async (): Promise<void> => {
    while (next < body.items.length && mayStart()) await run(next++);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const outOfTime = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, time.answerWithinMs - clock.elapsedMs()))));
  const width = Math.max(1, Math.min(clock.concurrency ?? body.items.length, body.items.length));
  try {
    await Promise.race([Promise.all(Array.from({ length: width }, worker)), outOfTime]);
  } finally {
    clearTimeout(timer);
  }
  // Not started or not finished in time, or held for the quota: the source sends it again (after the wait asked).
  return { status: 200, body: { replies: answers.map((a) => a ?? itemAnswer(refuse.busy(paced))) } };
}

/** A single apply's answer as a batch carries it; anything the batch's reply cannot hold becomes `busy` (again later). */
function itemAnswer(reply: PeerReply): ApplyBatchItemAnswer {
  return (reply.status === 200 || (reply.status >= 400 && reply.status <= 599) ? { status: reply.status, body: reply.body } : { status: 503, body: { error: 'busy' } }) as ApplyBatchItemAnswer;
}

/** The recheck put something right that the apply found nothing to do about: the outcome says so, here and at the source. */
async function withRepair(deps: ApplyDeps, sync: OpenedMessage['sync'], snapshot: PageSnapshot, cause: string, result: ApplyResult, repaired: string): Promise<ApplyResult> {
  if (result.outcome !== 'unchanged') return result;
  await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: snapshot.sourceId, title: snapshot.title, cause, outcome: 'updated', detail: repaired });
  return { ...result, outcome: 'updated', detail: repaired };
}

export async function receiveReady(deps: { fullSync: FullSyncStore; queue: JobQueue; now(): string }, { sync }: OpenedMessage<'ready'>): Promise<PeerReply> {
  if (sync.state !== 'active') return refuse.state();
  // A repeated "ready" (the destination retried) must not restart a full sync under way.
  if (!(await deps.fullSync.progress(sync.id))) await startFullSync(deps, sync);
  return { status: 200, body: { ok: true } };
}
