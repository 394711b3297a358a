/**
 * Groups the full sync's `apply` messages to one peer into `apply-batch` messages. Cross-site,
 * each message is one egress `fetch` (Forge allows 100 per runtime minute per invocation,
 * forge-platform.md section 2; over it the proxy answers 429 `FETCH_LIMIT_EXCEEDED`,
 * https://jira.atlassian.com/browse/ECO-491) and one invocation of the peer's inbox web trigger
 * (invocations per minute are limited too, same section). A full sync has up to 16 items under
 * way (sync-window.ts), so one message per item does not fit at a few pages a second.
 *
 * Sends to the same pair that arrive within `lingerMs` of the first go as one batch (longer while
 * `maxInFlight` messages to that pair are under way, until one comes back); a batch leaves at once
 * when it holds `maxItems` items, or before an item would take it past `maxBytes` (the byte budget
 * that keeps the signed message under the inbox's limits, peer-protocol.ts). A batch
 * of one goes as a plain `apply`. Each caller gets its own item's answer, read as the answer to a
 * single `apply` is (`readAnswer`), so `answerOrRetry` and everything after it work unchanged.
 * A peer that refuses `apply-batch` as a message it cannot read (an older build answers
 * `bad-request`) is sent single messages for that sync for as long as this batcher lives (one
 * invocation); the batch it refused is sent again as singles (it applied nothing).
 */
import type { Sync } from '../domain/sync';
import { pagesInPlace } from '../domain/sibling-order';
import { familyOf } from './create-turns';
import { sendToPeer, type SendDeps } from '../pairing/peer-channel';
import { APPLY_BATCH_LIMITS, batchItemBytes, readAnswer, type BodyOf, type PeerResult } from '../contract/peer-protocol';

/** How an `apply` reaches the peer: one message each (sendToPeer), or through a batcher. */
export interface ApplySender {
  /** `position`: the page's among its siblings, so a batch carries siblings in order (create-turns.ts). */
  send(sync: Sync, body: BodyOf<'apply'>, position?: number): Promise<PeerResult<'apply'>>;
}

export interface BatcherOptions {
  lingerMs?: number;
  /** Messages under way to one pair at once; a batch whose linger ended waits for one to come back, gathering items meanwhile. */
  maxInFlight?: number;
  maxItems?: number;
  maxBytes?: number;
}

/**
 * How long the first item of a batch waits for others. The full sync's items reach their send at
 * slightly different moments (each reads its page and records first, one REST call of 150-300 ms
 * and a few KVS calls), so a wait of a few milliseconds would mostly catch one item; 25 ms adds
 * under 1 % to an item's ~3 s and still gathers those that read at about the same time.
 */
export const APPLY_LINGER_MS = 25;

/**
 * Messages under way to one pair at once. While two are out, items that reach their send wait for
 * one to come back and gather meanwhile, so batches grow with the peer's round trip instead of
 * leaving a few items at a time (measured on the emulated sites, 50 items: 18 messages with the
 * linger alone, 12 with two under way; one under way made 7, but then only one of the
 * destination's inbox invocations ever runs at a time, and the full sync slows to one round trip
 * per batch). A full batch leaves at once regardless.
 */
export const APPLY_IN_FLIGHT = 2;

interface Pending {
  body: BodyOf<'apply'>;
  position?: number;
  resolve(result: PeerResult<'apply'>): void;
  reject(error: unknown): void;
}

interface Group {
  sync: Sync;
  items: Pending[];
  bytes: number;
  timer?: ReturnType<typeof setTimeout>;
  /** Its linger ended while the pair had `maxInFlight` messages under way: it leaves when one comes back. */
  due?: boolean;
}

