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
import { PageSnapshot } from './snapshot';
import type { JobQueue, ReplicationStore } from './ports';

const ApplyBody = z.object({ snapshot: PageSnapshot, cause: z.string().max(200) });

export async function receiveApply(deps: ApplyDeps, { sync, message }: OpenedMessage): Promise<PeerReply> {
  const body = ApplyBody.safeParse(message.body);
  if (sync.role !== 'destination' || !body.success) return { status: 400, body: { error: 'bad request' } };
  if (sync.state !== 'active') return { status: 409, body: { error: 'state', reason: 'This side of the sync is paused.' } };
  try {
    return { status: 200, body: { ...(await applyItem(deps, sync, body.data.snapshot, body.data.cause)) } };
  } catch (e) {
    if (e instanceof ConfluenceError && e.transient) return { status: 503, body: { reason: e.message, ...(e.retryAfterSeconds ? { retryAfter: e.retryAfterSeconds } : {}) } };
    if (e instanceof ConfluenceError) {
      await deps.store.log({ at: deps.now(), syncId: sync.id, sourceId: body.data.snapshot.sourceId, title: body.data.snapshot.title, cause: body.data.cause, outcome: 'failed', detail: e.message });
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
