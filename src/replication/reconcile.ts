/**
 * The scheduled reconcile, per active source sync: what events missed. A pair that never had its
 * full sync gets one.
 *
 * Most runs are cheap (a handful of points, whatever the size of the space): what was modified
 * since the last run (change-finder.ts: the listings sorted newest-modified first, CQL
 * `lastmodified` for tree nodes), and how many items the space holds against how many were sent.
 * Modified items whose version differs from what was sent are queued. The counts catch what
 * leaves no modification behind: pages trashed with a parent or moved away with one (no events),
 * archived or back from the archive (no version), nodes trashed (no event, confluence-real row
 * 90). When they disagree, when something unknown was modified, on the first run, and every
 * FULL_EVERY_RUNS runs, the full comparison runs: the space's current pages and versions (cheap
 * listings, 250 a request) against what was sent, queueing the differences: new or changed
 * pages, pages no longer listed, pages listed again, folders never sent, and failed items.
 * A cheap run also counts the space's comments and attachments against what the records hold:
 * a deletion no event told of, which no listing shows, leads to a catch-up
 * (src/domain/parts-census.ts).
 */
import type { Sync } from '../domain/sync';
import { ConfluenceError } from '../confluence/client';
import { retryable } from './retry';
import { catchUp, startFullSync } from './full-sync';
import type { JobQueue, OutboundJob, SentRecord, SourceContent } from './ports';
import type { CopyStore, FullSyncStore, SentStore } from './stores';
import { recountSent } from './sync-dashboard';
import { isNode, NODE_KINDS, type ContentKind } from './snapshot';
import { noteSourceCheck } from './scheduled-check';
import type { VerifyStore } from './verify-ports';
import type { ChangeFinder, LabelCensus, ReconcileState, ReconcileStateStore } from './change-finder';
import { judgeParts, partsDifferences, recordedParts, searchable, withoutPartsBaseline, type CensusVerdict, type PartsCensusState, type PartsTally } from '../domain/parts-census';
import { GROUPED_EVERY_RUNS, locateDifferences, type Held } from '../domain/parts-locate';
import { changedCarriers, labelsToList, recordedCounts, withoutBaseline } from '../domain/label-census';

export const RECONCILE_CAUSE = 'reconcile';
/** A full comparison at least this often: weekly with the hourly schedule (manifest.yml). */
export const FULL_EVERY_RUNS = 168;
/** Clocks differ: the next run looks this far before the last one began. */
const SKEW_MS = 2 * 60 * 1000;

export interface ReconcileDeps {
  content: SourceContent;
  sent: Pick<SentStore, 'all' | 'counts' | 'putCounts'>;
  fullSync: FullSyncStore;
  queue: JobQueue;
  now(): string;
  /** Where the hourly check (the cheap part of Verify) is noted, when given. */
  verify?: Pick<VerifyStore, 'putScheduled'>;
  /** Without these every run is a full comparison. */
  changes?: ChangeFinder;
  reconcileState?: ReconcileStateStore;
  /** Without it label-only changes are left to their events. */
  labels?: LabelCensus;
  /**
   * Whether the space also receives copies from another sync: their comments and files are in
   * search's counts and in no record of this sync, so the parts census is left out there.
   */
  receivesCopies?(spaceId: string): boolean;
}

