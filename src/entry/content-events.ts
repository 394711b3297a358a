/**
 * The product-event trigger. It finds the page an event is about and queues one small job per
 * active, automatic outgoing sync of its space; all reading happens in the consumer. Events
 * caused by the app itself (its own account id, not any app account) are ignored:
 * filter.ignoreSelf does not work for Confluence. Live docs' events (initialized, started,
 * snapshotted, published) and archive events name their page like any page event.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { z } from 'zod';
import { kvsSyncStore } from '../platform/kvs-sync-store';
import { outboundQueue } from '../platform/outbound-queue';
import { ownAccountId } from '../platform/app-account';
import { isOwnWrite } from '../domain/loop-guard';
import type { OutboundJob } from '../replication/ports';
import { isNode, type ContentKind } from '../replication/snapshot';
import { storageBusy, storageRetryAfter } from '../replication/retry';

const Id = z.union([z.string(), z.number()]).transform(String);
const Core = z
  .object({
    id: Id,
    type: z.string(),
    space: z.object({ id: Id }).passthrough().optional(),
    version: z.object({ by: z.object({ accountId: z.string().optional(), accountType: z.string().optional() }).passthrough().optional() }).passthrough().optional(),
    container: z.lazy(() => z.object({ id: Id, type: z.string(), space: z.object({ id: Id }).passthrough().optional() }).passthrough()).optional(),
  })
  .passthrough();
export const ContentEvent = z
  .object({
    eventType: z.string().startsWith('avi:confluence:'),
    /** The account whose action raised the event. */
    atlassianId: z.string().max(128).optional(),
    content: Core.optional(),
    attachment: Core.optional(),
    /** `moved:page` only: the page where it was, which names the space it left. */
    prevContent: z.object({ space: z.object({ id: Id }).passthrough().optional() }).passthrough().optional(),
  })
  .passthrough();

interface Target {
  /** The page's space, and the space it left when a move took it to another one. */
  spaceIds: string[];
  id: string;
  kind: ContentKind;
  deleted: boolean;
  /** The account that wrote the event's content version. */
  versionBy?: string;
  /** The event is about the page itself (an edit, a move), not a comment, label or file on it. */
  ofPage: boolean;
}

/** Page and blog events name the page; comment, label and attachment events its container. */
export function targetOf(event: z.infer<typeof ContentEvent>): Target | undefined {
  const core = event.attachment ?? event.content;
  if (!core) return undefined;
  // Folder, whiteboard, database and smart-link events (created and moved only, confluence-real row 90) name the node itself.
  const named = (type: string) => type === 'page' || type === 'blogpost' || isNode(type);
  const page = named(core.type) ? core : core.container;
  const spaceId = page?.space?.id ?? core.space?.id;
  if (!page || !spaceId || !named(page.type)) return undefined;
  const [, , action] = event.eventType.split(':');
  const left = page === core ? event.prevContent?.space?.id : undefined;
  return { spaceIds: [...new Set([spaceId, ...(left ? [left] : [])])], id: page.id, kind: page.type as ContentKind, deleted: page === core && action === 'deleted', ofPage: page === core, ...(core.version?.by?.accountId ? { versionBy: core.version.by.accountId } : {}) };
}

const Retried = z.object({ retryContext: z.object({ retryCount: z.number().int().nonnegative() }).passthrough() }).passthrough();

/**
 * Storage over its rate would lose the event: it is handed back to the platform, which delivers
 * it again after `retryAfter`, at most four times (forge-platform.md, product-event retries),
 * each wait longer (storageRetryAfter). Past those, the scheduled reconcile finds the change.
 */
export async function onContentEvent(event: unknown): Promise<InvocationError | void> {
  try {
    await queueJobsFor(event);
  } catch (e) {
    if (!storageBusy(e)) throw e;
    const retried = Retried.safeParse(event);
    return new InvocationError({ retryAfter: storageRetryAfter(retried.success ? retried.data.retryContext.retryCount : 0), retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
  }
}

async function queueJobsFor(event: unknown): Promise<void> {
  const parsed = ContentEvent.safeParse(event);
  const target = parsed.success ? targetOf(parsed.data) : undefined;
  if (!parsed.success || !target) {
    console.warn('Ignored a product event that names no page or blog post');
    return;
  }
  // The app's own writes (copies it made) never echo back into a sync; other apps' edits are synced.
  const ownId = await ownAccountId();
  if (isOwnWrite({ atlassianId: parsed.data.atlassianId, versionBy: target.versionBy }, ownId)) return;
  const all = (await Promise.all(target.spaceIds.map((id) => kvsSyncStore.listBySpace(id)))).flat();
  const sending = all.filter((s) => s.role === 'source' && s.state === 'active' && s.options.mode === 'automatic');
  const jobs: OutboundJob[] = sending.map((s) => ({ type: 'item', syncId: s.id, spaceId: s.space.id, id: target.id, kind: target.kind, cause: parsed.data.eventType, ...(target.deleted ? { deleted: true } : {}), ...(parsed.data.atlassianId ? { by: parsed.data.atlassianId } : {}) }));
  // Someone changed a page (or its labels) in a space that receives copies, or moved one out of it:
  // if it is a copy, its next write reads it first, and the source hears when it is AHEAD.
  const touched = (target.ofPage && !target.deleted) || parsed.data.eventType.endsWith(':label');
  const receiving = touched ? all.filter((s) => s.role === 'destination' && s.state === 'active' && target.spaceIds.includes(s.space.id)) : [];
  jobs.push(...receiving.map((s): OutboundJob => ({ type: 'drift', syncId: s.id, spaceId: s.space.id, id: target.id, kind: target.kind })));
  if (jobs.length) await outboundQueue.push(jobs);
}
