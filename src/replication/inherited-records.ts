/**
 * Records an earlier sync of the same two spaces left (domain/inheritance.ts says which syncs):
 * copy records at the destination, sent records at the source. Read under their pair addresses,
 * newest first, until the apply that takes one over writes it under this sync's own address (and
 * drops the earlier one in the same write); until then the page action, drift and Verify read them.
 */
import type { Sync } from '../domain/sync';
import type { MapRecord, SentRecord } from './ports';
import type { CopyStore, SentStore } from './stores';

export interface HeldRecord {
  record: MapRecord;
  /** The earlier pair address it is kept under. */
  pairId: string;
}

export async function inheritedRecord(copies: Pick<CopyStore, 'get'>, sync: Pick<Sync, 'inherits'>, sourceId: string): Promise<HeldRecord | undefined> {
  for (const { pairId } of sync.inherits ?? []) {
    const record = await copies.get(pairId, sourceId);
    if (record) return { record, pairId };
  }
  return undefined;
}

/** The record of a source page for this sync: its own, else one it inherited (where a copy's parent or a linked page is). */
export async function recordOf(copies: Pick<CopyStore, 'get'>, sync: Pick<Sync, 'pairId' | 'inherits'>, sourceId: string): Promise<MapRecord | undefined> {
  return (await copies.get(sync.pairId, sourceId)) ?? (await inheritedRecord(copies, sync, sourceId))?.record;
}

/** The record of a source page for this sync, with the pair address it is kept under: its own, else one it inherited. */
export async function heldRecord(copies: Pick<CopyStore, 'get'>, sync: Pick<Sync, 'pairId' | 'inherits'>, sourceId: string): Promise<HeldRecord | undefined> {
  const own = await copies.get(sync.pairId, sourceId);
  return own ? { record: own, pairId: sync.pairId } : inheritedRecord(copies, sync, sourceId);
}

/** Whether records kept under `pairId` are this sync's: its own address, or one it inherited. */
export function holdsPair(sync: Pick<Sync, 'pairId' | 'inherits'>, pairId: string): boolean {
  return pairId === sync.pairId || (sync.inherits ?? []).some((p) => p.pairId === pairId);
}

/**
 * What the newest earlier sync this one inherited last delivered for an item. Only its files are
 * used (bytes the other space holds are not sent again); its hash never stands for this pair's,
 * so the item is still sent and the destination checks its copy.
 */
export async function inheritedSent(sent: Pick<SentStore, 'get'>, sync: Sync, id: string): Promise<SentRecord | undefined> {
  for (const { pairId } of sync.inherits ?? []) {
    const record = await sent.get(pairId, id);
    if (record) return record;
  }
  return undefined;
}

/** This sync's sent record of an item, else the newest one it inherited. */
export async function sentOf(sent: Pick<SentStore, 'get'>, sync: Sync, id: string): Promise<SentRecord | undefined> {
  return (await sent.get(sync.pairId, id)) ?? inheritedSent(sent, sync, id);
}
