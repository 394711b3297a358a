/**
 * One sync in detail: the full sync's progress (updating while it runs), pages by their last
 * outcome, "Re-sync everything", Verify, and the latest activity with "Retry" on pages that failed.
 */
import { useCallback, useEffect, useState } from 'react';
import Heading from '@atlaskit/heading';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import type { ActivityView, FullSyncView, SyncDetails, SyncSummary } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { useRefreshWhile } from '../../shared/use-refresh-while';
import { errorMessage } from '../../shared/error-message';
import { relativeTime } from '../../shared/relative-time';
import { VerifyPanel } from './verify-panel';

/** While a full sync runs, the panel reloads this long after each answer (never two loads at once). */
const REFRESH_MS = 2000;

const OUTCOME: Record<string, { text: string; appearance: 'success' | 'removed' | 'moved' | 'new' | 'default' | 'inprogress' }> = {
  created: { text: 'Created', appearance: 'success' },
  updated: { text: 'Updated', appearance: 'success' },
  restored: { text: 'Restored', appearance: 'success' },
  trashed: { text: 'Trashed', appearance: 'moved' },
  ahead: { text: 'Edited at the copy', appearance: 'new' },
  'ahead-kept': { text: 'Ahead, kept', appearance: 'new' },
  'ahead-overwritten': { text: 'Ahead, overwritten', appearance: 'moved' },
  adopted: { text: 'Adopted', appearance: 'success' },
  'title-clash': { text: 'Title clash', appearance: 'moved' },
  partial: { text: 'Partly copied', appearance: 'moved' },
  restricted: { text: 'Restricted', appearance: 'removed' },
  failed: { text: 'Failed', appearance: 'removed' },
  stale: { text: 'Older, ignored', appearance: 'default' },
  unchanged: { text: 'Unchanged', appearance: 'default' },
  claimed: { text: 'Token claimed', appearance: 'inprogress' },
  approved: { text: 'Pairing approved', appearance: 'success' },
  declined: { text: 'Pairing declined', appearance: 'removed' },
  'version-refused': { text: 'Other version', appearance: 'removed' },
  'caught-up': { text: 'Caught up', appearance: 'success' },
  inherited: { text: 'Earlier sync taken over', appearance: 'inprogress' },
};

/** "avi:confluence:updated:page" reads as "Page updated"; other causes are already words. */
function causeText(cause: string): string {
  const event = /^avi:confluence:(\w+):(\w+)$/.exec(cause);
  if (!event) return cause;
  const [, action, type] = event;
  const what = { page: 'Page', blogpost: 'Blog post', comment: 'Comment', attachment: 'File', label: 'Label', folder: 'Folder', whiteboard: 'Whiteboard', database: 'Database', embed: 'Smart link' }[type] ?? type;
  return `${what} ${action}`;
}

