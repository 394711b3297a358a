/**
 * Copy records an earlier sync of the same two spaces left (domain/inheritance.ts says which
 * syncs): read under their pair addresses, newest first, until the apply that takes one over
 * writes it under this sync's own address (and drops the earlier one in the same write).
 */
import type { Sync } from '../domain/sync';
import type { MapRecord } from './ports';
import type { CopyStore } from './stores';

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
