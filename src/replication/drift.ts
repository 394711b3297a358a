/**
 * Both sides see a copy edited where it lives. The destination notices its own copy edited (its
 * content events) and tells the source, which shows the page AHEAD until the next apply settles
 * it (overwritten, or kept by "keep destination"). Only a version the app did not write counts.
 */
import { peerName, type Sync } from '../domain/sync';
import { sendToPeer, type OpenedMessage, type SendDeps } from '../pairing/peer-channel';
import type { PeerReply } from '../pairing/ports';
import { answerOrRetry } from './retry';
import type { DestinationContent } from './ports';
import type { ActivityLog, CopyStore, SentStore } from './stores';
import type { ContentKind } from './snapshot';
import { holdsPair } from './inherited-records';

export interface DriftDeps extends SendDeps {
  content: Pick<DestinationContent, 'get'>;
  copies: Pick<CopyStore, 'origin' | 'get'>;
}

/** Destination: tells the source when the copy `copyId` holds a version the app did not write. */
export async function reportDrift(deps: DriftDeps, sync: Sync, copyId: string, kind: ContentKind): Promise<boolean> {
  if (sync.role !== 'destination' || sync.state !== 'active') return false;
  const origin = await deps.copies.origin(copyId);
  // A copy a re-pair inherited is still kept under the earlier pair until it is taken over.
  const map = origin && holdsPair(sync, origin.pairId) ? await deps.copies.get(origin.pairId, origin.sourceId) : undefined;
  if (!origin || !map || map.destId !== copyId) return false;
  const now = await deps.content.get(copyId, kind);
  if (!now || now.status !== 'current' || now.version === map.destVersion) return false;
  // A refusal (the source paused or unpaired meanwhile) ends it; no answer is tried again later.
  answerOrRetry(await sendToPeer(deps, sync, 'drift', { sourceId: origin.sourceId, version: now.version }));
  return true;
}

const OK: PeerReply = { status: 200, body: { ok: true } };

/**
 * Source: the copy of `sourceId` was edited at the destination. Only an item this side sent a
 * copy of, at a copy version newer than the app wrote; a repeated or reordered report changes
 * nothing twice.
 */
export async function receiveDrift(deps: { sent: Pick<SentStore, 'get' | 'put'>; activity: Pick<ActivityLog, 'log'>; now(): string }, { sync, body }: OpenedMessage<'drift'>): Promise<PeerReply> {
  const sent = await deps.sent.get(sync.pairId, body.sourceId);
  if (!sent?.destId || sent.destVersion === undefined || body.version <= sent.destVersion) return OK;
  if (sent.status === 'ahead' && (sent.aheadVersion ?? 0) >= body.version) return OK;
  if (sent.status !== 'synced' && sent.status !== 'ahead') return OK;
  const where = `The copy in ${sync.peer ? peerName(sync.peer) : 'the other space'}`;
  // Edited again after it kept its edits in review: the kept version is no longer the copy's, so the record stops naming it.
  const kept = sent.review?.state === 'kept' ? sent.review : undefined;
  const reason = kept ? `${where} kept its edits at its version ${kept.copyVersion} and was edited there again (its version ${body.version}).` : `${where} was edited there (its version ${body.version}).`;
  const { review: _kept, ...rest } = sent;
  await deps.sent.put(sync.pairId, body.sourceId, { ...(kept ? rest : sent), status: 'ahead', aheadVersion: body.version, reason, at: deps.now() }, sent);
  await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: body.sourceId, title: sent.title ?? '', cause: 'edited at the copy', outcome: 'ahead', detail: reason });
  return OK;
}
