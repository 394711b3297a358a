/**
 * The mass-delete guard at the source. The source decides because it can count before anything
 * leaves: its sent records say which copies the destination holds, and one listing of the space
 * says which originals are gone (a parent trashed with its subtree takes the children out of the
 * listing without events of their own, so counting events would see one trash where the
 * destination would lose the whole subtree). The destination could count only what already
 * arrived, one trash at a time. When a trash would make a mass delete, nothing is sent: the sync
 * pauses with the question on both sides, until an admin confirms (the held trashes go) or undoes
 * it (the source restores its pages from the trash).
 */
import { randomUUID } from 'node:crypto';
import { comingTrashes, guardOf, guardQuestion, guardVerdict, HELD_SHOWN, liveCopies, recentTrashes, type GuardHold, type HeldItem } from '../domain/mass-delete-guard';
import { withPause } from '../domain/sync-rules';
import type { Sync } from '../domain/sync';
import { sendToPeer, type SendDeps } from '../pairing/peer-channel';
import type { BodyOf } from '../contract/peer-protocol';
import type { SyncStore } from '../pairing/ports';
import type { ContentKind, PageSnapshot } from './snapshot';
import type { SentRecord, SourceContent } from './ports';
import type { ActivityLog, SentStore } from './stores';

/** What the guard keeps per pair at the source. */
export interface GuardRecord {
  /**
   * When each trash the guard let through was sent, as kept before each trash had a key of its
   * own (GuardStore.noteTrash); read still, never written but to clear it.
   */
  window: string[];
  /** An admin answered: trashes sent before then no longer count toward the window. */
  windowSince?: string;
  /** Every item of the question now asked (the hold on the sync lists the first ones). */
  held: HeldItem[];
  /** Items whose deletion an admin confirmed: sent when their turn comes, not counted again. */
  settled: string[];
  /** Items an undo could not restore: their trash is dropped and the copy kept. */
  kept: string[];
}

export const NO_GUARD_RECORD: GuardRecord = { window: [], held: [], settled: [], kept: [] };

export interface GuardStore {
  get(pairId: string): Promise<GuardRecord>;
  put(pairId: string, record: GuardRecord): Promise<void>;
  /**
   * A trash the guard let through, one entry each: jobs of the same burst run at once, and a
   * window kept in one value lost the trashes noted by racing writes.
   */
  noteTrash(pairId: string, id: string, at: string): Promise<void>;
  /** When the trashes noted at or after `since` were sent. */
  trashesSince(pairId: string, since: string): Promise<string[]>;
  /** True for the one caller that may ask `question` (no question asked for the pair yet). */
  claimHold(pairId: string, question: string): Promise<boolean>;
  releaseHold(pairId: string): Promise<void>;
  /** True for the one answer that may settle `question`: a second answer changes nothing. */
  claimAnswer(pairId: string, question: string): Promise<boolean>;
}

/** Puts a trashed page or blog post of the source back (mass-delete undo). */
export interface SourceRestore {
  restore(id: string, kind: ContentKind): Promise<'restored' | 'current' | 'not-restorable'>;
}

export interface GuardDeps extends SendDeps {
  syncs: Pick<SyncStore, 'get' | 'put'>;
  content: Pick<SourceContent, 'list'>;
  sent: Pick<SentStore, 'all' | 'counts'>;
  guard: GuardStore;
  activity: Pick<ActivityLog, 'log'>;
  now(): string;
}

export const GUARD_CAUSE = 'mass-delete guard';
export const HELD_REASON = 'Held: mass delete. The sync waits for an admin to confirm the deletion or undo it.';
export const KEPT_REASON = 'Kept: the mass delete was undone and this page could not be restored at the source, so its copy stays.';

/** A snapshot that would take the copy away (trashed, purged, moved to another space). */
export const isRemoval = (s: PageSnapshot) => s.status === 'trashed' || s.status === 'deleted' || s.status === 'moved';
const hasCopy = (sent: SentRecord | undefined) => Boolean(sent?.destId && sent.status !== 'deleted');

export type GuardCheck = { send: true } | { send: false; reason: string };

