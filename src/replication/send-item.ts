/**
 * The source sends one page or blog post: it reads the current state (never trusting the
 * event), skips what the peer already has (same hash), and records what the peer answered.
 * Transient trouble (a 429, a 5xx, an unreachable peer) throws RetryLater so the queue retries.
 */
import type { HeldParts } from '../domain/parts-census';
import type { Sync } from '../domain/sync';
import { describeFailure, sendToPeer, type SendDeps } from '../pairing/peer-channel';
import type { ApplyBody, ApplyReply, PeerResult } from '../contract/peer-protocol';
import { canonicalSnapshot, inTree, MAX_FILE_BYTES, partsKey, snapshotHash, type AttachmentSnapshot, type CommentSnapshot, type ContentKind, type PageSnapshot } from './snapshot';
import { sendTransfer } from './transfer';
import type { ActivityOutcome, ItemStatus, SentRecord, SourceContent } from './ports';
import type { ActivityLog, CopyStore, SentStore } from './stores';
import type { Prefetched } from './bulk-reading';
import type { SyncStore } from '../pairing/ports';
import { answerOrRetry } from './retry';
import { inheritedSent } from './inherited-records';
import { sourceSideDetail } from '../domain/side-words';
import { OUT_OF_SCOPE_TEXT, type OutOfScope } from '../domain/sync-scope';
import { applyScope } from './scope-check';
import { checkRemoval, isRemoval, noteRemovalSent, type GuardStore } from './mass-delete';
import type { ApplySender } from './apply-batcher';
import { readsPageOnly } from '../domain/page-only-read';

/** Larger snapshots travel as a transfer: a signed message must stay under the inbox limit. */
export const INLINE_SNAPSHOT_BYTES = 100 * 1024;

export interface SourceDeps extends SendDeps {
  syncs: Pick<SyncStore, 'findByPair' | 'get' | 'put'>;
  content: SourceContent;
  sent: SentStore;
  /** Where a page of this site came from, to send no copy back to its own space. */
  copies: Pick<CopyStore, 'origin'>;
  activity: Pick<ActivityLog, 'log'>;
  now(): string;
  /** The mass-delete guard's memory (mass-delete.ts); without it removals are sent unguarded. */
  guard?: GuardStore;
  /** Where `apply` messages go: a batcher for a full sync's items (apply-batcher.ts); without it, one message each. */
  applies?: ApplySender;
}

/** One `apply` to the peer, through the batcher when the deps have one: the answer is the item's either way. */
const sendApply = (deps: SourceDeps, sync: Sync, body: ApplyBody, position?: number): Promise<PeerResult<'apply'>> => (deps.applies ? deps.applies.send(sync, body, position) : sendToPeer(deps, sync, 'apply', body));

export interface ItemRef {
  id: string;
  kind: ContentKind;
  /** Confluence said it was purged (a `deleted` event). */
  deleted?: boolean;
  /** The account that caused this send, for the activity log. */
  by?: string;
  /** The person's request this send answers (a "Sync now"): answered once, however often its job is delivered. */
  request?: string;
  /** The snapshot a full sync read in bulk (bulk-reading.ts), used unless the item was sent since. */
  prefetched?: Prefetched;
  /** A page's position among its siblings, from the full sync's plan: a batch sends siblings in this order (apply-batcher.ts). */
  position?: number;
}

export interface ItemResult {
  status: ItemStatus;
  reason?: string;
  sent: boolean;
}

function allowed(sync: Sync, kind: ContentKind): boolean {
  return sync.role === 'source' && sync.state === 'active' && (inTree(kind) || sync.options.blogPosts);
}

export async function readSnapshot(deps: SourceDeps, sync: Sync, item: ItemRef): Promise<PageSnapshot | undefined> {
  return withoutLabelsUnlessSynced(sync, await readWithLabels(deps, sync, item, undefined, false));
}

/**
 * The item now, with its labels whatever the options say: the scope judges by them. A snapshot
 * read ahead in bulk stands for a per-page read, unless something was sent for the item after
 * the bulk reading began (an event's send got there first): then it may be older than what the
 * peer has, and the page is read again. `pageOnly`: its comments and files are not read
 * (page-only-read.ts).
 */
