/**
 * Both sides see a copy edited where it lives. The destination notices its own copy edited (its
 * content events) and tells the source, which shows the page AHEAD until the next apply settles
 * it (overwritten, or kept by "keep destination"). Only a version the app did not write counts.
 */
import { peerName, type Sync } from '../domain/sync';
import { sendToPeer, type OpenedMessage, type SendDeps } from '../pairing/peer-channel';
import type { PeerReply } from '../pairing/ports';
import { answerOrRetry } from './retry';
import type { DestinationContent, SentRecord } from './ports';
import type { ActivityLog, CopyStore, SentStore } from './stores';
import type { ContentKind } from './snapshot';
import { holdsPair, inheritedSent } from './inherited-records';

export interface DriftDeps extends SendDeps {
  content: Pick<DestinationContent, 'get'>;
  copies: Pick<CopyStore, 'origin' | 'get' | 'put'>;
}

/**
 * Destination: someone other than the app changed the copy `copyId`. Its record then asks the next
 * write to read the copy first, and the source hears when it holds a version the app did not write.
 */
export async function reportDrift(deps: DriftDeps, sync: Sync, copyId: string, kind: ContentKind): Promise<boolean> {
  if (sync.role !== 'destination' || sync.state !== 'active') return false;
  const origin = await deps.copies.origin(copyId);
  // A copy a re-pair inherited is still kept under the earlier pair until it is taken over.
  const map = origin && holdsPair(sync, origin.pairId) ? await deps.copies.get(origin.pairId, origin.sourceId) : undefined;
  if (!origin || !map || map.destId !== copyId) return false;
  // Someone changed the copy (an edit, a move, a trash, an archive, a label): the next write reads it first (apply-plan.ts writesUnread).
  const seen = map.lookFirst ? map : { ...map, lookFirst: true };
  if (seen !== map) await deps.copies.put(origin.pairId, origin.sourceId, seen);
  const now = await deps.content.get(copyId, kind);
  const here = !now?.spaceId || now.spaceId === sync.space.id;
  if (!now || !here || now.status !== 'current' || now.version === seen.destVersion) return false;
  // Counted as ahead here from now on (copy-counts.ts), until the app writes the copy again. Read
  // again just before: an apply that committed meanwhile is not written over with the older record.
  const again = seen.status === 'ahead' ? undefined : await deps.copies.get(origin.pairId, origin.sourceId);
  if (again && JSON.stringify(again) === JSON.stringify(seen)) await deps.copies.put(origin.pairId, origin.sourceId, { ...seen, status: 'ahead' });
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
  const own = await deps.sent.get(sync.pairId, body.sourceId);
  // Before the first full sync takes an item over, what was sent is the earlier sync's record.
  const inherited = own ? undefined : await inheritedSent(deps.sent, sync, body.sourceId);
  const sent = own ?? inherited;
  if (!sent?.destId || sent.destVersion === undefined || body.version <= sent.destVersion) return OK;
  if (sent.status === 'ahead' && (sent.aheadVersion ?? 0) >= body.version) return OK;
  if (sent.status !== 'synced' && sent.status !== 'ahead') return OK;
  const where = `The copy in ${sync.peer ? peerName(sync.peer) : 'the other space'}`;
  // Edited again after it kept its edits in review: the kept version is no longer the copy's, so the record stops naming it.
  const kept = sent.review?.state === 'kept' ? sent.review : undefined;
  const reason = kept ? `${where} kept its edits at its version ${kept.copyVersion} and was edited there again (its version ${body.version}).` : `${where} was edited there (its version ${body.version}).`;
  const { review: _kept, ...rest } = sent;
  // Kept as this sync's record, new to its counts; an inherited hash never stands for this pair's, so the item is still sent.
  const next: SentRecord = { ...(kept ? rest : sent), ...(inherited ? { hash: '' } : {}), status: 'ahead', aheadVersion: body.version, reason, at: deps.now() };
  await deps.sent.put(sync.pairId, body.sourceId, next, own);
  await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: body.sourceId, title: sent.title ?? '', cause: 'edited at the copy', outcome: 'ahead', detail: reason });
  return OK;
}
