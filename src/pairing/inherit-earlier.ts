/**
 * What a new pair takes over from earlier syncs of the same two spaces (domain/inheritance.ts has
 * the rule), and how both admins are told: in the import preview before anything happens, and in
 * each side's activity log once the pair exists.
 */
import { inheritance, type NewSync, type Predecessor } from '../domain/inheritance';
import { peerName, type PeerRef, type Sync } from '../domain/sync';
import type { PairingActivity } from './ports';

/** How many copy records a pair holds here (destination). */
export interface CopyCounts {
  count(pairId: string): Promise<number | undefined>;
  countAll(pairId: string): Promise<number>;
}

export interface Inherited {
  predecessors: Predecessor[];
  /** The earlier syncs' names, newest first. */
  names: string[];
}

export function inheritedBy(next: NewSync, earlier: Sync[]): Inherited {
  const predecessors = inheritance(next, earlier);
  const byId = new Map(earlier.map((s) => [s.id, s.name]));
  return { predecessors, names: predecessors.flatMap((p) => byId.get(p.syncId) ?? []) };
}

export async function copiesOf(counts: CopyCounts, predecessors: Predecessor[]): Promise<number> {
  let total = 0;
  for (const p of predecessors) total += (await counts.count(p.pairId)) ?? (await counts.countAll(p.pairId));
  return total;
}

const quoted = (names: string[]) => names.map((n) => `“${n}”`).join(', ');
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The import preview's line: what the destination admin is told before importing. */
export function previewLine(copies: number, inherited: Inherited, peer: Pick<PeerRef, 'site' | 'space'>): string {
  return `${plural(copies, 'copy', 'copies')} from your earlier sync ${quoted(inherited.names)} with ${peerName(peer)} will be kept and updated, not copied again.`;
}

/** The destination's log line once the pair exists. */
export function destinationEntry(sync: Sync, copies: number, inherited: Inherited): PairingActivity {
  return { syncId: sync.id, outcome: 'inherited', detail: `Takes over ${plural(copies, 'copy', 'copies')} of the earlier sync ${quoted(inherited.names)} with ${peerName(sync.peer!)}: they are kept and brought up to date, not copied again.` };
}

/** The source's log line once the pair exists. */
export function sourceEntry(sync: Sync, inherited: Inherited): PairingActivity {
  return { syncId: sync.id, outcome: 'inherited', detail: `Takes over what the earlier sync ${quoted(inherited.names)} sent to ${peerName(sync.peer!)}: files the other space already holds are not sent again.` };
}