async function readWithLabels(deps: SourceDeps, sync: Sync, item: ItemRef, sent: SentRecord | undefined, pageOnly: boolean): Promise<PageSnapshot | undefined> {
  if (item.deleted) return { sourceId: item.id, kind: item.kind, status: 'deleted', title: '', body: '', labels: [], version: Number.MAX_SAFE_INTEGER, sourceSpaceKey: sync.space.key };
  const stale = !item.prefetched || (sent !== undefined && sent.at > item.prefetched.readAt);
  if (!stale) return item.prefetched?.snapshot;
  const space = await deps.content.space(sync.space.id);
  return deps.content.snapshot(item.id, item.kind, { id: sync.space.id, ...space }, { comments: sync.options.comments && !pageOnly, attachments: sync.options.attachments && !pageOnly });
}

const withoutLabelsUnlessSynced = (sync: Sync, snapshot: PageSnapshot | undefined) => (snapshot && !sync.options.labels ? { ...snapshot, labels: [] } : snapshot);

const fileKey = (a: AttachmentSnapshot) => `${a.version}:${a.fileId}`;

/** Sends ahead the bytes of each attachment version the peer does not hold yet. */
async function withFiles(deps: SourceDeps, sync: Sync, snapshot: PageSnapshot, held: Record<string, string> = {}): Promise<PageSnapshot> {
  if (!snapshot.attachments) return snapshot;
  const attachments: AttachmentSnapshot[] = [];
  for (const a of snapshot.attachments) {
    if (held[a.sourceId] === fileKey(a)) {
      attachments.push(a);
      continue;
    }
    const data = await deps.content.download(snapshot.sourceId, a.sourceId, a.version);
    attachments.push({ ...a, transfer: await sendTransfer(deps, sync, `file-${a.sourceId}-v${a.version}`, data) });
  }
  return { ...snapshot, attachments };
}

/**
 * A file the peer lacks that is larger than any transfer carries (the listing says so): the item
 * fails with its reason before a byte is downloaded (the peer would refuse the parts anyway).
 */
function oversized(snapshot: PageSnapshot, held: Record<string, string> = {}): string | undefined {
  const file = snapshot.attachments?.find((a) => held[a.sourceId] !== fileKey(a) && a.fileSize > MAX_FILE_BYTES);
  return file && `The file “${file.title}” is larger than the ${Math.floor(MAX_FILE_BYTES / 2 ** 20)} MiB Space Sync can copy.`;
}

/**
 * The apply message's body: the snapshot itself, or, when it would outgrow one message, a
 * transfer that carries it.
 */
async function applyBody(deps: SourceDeps, sync: Sync, snapshot: PageSnapshot, hash: string, cause: string): Promise<ApplyBody> {
  const json = JSON.stringify(snapshot);
  if (Buffer.byteLength(json) <= INLINE_SNAPSHOT_BYTES) return { snapshot, cause };
  const transfer = await sendTransfer(deps, sync, `snapshot-${snapshot.sourceId}-${hash.slice(0, 16)}`, Buffer.from(json));
  return { snapshotTransfer: transfer, cause };
}

/**
 * A copy the app made from the very space this sync sends to: sending it would echo the peer's
 * own content back (two spaces that sync each other). Chains (A → B → C) still forward copies.
 */
export async function isEcho(deps: SourceDeps, sync: Sync, id: string): Promise<boolean> {
  const origin = await deps.copies.origin(id);
  if (!origin) return false;
  const inbound = await deps.syncs.findByPair(origin.pairId, 'destination');
  return Boolean(inbound?.peer && sync.peer && inbound.peer.site.cloudId === sync.peer.site.cloudId && inbound.peer.space.id === sync.peer.space.id);
}