export function SyncDetailsPanel({ sync, onClose }: { sync: SyncSummary; onClose(): void }) {
  const [details, setDetails] = useState<SyncDetails | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const load = useCallback(
    () =>
      callBackend('syncDetails', { syncId: sync.id })
        .then((d) => {
          setDetails(d);
          setError(undefined);
        })
        .catch((e: unknown) => setError(errorMessage(e))),
    [sync.id],
  );
  useEffect(() => void load(), [load]);
  const running = details?.progress?.state === 'queued' || details?.progress?.state === 'running';
  useRefreshWhile(running, load, REFRESH_MS);

  const act = (work: () => Promise<unknown>, done: string) =>
    work()
      .then(() => setNotice(done))
      .then(load)
      .catch((e: unknown) => setError(errorMessage(e)));

  return (
    <section aria-label={`Details of ${sync.name}`} style={{ marginTop: token('space.300'), borderTop: `1px solid ${token('color.border')}`, paddingTop: token('space.200') }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <Heading size="medium" as="h2">
          {sync.name}
        </Heading>
        <div style={{ display: 'flex', gap: token('space.100') }}>
          {sync.role === 'source' && sync.state === 'active' && (
            <Button isDisabled={running} onClick={() => act(() => callBackend('resyncEverything', { syncId: sync.id }), 'Re-sync queued: every page is checked, and missing copies are made again.')}>
              Re-sync everything
            </Button>
          )}
          <Button onClick={onClose}>Close details</Button>
        </div>
      </div>
      {error && (
        <SectionMessage appearance="error" title="Something needs your attention">
          <p>{error}</p>
        </SectionMessage>
      )}
      {notice && (
        <SectionMessage appearance="success">
          <p>{notice}</p>
        </SectionMessage>
      )}
      {!details && !error && <Spinner label="Loading details" />}
      {details && (
        <>
          {details.progress && <Progress progress={details.progress} />}
          <p>
            {sync.role === 'source' ? `Synced ${details.counts.synced} · Ahead ${details.counts.ahead} · Failed ${details.counts.failed} · Restricted ${details.counts.restricted} · In the trash ${details.counts.deleted}` : `Copies in this space: ${details.counts.synced}`}
            {details.lastSyncAt ? ` · Last sync ${relativeTime(details.lastSyncAt)}` : ''}
          </p>
          {(sync.state === 'active' || sync.state === 'paused') && <VerifyPanel sync={sync} />}
          <Activity entries={details.activity} onRetry={(e) => act(() => callBackend('retryItem', { syncId: sync.id, sourceId: e.sourceId }), `“${e.title || e.sourceId}” is queued again.`)} />
        </>
      )}
    </section>
  );
}

function Progress({ progress }: { progress: FullSyncView }) {
  const label = { queued: 'Full sync queued', running: 'Full sync in progress', complete: 'Full sync complete', incomplete: 'Full sync incomplete', failed: 'Full sync failed' }[progress.state];
  const value = progress.total ? progress.done / progress.total : 0;
  return (
    <div style={{ margin: `${token('space.200')} 0` }}>
      <p>
        <strong>{label}</strong>: {progress.done} of {progress.total} pages
      </p>
      <ProgressBar ariaLabel={`${label}: ${progress.done} of ${progress.total} pages`} value={value} isIndeterminate={progress.state === 'queued'} appearance={progress.state === 'complete' ? 'success' : 'default'} />
      {progress.failed.length > 0 && (
        <ul>
          {progress.failed.slice(0, 10).map((f) => (
            <li key={f.sourceId}>
              Page {f.sourceId}: {f.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Activity({ entries, onRetry }: { entries: ActivityView[]; onRetry(entry: ActivityView): void }) {
  return (
    <DynamicTable
      caption="Activity"
      emptyView={<p>Nothing has moved yet. Changes appear here as they sync.</p>}
      head={{ cells: [{ key: 'when', content: 'When' }, { key: 'page', content: 'Page' }, { key: 'cause', content: 'Why' }, { key: 'outcome', content: 'Outcome' }, { key: 'detail', content: 'Details' }, { key: 'action', content: '' }] }}
      rows={entries.map((e, i) => {
        const outcome = OUTCOME[e.outcome] ?? { text: e.outcome, appearance: 'default' as const };
        return {
          key: `${e.at}-${i}`,
          cells: [
            { key: 'when', content: relativeTime(e.at) },
            { key: 'page', content: e.sourceId ? e.title || `Page ${e.sourceId}` : 'The pairing' },
            { key: 'cause', content: e.by ? `${causeText(e.cause)} by ${e.by}` : causeText(e.cause) },
            { key: 'outcome', content: <Lozenge appearance={outcome.appearance}>{outcome.text}</Lozenge> },
            { key: 'detail', content: e.detail ?? '' },
            { key: 'action', content: e.retryable ? <Button onClick={() => onRetry(e)}>Retry</Button> : '' },
          ],
        };
      })}
    />
  );
}
