/**
 * Verify at the destination: each batch's items are compared with their copies as they are now
 * (domain/verify-rules.ts), within a time budget so the answer always beats the sender's
 * timeout; the differences are answered as codes and facts and kept in this side's report. The
 * last batch ends the run: copies on record that no batch named are orphans.
 */
import { keepsEdits } from '../domain/conflict-policy';
import type { Sync } from '../domain/sync';
import { compareItem, type CompareContext, type CopyFacts, type Difference, type RecordedFacts } from '../domain/verify-rules';
import { underWay, withDifferences, type ItemDifference, type VerifyReport } from '../domain/verify-report';
import { refuse, VERIFY_LIMITS, type VerifyItem, type WireDifference } from '../contract/peer-protocol';
import { describeFailure, sendToPeer, type OpenedMessage, type SendDeps } from '../pairing/peer-channel';
import { UserError } from '../domain/user-error';
import type { PeerReply } from '../pairing/ports';
import type { DestinationContent, MapRecord } from './ports';
import { inTree, type ContentKind } from './snapshot';
import type { CopyInspector, RecordedCopies, VerifyStore } from './verify-ports';
import type { CopyStore } from './stores';
import { heldRecord, recordOf } from './inherited-records';

/** A batch is answered within this, whatever Confluence's pace (the sender gives up after 20 s). */
export const BATCH_BUDGET_MS = 8_000;
/** The end of a run reads at most this many unnamed copies; the rest are counted. */
const MAX_ORPHANS_READ = 500;

export interface VerifyDestinationDeps {
  content: Pick<DestinationContent, 'space'>;
  inspector: CopyInspector;
  /** The copy records, read only: replication writes them. */
  copies: Pick<CopyStore, 'get' | 'origin'>;
  /** Every copy a pair has on record. */
  recorded: RecordedCopies;
  verify: VerifyStore;
  now(): string;
  /** Milliseconds since the message arrived. */
  elapsedMs(): number;
}

/** Where the batch falls in the run: the one expected next, the previous one again (its answer was lost), or out of order. */
type Place = { fresh: boolean; report: VerifyReport } | undefined;

function placeOf(report: VerifyReport | undefined, body: { run: string; seq: number }, now: string): Place {
  if (report?.run === body.run && body.seq === report.position.seq) return { fresh: true, report };
  if (report?.run === body.run && body.seq === report.position.seq - 1) return { fresh: false, report };
  if (body.seq !== 0) return undefined;
  // A new run: it replaces the last report, and keeps who asked for it here.
  const by = report?.state === 'requested' && report.by ? { by: report.by } : {};
  return { fresh: true, report: { run: body.run, state: 'running', startedAt: now, updatedAt: now, ...by, checked: 0, differences: [], more: 0, position: { next: 0, seq: 0 } } };
}

export async function receiveVerify(deps: VerifyDestinationDeps, { sync, body }: OpenedMessage<'verify'>): Promise<PeerReply> {
  if (sync.state !== 'active') return refuse.state();
  const place = placeOf(await deps.verify.report(sync.id), body, deps.now());
  if (!place) return refuse.code('sequence');
  const found: ItemDifference[] = [];
  let checked = 0;
  for (const item of body.items) {
    if (checked > 0 && deps.elapsedMs() > BATCH_BUDGET_MS) break;
    const diffs = await checkItem(deps, sync, item);
    found.push(...diffs.map((d) => ({ ...d, sourceId: item.id, kind: item.kind, title: item.title ?? '' })));
    checked++;
  }
  // The last batch, wholly checked: the copies no batch named are looked for, as far as the budget allows.
  const ending = body.last && checked === body.items.length;
  const left = ending ? await orphans(deps, sync, place.report, body.items.map((i) => i.id)) : { found: [], unread: 0, next: undefined };
  found.push(...left.found);
  const done = ending && left.next === undefined;
  await record(deps, sync, place, { seq: body.seq, items: body.items, checked, found, unread: left.unread, orphansFrom: left.next ?? 0, done });
  const sent = found.slice(0, VERIFY_LIMITS.replyDifferences).map(toWire);
  return { status: 200, body: { checked, differences: sent, more: found.length - sent.length + left.unread, done } };
}

interface Outcome {
  seq: number;
  items: VerifyItem[];
  checked: number;
  found: ItemDifference[];
  /** Orphans counted and not read. */
  unread: number;
  /** Where the look for orphans goes on, in the next (empty) batch. */
  orphansFrom: number;
  done: boolean;
}