export interface SendOptions {
  /** Re-sync everything, or a person's "Sync now": an unchanged snapshot is sent too, so the peer checks its copy (and overwrites an edit there where the sync's policy says so). */
  repair?: boolean;
  /** A person is waiting for the outcome: it is logged even when nothing changed. */
  logUnchanged?: boolean;
  /** A Verify repair: the destination checks the copy's parts against what it holds, not only its record. */
  recheck?: boolean;
  /** A Verify repair of a file missing at the copy: every file's bytes go again. */
  resendFiles?: boolean;
  /** Comments and files are read whatever the cause (a re-read after a stale answer). */
  readAll?: boolean;
}

/** The change waits for review at the copy (the copy's edited version is the one it shows meanwhile), or the copy kept its edits. */
function waitingAtCopy(r: Pick<ApplyReply, 'outcome' | 'status' | 'destVersion'>, version: number, before: SentRecord | undefined): Partial<SentRecord> {
  // Sent again (a re-sync): the copy that kept its edits still has them, and the page action still says so.
  if (r.outcome === 'unchanged' && r.status === 'ahead' && before?.review?.state === 'kept' && before.version === version) return { aheadVersion: before.review.copyVersion, review: before.review };
  // Sent again to a copy edited after it kept its edits: it is still at the version the drift report named.
  if (r.outcome === 'unchanged' && r.status === 'ahead' && before?.status === 'ahead' && before.aheadVersion !== undefined && before.version === version) return { aheadVersion: before.aheadVersion };
  if (r.outcome !== 'review-waiting' || r.destVersion === undefined) return {};
  return { aheadVersion: r.destVersion, review: { state: 'waiting', sourceVersion: version, copyVersion: r.destVersion } };
}

export const UP_TO_DATE = 'The copy is already up to date.';

