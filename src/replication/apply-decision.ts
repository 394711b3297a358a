/**
 * The decision of one apply: the facts the planner asks for, read once each, and its plan. The
 * record, the journal and the copy are read here; the rules are apply-plan.ts's.
 */
import { planApply, recordAfterCutOff, vouchesForCopy, type ApplyFacts, type ApplyPlan } from '../domain/apply-plan';
import { CONFLICT_HANDLERS } from '../domain/conflict-policy';
import type { ApplyJournal } from '../domain/apply-journal';
import { isNode } from './snapshot';
import { cutOffCopy, recordedCopy, type FoundCopy } from './copy-state';
import { inheritedRecord } from './inherited-records';
import type { ApplyContext } from './apply-context';
import type { DestinationPage, MapRecord } from './ports';

export type FinalPlan = Exclude<ApplyPlan, { kind: 'inspect' | 'look-up' }>;

export interface Decided {
  plan: FinalPlan;
  /** The facts it was planned on, to plan again when a create finds its title taken. */
  facts: ApplyFacts;
  /** The copy's record, as a cut-off apply left the copy (recordAfterCutOff). */
  record?: MapRecord;
  /** The journal of an earlier apply that did not commit. */
  journal?: ApplyJournal;
  /** The recorded copy as read. */
  copy?: DestinationPage;
  /** The page a cut-off create made. */
  found?: FoundCopy;
  /** The record is an earlier sync's (this pair address), taken over by this apply. */
  inheritedFrom?: string;
}

/** `unreadMissed`: an unread write did not land as asked (UnreadWriteMissed), so this decision reads the copy. */
export async function decide(ctx: ApplyContext, repair: boolean, unreadMissed = false): Promise<Decided> {
  const { copies } = ctx.deps;
  const { record: own, journal } = await copies.withJournal(ctx.sync.pairId, ctx.snapshot.sourceId);
  // No record of its own: an earlier sync of the same two spaces may hold one. Read with a journal
  // too: a take-over cut off before its first record write left the earlier record where it was.
  const held = own ? undefined : await inheritedRecord(copies, ctx.sync, ctx.snapshot.sourceId);
  const record = own ?? held?.record;
  let facts: ApplyFacts = {
    snapshot: { status: ctx.snapshot.status, version: ctx.snapshot.version, hash: ctx.hash, pageHash: ctx.pageHash, node: isNode(ctx.snapshot.kind) },
    record: record && held ? { ...record, inherited: true } : record && { ...record, vouched: vouchesForCopy(record) },
    journal,
    repair,
    unreadMissed,
    onAhead: CONFLICT_HANDLERS[ctx.sync.options.conflictPolicy],
  };
  const decided: Omit<Decided, 'plan' | 'facts'> = { record, journal, ...(held ? { inheritedFrom: held.pairId } : {}) };
  let plan = planApply(facts);
  if (plan.kind === 'inspect' && record) {
    const copy = await recordedCopy(ctx, record, journal, held?.pairId);
    decided.record = recordAfterCutOff(record, copy.facts, journal, copy.asWritten);
    decided.copy = copy.page;
    facts = { ...facts, record: held ? { ...decided.record, inherited: true } : decided.record, copy: copy.facts };
    plan = planApply(facts);
  }
  if (plan.kind === 'look-up' && journal) {
    const found = await cutOffCopy(ctx, journal);
    decided.found = found ?? undefined;
    facts = { ...facts, found: found?.facts ?? null };
    plan = planApply(facts);
  }
  if (plan.kind === 'inspect' || plan.kind === 'look-up') throw new Error(`The apply plan still asks to ${plan.kind}`);
  return { ...decided, plan, facts };
}