/** Before a removal is sent: let it through, or hold it (asking the question if none is asked yet). */
/** `alongWith`: copies the destination's trash of this one takes along (its subtree, when its page leaves the sync's scope). */
export async function checkRemoval(deps: GuardDeps, stale: Sync, id: string, sent: SentRecord | undefined, alongWith: string[] = []): Promise<GuardCheck> {
  if (!hasCopy(sent)) return { send: true };
  // Read afresh: another item's job may have started the hold since this job read the sync.
  const sync = (await deps.syncs.get(stale.space.id, stale.id)) ?? stale;
  const record = await deps.guard.get(sync.pairId);
  if (record.kept.includes(id)) return { send: false, reason: KEPT_REASON };
  if (sync.hold) return { send: false, reason: HELD_REASON };
  if (record.settled.includes(id)) return { send: true };
  const guard = guardOf(sync.options);
  if (!guard.enabled) return { send: true };
  const now = new Date(deps.now());
  const recent = (await windowTrashes(deps, sync, record, now)).length;
  // Cheap first: a pair with fewer copies than the threshold can never hold, so no listing is read.
  const counts = await deps.sent.counts(sync.pairId);
  if (counts && counts.synced + counts.ahead + counts.failed + counts.restricted + recent < guard.minCopies) return { send: true };

  const all = (await deps.sent.all(sync.pairId)).map(({ sourceId, record: r }) => ({ sourceId, ...r }));
  const kinds: ContentKind[] = sync.options.blogPosts ? ['page', 'blogpost'] : ['page'];
  const listed = new Set((await deps.content.list(sync.space.id, kinds)).map((i) => i.id));
  const coming = comingTrashes(all, listed, new Set(record.settled));
  if (!coming.some((c) => c.sourceId === id)) coming.push({ sourceId: id, status: sent!.status, ...(sent!.kind ? { kind: sent!.kind } : {}) });
  const live = new Map(liveCopies(all).map((c) => [c.sourceId, c]));
  for (const along of alongWith) if (live.has(along) && !coming.some((c) => c.sourceId === along) && !record.settled.includes(along)) coming.push(live.get(along)!);
  const verdict = guardVerdict(guard, coming.length + recent, liveCopies(all).length + recent);
  if (!verdict.hold) return { send: true };

  const question = randomUUID();
  if (!(await deps.guard.claimHold(sync.pairId, question))) return { send: false, reason: HELD_REASON };
  const byId = new Map(all.map((r) => [r.sourceId, r]));
  const held: HeldItem[] = coming.map((c) => {
    const r = byId.get(c.sourceId);
    return { id: c.sourceId, kind: c.kind ?? 'page', title: r?.title ?? '', ...(r?.parent ? { parent: r.parent } : {}) };
  });
  const hold: GuardHold = { question, at: deps.now(), trashes: verdict.trashes, copies: verdict.copies, percent: verdict.percent, items: held.slice(0, HELD_SHOWN), more: Math.max(0, held.length - HELD_SHOWN) };
  await deps.guard.put(sync.pairId, { ...record, held });
  await deps.syncs.put({ ...withPause(sync, 'source', true), hold });
  await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: '', title: '', cause: GUARD_CAUSE, outcome: 'held', detail: guardQuestion(verdict) });
  // The destination pauses too and shows the question; if it cannot be told now, the source still holds (nothing is sent).
  await sendToPeer(deps, sync, 'guard-hold', hold as BodyOf<'guard-hold'>);
  return { send: false, reason: HELD_REASON };
}

/** A removal went through: it counts toward the window (unless an admin confirmed it already). */
export async function noteRemovalSent(deps: Pick<GuardDeps, 'guard' | 'now'>, sync: Sync, id: string): Promise<void> {
  const record = await deps.guard.get(sync.pairId);
  if (record.settled.includes(id)) {
    await deps.guard.put(sync.pairId, { ...record, settled: record.settled.filter((s) => s !== id) });
    return;
  }
  await deps.guard.noteTrash(sync.pairId, id, deps.now());
}

/** The trashes sent within the guard's window, since the last answer. */
async function windowTrashes(deps: Pick<GuardDeps, 'guard'>, sync: Sync, record: GuardRecord, now: Date): Promise<string[]> {
  const guard = guardOf(sync.options);
  const start = new Date(now.getTime() - guard.windowMinutes * 60_000).toISOString();
  const since = record.windowSince && record.windowSince > start ? record.windowSince : start;
  const noted = await deps.guard.trashesSince(sync.pairId, since);
  return recentTrashes({ at: [...record.window, ...noted] }, now, guard).filter((t) => !record.windowSince || t >= record.windowSince);
}

/** The hourly reconcile tells the destination again of a question it may have missed (it answers a repeat with OK). */
export async function retellHold(deps: SendDeps, sync: Sync): Promise<void> {
  if (sync.role === 'source' && sync.hold) await sendToPeer(deps, sync, 'guard-hold', sync.hold as BodyOf<'guard-hold'>);
}