export async function reconcileSync(deps: ReconcileDeps, sync: Sync): Promise<{ queued: number; full?: boolean }> {
  if (sync.role !== 'source' || sync.state !== 'active' || sync.options.mode !== 'automatic') return { queued: 0 };
  const progress = await deps.fullSync.progress(sync.id);
  if (!progress) {
    await startFullSync(deps, sync);
    return { queued: 1 };
  }
  if (progress.state === 'queued' || progress.state === 'running') return { queued: 0 };

  const startedAt = deps.now();
  const state = await deps.reconcileState?.get(sync.id);
  const sent = await deps.sent.all(sync.pairId);
  // Read anyway: the counts are set right from it, whatever two racing writes missed since.
  await recountSent(deps, sync, sent);
  const sentById = new Map(sent.map((s) => [s.sourceId, s.record]));
  const due = !state || state.runsSinceFull + 1 >= FULL_EVERY_RUNS;
  const cheap = deps.changes && state && !due ? await changedOnly(deps, deps.changes, sync, sentById, state) : undefined;
  if (cheap?.catchUp) {
    await catchUp(deps, sync, 'missed');
    // The watermark stays: the catch-up reads everything, and the next run looks from the same point.
    if (state && cheap.parts) await deps.reconcileState?.put(sync.id, { ...state, parts: cheap.parts });
    return { queued: 1, full: true };
  }
  const compared = cheap ?? (await fullComparison(deps, sync, sentById));
  const queued = new Set(compared.jobs.map((j) => (j.type === 'item' ? j.id : '')));
  const relabelled = (await labelChanges(deps, sync, sentById, !cheap)).filter((j) => j.type === 'item' && !queued.has(j.id));
  const jobs = [...compared.jobs, ...relabelled];
  const { checked } = compared;
  await deps.queue.push(jobs);
  const parts = cheap ? cheap.parts : state?.parts;
  await deps.reconcileState?.put(sync.id, { watermark: startedAt, runsSinceFull: cheap ? (state?.runsSinceFull ?? 0) + 1 : 0, ...(parts ? { parts } : {}) });
  if (deps.verify) await noteSourceCheck({ verify: deps.verify, now: deps.now }, sync, { checked, queued: jobs.length, records: sentById.values() });
  return { queued: jobs.length, ...(cheap ? {} : { full: true }) };
}

/** What a run queued, and how many items it checked (the hourly check's note). */
interface Compared {
  jobs: OutboundJob[];
  checked: number;
  /** Everything is to be read again, as a catch-up does. */
  catchUp?: true;
  /** The parts census to remember, when it ran. */
  parts?: PartsCensusState;
}

const jobOf = (sync: Sync, id: string, kind: ContentKind): OutboundJob => ({ type: 'item', syncId: sync.id, spaceId: sync.space.id, id, kind, cause: RECONCILE_CAUSE });
/** A job for each item not queued yet. */
const addItems = (jobs: OutboundJob[], sync: Sync, items: Array<{ id: string; kind: ContentKind }>) => {
  for (const { id, kind } of items) if (!jobs.some((j) => j.type === 'item' && j.id === id)) jobs.push(jobOf(sync, id, kind));
};
const kindsOf = (sync: Sync): ContentKind[] => (sync.options.blogPosts ? ['page', 'blogpost'] : ['page']);

/**
 * The cheap run: jobs for what was modified since `watermark`, or undefined when a full
 * comparison is needed (something modified that was never sent, or counts that disagree).
 */
async function changedOnly(deps: ReconcileDeps, changes: ChangeFinder, sync: Sync, sentById: Map<string, SentRecord>, state: ReconcileState): Promise<Compared | undefined> {
  const { watermark } = state;
  const info = await deps.content.space(sync.space.id);
  const space = { id: sync.space.id, ...info };
  const kinds: ContentKind[] = [...kindsOf(sync), ...NODE_KINDS];
  const since = new Date(Date.parse(watermark) - SKEW_MS).toISOString();
  const jobs: OutboundJob[] = [];
  for (const item of await changes.modifiedSince(space, kinds, since)) {
    if (item.id === info.homepageId) continue;
    const sent = sentById.get(item.id);
    if (!sent) return undefined;
    if (item.version === undefined || sent.version !== item.version || sent.status === 'failed') jobs.push(jobOf(sync, item.id, item.kind));
  }
  const parts = await partsChanged(changes, sync, sentById, since);
  // More comments and files changed on the site than the quick look reads, and a comparison of
  // versions cannot see them: a catch-up reads every item and sends what differs.
  if (!parts) return { jobs: [], checked: 0, catchUp: true };
  addItems(jobs, sync, parts);
  const counted = await changes.count(space, kinds);
  if (!countsAgree(counted, kinds, sentById)) return undefined;
  addItems(jobs, sync, [...sentById].filter(([, sent]) => sent.status === 'failed').map(([id, sent]) => ({ id, kind: sent.kind ?? 'page' })));
  // The pages and blog posts compared, as the full comparison counts its listing (nodes aside).
  const checked = [...sentById.values()].filter((r) => kindsOf(sync).includes(r.kind ?? 'page') && r.status !== 'deleted').length;
  const census = await partsCensus(deps, changes, sync, space, sentById, state);
  const recorded = (ids: string[]) => ids.map((id) => ({ id, kind: sentById.get(id)?.kind ?? 'page' }));
  if (census && ('located' in census || 'baseline' in census)) {
    addItems(jobs, sync, recorded('located' in census ? census.located : census.baseline));
    return { jobs, checked, ...(state.parts ? { parts: state.parts } : {}) };
  }
  if (census?.verdict === 'catch-up') {
    // Where the difference is, found by counting in groups: only those items are read again.
    const located = await locateParts(changes, space, census, state.parts);
    if (!located) return { jobs: [], checked: 0, catchUp: true, parts: census.next };
    addItems(jobs, sync, recorded(located));
    const { learning: _learn, ...settled } = census.next;
    return { jobs, checked, parts: { ...settled, located: true } };
  }
  return { jobs, checked, ...(census ? { parts: census.next } : {}) };
}

