/**
 * One sync in detail: the full sync's progress (updating while it runs), its items by their last
 * outcome, "Re-sync everything" where the server allows it, Verify, and the latest activity with
 * "Retry" on items that failed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Heading from '@atlaskit/heading';
import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import type { ActivityView, SyncDetails, SyncSummary } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { ErrorBanner } from '../../shared/error-banner';
import { useRefreshWhile } from '../../shared/use-refresh-while';
import { errorMessage } from '../../shared/error-message';
import { relativeTime } from '../../shared/relative-time';
import { useOutcomeFlags } from '../../shared/outcome-flags';
import { ActivityTable } from './activity-table';
import { FullSyncProgress } from './full-sync-progress';
import { kindsText, outcomesText } from './sync-words';
import { VerifyPanel } from './verify-panel';

/** While a full sync runs, the panel reloads this long after each answer (never two loads at once). */
const REFRESH_MS = 2000;

function Counts({ sync, details }: { sync: SyncSummary; details: SyncDetails }) {
  const { counts } = details;
  const last = details.lastSyncAt ? ` Last sync ${relativeTime(details.lastSyncAt)}.` : '';
  if (sync.role === 'destination') return <Text as="p">{`${counts.synced} ${counts.synced === 1 ? 'item' : 'items'} copied into this space.${last}`}</Text>;
  const kinds = kindsText(details.syncedByKind);
  const total = counts.synced + counts.ahead + counts.failed + counts.restricted + counts.deleted;
  // Every item by its last outcome, so the parts add up to the total shown ("9 items: 8 synced · 1 ahead").
  const parts = outcomesText(counts) || '0 synced';
  return (
    <Stack space="space.050">
      <Text as="p">{`${total} ${total === 1 ? 'item' : 'items'}: ${parts}.${last}`}</Text>
      {kinds && <Text as="p" size="small" color="color.text.subtle">{`Synced: ${kinds}.`}</Text>}
    </Stack>
  );
}

/** Without a full sync's record: the source has not started one; the destination never keeps one (the source runs it). */
const noProgressText = (sync: SyncSummary) => (sync.role === 'source' ? 'The first full sync has not started yet.' : 'Copies arrive as the source sends them; its full sync runs there.');

export function SyncDetailsPanel({ sync, onClose, onResync }: { sync: SyncSummary; onClose(): void; onResync(sync: SyncSummary): Promise<void> }) {
  const [details, setDetails] = useState<SyncDetails | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [resyncing, setResyncing] = useState(false);
  const flags = useOutcomeFlags();
  const heading = useRef<HTMLDivElement>(null);
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
  // Opened from the row's "•••" menu, which gives the focus back to its button as it closes: move it here after that.
  useEffect(() => {
    let inner = 0;
    const outer = requestAnimationFrame(() => (inner = requestAnimationFrame(() => heading.current?.focus())));
    return () => {
      cancelAnimationFrame(outer);
      cancelAnimationFrame(inner);
    };
  }, [sync.id]);
  const running = details?.progress?.state === 'queued' || details?.progress?.state === 'running';
  useRefreshWhile(running, load, REFRESH_MS);

  const retry = async (entry: ActivityView) => {
    try {
      await callBackend('retryItem', { syncId: sync.id, sourceId: entry.sourceId });
      flags.success(`“${entry.title || entry.sourceId}” is queued again`, 'It is sent in a few seconds; the activity shows what came of it.');
      await load();
    } catch (e) {
      flags.failure(`Could not retry “${entry.title || entry.sourceId}”`, e);
    }
  };
  const resync = () => {
    setResyncing(true);
    void onResync(sync)
      .then(load)
      .finally(() => setResyncing(false));
  };

  return (
    <Box as="section" aria-labelledby="sync-details-heading" paddingBlockStart="space.300">
      <Stack space="space.200">
        <Inline space="space.100" spread="space-between" alignBlock="center" shouldWrap>
          <div ref={heading} tabIndex={-1}>
            <Heading size="medium" as="h2" id="sync-details-heading">
              {`Details of “${sync.name}”`}
            </Heading>
          </div>
          <Inline space="space.100" shouldWrap>
            {sync.actions.includes('resync') && (
              <Button isDisabled={running} isLoading={resyncing} onClick={resync}>
                Re-sync everything
              </Button>
            )}
            <Button onClick={onClose}>Close details</Button>
          </Inline>
        </Inline>
        <ErrorBanner message={error} title="The details could not load" />
        {!details && !error && <Spinner label="Loading details" />}
        {details && (
          <>
            {details.progress ? <FullSyncProgress progress={details.progress} /> : <Text as="p">{noProgressText(sync)}</Text>}
            <Counts sync={sync} details={details} />
            {sync.shows.verify && <VerifyPanel sync={sync} />}
            <Heading size="small" as="h3">
              Activity
            </Heading>
            <ActivityTable entries={details.activity} role={sync.role} onRetry={retry} />
          </>
        )}
      </Stack>
    </Box>
  );
}
