/**
 * Queue consumers. Outbound (source side) sends items and runs full syncs; transient trouble is
 * handed back to the queue with InvocationError and Retry-After, and after the last try the
 * item is recorded FAILED. Inbound is kept for large applies that outgrow one web-trigger call.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { z } from 'zod';
import { MAX_RETRY_AFTER_SECONDS } from '../confluence/client';
import { kvsSyncStore } from '../platform/kvs-sync-store';
import { markFailed, sendItem } from '../replication/send-item';
import { oneMoreWait, retryable, storageBusy, storageRetryAfter, STORAGE_WAITS } from '../replication/retry';
import { outboundQueue } from '../platform/outbound-queue';
import type { OutboundJob } from '../replication/ports';
import { runFullSync } from '../replication/full-sync';
import { runSiblingOrder } from '../replication/sibling-order';
import { ownAccountId } from '../platform/app-account';
import { ContentKind } from '../replication/snapshot';
import { handlePeerMessage } from './peer-inbox';
import { applyDeps, sourceDeps, verifySourceDeps } from './replication-deps';
import { applyBatcher } from '../replication/apply-batcher';
import { reportDrift } from '../replication/drift';
import { runVerify } from '../replication/verify-source';
import { REPAIR_CAUSE } from '../replication/verify-repair';
import { deliverNotice } from '../replication/notices';
import { deliveryDeps } from './notice-deps';

/** A run's storage waits in a row (STORAGE_WAITS). */
const Waited = z.number().int().min(1).max(STORAGE_WAITS).optional();

const Job = z.discriminatedUnion('type', [
  z.object({ type: z.literal('item'), syncId: z.string().min(1), spaceId: z.string().min(1), id: z.string().min(1).max(30), kind: ContentKind, cause: z.string().max(200), deleted: z.boolean().optional(), by: z.string().max(128).optional(), asked: z.boolean().optional(), request: z.string().uuid().optional() }),
  z.object({ type: z.literal('full-sync'), syncId: z.string().min(1), spaceId: z.string().min(1), next: z.number().int().nonnegative(), attempt: z.number().int().min(1).max(20).optional(), run: z.string().max(40).optional(), waited: Waited }),
  z.object({ type: z.literal('order'), syncId: z.string().min(1), spaceId: z.string().min(1), next: z.number().int().nonnegative().max(1_000_000), moved: z.number().int().nonnegative().max(10_000_000), attempt: z.number().int().min(1).max(20).optional(), partial: z.number().int().nonnegative().max(10_000_000).optional() }),
  z.object({ type: z.literal('drift'), syncId: z.string().min(1), spaceId: z.string().min(1), id: z.string().min(1).max(30), kind: ContentKind }),
  z.object({ type: z.literal('verify'), syncId: z.string().min(1), spaceId: z.string().min(1), run: z.string().uuid(), attempt: z.number().int().min(1).max(20).optional(), waited: Waited }),
  z.object({ type: z.literal('notify'), syncId: z.string().min(1), spaceId: z.string().min(1), key: z.string().min(1).max(300), attempt: z.number().int().min(1).max(20) }),
  z.object({ type: z.literal('repair'), syncId: z.string().min(1), spaceId: z.string().min(1), id: z.string().regex(/^\d{1,20}$/), kind: ContentKind, by: z.string().max(128).optional(), recheck: z.boolean(), resendFiles: z.boolean() }),
]);
const AsyncEvent = z.object({ body: z.unknown(), queueName: z.string(), eventId: z.string(), retryContext: z.object({ retryCount: z.number() }).passthrough().optional() }).passthrough();

/** The platform retries a consumer up to 4 times (UNCONFIRMED); the last try records FAILED. */
const MAX_RETRIES = 4;

/** A malformed job can never succeed, so it is reported and dropped rather than retried. */
function parseJob(event: unknown) {
  const envelope = AsyncEvent.safeParse(event);
  const job = envelope.success ? Job.safeParse(envelope.data.body) : undefined;
  if (!envelope.success || !job?.success) {
    console.warn('Dropped a malformed queue event');
    return undefined;
  }
  return { job: job.data, retryCount: envelope.data.retryContext?.retryCount ?? 0 };
}

