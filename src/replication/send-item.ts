/**
 * The source sends one page or blog post: it reads the current state (never trusting the
 * event), skips what the peer already has (same hash), and records what the peer answered.
 * Transient trouble (a 429, a 5xx, an unreachable peer) throws RetryLater so the queue retries.
 */
import { z } from 'zod';
import { ConfluenceError } from '../confluence/client';
import type { Sync } from '../domain/sync';
import { sendToPeer, type SendDeps } from '../pairing/peer-channel';
import { snapshotHash, type ContentKind, type PageSnapshot } from './snapshot';
import { ACTIVITY_OUTCOMES, type ItemStatus, type ReplicationStore, type SourceContent } from './ports';
import type { SyncStore } from '../pairing/ports';

export const APPLY_MESSAGE = 'apply';

export class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** A failure worth trying later (429, 5xx, 409, an unreachable peer), with Retry-After when one was given. */
export function retryable(e: unknown): { reason: string; retryAfterSeconds?: number } | undefined {
  if (!(e instanceof RetryLater) && !(e instanceof ConfluenceError && e.transient)) return undefined;
  return { reason: e.message, ...(e.retryAfterSeconds ? { retryAfterSeconds: e.retryAfterSeconds } : {}) };
}

export interface SourceDeps extends SendDeps {
  syncs: Pick<SyncStore, 'findByPair'>;
  content: SourceContent;
  store: ReplicationStore;
  now(): string;
}

export interface ItemRef {
  id: string;
  kind: ContentKind;
  /** Confluence said it was purged (a `deleted` event). */
  deleted?: boolean;
}

export const ApplyReply = z.object({
  status: z.enum(['synced', 'ahead', 'deleted', 'restricted', 'failed', 'skipped']),
  outcome: z.enum(ACTIVITY_OUTCOMES),
  destId: z.string().optional(),
  destVersion: z.number().optional(),
  detail: z.string().optional(),
});

export interface ItemResult {
  status: ItemStatus;
  reason?: string;
  sent: boolean;
}

function allowed(sync: Sync, kind: ContentKind): boolean {
  return sync.role === 'source' && sync.state === 'active' && (kind === 'page' || sync.options.blogPosts);
}

async function readSnapshot(deps: SourceDeps, sync: Sync, item: ItemRef): Promise<PageSnapshot | undefined> {
  if (item.deleted) return { sourceId: item.id, kind: item.kind, status: 'deleted', title: '', body: '', labels: [], version: Number.MAX_SAFE_INTEGER, sourceSpaceKey: sync.space.key };
  const space = await deps.content.space(sync.space.id);
  const snapshot = await deps.content.snapshot(item.id, item.kind, space.key, space.homepageId);
  return snapshot && !sync.options.labels ? { ...snapshot, labels: [] } : snapshot;
}

/**
 * A copy the app made from the very space this sync sends to: sending it would echo the peer's
 * own content back (two spaces that sync each other). Chains (A → B → C) still forward copies.
 */
async function isEcho(deps: SourceDeps, sync: Sync, id: string): Promise<boolean> {
  const origin = await deps.store.origin(id);
  if (!origin) return false;
  const inbound = await deps.syncs.findByPair(origin.pairId, 'destination');
  return Boolean(inbound?.peer && sync.peer && inbound.peer.site.cloudId === sync.peer.site.cloudId && inbound.peer.space.id === sync.peer.space.id);
}

export async function sendItem(deps: SourceDeps, sync: Sync, item: ItemRef, cause: string): Promise<ItemResult> {
  if (!allowed(sync, item.kind)) return { status: 'skipped', reason: 'not synced by this sync', sent: false };
  if (await isEcho(deps, sync, item.id)) return { status: 'skipped', reason: 'a copy of the other space’s own page', sent: false };
  const snapshot = await readSnapshot(deps, sync, item);
  const sent = await deps.store.sent(sync.pairId, item.id);
  if (!snapshot) {
    // Not visible to the app: restricted (or gone without an event). Reported, and the copy is left alone.
    const reason = 'Space Sync cannot read this page (it is restricted, or was deleted).';
    await deps.store.putSent(sync.pairId, item.id, { ...(sent ?? { hash: '', version: 0 }), status: 'restricted', reason, at: deps.now() });
    await deps.store.log({ at: deps.now(), syncId: sync.id, sourceId: item.id, title: '', cause, outcome: 'restricted', detail: reason });
    return { status: 'restricted', reason, sent: false };
  }
  const hash = snapshotHash(snapshot);
  if (sent && sent.hash === hash && sent.status !== 'failed') return { status: sent.status, sent: false };
  if (!sent && snapshot.status !== 'current') return { status: 'skipped', reason: 'never copied', sent: false };

  const reply = await sendToPeer(deps, sync, APPLY_MESSAGE, { snapshot, cause });
  if (!reply) throw new RetryLater('The other space could not be reached.');
  if (reply.status === 503) throw new RetryLater(String(reply.body.reason ?? 'The other site is busy.'), Number(reply.body.retryAfter) || undefined);
  const parsed = ApplyReply.safeParse(reply.body);
  if (reply.status !== 200 || !parsed.success) {
    const reason = `The other space refused the change (${reply.status}${typeof reply.body.reason === 'string' ? `: ${reply.body.reason}` : ''}).`;
    await markFailed(deps, sync, item.id, snapshot.title, cause, reason);
    return { status: 'failed', reason, sent: true };
  }
  const r = parsed.data;
  await deps.store.putSent(sync.pairId, item.id, { kind: item.kind, hash, version: snapshot.version, destId: r.destId, destVersion: r.destVersion, status: r.status, ...(r.detail ? { reason: r.detail } : {}), at: deps.now() });
  if (r.outcome !== 'unchanged') await deps.store.log({ at: deps.now(), syncId: sync.id, sourceId: item.id, title: snapshot.title, cause, outcome: r.outcome, ...(r.detail ? { detail: r.detail } : {}) });
  return { status: r.status, ...(r.detail ? { reason: r.detail } : {}), sent: true };
}

/** After the last try: the item is FAILED with its reason, and a later attempt may retry it. */
export async function markFailed(deps: Pick<SourceDeps, 'store' | 'now'>, sync: Sync, id: string, title: string, cause: string, reason: string): Promise<void> {
  const sent = await deps.store.sent(sync.pairId, id);
  await deps.store.putSent(sync.pairId, id, { ...(sent ?? { hash: '', version: 0 }), status: 'failed', reason, at: deps.now() });
  await deps.store.log({ at: deps.now(), syncId: sync.id, sourceId: id, title, cause, outcome: 'failed', detail: reason });
}