export async function sendItem(deps: SourceDeps, sync: Sync, item: ItemRef, cause: string, options: SendOptions = {}): Promise<ItemResult> {
  const { repair = false, logUnchanged = false, recheck = false, resendFiles = false, readAll = false } = options;
  if (!allowed(sync, item.kind)) return { status: 'skipped', reason: 'not synced by this sync', sent: false };
  if (await isEcho(deps, sync, item.id)) return { status: 'skipped', reason: 'a copy of the other space’s own page', sent: false };
  const sent = await deps.sent.get(sync.pairId, item.id);
  // The same request delivered again (queue events come at least once): answered and logged already.
  if (item.request && sent?.request === item.request) return { status: sent.status, sent: false };
  const copiesParts = sync.options.comments || sync.options.attachments;
  const pageOnly = !item.prefetched && !item.deleted && readsPageOnly({ cause, everything: repair || recheck || resendFiles || readAll || Boolean(item.request), copiesParts, last: sent?.parts ? sent : undefined });
  const read = await readWithLabels(deps, sync, item, sent, pageOnly);
  // What the source holds of the parts: as read, or, read page-only, as last recorded.
  const partsHeld = (r: PageSnapshot) => (pageOnly && sent?.parts ? sent.parts : partsOf(r));
  const scoped = read && (await applyScope(deps, sync, read));
  if (scoped && !scoped.in) return leaveScope(deps, sync, item, read, sent, scoped.reason, cause, partsHeld(read));
  // A copy left behind when its page left the scope is not the sync's any more: nothing follows it.
  if (sent?.outOfScope && read && read.status !== 'current' && read.status !== 'archived') {
    await keepParts(deps, sync, item.id, sent, partsHeld(read));
    return { status: 'skipped', reason: OUT_OF_SCOPE_TEXT[sent.outOfScope], sent: false };
  }
  const wanted = withoutLabelsUnlessSynced(sync, scoped?.snapshot);
  // Read page-only, a page that holds parts names those it stands on (snapshot.ts partsFrom); a removal holds none.
  const standsOnParts = wanted && pageOnly && sent?.partsKey && (wanted.status === 'current' || wanted.status === 'archived');
  const snapshot = standsOnParts ? { ...wanted, partsFrom: sent.partsKey } : wanted;
  if (!snapshot) {
    // Not visible to the app: restricted (or gone without an event). Reported, and the copy is left alone.
    const reason = 'Space Sync cannot read this page (it is restricted, or was deleted).';
    await deps.sent.put(sync.pairId, item.id, { ...(sent ?? { hash: '', version: 0 }), status: 'restricted', reason, at: deps.now() }, sent);
    // Logged when it becomes restricted, not again for each duplicated event or reconcile.
    if (sent?.status !== 'restricted') await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: item.id, title: sent?.title ?? '', cause, ...byOf(item), outcome: 'restricted', detail: reason });
    return { status: 'restricted', reason, sent: false };
  }
  // Hashed as the destination parses it, so both sides and Verify agree (snapshot.ts canonicalSnapshot).
  const canonical = canonicalSnapshot(snapshot);
  const hash = snapshotHash(canonical);
  const sentParts = pageOnly ? sent?.partsKey : partsKey(canonical);
  const labels = labelsOf(read);
  const parts = partsHeld(snapshot);
  if (!repair && sent && sent.hash === hash && sent.status !== 'failed') {
    // Labels the copy does not carry (the option is off) may still change: kept, so the reconcile does not ask again.
    // The parts counts too: a record from before they were kept gets them here, and the parts' key.
    if (!sameLabels(sent.labels, labels) || !sameParts(sent.parts, parts) || sent.partsKey !== sentParts) await deps.sent.put(sync.pairId, item.id, { ...sent, labels, parts, ...(sentParts ? { partsKey: sentParts } : {}) }, sent);
    return { status: sent.status, sent: false };
  }
  // The parts are what the source held when read, whatever the send then does (a hold, a 503, a refusal): kept now.
  const before = await keepParts(deps, sync, item.id, sent, parts);
  // A first send of this pair: what an earlier sync of the same two spaces delivered is held there still (inheritance.ts).
  const delivered = before ?? (await inheritedSent(deps.sent, sync, item.id));
  // An archived page is part of the space: its copy is made, and archived too. A removal goes to a copy this pair or the one it inherited made.
  if (!delivered && snapshot.status !== 'current' && snapshot.status !== 'archived') return { status: 'skipped', reason: 'never copied', sent: false };
  // A removal may be part of a mass delete: held (nothing sent) until an admin answers.
  const guarded = deps.guard && isRemoval(snapshot) ? { ...deps, guard: deps.guard } : undefined;
  if (guarded) {
    const check = await checkRemoval(guarded, sync, item.id, sent);
    if (!check.send) return { status: sent?.status ?? 'skipped', reason: check.reason, sent: false };
  }

  const held = delivered?.status === 'synced' && !resendFiles ? delivered.files : undefined;
  const tooLarge = oversized(snapshot, held);
  if (tooLarge) {
    await markFailed(deps, sync, item.id, snapshot.title, cause, tooLarge, item.by, parts);
    return { status: 'failed', reason: tooLarge, sent: false };
  }
  const outgoing = await withFiles(deps, sync, snapshot, held);
  const result = answerOrRetry(await sendApply(deps, sync, { ...(await applyBody(deps, sync, outgoing, hash, cause)), ...(repair ? { repair } : {}), ...(recheck ? { recheck } : {}) }, item.position));
  if (result.kind !== 'ok') {
    const reason = refusalReason(result);
    await markFailed(deps, sync, item.id, snapshot.title, cause, reason, item.by, parts);
    return { status: 'failed', reason, sent: true };
  }
  // The copy holds a newer version, perhaps from a page-only send that carried none of the
  // comments or files this older read found: read everything again now, once, and send that.
  if (result.reply.outcome === 'stale' && !readAll && (snapshot.comments || snapshot.attachments)) return sendItem(deps, sync, { ...item, prefetched: undefined }, cause, { ...options, readAll: true });
  // The destination worded its detail for its own log; the source says it from its side.
  const r = result.reply.detail ? { ...result.reply, detail: sourceSideDetail(result.reply.detail, sync.peer) } : result.reply;
  // A page-only send carried no files: the peer holds those of the last whole send.
  const files = r.status !== 'synced' ? undefined : pageOnly ? sent?.files : Object.fromEntries((snapshot.attachments ?? []).map((a) => [a.sourceId, fileKey(a)]));
  await deps.sent.put(sync.pairId, item.id, { kind: item.kind, hash, ...(sentParts ? { partsKey: sentParts } : {}), version: snapshot.version, destId: r.destId, destVersion: r.destVersion, status: r.status, ...(r.detail ? { reason: r.detail } : {}), at: deps.now(), ...(files ? { files } : {}), ...(snapshot.status === 'archived' ? { sourceStatus: 'archived' as const } : {}), ...(snapshot.title ? { title: snapshot.title } : {}), ...(snapshot.parentSourceId ? { parent: snapshot.parentSourceId } : {}), ...(labels ? { labels } : {}), ...(parts ? { parts } : {}), ...(item.request ? { request: item.request } : {}), ...waitingAtCopy(r, snapshot.version, sent) }, before);
  if (guarded && sent?.destId && sent.status !== 'deleted') await noteRemovalSent(guarded, sync, item.id);
  const detail = r.detail ?? (r.outcome === 'unchanged' ? UP_TO_DATE : undefined);
  if (r.outcome !== 'unchanged' || logUnchanged) await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: item.id, title: snapshot.title, cause, ...byOf(item), outcome: r.outcome, ...(detail ? { detail } : {}) });
  return { status: r.status, ...(r.detail ? { reason: r.detail } : {}), sent: true };
}

