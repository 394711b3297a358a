/**
 * Copies that arrived before a page they need: a child whose parent was not copied yet sits
 * under the home page, and a link to a page not copied yet still points at the source. Each
 * waits on that page's source id; when the page arrives its waiters are moved under it and
 * re-linked. A waiter edited here since the app wrote it (AHEAD) is left as it is.
 */
import { inTree, type ContentKind } from './snapshot';
import { NodeUpdateRefused } from '../confluence/tree-nodes';
import type { DestinationContent, Waiter } from './ports';
import type { CopyStore, WaitingStore } from './stores';

export interface WaitDeps {
  content: DestinationContent;
  copies: Pick<CopyStore, 'get' | 'put'>;
  waiting: WaitingStore;
}

export interface Unresolved {
  parent?: string;
  links: string[];
}

export async function recordWaiting(deps: WaitDeps, pairId: string, item: { sourceId: string; kind: ContentKind }, unresolved: Unresolved): Promise<void> {
  const targets = new Set([...(unresolved.parent ? [unresolved.parent] : []), ...unresolved.links]);
  for (const target of targets) {
    const waiter: Waiter = { sourceId: item.sourceId, kind: item.kind, parent: target === unresolved.parent };
    const waiters = await deps.waiting.get(pairId, target);
    if (waiters.some((w) => w.sourceId === waiter.sourceId && w.parent === waiter.parent)) continue;
    await deps.waiting.put(pairId, target, [...waiters.filter((w) => w.sourceId !== waiter.sourceId), waiter]);
  }
}

/** How bodies link: the source ids a body names, and the body with those ids pointing at copies. */
export interface Linker {
  ids(body: string): string[];
  link(body: string, ids: Map<string, string>): string;
}

/** Called once `arrived` has its copy. */
export async function settleWaiters(deps: WaitDeps, pairId: string, spaceId: string, arrived: { sourceId: string; destId: string }, linker: Linker): Promise<void> {
  const waiters = await deps.waiting.get(pairId, arrived.sourceId);
  if (!waiters.length) return;
  for (const waiter of waiters) await settle(deps, pairId, spaceId, waiter, arrived, linker);
  await deps.waiting.put(pairId, arrived.sourceId, []);
}

async function settle(deps: WaitDeps, pairId: string, spaceId: string, waiter: Waiter, arrived: { sourceId: string; destId: string }, linker: Linker): Promise<void> {
  const map = await deps.copies.get(pairId, waiter.sourceId);
  if (!map) return;
  const copy = await deps.content.getWithBody(map.destId, waiter.kind);
  // Only an untouched copy still in the sync's space is re-linked; anything else is left as it is.
  if (!copy || copy.status !== 'current' || copy.version !== map.destVersion || (copy.spaceId && copy.spaceId !== spaceId)) return;
  const ids = new Map<string, string>();
  for (const id of linker.ids(copy.body)) {
    const target = id === arrived.sourceId ? arrived : await deps.copies.get(pairId, id);
    if (target) ids.set(id, target.destId);
  }
  const body = linker.link(copy.body, ids);
  if (body === copy.body && !waiter.parent) return;
  const parentId = waiter.parent && inTree(waiter.kind) ? arrived.destId : undefined;
  let updated;
  try {
    updated = await deps.content.update(map.destId, waiter.kind, { title: copy.title, body, version: copy.version + 1, status: 'current', ...(parentId ? { parentId } : {}) });
  } catch (e) {
    // A folder Confluence will not move stays under the home page; its own apply logged why it cannot follow.
    if (e instanceof NodeUpdateRefused) return;
    throw e;
  }
  await deps.copies.put(pairId, waiter.sourceId, { ...map, destVersion: updated.version });
}
