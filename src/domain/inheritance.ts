/**
 * Which earlier syncs a new one takes over (issue 15, re-pairing the same two spaces). A new pair
 * has fresh addresses on both sides, so by itself it owns no copy and no sent record; when it pairs
 * the same two spaces as an earlier, ended sync, it inherits that sync's records and the copies its
 * marks name, so a re-pair brings the destination up to date instead of copying everything twice.
 *
 * The rule is what keeps this safe: only syncs of this installation, in the same space and role,
 * that have ended (unpaired), and that were paired with the same other installation and space:
 * the same site cloudId, the same space id, and the same public key. The key is the only verified
 * fact about a peer (a token or claim can name any site or space); the cloudId and space id are
 * what that key's installation signed. A pair id, a sync id or a token names nothing here.
 * Pure: no I/O.
 */
import type { PeerRef, Sync } from './sync';

/** An earlier sync whose records a sync took over: its id (what its copies' marks name) and its pair address (what its records are kept under). */
export interface Predecessor {
  syncId: string;
  pairId: string;
}

/** The other side as the rule compares it: the verified key, and the site and space it signed. */
export type PeerIdentity = { site: Pick<PeerRef['site'], 'cloudId'>; space: Pick<PeerRef['space'], 'id'>; key: Pick<PeerRef['key'], 'x'> };

export function samePeer(a: PeerIdentity, b: PeerIdentity): boolean {
  return a.key.x === b.key.x && a.site.cloudId === b.site.cloudId && a.space.id === b.space.id;
}

export type NewSync = Pick<Sync, 'id' | 'role' | 'space'> & { peer: PeerIdentity };

/** Whether `earlier` may be inherited by `next`: same space and role, ended, and paired with the very same installation and space. */
export function inheritable(next: NewSync, earlier: Sync): boolean {
  return earlier.id !== next.id && earlier.role === next.role && earlier.state === 'unpaired' && earlier.space.id === next.space.id && earlier.peer !== undefined && samePeer(earlier.peer, next.peer);
}

/**
 * The syncs `next` inherits, newest first, each followed by what it had inherited itself (a
 * record it never touched is still kept under the older address). Each one once.
 */
export function inheritance(next: NewSync, earlier: Sync[]): Predecessor[] {
  const newestFirst = earlier.filter((s) => inheritable(next, s)).sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  const seen = new Set<string>([next.id]);
  const out: Predecessor[] = [];
  for (const s of newestFirst) {
    for (const p of [{ syncId: s.id, pairId: s.pairId }, ...(s.inherits ?? [])]) {
      if (seen.has(p.syncId)) continue;
      seen.add(p.syncId);
      out.push(p);
    }
  }
  return out;
}

/** Whether a copy's mark names this sync or one it inherited: only then is the mark this sync's own. */
export function marksOwn(sync: Pick<Sync, 'id' | 'inherits'>, markedSync: string): boolean {
  return markedSync === sync.id || (sync.inherits ?? []).some((p) => p.syncId === markedSync);
}

/** The pair addresses whose records are this sync's: its own first, then each inherited one. */
export function ownPairs(sync: Pick<Sync, 'pairId' | 'inherits'>): string[] {
  return [sync.pairId, ...(sync.inherits ?? []).map((p) => p.pairId)];
}
