/**
 * The creates of one family within an `apply-batch`, one after another in the batch's order.
 * Confluence puts a new page after its siblings (sibling-order.ts), so copies of siblings created
 * at once land in whatever order their creates reach it, and each one out of place costs a move
 * once the full sync is done. The source sends a batch's siblings in their originals' order
 * (apply-batcher.ts); here each waits for the one before it to be created (or to finish without
 * creating anything), while the rest of every item's work goes on at once.
 */
import type { DestinationContent } from './ports';
import type { PageSnapshot } from './snapshot';

/**
 * How long a create waits for the one before it at most. The item before may not create at all
 * (its copy exists) and then holds the turn for its whole apply; order is only a saving (the
 * order pass puts right what lands out of place), so no create waits longer than this. A
 * family's creates one after another take about 225 ms each (REST 150-300 ms).
 */
export const TURN_WAIT_MS = 4_000;

export interface CreateTurn {
  /** Resolves once the item before it in its family has created its copy or finished, or after TURN_WAIT_MS. */
  wait(): Promise<void>;
  /** This item's create is answered, or the item finished: the next in its family may go. */
  done(): void;
}

const free: CreateTurn = { wait: () => Promise.resolve(), done: () => undefined };

/** The family a batch item is placed in: a page's parent (the top for none); none for a blog post or a snapshot sent apart. */
export function familyOf(snapshot: PageSnapshot | undefined): string | undefined {
  return snapshot?.kind === 'page' && snapshot.status === 'current' ? `page:${snapshot.parentSourceId ?? ''}` : undefined;
}

/** One turn per item: each waits for the last item before it of the same family. */
export function createTurns(families: ReadonlyArray<string | undefined>, waitMs = TURN_WAIT_MS): CreateTurn[] {
  const last = new Map<string, Promise<void>>();
  return families.map((family) => {
    if (family === undefined) return free;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const before = last.get(family);
    last.set(family, released);
    return { wait: () => (before ? atMost(before, waitMs) : Promise.resolve()), done: () => release() };
  });
}

/** The promise, or a timeout, whichever comes first. */
async function atMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** The destination's content with its creates taken in the item's turn. */
export function inTurn<T extends Pick<DestinationContent, 'create'>>(content: T, turn: CreateTurn): T {
  if (turn === free) return content;
  return {
    ...content,
    async create(...args: Parameters<DestinationContent['create']>) {
      await turn.wait();
      try {
        return await content.create(...args);
      } finally {
        turn.done();
      }
    },
  };
}
