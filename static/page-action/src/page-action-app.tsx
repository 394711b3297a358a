/**
 * The page "•••" action: this page's status in each sync of its space, in the server's order
 * (paired ones first), a link to the page on the other side, and "Sync now" for people the sync
 * permits, or why it is not offered. The server decides who may.
 */
import { useCallback, useEffect, useState } from 'react';
import Heading from '@atlaskit/heading';
import EmptyState from '@atlaskit/empty-state';
import Spinner from '@atlaskit/spinner';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import type { PageSyncState } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { errorMessage } from '../../shared/error-message';
import { ErrorBanner } from '../../shared/error-banner';
import { externalMeaning } from '../../shared/external-badge';
import { useCloseOnEscape } from '../../shared/use-close-on-escape';
import { PageSyncCard } from './page-sync-card';

/** After "Sync now", the dialog looks again this often until the page's sync time moves. */
const POLL_MS = 1500;
const POLLS = 20;

export function PageActionApp() {
  const [syncs, setSyncs] = useState<PageSyncState[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState<Record<string, string | undefined>>({});
  const [answered, setAnswered] = useState<string | undefined>();

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
  useCloseOnEscape();

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
    <Stack space="space.200">
      <Heading size="medium" as="h1">
        Space Sync
      </Heading>
      <ErrorBanner message={error} title="Space Sync could not do that" />
      {answered && (
        <Text as="p">
          <span role="status">{answered}</span>
        </Text>
      )}
      {syncs === undefined && !error && <Spinner label="Loading this page’s syncs" />}
      {syncs?.length === 0 && (
        <EmptyState
          header="This page is not synced"
          headingLevel={2}
          description="No sync sends this space, and this page is not a copy. A space admin can create a sync in Space settings → Space Sync."
        />
      )}
      {syncs?.map((sync) => (
        <PageSyncCard key={`${sync.direction}-${sync.syncId}`} sync={sync} pending={pending[sync.syncId] !== undefined} onQueued={() => watch(sync.syncId, sync.syncedAt)} onError={(e) => setError(errorMessage(e))}
          onAnswered={(words) => {
            setAnswered(words);
            void load();
          }}
        />
      ))}
      {syncs?.some((s) => s.peer?.external) && (
        <Text as="p" size="small" color="color.text.subtle">
          {externalMeaning(syncs.filter((s) => s.peer?.external).map((s) => (s.direction === 'outgoing' ? 'source' : 'destination')))}
        </Text>
      )}
    </Stack>
  );
}