export async function outboundWorker(event: unknown): Promise<InvocationError | void> {
  const parsed = parseJob(event);
  if (!parsed) return;
  const { job, retryCount } = parsed;
  // A chat message: retried by deliverNotice itself (bounded, with backoff), never by the platform.
  if (job.type === 'notify') return void (await deliverNotice(deliveryDeps(), job));
  const deps = sourceDeps(handlePeerMessage);
  let sync: Awaited<ReturnType<typeof kvsSyncStore.get>>;
  try {
    sync = await kvsSyncStore.get(job.spaceId, job.syncId);
  } catch (e) {
    if (!storageBusy(e)) throw e;
    return whileStorageBusy(job, retryCount);
  }
  if (!sync) return; // deleted since: nothing to do
  try {
    // Learnt (and kept) as the first full sync starts, so the first edit's event does not pay for it.
    if (job.type === 'full-sync' && job.next === 0) await ownAccountId();
    // A full sync's items go to the peer batched; they share this invocation's signing key and transport.
    if (job.type === 'full-sync') await runFullSync({ ...deps, applies: applyBatcher(deps) }, sync, job.next, job.attempt, job.run, job.waited);
    else if (job.type === 'order') await runSiblingOrder(deps, sync, job);
    else if (job.type === 'drift') await reportDrift({ ...deps, ...applyDeps() }, sync, job.id, job.kind);
    else if (job.type === 'verify') await runVerify(verifySourceDeps(handlePeerMessage), sync, job.run, job.attempt, job.waited);
    // A Verify repair is sent as a person's "Sync now" is: even when unchanged, its outcome logged.
    else if (job.type === 'repair') await sendItem(deps, sync, { id: job.id, kind: job.kind, ...(job.by ? { by: job.by } : {}) }, REPAIR_CAUSE, { repair: true, logUnchanged: true, recheck: job.recheck, resendFiles: job.resendFiles });
    else await sendItem(deps, sync, { id: job.id, kind: job.kind, ...(job.deleted ? { deleted: true } : {}), ...(job.by ? { by: job.by } : {}), ...(job.request ? { request: job.request } : {}) }, job.cause, job.asked ? { repair: true, logUnchanged: true } : {});
  } catch (e) {
    // Busy storage, this side's or the peer's, marks nothing FAILED: an item still refused at its
    // last retry is left to the reconcile.
    const later = retryable(e);
    if (later?.storage) return whileStorageBusy(job, retryCount);
    if (!later) throw e;
    if ((job.type === 'item' || job.type === 'repair') && retryCount >= MAX_RETRIES) {
      await markFailed(deps, sync, job.id, '', job.type === 'item' ? job.cause : REPAIR_CAUSE, later.reason, job.by);
      return;
    }
    // Retry-After when Confluence gave one; otherwise the platform's backoff with jitter. The
    // platform lowers anything over 900 s to 900 s (forge-platform.md §1.5); asked for as such.
    const retryAfter = Math.min(later.retryAfterSeconds ?? 2 ** retryCount * 5 + Math.floor(Math.random() * 5), MAX_RETRY_AFTER_SECONDS);
    return new InvocationError({ retryAfter, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
  }
}

type OutboundJobOf = z.infer<typeof Job>;
const isRun = (job: OutboundJobOf) => job.type === 'full-sync' || job.type === 'order' || job.type === 'verify';

/**
 * Storage over its rate: the platform tries again later, each time longer (storageRetryAfter).
 * A run (full sync, order pass, Verify) must not end with the platform's last retry: it goes back
 * on the queue as a new event, which a queue push (not storage) can do; each run's job is safe to
 * deliver twice (runFullSync's run marker), and counts as one more storage wait of a full sync's
 * or a Verify's (STORAGE_WAITS). An item past its last retry is left to the reconcile.
 */
async function whileStorageBusy(job: OutboundJobOf, retryCount: number): Promise<InvocationError | void> {
  if (retryCount < MAX_RETRIES) return new InvocationError({ retryAfter: storageRetryAfter(retryCount), retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
  console.warn(`Storage stayed busy through every retry of a ${job.type} job`);
  if (isRun(job)) await outboundQueue.push([oneMoreWait(job) as OutboundJob], MAX_RETRY_AFTER_SECONDS);
}

export async function inboundWorker(event: unknown): Promise<void> {
  // Applies happen in the peer inbox today; anything queued here is not a job this version makes.
  if (AsyncEvent.safeParse(event).success) console.warn('Dropped an inbound job: this version applies in the peer inbox');
}