/**
 * The item is out of the sync's scope. Never sent: it is recorded as left out (so reconcile does
 * not queue it again until it changes). Its copy exists: the copy is kept, or trashed through the
 * destination's removal path (a `trashed` apply), as the scope's `onLeave` says; logged once.
 */
async function leaveScope(deps: SourceDeps, sync: Sync, item: ItemRef, snapshot: PageSnapshot, sent: SentRecord | undefined, why: OutOfScope, cause: string, parts: HeldParts): Promise<ItemResult> {
  const reason = OUT_OF_SCOPE_TEXT[why];
  const hadCopy = Boolean(sent?.destId) && !sent?.outOfScope && sent?.status !== 'deleted';
  let outcome: ActivityOutcome = 'left-scope';
  let detail = `Left the sync’s scope: ${reason} Its copy is kept as it is.`;
  if (hadCopy && sync.scope?.onLeave === 'trash') {
    // A trash like any other: the mass-delete guard counts it and may hold it (nothing recorded, so it is judged again).
    const guarded = deps.guard ? { ...deps, guard: deps.guard } : undefined;
    const check = guarded ? await checkRemoval(guarded, sync, item.id, sent, await copiesUnder(deps, sync, item.id)) : { send: true as const };
    if (!check.send) return { status: sent?.status ?? 'skipped', reason: check.reason, sent: false };
    const removal: PageSnapshot = { ...withoutLabelsUnlessSynced(sync, snapshot)!, status: 'trashed', comments: undefined, attachments: undefined };
    const result = answerOrRetry(await sendApply(deps, sync, { snapshot: removal, cause: LEFT_SCOPE_CAUSE }));
    if (result.kind !== 'ok') {
      const failure = refusalReason(result);
      await markFailed(deps, sync, item.id, snapshot.title, cause, failure, item.by);
      return { status: 'failed', reason: failure, sent: true };
    }
    if (guarded) await noteRemovalSent(guarded, sync, item.id);
    outcome = 'trashed';
    detail = `Left the sync’s scope: ${reason} Its copy was moved to the trash.`;
  }
  await deps.sent.put(sync.pairId, item.id, { ...(sent ?? {}), kind: item.kind, hash: '', partsKey: undefined, version: snapshot.version, status: 'skipped', reason, outOfScope: why, at: deps.now(), files: undefined, labels: labelsOf(snapshot), parts }, sent);
  if (hadCopy) await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: item.id, title: snapshot.title, cause, ...byOf(item), outcome, detail });
  return { status: 'skipped', reason, sent: hadCopy && outcome === 'trashed' };
}

export const LEFT_SCOPE_CAUSE = 'left the scope';