/**
 * The batch's outcome in this side's report. A batch sent again (its answer was lost) names what
 * it checked this time and adds its differences, but moves the run no further.
 */
async function record(deps: VerifyDestinationDeps, sync: Sync, { fresh, report }: NonNullable<Place>, o: Outcome): Promise<void> {
  await deps.verify.putNamed(sync.id, report.run, o.seq, o.items.slice(0, o.checked).map((i) => i.id));
  if (!fresh) return deps.verify.putReport(sync.id, withDifferences(report, o.found));
  const now = deps.now();
  const next = withDifferences({ ...report, checked: report.checked + o.checked, more: report.more + o.unread, updatedAt: now, position: { next: o.orphansFrom, seq: o.seq + 1 } }, o.found);
  await deps.verify.putReport(sync.id, o.done ? { ...next, state: 'complete', finishedAt: now } : { ...next, state: 'running' });
}

const toWire = (d: ItemDifference): WireDifference => ({ sourceId: d.sourceId, kind: d.kind as ContentKind, title: d.title.slice(0, 255), code: d.code, facts: d.facts });

const COPY_KINDS = ['current', 'archived'];

/** What reading an item's copy needs. */
export type InspectDeps = Pick<VerifyDestinationDeps, 'content' | 'inspector' | 'copies'>;

/** The item's record, its copy as it is now, and what the copy is compared against. */
export async function inspectItem(deps: InspectDeps, sync: Sync, item: VerifyItem): Promise<{ record?: MapRecord; copy?: CopyFacts; context: CompareContext }> {
  // A re-pair's copies stay under the earlier pair until its first full sync takes them over.
  const held = await heldRecord(deps.copies, sync, item.id);
  const record = held?.record;
  const copy = held ? await copyFacts(deps, held.pairId, sync, item, held.record) : undefined;
  const context: CompareContext = {
    sourceSpaceKey: sync.peer?.space.key ?? '',
    expectedParentId: inTree(item.kind) ? await expectedParent(deps, sync, item) : undefined,
    keepDestination: keepsEdits(sync.options.conflictPolicy),
    review: sync.options.conflictPolicy === 'review',
  };
  return { ...(record ? { record } : {}), ...(copy ? { copy } : {}), context };
}

/** One item against its copy. */
async function checkItem(deps: InspectDeps, sync: Sync, item: VerifyItem): Promise<Difference[]> {
  if (item.status === 'unreadable') return [];
  const { record, copy, context } = await inspectItem(deps, sync, item);
  return compareItem(item, record && recordedFacts(record), copy, context);
}

export function recordedFacts(r: MapRecord): RecordedFacts {
  return {
    ...(r.hash !== undefined ? { hash: r.hash } : {}),
    ...(r.pageHash ? { pageHash: r.pageHash } : {}),
    destVersion: r.destVersion,
    labels: r.labels ?? [],
    comments: Object.fromEntries(Object.entries(r.comments ?? {}).map(([id, c]) => [id, c.destId])),
    commentVersions: Object.fromEntries(Object.entries(r.comments ?? {}).flatMap(([id, c]) => (c.destVersion === undefined ? [] : [[id, c.destVersion]]))),
    files: Object.fromEntries(Object.entries(r.attachments ?? {}).map(([id, a]) => [id, { destId: a.destId, version: a.version, title: a.title, ...(a.destVersion !== undefined ? { destVersion: a.destVersion } : {}) }])),
    ...(r.archived ? { archived: true } : {}),
    ...(r.unmovable ? { unmovable: true } : {}),
  };
}

/** The copy of the original's parent, or the home page at the top; undefined while the parent has no copy (it is missing itself). */
async function expectedParent(deps: InspectDeps, sync: Sync, item: VerifyItem): Promise<string | undefined> {
  if (!item.parent) return (await deps.content.space(sync.space.id)).homepageId;
  return (await recordOf(deps.copies, sync, item.parent))?.destId;
}

/**
 * The recorded copy now: gone when Confluence no longer has it or it is no longer provably this
 * pair's (moved to another space, or its reverse record names another item); its comments and
 * files are read only when the sync copies them and the app recorded writing some.
 */
