/**
 * The cheap part of Verify, on schedule: each side compares what it reads anyway with the
 * records it keeps, and reads no item. The source notes what its reconcile found (items it
 * queued because they changed without an event or are in no listing; items standing AHEAD or
 * unreadable). The destination lists its space (250 a request) against its copy records: a copy
 * whose version is not the one the app wrote was edited here, and the source hears of it (a
 * drift report) the first time it is seen, even when the edit's event never reached the app.
 */
import { aheadPolicyFacts } from '../domain/conflict-policy';
import type { Sync } from '../domain/sync';
import { MAX_SCHEDULED_DIFFERENCES, type ItemDifference, type ScheduledCheck } from '../domain/verify-report';
import type { JobQueue, MapRecord, SentRecord } from './ports';
import type { CopyInspector, RecordedCopies, VerifyStore } from './verify-ports';

/** Source, from the reconcile: what it compared and what it queued. */
export async function noteSourceCheck(deps: { verify: Pick<VerifyStore, 'putScheduled'>; now(): string }, sync: Sync, compared: { checked: number; queued: number; records: Iterable<SentRecord> }): Promise<void> {
  let ahead = 0;
  let unreadable = 0;
  for (const r of compared.records) {
    if (r.status === 'ahead') ahead++;
    if (r.status === 'restricted') unreadable++;
  }
  await deps.verify.putScheduled(sync.id, { at: deps.now(), checked: compared.checked, differences: [], more: 0, queued: compared.queued, ahead, unreadable });
}

export interface CopyCheckDeps {
  inspector: Pick<CopyInspector, 'list'>;
  copies: RecordedCopies;
  verify: Pick<VerifyStore, 'scheduled' | 'putScheduled'>;
  queue: JobQueue;
  now(): string;
}

/**
 * Destination: the copies edited here since the app last wrote them. Folders and other nodes
 * are in no listing, and a copy missing from the listing may be in the trash because its
 * original is: both are left to a Verify run, which asks the source.
 */
export async function checkCopies(deps: CopyCheckDeps, sync: Sync): Promise<ScheduledCheck | undefined> {
  if (sync.role !== 'destination' || sync.state !== 'active') return undefined;
  const listed = new Map((await deps.inspector.list(sync.space.id)).map((p) => [p.id, p]));
  const records = (await heldRecords(deps.copies, sync)).filter(({ record }) => record.kind === 'page' || record.kind === 'blogpost');
  const edited: Array<{ diff: ItemDifference; copyId: string }> = [];
  for (const { sourceId, record } of records) {
    const copy = listed.get(record.destId);
    if (!copy || copy.version === record.destVersion) continue;
    const facts = { copyVersion: copy.version, appVersion: record.destVersion, ...aheadPolicyFacts(sync.options.conflictPolicy) };
    edited.push({ diff: { sourceId, kind: record.kind, title: copy.title, code: 'ahead', facts }, copyId: record.destId });
  }
  const before = await deps.verify.scheduled(sync.id);
  const known = new Set((before?.differences ?? []).map((d) => `${d.sourceId}:${d.facts.copyVersion}`));
  const news = edited.filter(({ diff }) => !known.has(`${diff.sourceId}:${diff.facts.copyVersion}`));
  // Each newly found edit once: the drift job reads the copy and tells the source, which ignores a repeat.
  await deps.queue.push(news.slice(0, MAX_SCHEDULED_DIFFERENCES).map(({ diff, copyId }) => ({ type: 'drift', syncId: sync.id, spaceId: sync.space.id, id: copyId, kind: diff.kind as 'page' | 'blogpost' })));
  const shown = edited.slice(0, MAX_SCHEDULED_DIFFERENCES).map(({ diff }) => diff);
  const check: ScheduledCheck = { at: deps.now(), checked: records.length, differences: shown, more: Math.max(edited.length - MAX_SCHEDULED_DIFFERENCES, 0) };
  await deps.verify.putScheduled(sync.id, check);
  return check;
}

/**
 * This sync's copy records, and those of the earlier syncs it inherited that it has not taken
 * over yet (each is dropped when taken over, so these run out): the newest record of each item.
 */
async function heldRecords(copies: RecordedCopies, sync: Sync): Promise<Array<{ sourceId: string; record: MapRecord }>> {
  const held = new Map((await copies.list(sync.pairId)).map((r) => [r.sourceId, r]));
  for (const { pairId } of sync.inherits ?? []) {
    for (const r of await copies.list(pairId)) if (!held.has(r.sourceId)) held.set(r.sourceId, r);
  }
  return [...held.values()];
}
