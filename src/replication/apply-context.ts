/** What every step of one apply shares: its deps, the sync, the snapshot and why it came. */
import type { Sync } from '../domain/sync';
import type { PageSnapshot } from './snapshot';
import type { ActivityEntry, DestinationContent, ItemStatus } from './ports';
import type { ActivityLog, CopyStore, ReviewStore, TransferStore, WaitingStore } from './stores';
import type { Notifier } from './notifier-ports';

export interface ApplyDeps {
  content: DestinationContent;
  copies: CopyStore;
  waiting: WaitingStore;
  transfers: TransferStore;
  activity: Pick<ActivityLog, 'log'>;
  /** Review before overwrite: the versions waiting beside edited copies, and the notice each wait raises. */
  reviews: ReviewStore;
  reviewNotices: Pick<Notifier, 'reviewWaiting' | 'reviewAnswered'>;
  now(): string;
}

export interface ApplyResult {
  status: ItemStatus;
  outcome: ActivityEntry['outcome'];
  destId?: string;
  destVersion?: number;
  detail?: string;
}

export interface ApplyContext {
  deps: ApplyDeps;
  sync: Sync;
  snapshot: PageSnapshot;
  cause: string;
  /** snapshotHash and pageHash of the snapshot. */
  hash: string;
  pageHash: string;
}

/** The result, logged in the sync's activity. */
export async function logged(ctx: ApplyContext, result: ApplyResult): Promise<ApplyResult> {
  const { deps, sync, snapshot } = ctx;
  await deps.activity.log({ at: deps.now(), syncId: sync.id, sourceId: snapshot.sourceId, title: snapshot.title, cause: ctx.cause, outcome: result.outcome, ...(result.detail ? { detail: result.detail } : {}) });
  return result;
}
