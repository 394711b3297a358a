/**
 * Bytes too big for one peer message (attachment files, very large snapshots) travel ahead in
 * `part` messages. The destination keeps each part in KVS until the apply that names the
 * transfer reassembles it, checks its sha256, and drops the parts. Parts are idempotent: a
 * retried transfer overwrites the same keys. A peer can store only so much: a transfer has at
 * most MAX_TRANSFER_PARTS parts, and a pair at most a day's quota of parts.
 */
import type { Sync } from '../domain/sync';
import type { OpenedMessage, SendDeps } from '../pairing/peer-channel';
import { sendToPeer, describeFailure } from '../pairing/peer-channel';
import type { PeerReply } from '../pairing/ports';
import { refuse } from '../contract/peer-protocol';
import { PART_BYTES, sha256, type Transfer } from './snapshot';
import type { TransferStore } from './stores';
import { answerOrRetry, RetryLater } from './retry';

/** Parts one pair may store per day (about 1.9 GiB): past it a peer is told to come back tomorrow. */
export const PARTS_PER_PAIR_PER_DAY = 20_000;

export async function sendTransfer(deps: SendDeps, sync: Sync, id: string, data: Buffer): Promise<Transfer> {
  const parts = Math.max(1, Math.ceil(data.length / PART_BYTES));
  for (let index = 0; index < parts; index++) {
    const chunk = data.subarray(index * PART_BYTES, (index + 1) * PART_BYTES).toString('base64');
    const result = answerOrRetry(await sendToPeer(deps, sync, 'part', { transfer: id, index, count: parts, data: chunk }));
    if (result.kind === 'refused' && result.code === 'quota') throw new RetryLater('The other space has taken all the files it accepts today; the rest follow later.', 3600);
    if (result.kind !== 'ok') throw new Error(`The other space refused part ${index + 1} of ${parts}: ${describeFailure(result)}`);
  }
  return { id, parts, sha256: sha256(data) };
}

export interface PartDeps {
  transfers: TransferStore;
  now(): string;
  /** Parts a pair may store per day. */
  partsPerDay?: number;
}

export async function receivePart(deps: PartDeps, { sync, body }: OpenedMessage<'part'>): Promise<PeerReply> {
  if (sync.state !== 'active') return refuse.state();
  if (body.index >= body.count) return refuse.badRequest();
  const day = deps.now().slice(0, 10);
  if (!(await deps.transfers.countPart(sync.pairId, day, deps.partsPerDay ?? PARTS_PER_PAIR_PER_DAY))) return refuse.code('quota', 429);
  await deps.transfers.putPart(sync.pairId, body.transfer, body.index, body.data);
  return { status: 200, body: { ok: true } };
}

/** The reassembled bytes, or undefined when a part is missing or the hash does not match. Stops reading at the first gap. */
export async function readTransfer(transfers: TransferStore, pairId: string, transfer: Transfer): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  for (let from = 0; from < transfer.parts; from += READ_BATCH) {
    const parts = await transfers.parts(pairId, transfer.id, from, Math.min(READ_BATCH, transfer.parts - from));
    if (parts.some((p) => p === undefined)) return undefined;
    chunks.push(...parts.map((p) => Buffer.from(p as string, 'base64')));
  }
  const data = Buffer.concat(chunks);
  return sha256(data) === transfer.sha256 ? data : undefined;
}

const READ_BATCH = 20;