/** Records without a parts baseline read a run, at most: a space synced before the census gets there in a few hours, not all at once. */
export const PARTS_BASELINE_PER_RUN = 250;

interface Judged {
  verdict: CensusVerdict;
  next: PartsCensusState;
  /** This run's difference per part, as judged (with or without resolved threads). */
  difference: PartsTally;
  /** The comments differ by exactly those of resolved inline threads: how search counts, which a catch-up learns. */
  resolvedOnly: boolean;
  items: Array<[string, SentRecord]>;
}
type Census = Judged | { baseline: string[] } | { located: string[] };

/**
 * The space's comments and attachments as search counts them, against the records: a deletion
 * without its event shows as a difference (src/domain/parts-census.ts). A sync without blog
 * posts has blog posts' comments in the counts and in no record, and so does a space that
 * receives (or received) copies: there the recorded items are counted in groups every few runs
 * instead (groupedCensus). Parts the sync does not copy are left to their events. Records from before the
 * census are read first; a count Confluence refuses (CQL it does not take) skips the census for
 * the run and changes nothing else.
 */
async function partsCensus(deps: ReconcileDeps, changes: ChangeFinder, sync: Sync, space: { id: string; key: string; homepageId: string }, sentById: Map<string, SentRecord>, state: ReconcileState | undefined): Promise<Census | undefined> {
  const parts = { comments: sync.options.comments, attachments: sync.options.attachments };
  if (!changes.countParts || (!parts.comments && !parts.attachments)) return undefined;
  const items = [...sentById].filter(([, r]) => kindsOf(sync).includes(r.kind ?? 'page'));
  const baseline = withoutPartsBaseline(items);
  if (baseline.length) return { baseline: baseline.slice(0, PARTS_BASELINE_PER_RUN) };
  // Search's totals hold comments no record names here: counts by groups of recorded items stand in.
  if (!sync.options.blogPosts || deps.receivesCopies?.(sync.space.id)) return groupedCensus(changes, space, parts, items, state);
  const counted = await changes.countParts(space, parts).catch((e: unknown) => {
    if (e instanceof ConfluenceError && !retryable(e)) return undefined;
    throw e;
  });
  if (!counted) return undefined;
  const differences = partsDifferences(counted, recordedParts(items.map(([, r]) => r)));
  const judged = judgeParts(differences, state?.parts);
  // A located difference that comes back (confirmed again) is read whole, which learns how search counts.
  const next = state?.parts?.located && judged.verdict !== 'agree' ? { ...judged.next, located: true as const } : judged.next;
  const offset = state?.parts?.offset.comments ?? 0;
  const resolvedOnly = !state?.parts?.withoutResolved && differences.all.comments !== offset && differences.withoutResolved.comments === offset;
  return { ...judged, next, difference: state?.parts?.withoutResolved ? differences.withoutResolved : differences.all, resolvedOnly, items };
}

/**
 * Where the totals cannot be held to the records: once in GROUPED_EVERY_RUNS runs, every group of
 * recorded items is counted (src/domain/parts-locate.ts) and the items of a group that differs
 * are read. Undefined on the other runs, or where Confluence refuses the count.
 */
async function groupedCensus(changes: ChangeFinder, space: { key: string }, parts: { comments: boolean; attachments: boolean }, items: Array<[string, SentRecord]>, state: ReconcileState | undefined): Promise<Census | undefined> {
  if (!changes.countPartsIn || ((state?.runsSinceFull ?? 0) + 1) % GROUPED_EVERY_RUNS !== 0) return undefined;
  const found = new Set<string>();
  for (const part of ['comments', 'attachments'] as const) {
    if (!parts[part]) continue;
    const located = await locatePart(changes, space, part, items, (r) => ({ held: heldOf(r, part, false), withoutResolved: heldOf(r, part, part === 'comments') }));
    if (located === 'refused') return undefined;
    for (const id of located ?? []) found.add(id);
  }
  return { located: [...found] };
}

