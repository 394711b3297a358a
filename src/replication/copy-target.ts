/**
 * Where a copy goes and how its bodies read: under its parent's copy (or the home page until the
 * parent arrives), with links to the source space pointing at the copies and, for inline copies,
 * the copy's own marker refs.
 */
import type { Sync } from '../domain/sync';
import { inTree, linkedIds, rewriteLinks, type PageSnapshot } from './snapshot';
import { rewriteMarkerRefs } from './inline-markers';
import type { CommentCopy, DestinationContent } from './ports';
import type { CopyStore } from './stores';
import type { Linker, Unresolved } from './waiting-copies';
import { recordOf } from './inherited-records';

export interface CopyTarget {
  parentId?: string;
  /** The copy's body: the source's with links to the copies and, for the inline copies in `comments`, the copy's marker refs. */
  body(comments?: Record<string, CommentCopy>): string;
  /** The source's markers as they are, to find where each inline comment goes. */
  markedBody(): string;
  /** Source id → copy id, for every linked page copied already. */
  ids: Map<string, string>;
  linker: Linker;
  /** The parent and linked pages not copied yet (waiting-copies.ts). */
  unresolved: Unresolved;
}

export async function targetOf(deps: { content: Pick<DestinationContent, 'space'>; copies: Pick<CopyStore, 'get'> }, sync: Sync, snapshot: PageSnapshot): Promise<CopyTarget> {
  const space = await deps.content.space(sync.space.id);
  const parentMap = snapshot.parentSourceId ? await recordOf(deps.copies, sync, snapshot.parentSourceId) : undefined;
  const source = { spaceKey: snapshot.sourceSpaceKey, siteUrl: sync.peer?.site.url ?? '' };
  const idsIn = (body: string) => linkedIds(body, source.spaceKey);
  const linked = new Set([snapshot.body, ...(snapshot.comments ?? []).map((c) => c.body)].flatMap(idsIn));
  const ids = new Map<string, string>();
  for (const id of linked) {
    const mapped = await recordOf(deps.copies, sync, id);
    if (mapped) ids.set(id, mapped.destId);
  }
  const link = (body: string, known: Map<string, string>) => rewriteLinks(body, source, space.key, (id) => known.get(id));
  const waitsForParent = inTree(snapshot.kind) && snapshot.parentSourceId && !parentMap;
  return {
    // A parent not copied yet: under the home page until it arrives (waiting-copies.ts).
    parentId: inTree(snapshot.kind) ? (parentMap?.destId ?? space.homepageId) : undefined,
    body: (comments = {}) => rewriteMarkerRefs(link(snapshot.body, ids), copyRefs(comments)),
    markedBody: () => link(snapshot.body, ids),
    ids,
    linker: { ids: idsIn, link },
    unresolved: { ...(waitsForParent ? { parent: snapshot.parentSourceId } : {}), links: [...linked].filter((id) => !ids.has(id)) },
  };
}

/** Source marker ref → the copy's, for each inline copy that has both. */
function copyRefs(comments: Record<string, CommentCopy>): (sourceRef: string) => string | undefined {
  const refs = new Map(Object.values(comments).flatMap((c) => (c.sourceRef && c.markerRef ? [[c.sourceRef, c.markerRef] as const] : [])));
  return (ref) => refs.get(ref);
}