async function copyFacts(deps: InspectDeps, pairId: string, sync: Sync, item: VerifyItem, record: MapRecord): Promise<CopyFacts> {
  const now = await deps.inspector.copy(record.destId, record.kind);
  const origin = now ? await deps.copies.origin(record.destId) : undefined;
  const ours = now && (!now.spaceId || now.spaceId === sync.space.id) && origin?.pairId === pairId && origin.sourceId === item.id;
  if (!now || !ours) return { state: 'absent' };
  if (!COPY_KINDS.includes(now.status)) return { state: 'trashed' };
  const container = { id: record.destId, kind: record.kind };
  const stillAtSource = new Set(item.comments ?? []);
  const comments = sync.options.comments && item.comments ? Object.entries(record.comments ?? {}).filter(([id]) => stillAtSource.has(id)).map(([, c]) => ({ destId: c.destId, location: c.location })) : [];
  const files = sync.options.attachments && item.files?.length && Object.keys(record.attachments ?? {}).length;
  const fileVersions = files ? await deps.inspector.files(container) : new Map<string, number>();
  const commentVersions = comments.length ? await deps.inspector.comments(container, comments) : new Map<string, number | undefined>();
  return {
    state: now.status as 'current' | 'archived',
    version: now.version,
    title: now.title,
    ...(now.parentId ? { parentId: now.parentId } : {}),
    labels: now.labels,
    comments: new Set(commentVersions.keys()),
    commentVersions: new Map([...commentVersions].flatMap(([id, v]) => (v === undefined ? [] : [[id, v] as const]))),
    files: new Set(fileVersions.keys()),
    fileVersions,
  };
}

/**
 * Copies on record that no batch of the run named, whose copy is still here (current or
 * archived): their originals are gone from the sync. The last batch's items count as named.
 * Read from `report.position.next` on until the budget is spent (`next`: where the next batch
 * goes on) or MAX_ORPHANS_READ are read (the rest are counted, `unread`).
 */
async function orphans(deps: VerifyDestinationDeps, sync: Sync, report: VerifyReport, last: string[]): Promise<{ found: ItemDifference[]; unread: number; next?: number }> {
  const named = await deps.verify.named(sync.id, report.run);
  for (const id of last) named.add(id);
  const unnamed = (await deps.recorded.list(sync.pairId)).filter((c) => !named.has(c.sourceId)).sort((a, b) => a.sourceId.localeCompare(b.sourceId));
  const readable = Math.min(unnamed.length, MAX_ORPHANS_READ);
  const found: ItemDifference[] = [];
  for (let i = report.position.next; i < readable; i++) {
    if (deps.elapsedMs() > BATCH_BUDGET_MS) return { found, unread: 0, next: i };
    const { sourceId, record } = unnamed[i];
    const now = await deps.inspector.copy(record.destId, record.kind);
    const origin = now ? await deps.copies.origin(record.destId) : undefined;
    if (!now || !COPY_KINDS.includes(now.status) || origin?.pairId !== sync.pairId || origin.sourceId !== sourceId) continue;
    found.push({ sourceId, kind: record.kind, title: now.title, code: 'orphan', facts: {} });
  }
  // Past what a run reads: counted, not read (some may be in the trash already).
  return { found, unread: unnamed.length - readable };
}

export interface VerifyRequestDeps extends SendDeps {
  verify: VerifyStore;
  now(): string;
}

/**
 * The destination's admin asks for a run: the source runs it (one under way serves), and this
 * side's report says it was asked for until the first batch arrives.
 */
export async function requestVerify(deps: VerifyRequestDeps, sync: Sync, by: string): Promise<VerifyReport> {
  if (sync.role !== 'destination' || sync.state !== 'active') throw new UserError('not-allowed-now', 'Verify needs an active sync.');
  const last = await deps.verify.report(sync.id);
  if (last && underWay(last, Date.parse(deps.now()))) throw new UserError('verify-running', 'A verify of this sync is already under way.');
  const result = await sendToPeer(deps, sync, 'verify-request', {});
  if (result.kind === 'refused' && result.code === 'syncing') throw new UserError('full-sync-running', 'The other space is still running a full sync; verify once it is done.');
  if (result.kind === 'refused' && result.code === 'busy') throw new UserError('peer-busy', 'The other space has run as many verifies as it takes in an hour. Try again later, or ask its admin to run one.');
  if (result.kind !== 'ok') throw new UserError('peer-unreachable', `The other space could not start a verify. ${describeFailure(result)}`);
  const now = deps.now();
  // The run under way there may be further along already: its first batch has then arrived.
  const current = await deps.verify.report(sync.id);
  if (current?.run === result.reply.run) return current;
  const report: VerifyReport = { run: result.reply.run, state: 'requested', startedAt: now, updatedAt: now, by, checked: 0, differences: [], more: 0, position: { next: 0, seq: 0 } };
  await deps.verify.putReport(sync.id, report);
  return report;
}
