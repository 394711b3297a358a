/**
 * Replication messages arriving at the peer inbox, already verified and parsed by the channel:
 * `apply` (destination applies a snapshot) and `ready` (source starts the first full sync).
 * What Confluence said stays on this side: the peer hears a code and a sentence of ours.
 */
import type { OpenedMessage } from '../pairing/peer-channel';
import type { PeerReply } from '../pairing/ports';
import { refuse, type ApplyBody } from '../contract/peer-protocol';
import { ConfluenceError } from '../confluence/client';
import { applyItem, type ApplyDeps, type ApplyResult } from './apply-item';
import { recheckCopy } from './copy-recheck';
import type { CopyInspector } from './verify-ports';
import { startFullSync } from './full-sync';
import { PageSnapshot } from './snapshot';
import { readTransfer } from './transfer';
import { MissingFileData } from './apply-attachments';
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
    if (e instanceof ConfluenceError || e instanceof MissingFileData) {
      await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: snapshot.sourceId, title: snapshot.title, cause: body.cause, outcome: 'failed', detail: e.message });
      return e instanceof MissingFileData ? refuse.code('incomplete', 422) : refuse.code('refused', 422);
    }
    throw e;
  }
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
