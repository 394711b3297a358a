/**
 * The page "•••" action: this page's status in each sync of its space, a link to the page on
 * the other side, and "Sync now" (optionally with child pages) for people the sync permits.
 * The server decides who may; the button only hides what would be refused.
 */
import { useCallback, useEffect, useState } from 'react';
import Heading from '@atlaskit/heading';
import EmptyState from '@atlaskit/empty-state';
import Lozenge from '@atlaskit/lozenge';
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import type { PageSyncState } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { errorMessage } from '../../shared/error-message';
import { relativeTime } from '../../shared/relative-time';
import { PAGE_STATUS, type ShownStatus } from '../../shared/sync-status';

/** After "Sync now", the dialog looks again this often until the page's sync time moves. */
const POLL_MS = 1500;
const POLLS = 20;

export function PageActionApp() {
  const [syncs, setSyncs] = useState<PageSyncState[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState<Record<string, string | undefined>>({});

  const load = useCallback(
    () =>
      callBackend('pageSyncStatus')
        .then((rows) => {
          setSyncs(rows);
          setError(undefined);
          return rows;
        })
        .catch((e: unknown) => {
          setError(errorMessage(e));
          return undefined;
        }),
    [],
  );
  useEffect(() => void load(), [load]);

  /** Queued: shown as pending until the sync's time changes (or the polls run out). */
  const watch = (syncId: string, before: string | undefined) => {
    setPending((p) => ({ ...p, [syncId]: before ?? '' }));
    let polls = 0;
    const tick = async () => {
      const rows = await load();
      const row = rows?.find((r) => r.syncId === syncId);
      if ((row && row.syncedAt !== before) || ++polls >= POLLS) return setPending((p) => ({ ...p, [syncId]: undefined }));
      setTimeout(tick, POLL_MS);
    };
    setTimeout(tick, POLL_MS);
  };

  return (
    <main style={{ padding: token('space.200') }}>
      <Heading size="medium">Space Sync</Heading>
      {error && (
        <SectionMessage appearance="error" title="Space Sync could not do that">
          <p>{error}</p>
        </SectionMessage>
      )}
      {syncs === undefined && !error && <Spinner label="Loading this page's syncs" />}
      {syncs?.length === 0 && <EmptyState header="This page is not synced" description="No sync sends this space, and this page is not a copy. A space admin can create a sync in Space settings → Space Sync." />}
      {syncs?.map((sync) => <SyncCard key={`${sync.direction}-${sync.syncId}`} sync={sync} pending={pending[sync.syncId] !== undefined} onQueued={() => watch(sync.syncId, sync.syncedAt)} onError={setError} />)}
    </main>
  );
}

interface CardProps {
  sync: PageSyncState;
  pending: boolean;
  onQueued(): void;
  onError(message: string): void;
}

function SyncCard({ sync, pending, onQueued, onError }: CardProps) {
  const [withChildren, setWithChildren] = useState(false);
  const [busy, setBusy] = useState(false);
  const [queued, setQueued] = useState<number | undefined>();
  const shown: ShownStatus = pending ? 'pending' : sync.status;
  const status = PAGE_STATUS[shown];
  const syncNow = () => {
    setBusy(true);
    callBackend('syncPageNow', { syncId: sync.syncId, withChildren })
      .then(({ queued: count }) => {
        setQueued(count);
        onQueued();
      })
      .catch((e: unknown) => onError(errorMessage(e)))
      .finally(() => setBusy(false));
  };
  return (
    <section aria-label={`Sync ${sync.name}`} style={{ border: `1px solid ${token('color.border')}`, borderRadius: token('radius.medium'), padding: token('space.200'), marginTop: token('space.200') }}>
      <Heading size="small" as="h3">
        {sync.name}
      </Heading>
      <p>
        {sync.direction === 'outgoing' ? 'Sent to ' : 'A copy from '}
        {sync.peer ? `${sync.peer.spaceName} (${sync.peer.spaceKey}) on ${sync.peer.siteUrl.replace(/^https:\/\//, '')}` : 'a space not paired yet'}{' '}
        {sync.peer?.external && <Lozenge appearance="new">EXT</Lozenge>}
      </p>
      <p>
        <Lozenge appearance={status.appearance} testId={`status-${sync.syncId}`}>
          {status.text}
          {shown === 'synced' && sync.syncedVersion ? ` · v${sync.syncedVersion}` : ''}
        </Lozenge>{' '}
        <span style={{ color: token('color.text.subtle') }}>{sync.reason ?? status.help}</span>
      </p>
      {sync.syncedAt && <p>Last synced {relativeTime(sync.syncedAt)}.</p>}
      {sync.state !== 'active' && <p>This sync is {sync.state === 'paused' ? 'paused' : 'not paired yet'}.</p>}
      {sync.otherPageUrl && (
        <p>
          <a href={sync.otherPageUrl} target="_blank" rel="noreferrer">
            {sync.direction === 'outgoing' ? 'Open the copy' : 'Open the original'}
          </a>
        </p>
      )}
      {sync.canSyncNow && (
        <div style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', flexWrap: 'wrap' }}>
          <Button appearance="primary" isDisabled={busy || pending} onClick={syncNow}>
            Sync now
          </Button>
          <Checkbox label="Include child pages" isChecked={withChildren} onChange={(e) => setWithChildren(e.target.checked)} />
        </div>
      )}
      {queued !== undefined && pending && <p role="status">Queued {queued === 1 ? 'this page' : `${queued} pages`}. It arrives in a few seconds.</p>}
    </section>
  );
}
