/**
 * What the destination copy is now, read as facts for the planner (apply-plan.ts): the recorded
 * copy's state, and the page a cut-off create may have made. Only reads.
 */
import { ownership, type CopyFacts, type FoundFacts } from '../domain/apply-plan';
import { interruptedCreate, type ApplyJournal } from '../domain/apply-journal';
import { clashTitle } from '../domain/clash-title';
import { rewriteMarkerRefs } from './inline-markers';
import { marksOwn, ownPairs } from '../domain/inheritance';
import { sha256 } from './snapshot';
import type { ApplyContext } from './apply-context';
import type { DestinationPage, MapRecord } from './ports';

/**
 * The page as the app writes it, inline markers aside (creating an inline comment adds one to the
 * body): a copy that reads so after a cut-off apply holds the app's write, not an edit made here.
 */
export function copyFingerprint(page: { title: string; body: string }): string {
  return sha256(JSON.stringify([page.title, rewriteMarkerRefs(page.body, () => undefined)]));
}

export interface RecordedCopy {
  facts: CopyFacts;
  page?: DestinationPage;
  /** It moved on from the recorded version, and reads exactly as the cut-off apply wrote it. */
  asWritten: boolean;
}

/**
 * The recorded copy, and whether it is still provably this pair's: in this sync's space and
 * recorded for this pair and source page. Anything else is left alone, as if it were gone.
 */
export async function recordedCopy(ctx: ApplyContext, record: MapRecord, journal: ApplyJournal | undefined, recordPair = ctx.sync.pairId): Promise<RecordedCopy> {
  const page = await ctx.deps.content.get(record.destId, ctx.snapshot.kind);
  if (!page) return { facts: { state: 'absent' }, asWritten: false };
  const origin = await ctx.deps.copies.origin(record.destId);
  // The reverse index must name the pair the record is kept under (this sync's, or the earlier one it inherits).
  const ours = origin?.pairId === recordPair && origin.sourceId === ctx.snapshot.sourceId;
  if ((page.spaceId && page.spaceId !== ctx.sync.space.id) || !ours) return { facts: { state: 'foreign' }, asWritten: false };
  const state = page.status === 'current' || page.status === 'archived' ? page.status : 'trashed';
  // Only a journal can explain a version the record does not know; the copy's words then say whose it is.
  const moved = state === 'current' && page.version !== record.destVersion && journal?.wrote !== undefined;
  const asWritten = moved && (await readsAs(ctx, page.id, journal?.wrote));
  return { facts: { state, version: page.version }, page, asWritten };
}

async function readsAs(ctx: ApplyContext, id: string, fingerprint: string | undefined): Promise<boolean> {
  const now = await ctx.deps.content.getWithBody(id, ctx.snapshot.kind);
  return Boolean(now && fingerprint && copyFingerprint(now) === fingerprint);
}

export interface FoundCopy {
  facts: FoundFacts;
  page: DestinationPage;
}

/**
 * The page a cut-off create made, looked up by the title it asked for and by that title's clash
 * form (the create may have been renamed for a clash): the first that is provably ours, else the
 * first found, else null.
 */
export async function cutOffCopy(ctx: ApplyContext, journal: ApplyJournal): Promise<FoundCopy | null> {
  const title = journal.title ?? ctx.snapshot.title;
  let first: FoundCopy | null = null;
  for (const asked of new Set([title, clashTitle(title, ctx.snapshot.sourceSpaceKey)])) {
    const page = await ctx.deps.content.findByTitle(ctx.sync.space.id, ctx.snapshot.kind, asked);
    if (!page) continue;
    const found = await foundCopy(ctx, page, false, journal);
    if (ownership(found.facts, true)) return found;
    first ??= found;
  }
  return first;
}

/**
 * What a page found by title is to this item: who made it, whose record and mark name it, and
 * (only for a page that may be ours) whether it reads as the cut-off create wrote it.
 */
export async function foundCopy(ctx: ApplyContext, page: DestinationPage & { createdByApp: boolean }, clash: boolean, journal: ApplyJournal | undefined): Promise<FoundCopy> {
  const facts: FoundFacts = { createdByApp: page.createdByApp, origin: 'none', mark: 'none', asWritten: false, clash };
  if (!page.createdByApp) return { facts, page };
  const origin = await ctx.deps.copies.origin(page.id);
  facts.origin = !origin ? 'none' : ownPairs(ctx.sync).includes(origin.pairId) && origin.sourceId === ctx.snapshot.sourceId ? 'this' : 'other';
  if (facts.origin === 'other') return { facts, page };
  const mark = await ctx.deps.content.copyMark(page.id, ctx.snapshot.kind);
  // A mark naming a sync this one inherited is this sync's own (inheritance.ts): never any other sync's.
  facts.mark = !mark ? 'none' : marksOwn(ctx.sync, mark.sync) && mark.source === ctx.snapshot.sourceId ? 'this' : 'other';
  if (!journal?.wrote || !ownership(facts, interruptedCreate(journal))) return { facts, page };
  // Read whole (with its labels, which a title listing lacks), so an adopted page need not be written again.
  const now = await ctx.deps.content.getWithBody(page.id, ctx.snapshot.kind);
  if (!now) return { facts, page };
  return { facts: { ...facts, asWritten: copyFingerprint(now) === journal.wrote }, page: now };
}
