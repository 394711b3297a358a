/**
 * The sync's scope at the source, for one item about to be sent: in, with the parent its copy
 * goes under (its nearest synced ancestor), or out and why. The item's labels come from its
 * snapshot, its ancestors from one read; a sync of the whole space reads nothing more.
 */
import { coversWholeSpace, inTreeScope, scopeVerdict, type OutOfScope, type SyncScope } from '../domain/sync-scope';
import type { Sync } from '../domain/sync';
import { inTree, type PageSnapshot } from './snapshot';
import type { SourceContent } from './ports';
import type { SentStore } from './stores';

export interface ScopeDeps {
  content: Pick<SourceContent, 'ancestors' | 'space'>;
  sent: Pick<SentStore, 'get'>;
}

export type ScopeOutcome = { in: true; snapshot: PageSnapshot } | { in: false; reason: OutOfScope };

/** The scope that needs judging; undefined when the sync covers the whole space. */
export const scopeOf = (sync: Sync): SyncScope | undefined => (sync.scope && !coversWholeSpace(sync.scope) ? sync.scope : undefined);

/** What is removed or gone is not judged: its copy follows it whatever the scope says (send-item.ts decides). */
const judged = (s: PageSnapshot) => s.status === 'current' || s.status === 'archived';

export async function applyScope(deps: ScopeDeps, sync: Sync, snapshot: PageSnapshot): Promise<ScopeOutcome> {
  const scope = scopeOf(sync);
  if (!scope || !judged(snapshot)) return { in: true, snapshot };
  const homepageId = (await deps.content.space(sync.space.id)).homepageId;
  // The home page is the space's root, not an ancestor the scope names (ScopedItem).
  const ancestorIds = inTree(snapshot.kind) ? (await deps.content.ancestors(snapshot.sourceId, snapshot.kind)).filter((id) => id !== homepageId) : [];
  const verdict = scopeVerdict(scope, { id: snapshot.sourceId, kind: snapshot.kind, ancestorIds, labels: snapshot.labels });
  if (!verdict.in) return verdict;
  if (!snapshot.parentSourceId) return { in: true, snapshot };
  const parent = await nearestSynced(deps, sync, scope, ancestorIds);
  const { parentSourceId: _parent, ...rest } = snapshot;
  return { in: true, snapshot: parent ? { ...rest, parentSourceId: parent } : rest };
}

/**
 * A page left out alone leaves its children to its own parent's copy (copyParent in
 * sync-scope.ts): the nearest ancestor the tree rules keep and that was not itself left out
 * (by a label: its record says so, as tree order judged it first); none: the copy's space top.
 */
async function nearestSynced(deps: ScopeDeps, sync: Sync, scope: SyncScope, ancestorIds: string[]): Promise<string | undefined> {
  for (const [i, id] of ancestorIds.entries()) {
    if (!inTreeScope(scope, id, ancestorIds.slice(i + 1))) continue;
    if ((await deps.sent.get(sync.pairId, id))?.outOfScope) continue;
    return id;
  }
  return undefined;
}