export function applyBatcher(deps: SendDeps, { lingerMs = APPLY_LINGER_MS, maxInFlight = APPLY_IN_FLIGHT, maxItems = APPLY_BATCH_LIMITS.items, maxBytes = APPLY_BATCH_LIMITS.bytes }: BatcherOptions = {}): ApplySender {
  const groups = new Map<string, Group>();
  const inFlight = new Map<string, number>();
  /** Pairs whose peer does not read `apply-batch`. */
  const singles = new Set<string>();

  const single = (sync: Sync, body: BodyOf<'apply'>) => sendToPeer(deps, sync, 'apply', body);
  const settle = (item: Pending, result: Promise<PeerResult<'apply'>>) => result.then(item.resolve, item.reject);
  /** Each item as its own message; done (for the count under way) when all are answered. */
  const singly = async (sync: Sync, items: Pending[]) => void (await Promise.all(items.map((item) => settle(item, single(sync, item.body)))));

  async function deliver(sync: Sync, gathered: Pending[]): Promise<void> {
    if (gathered.length === 1 || singles.has(sync.pairId)) return singly(sync, gathered);
    const items = inSiblingOrder(gathered);
    let result: PeerResult<'apply-batch'>;
    try {
      result = await sendToPeer(deps, sync, 'apply-batch', { items: items.map((item) => item.body as Record<string, unknown>) });
    } catch (e) {
      return void items.forEach((item) => item.reject(e));
    }
    if (result.kind === 'refused' && result.code === 'bad-request') {
      // What a build without `apply-batch` answers to a type it does not know (peer-channel.ts): it read and applied nothing.
      singles.add(sync.pairId);
      return singly(sync, items);
    }
    if (result.kind === 'ok') {
      const { replies } = result.reply;
      // A reply that does not answer each item is as unusable as a single reply that does not parse.
      items.forEach((item, i) => item.resolve(replies.length === items.length ? readAnswer('apply', replies[i] as { status: number; body: Record<string, unknown> }) : { kind: 'refused', status: 200, code: 'unknown' }));
      return;
    }
    // The whole message was refused (paused, another version, busy) or not answered: each item hears that.
    const shared = result as Exclude<PeerResult<'apply'>, { kind: 'ok' }>;
    items.forEach((item) => item.resolve(shared));
  }

  /** Sends the pair's group now (`force`: it is full), or once a message under way comes back. */
  function flush(key: string, force = false): void {
    const group = groups.get(key);
    if (!group) return;
    clearTimeout(group.timer);
    if (!force && (inFlight.get(key) ?? 0) >= maxInFlight) return void (group.due = true);
    groups.delete(key);
    inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
    void deliver(group.sync, group.items).finally(() => {
      inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
      if (groups.get(key)?.due) flush(key);
    });
  }

  return {
    send(sync, body, position) {
      const bytes = batchItemBytes(body) + 1;
      if (!sync.peer || singles.has(sync.pairId) || bytes > maxBytes) return single(sync, body);
      return new Promise<PeerResult<'apply'>>((resolve, reject) => {
        const key = sync.pairId;
        let group = groups.get(key);
        if (group && group.bytes + bytes > maxBytes) {
          flush(key, true);
          group = undefined;
        }
        if (!group) {
          const fresh: Group = { sync, items: [], bytes: 0 };
          fresh.timer = setTimeout(() => flush(key), lingerMs);
          groups.set(key, fresh);
          group = fresh;
        }
        group.items.push({ body, resolve, reject, ...(position === undefined ? {} : { position }) });
        group.bytes += bytes;
        if (group.items.length >= maxItems) flush(key, true);
      });
    },
  };
}

/**
 * The batch's items with each family's pages in their originals' order (the destination creates
 * them in that order, create-turns.ts); the items gather in the order their reads finished.
 */
function inSiblingOrder(items: Pending[]): Pending[] {
  const placed = items.map((item, i) => {
    const snapshot = 'snapshot' in item.body ? item.body.snapshot : undefined;
    const family = familyOf(snapshot);
    return { item, id: snapshot?.sourceId ?? String(i), kind: family ? 'page' : 'other', parentId: family, position: item.position };
  });
  return pagesInPlace(placed).map((p) => p.item);
}
