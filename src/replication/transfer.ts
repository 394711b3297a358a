/**
 * Bytes too big for one peer message (attachment files, very large snapshots) travel ahead in
 * `part` messages. The destination keeps each part in KVS until the apply that names the
 * transfer reassembles it, checks its sha256, and drops the parts. Parts are idempotent: a
 * retried transfer overwrites the same keys.
 */
import { z } from 'zod';
import type { Sync } from '../domain/sync';
import type { OpenedMessage, SendDeps } from '../pairing/peer-channel';
import { sendToPeer } from '../pairing/peer-channel';
import type { PeerReply } from '../pairing/ports';
import { sha256, type Transfer } from './snapshot';
import type { ReplicationStore } from './ports';
import { answerOrRetry } from './retry';

export const PART_MESSAGE = 'part';
/**
 * 96 KiB of bytes: base64 makes 128 KiB, which fits a KVS value (240 KiB) and, signed, stays
 * under the inbox's 200,000-character message limit.
 */
export const PART_BYTES = 96 * 1024;

export async function sendTransfer(deps: SendDeps, sync: Sync, id: string, data: Buffer): Promise<Transfer> {
  const parts = Math.max(1, Math.ceil(data.length / PART_BYTES));
  for (let index = 0; index < parts; index++) {
    const chunk = data.subarray(index * PART_BYTES, (index + 1) * PART_BYTES).toString('base64');
    const reply = answerOrRetry(await sendToPeer(deps, sync, PART_MESSAGE, { transfer: id, index, count: parts, data: chunk }));
    if (reply.status !== 200) throw new Error(`The other space refused part ${index + 1} of ${parts} (${reply.status}).`);
  }
  return { id, parts, sha256: sha256(data) };
}

const PartBody = z.object({
  transfer: z.string().regex(/^[\w.-]{1,120}$/),
  index: z.number().int().nonnegative(),
  count: z.number().int().positive().max(10_000),
  data: z.string().max(Math.ceil(PART_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/),
});

export async function receivePart(deps: { store: ReplicationStore }, { sync, message }: OpenedMessage): Promise<PeerReply> {
  const body = PartBody.safeParse(message.body);
  if (sync.role !== 'destination' || !body.success || body.data.index >= body.data.count) return { status: 400, body: { error: 'bad request' } };
  await deps.store.putPart(sync.pairId, body.data.transfer, body.data.index, body.data.data);
  return { status: 200, body: { ok: true } };
}

/** The reassembled bytes, or undefined when a part is missing or the hash does not match. */
export async function readTransfer(store: ReplicationStore, pairId: string, transfer: Transfer): Promise<Buffer | undefined> {
  const parts = await store.parts(pairId, transfer.id, transfer.parts);
  if (parts.some((p) => p === undefined)) return undefined;
  const data = Buffer.concat(parts.map((p) => Buffer.from(p as string, 'base64')));
  return sha256(data) === transfer.sha256 ? data : undefined;
}