/**
 * The items a confirmed difference is in, counted in groups (src/domain/parts-locate.ts), or
 * undefined to read the space whole: search counts otherwise than the records for the part (a
 * learned offset), the difference came back after it was located once, Confluence refuses the
 * count, or the groups do not say where it is.
 */
async function locateParts(changes: ChangeFinder, space: { key: string }, census: Judged, state: PartsCensusState | undefined): Promise<string[] | undefined> {
  if (!changes.countPartsIn || state?.located || census.resolvedOnly) return undefined;
  const found = new Set<string>();
  for (const part of ['comments', 'attachments'] as const) {
    const difference = census.difference[part];
    const offset = census.next.offset[part] ?? 0;
    if (difference === undefined || difference === offset) continue;
    if (offset !== 0) return undefined;
    const located = await locatePart(changes, space, part, census.items, (r) => ({ held: heldOf(r, part, Boolean(census.next.withoutResolved)) }));
    if (!Array.isArray(located)) return undefined;
    for (const id of located) found.add(id);
  }
  return found.size ? [...found] : undefined;
}

/**
 * One part's items that differ, counted in groups (src/domain/parts-locate.ts): undefined when
 * the groups do not say, `refused` when Confluence refuses the count (CQL it does not take).
 */
async function locatePart(changes: ChangeFinder, space: { key: string }, part: 'comments' | 'attachments', items: Array<[string, SentRecord]>, held: (r: SentRecord) => Omit<Held, 'id'>): Promise<string[] | undefined | 'refused'> {
  const countIn = changes.countPartsIn!.bind(changes);
  const recorded = items.filter(([, r]) => searchable(r)).map(([id, r]) => ({ id, ...held(r) }));
  return locateDifferences(recorded, (ids) => countIn(space, part === 'comments' ? 'comment' : 'attachment', ids)).catch((e: unknown) => {
    if (e instanceof ConfluenceError && !retryable(e)) return 'refused' as const;
    throw e;
  });
}

const heldOf = (r: SentRecord, part: 'comments' | 'attachments', withoutResolved: boolean) =>
  part === 'attachments' ? (r.parts?.attachments ?? 0) : (r.parts?.comments ?? 0) - (withoutResolved ? (r.parts?.resolved ?? 0) : 0);

/**
 * This space's pages whose comments or attachments changed since (no page version shows it), where
 * the sync copies them; undefined when the site changed too much to look cheaply.
 */
async function partsChanged(changes: ChangeFinder, sync: Sync, sentById: Map<string, SentRecord>, since: string): Promise<Array<{ id: string; kind: ContentKind }> | undefined> {
  const parts = { comments: sync.options.comments, attachments: sync.options.attachments };
  if (!changes.partsChangedSince || (!parts.comments && !parts.attachments)) return [];
  const found = await changes.partsChangedSince(parts, since);
  // Rows name pages of every space: only this sync's items, as sent, count.
  return found?.filter((item) => kindsOf(sync).includes(item.kind) && sentById.has(item.id) && sentById.get(item.id)?.status !== 'deleted');
}

/**
 * Items whose labels changed without a version (src/domain/label-census.ts): each label's count
 * now against the sent records, and the carriers of a label whose count differs; on a full
 * comparison, every label's carriers. Only where labels matter: copied, or judged by the scope.
 * When the space's labels cost more to list than the items they label, they are left to events.
 */
