/**
 * Copies that arrived before a page they need: a child whose parent was not copied yet sits
 * under the home page, and a link to a page not copied yet still points at the source. Each
 * waits on that page's source id; when the page arrives its waiters are moved under it and
 * re-linked. A waiter edited here since the app wrote it (AHEAD) is left as it is.
 */
import { inTree, type ContentKind } from './snapshot';
import { NodeUpdateRefused } from '../confluence/tree-nodes';
import { ConfluenceError } from '../confluence/client';
import { placed } from './page-writes';
import type { DestinationContent, Waiter } from './ports';
import type { CopyStore, WaitingStore } from './stores';

export interface WaitDeps {
  content: DestinationContent;
  copies: Pick<CopyStore, 'get' | 'put' | 'withJournal'>;
  waiting: WaitingStore;
}

export interface Unresolved {
  parent?: string;
  links: string[];
}

/** Each page the item waits for, with the item as its waiter there. */
function waitsOf(item: { sourceId: string; kind: ContentKind }, unresolved: Unresolved): Array<{ target: string; waiter: Waiter }> {
  const targets = new Set([...(unresolved.parent ? [unresolved.parent] : []), ...unresolved.links]);
  return [...targets].map((target) => ({ target, waiter: { sourceId: item.sourceId, kind: item.kind, parent: target === unresolved.parent } }));
}

export async function recordWaiting(deps: WaitDeps, pairId: string, item: { sourceId: string; kind: ContentKind }, unresolved: Unresolved): Promise<void> {
  for (const { target, waiter } of waitsOf(item, unresolved)) {
    const waiters = await deps.waiting.get(pairId, target);
    if (waiters.some((w) => w.sourceId === waiter.sourceId && w.parent === waiter.parent)) continue;
    await deps.waiting.add(pairId, target, waiter);
  }
}

/** How bodies link: the source ids a body names, and the body with those ids pointing at copies. */
export interface Linker {
  ids(body: string): string[];
  link(body: string, ids: Map<string, string>): string;
}

/**
 * Called once `arrived` has its copy, before its record is committed (so a retry settles them
 * again) and once more after: a copy applied at the same time may have started waiting after
 * the first look, and it looked for the record before it waited (`settleIfArrived`), so one of
 * the two looks finds it.
 */
export async function settleWaiters(deps: WaitDeps, pairId: string, spaceId: string, arrived: { sourceId: string; destId: string }, linker: Linker): Promise<void> {
  const waiters = await deps.waiting.get(pairId, arrived.sourceId);
  if (!waiters.length) return;
  const done: Waiter[] = [];
  for (const waiter of waiters) if (await settle(deps, pairId, spaceId, waiter, arrived, linker)) done.push(waiter);
  if (done.length) await deps.waiting.remove(pairId, arrived.sourceId, done);
}

/**
 * After this copy started waiting: a page it waits for whose copy was committed meanwhile (by an
 * apply running beside this one) settled its waiters before this one was there, so this copy
 * settles itself.
 */
export async function settleIfArrived(deps: WaitDeps, pairId: string, spaceId: string, waiting: { sourceId: string; kind: ContentKind }, unresolved: Unresolved, linker: Linker): Promise<void> {
  for (const { target, waiter } of waitsOf(waiting, unresolved)) {
    const arrived = await deps.copies.get(pairId, target);
    if (!arrived) continue;
    if (await settle(deps, pairId, spaceId, waiter, { sourceId: target, destId: arrived.destId }, linker)) await deps.waiting.remove(pairId, target, [waiter]);
  }
}

/** Looks again after a pause this long (ms) when the copy's version is not its record's, twice. */
const SECOND_LOOKS_MS = [100, 300];

/**
 * The waiter's record and copy, when the copy is untouched (its version the one the app wrote)
 * and still in the sync's space; anything else is left as it is. Two pages the waiter links to
 * may arrive at once, and each apply re-links it: one writes the copy and then its record, so
 * a copy newer than its record is looked at again before it is taken for an edit made here.
 */
async function untouchedCopy(deps: WaitDeps, pairId: string, spaceId: string, waiter: Waiter) {
  for (let look = 0; ; look++) {
    // Its own apply is under way (no record yet, or a journal not committed): writing its copy now would be undone by that apply's commit.
    const { record: map, journal } = await deps.copies.withJournal(pairId, waiter.sourceId);
    if (!map || journal) return 'not-yet' as const;
    const copy = await deps.content.getWithBody(map.destId, waiter.kind);
    if (!copy || copy.status !== 'current' || (copy.spaceId && copy.spaceId !== spaceId)) return undefined;
    if (copy.version === map.destVersion) return { map, copy };
    if (look >= SECOND_LOOKS_MS.length) return undefined;
    await new Promise((resolve) => setTimeout(resolve, SECOND_LOOKS_MS[look]));
  }
}

/**
 * Moves and re-links one waiter; false when its own apply has not committed yet (it still waits,
 * and that apply settles it: `settleIfArrived`). A copy left as it is is settled too.
 */
async function settle(deps: WaitDeps, pairId: string, spaceId: string, waiter: Waiter, arrived: { sourceId: string; destId: string }, linker: Linker): Promise<boolean> {
  for (let tries = 1; ; tries++) {
    try {
      return await settleOnce(deps, pairId, spaceId, waiter, arrived, linker);
    } catch (e) {
      // Another apply re-linked it first (its version is taken): read it again and re-link what is left.
      if (!(e instanceof ConfluenceError && e.status === 409) || tries >= SETTLE_TRIES) throw e;
    }
  }
}

const SETTLE_TRIES = 3;

async function settleOnce(deps: WaitDeps, pairId: string, spaceId: string, waiter: Waiter, arrived: { sourceId: string; destId: string }, linker: Linker): Promise<boolean> {
  const found = await untouchedCopy(deps, pairId, spaceId, waiter);
  if (found === 'not-yet') return false;
  if (!found) return true;
  const { map, copy } = found;
  const ids = new Map<string, string>();
  for (const id of linker.ids(copy.body)) {
    const target = id === arrived.sourceId ? arrived : await deps.copies.get(pairId, id);
    if (target) ids.set(id, target.destId);
  }
  const body = linker.link(copy.body, ids);
  if (body === copy.body && !waiter.parent) return true;
  const parentId = waiter.parent && inTree(waiter.kind) ? arrived.destId : undefined;
  let updated;
  try {
    updated = await deps.content.update(map.destId, waiter.kind, { title: copy.title, body, version: copy.version + 1, status: 'current', ...(parentId ? { parentId } : {}) });
  } catch (e) {
    // A folder Confluence will not move stays under the home page; its own apply logged why it cannot follow.
    if (e instanceof NodeUpdateRefused) return true;
    throw e;
  }
  // Under its parent now: the position its record keeps is the one this move was answered with.
  const { place: _before, ...rest } = map;
  await deps.copies.put(pairId, waiter.sourceId, { ...rest, destVersion: updated.version, ...placed(updated) });
  return true;
}