/** The labels a sent record keeps: a current page's or blog post's (pages and blog posts only carry them here). */
const labelsOf = (read: PageSnapshot | undefined): string[] | undefined => (read && read.status === 'current' && (read.kind === 'page' || read.kind === 'blogpost') ? [...read.labels].sort() : undefined);
const sameLabels = (a: string[] | undefined, b: string[] | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
/**
 * The comments (with how many are in resolved inline threads) and attachments a current page or
 * blog post holds, for each part that was read (the sync copies it): what search counts against
 * them is the reconcile's census. Anything else holds nothing search counts (`{}`); a record
 * without the field was written before the census kept it.
 */
function partsOf(read: PageSnapshot): HeldParts {
  if (read.status !== 'current' || (read.kind !== 'page' && read.kind !== 'blogpost')) return {};
  return { ...(read.comments ? { comments: read.comments.length, resolved: resolvedComments(read.comments) } : {}), ...(read.attachments ? { attachments: read.attachments.length } : {}) };
}

/** Comments in resolved inline threads: the resolved top-level inline comments and every reply under them. */
function resolvedComments(comments: CommentSnapshot[]): number {
  const byId = new Map(comments.map((c) => [c.sourceId, c]));
  const rootOf = (c: CommentSnapshot) => {
    for (let seen = 0; c.parentSourceId && byId.has(c.parentSourceId) && seen < comments.length; seen++) c = byId.get(c.parentSourceId)!;
    return c;
  };
  return comments.filter((c) => {
    const root = rootOf(c);
    return root.location === 'inline' && root.resolution === 'resolved';
  }).length;
}

/** The parts the source holds, as just read, kept on a record whatever else the send did (the census counts them). */
async function keepParts(deps: Pick<SourceDeps, 'sent'>, sync: Sync, id: string, sent: SentRecord | undefined, parts: HeldParts): Promise<SentRecord | undefined> {
  if (!sent || sameParts(sent.parts, parts)) return sent;
  const next = { ...sent, parts };
  await deps.sent.put(sync.pairId, id, next, sent);
  return next;
}
const sameParts = (a: HeldParts | undefined, b: HeldParts) => a !== undefined && a.comments === b.comments && a.resolved === b.resolved && a.attachments === b.attachments;

/** The items sent as under this one (their records' parents): a trash of its copy takes theirs along. */
async function copiesUnder(deps: Pick<SourceDeps, 'sent'>, sync: Sync, id: string): Promise<string[]> {
  const children = new Map<string, string[]>();
  for (const { sourceId, record } of await deps.sent.all(sync.pairId)) if (record.parent) children.set(record.parent, [...(children.get(record.parent) ?? []), sourceId]);
  const out: string[] = [];
  for (let queue = [...(children.get(id) ?? [])]; queue.length; ) {
    const next = queue.shift()!;
    if (out.includes(next)) continue;
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

/** Why the peer did not apply, in the source admin's words; the peer's own text never travels. */
function refusalReason(result: Extract<PeerResult<'apply'>, { kind: 'refused' }>): string {
  switch (result.code) {
    case 'refused':
      return 'The other space could not write this page; its admins see why in their activity log.';
    case 'incomplete':
      return 'The page did not arrive whole at the other space; it will be sent again.';
    case 'state':
      return 'The other side of this sync is paused or no longer paired.';
    default:
      return `The other space refused the change (${result.status}). ${describeFailure(result)}`;
  }
}

/** After the last try: the item is FAILED with its reason, and a later attempt may retry it. */
const byOf = (item: { by?: string }) => (item.by ? { by: item.by } : {});

/** `parts`: what the source held when this send read it (the census counts it), when it did. */
export async function markFailed(deps: Pick<SourceDeps, 'sent' | 'activity' | 'now'>, sync: Sync, id: string, title: string, cause: string, reason: string, by?: string, parts?: HeldParts): Promise<void> {
  const sent = await deps.sent.get(sync.pairId, id);
  // What the peer holds is uncertain after a failure: the retry sends every file again.
  await deps.sent.put(sync.pairId, id, { ...(sent ?? { hash: '', version: 0 }), status: 'failed', reason, at: deps.now(), files: undefined, ...(parts ? { parts } : {}) }, sent);
  await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: id, title, cause, ...byOf({ by }), outcome: 'failed', detail: reason });
}
