/**
 * Replication messages arriving at the peer inbox, already verified by the channel: `apply`
 * (destination applies a snapshot) and `ready` (source starts the first full sync).
 */
import { z } from 'zod';
import type { OpenedMessage } from '../pairing/peer-channel';
import type { PeerReply } from '../pairing/ports';
import { ConfluenceError } from '../confluence/client';
import { applyItem, type ApplyDeps } from './apply-item';
import { startFullSync } from './full-sync';
import { PageSnapshot, Transfer } from './snapshot';
import { readTransfer } from './transfer';
import { MissingFileData } from './apply-attachments';
import type { JobQueue, ReplicationStore } from './ports';

/** The snapshot inline, or (when it outgrew one message) the transfer that carried it. */
const Common = { cause: z.string().max(200), repair: z.boolean().optional() };
const ApplyBody = z.union([z.object({ snapshot: PageSnapshot, ...Common }), z.object({ snapshotTransfer: Transfer, ...Common })]);

async function snapshotOf(deps: ApplyDeps, pairId: string, body: z.infer<typeof ApplyBody>): Promise<PageSnapshot | undefined> {
  if ('snapshot' in body) return body.snapshot;
  const data = await readTransfer(deps.store, pairId, body.snapshotTransfer);
  try {
    const parsed = data ? PageSnapshot.safeParse(JSON.parse(data.toString('utf8'))) : undefined;
    return parsed?.success ? parsed.data : undefined;
  } catch {
    return undefined; // not JSON: treated like a transfer that did not arrive
  }
}

export async function receiveApply(deps: ApplyDeps, { sync, message }: OpenedMessage): Promise<PeerReply> {
  const body = ApplyBody.safeParse(message.body);
  if (sync.role !== 'destination' || !body.success) return { status: 400, body: { error: 'bad request' } };
  if (sync.state !== 'active') return { status: 409, body: { error: 'state', reason: 'This side of the sync is paused.' } };
  const snapshot = await snapshotOf(deps, sync.pairId, body.data);
  if (!snapshot) return { status: 422, body: { reason: 'The page did not arrive whole; it will be sent again.' } };
  try {
    const result = await applyItem(deps, sync, snapshot, body.data.cause, body.data.repair ?? false);
    if ('snapshotTransfer' in body.data) await deps.store.dropParts(sync.pairId, body.data.snapshotTransfer.id, body.data.snapshotTransfer.parts);
    return { status: 200, body: { ...result } };
  } catch (e) {
    if (e instanceof ConfluenceError && e.transient) return { status: 503, body: { reason: e.message, ...(e.retryAfterSeconds ? { retryAfter: e.retryAfterSeconds } : {}) } };
    if (e instanceof ConfluenceError || e instanceof MissingFileData) {
      await deps.store.log({ at: deps.now(), syncId: sync.id, sourceId: snapshot.sourceId, title: snapshot.title, cause: body.data.cause, outcome: 'failed', detail: e.message });
      return { status: 422, body: { reason: e.message } };
    }
    throw e;
  }
}

export async function receiveReady(deps: { store: ReplicationStore; queue: JobQueue; now(): string }, { sync }: OpenedMessage): Promise<PeerReply> {
  if (sync.role !== 'source' || sync.state !== 'active') return { status: 409, body: { error: 'state' } };
  // A repeated "ready" (the destination retried) must not restart a full sync under way.
  if (!(await deps.store.progress(sync.id))) await startFullSync(deps, sync);
  return { status: 200, body: { ok: true } };
}