async function labelChanges(deps: ReconcileDeps, sync: Sync, sentById: Map<string, SentRecord>, full: boolean): Promise<OutboundJob[]> {
  const census = deps.labels;
  const scopeByLabel = Boolean(sync.scope && (sync.scope.includeLabels.length || sync.scope.excludeLabels.length));
  if (!census || !(sync.options.labels || scopeByLabel)) return [];
  const kinds = kindsOf(sync);
  const records = new Map<string, readonly string[]>();
  for (const [id, sent] of sentById) if (sent.labels && kinds.includes(sent.kind ?? 'page')) records.set(id, sent.labels);
  // Sent before labels were kept: read once each, which records them (or sends a change made since).
  const unknown = withoutBaseline([...sentById].filter(([, sent]) => kinds.includes(sent.kind ?? 'page'))).map((id) => jobOf(sync, id, sentById.get(id)?.kind ?? 'page'));
  if (!records.size) return unknown;
  const info = await deps.content.space(sync.space.id);
  const space = { id: sync.space.id, key: info.key };
  const listed = await census.labels(space, records.size);
  if (!listed) return unknown;
  const byName = new Map(listed.map((l) => [l.name, l]));
  const recorded = recordedCounts([...records].map(([id, labels]) => ({ id, labels })));
  // A full comparison lists every label's carriers; a cheap run counts first.
  let toList = [...new Set([...byName.keys(), ...recorded.keys()])];
  if (!full) {
    const counted = new Map<string, number>();
    for (const l of listed) counted.set(l.name, await census.count(space, kinds, l.name));
    toList = labelsToList(counted, recorded);
  }
  const changed = new Set<string>();
  for (const name of toList) {
    const label = byName.get(name);
    const carriers = label ? await census.carriers(space, kinds, label) : [];
    for (const id of changedCarriers(name, records, carriers)) changed.add(id);
  }
  return [...unknown, ...[...changed].map((id) => jobOf(sync, id, sentById.get(id)?.kind ?? 'page'))];
}

/**
 * What search counts against what was sent: a copy in step (synced) has a current original; a
 * failed, restricted, skipped or AHEAD item may or may not. Anything outside that range means an
 * item came or went without an event.
 */
function countsAgree(counted: number, kinds: ContentKind[], sentById: Map<string, SentRecord>): boolean {
  let certain = 0;
  let uncertain = 0;
  for (const sent of sentById.values()) {
    if (!kinds.includes(sent.kind ?? 'page')) continue;
    if (sent.status === 'synced' && sent.sourceStatus !== 'archived') certain++;
    else if (sent.status === 'failed' || sent.status === 'restricted' || sent.status === 'skipped' || sent.status === 'ahead') uncertain++;
  }
  return counted >= certain && counted <= certain + uncertain;
}

async function fullComparison(deps: ReconcileDeps, sync: Sync, sentById: Map<string, SentRecord>): Promise<Compared> {
  const space = await deps.content.space(sync.space.id);
  const items = (await deps.content.list(sync.space.id, kindsOf(sync))).filter((i) => i.id !== space.homepageId);
  const listed = new Set(items.map((i) => i.id));
  const jobs: OutboundJob[] = [];
  for (const item of items) {
    const sent = sentById.get(item.id);
    // Listed but sent as gone: back without an event of its own (a subtree moved back into the space).
    // Archived or back from the archive without an event: archiving changes no version.
    const archiveChanged = (item.status === 'archived') !== (sent?.sourceStatus === 'archived');
    if (!sent || sent.version !== item.version || sent.status === 'failed' || sent.status === 'deleted' || archiveChanged) jobs.push(jobOf(sync, item.id, item.kind));
  }
  // A page in a folder the sync never sent (made before the sync, or its event was missed).
  const folders = new Map(items.filter((i) => i.parentId && i.parentType && isNode(i.parentType) && !sentById.has(i.parentId)).map((i) => [i.parentId as string, i.parentType as ContentKind]));
  for (const [id, kind] of folders) jobs.push(jobOf(sync, id, kind));
  for (const [id, sent] of sentById) {
    // Folders and other nodes are in no listing, so each is read again here: that is how a
    // rename or a trash, which raise no event (confluence-real row 90), is found.
    // Gone from the listing: trashed (perhaps with its parent) or restricted; the item job reads
    // which. A failed one is retried too: its failure may have been the trash itself.
    if (!listed.has(id) && (sent.status === 'synced' || sent.status === 'failed')) jobs.push(jobOf(sync, id, sent.kind ?? 'page'));
  }
  return { jobs, checked: items.length };
}

/** Destination: the pair's count of copies, counted anew each hour for the same reason. */
export async function recountCopies(deps: { copies: Pick<CopyStore, 'recount'> }, sync: Sync): Promise<number> {
  return sync.role === 'destination' ? deps.copies.recount(sync.pairId) : 0;
}
