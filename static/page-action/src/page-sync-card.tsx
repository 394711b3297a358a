/**
 * One sync of this page: where it sends the page or where the copy came from, the page's status
 * and both versions where they differ (this copy's own, and the original's it was synced from),
 * a link to the other side, and "Sync now", or the sentence that says why it is not offered.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import type { PageSyncState } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { ExternalBadge } from '../../shared/external-badge';
import { OpenLink } from '../../shared/open-link';
import { relativeTime } from '../../shared/relative-time';
import { siteHost } from '../../shared/site-host';
import { PAGE_STATUS, type ShownStatus } from '../../shared/sync-status';
import { ReviewPanel } from './review-panel';

interface Props {
  sync: PageSyncState;
  pending: boolean;
  onQueued(): void;
  onError(error: unknown): void;
  /** A review was answered: the page's state is read again. */
  onAnswered(words: string): void;
}

/** The source's page: what the copy did with this page's version in review, said instead of the versions sentence. */
function copyReviewText(sync: PageSyncState): string | undefined {
  const r = sync.copyReview;
  if (!r || sync.direction !== 'outgoing') return undefined;
  if (r.state === 'kept') return `The copy kept its edits (its version ${r.copyVersion}): version ${r.sourceVersion} of this page was not applied there.`;
  return `Version ${r.sourceVersion} of this page waits for review at the copy, which was edited in its own space (its version ${r.copyVersion}).`;
}

/**
 * The one sentence on versions, worded for the side that reads it: the copy counts its own
 * versions, so a copy's number is always named as the copy's ("its version 5"), never mixed with
 * this page's. Undefined when nothing was synced yet, or for a status whose reason says more.
 */
function versionsText(sync: PageSyncState, shown: ShownStatus): string | undefined {
  if (sync.syncedVersion === undefined) return undefined;
  const copy = (v: number | undefined) => (v !== undefined && v !== sync.syncedVersion ? ` (in its own space, the copy is at its version ${v})` : '');
  if (sync.direction === 'incoming') {
    if (shown === 'ahead') return `Your copy was edited here (now its version ${sync.pageVersion}) after Space Sync wrote version ${sync.syncedVersion} of the original into it.`;
    if (shown === 'synced') return `Your copy is at version ${sync.pageVersion}, synced from version ${sync.syncedVersion} of the original.`;
    return undefined;
  }
  if (shown === 'synced') return `The copy has version ${sync.syncedVersion} of this page, its latest${copy(sync.copyVersion)}.`;
  if (shown === 'behind') return `This page is at version ${sync.pageVersion}; the copy has version ${sync.syncedVersion} of it${copy(sync.copyVersion)}.`;
  if (shown === 'ahead') {
    const edited = sync.aheadVersion !== undefined ? ` (now its version ${sync.aheadVersion})` : '';
    return `The copy was edited in its own space${edited} after Space Sync wrote version ${sync.syncedVersion} of this page into it.`;
  }
  return undefined;
}

function stateText(sync: PageSyncState): string | undefined {
  if (sync.state === 'paused') return 'This sync is paused.';
  if (sync.state === 'unpaired') {
    if (sync.direction === 'incoming') return 'This sync was unpaired: your copy stays as it is and is no longer updated.';
    // The server words where the copy stayed.
    return !sync.syncNow.offered && sync.syncNow.reason === 'unpaired' ? sync.syncNow.message : 'This sync was unpaired.';
  }
  if (sync.state === 'awaiting-approval') return 'This sync waits for the source admin to approve the pairing.';
  return undefined;
}

export function PageSyncCard({ sync, pending, onQueued, onError, onAnswered }: Props) {
  const [withChildren, setWithChildren] = useState(false);
  const [busy, setBusy] = useState(false);
  const [queued, setQueued] = useState<number | undefined>();
  const button = useRef<HTMLButtonElement>(null);
  // Sync now is disabled while the page is pending, which drops the focus: it goes to the "Queued" line, then back to the button.
  const focusOnMount = useCallback((el: HTMLElement | null) => el?.focus(), []);
  useEffect(() => {
    if (!pending && queued !== undefined && (document.activeElement === document.body || document.activeElement === null)) button.current?.focus();
  }, [pending, queued]);
  const shown: ShownStatus = pending ? 'pending' : sync.status;
  const queuedHere = queued !== undefined && pending;
  const status = PAGE_STATUS[shown];
  const headingId = `sync-${sync.direction}-${sync.syncId}`;
  const syncNow = () => {
    setBusy(true);
    callBackend('syncPageNow', { syncId: sync.syncId, withChildren })
      .then(({ queued: count }) => {
        setQueued(count);
        onQueued();
      })
      .catch(onError)
      .finally(() => setBusy(false));
  };
  const peer = sync.peer ? `${sync.peer.spaceName} (${sync.peer.spaceKey}) on ${siteHost(sync.peer.siteUrl)}` : 'a space not paired yet';
  const versions = (pending ? undefined : copyReviewText(sync)) ?? versionsText(sync, shown);
  // One sentence on a paused or unpaired sync, not two: the Sync now line says where a pause is
  // held and when it ends; the state line says what an ended sync means for your copy.
  const state = sync.syncNow.offered || sync.syncNow.reason !== 'paused' ? stateText(sync) : undefined;
  const noSyncNow = !sync.syncNow.offered && sync.syncNow.reason !== 'unpaired' ? sync.syncNow.message : undefined;
  return (
    <section className="ss-card" aria-labelledby={headingId} data-testid={`page-sync-${sync.syncId}`}>
      <Box padding="space.200">
        <Stack space="space.100">
          <Heading size="small" as="h2" id={headingId}>
            {sync.name}
          </Heading>
          <Text as="p">
            {sync.direction === 'outgoing' ? `Sent to ${peer}` : `Your copy, from ${peer}`}
            {sync.peer?.external && <ExternalBadge side={sync.direction === 'outgoing' ? 'source' : 'destination'} />}
          </Text>
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Lozenge appearance={status.appearance} testId={`status-${sync.syncId}`}>
              {status.text}
            </Lozenge>
            {/* One statement per side: the versions when they say it, else why (a failure's reason), else the status's help; the Queued line below says it for a Sync now. */}
            {!queuedHere && <Text color="color.text.subtle">{versions ?? sync.reason ?? status.help[sync.direction]}</Text>}
          </Inline>
          {sync.syncedAt && <Text as="p">Last synced {relativeTime(sync.syncedAt)}.</Text>}
          {state && <Text as="p">{state}</Text>}
          {sync.otherPageUrl && (
            <Text as="p">
              <OpenLink href={sync.otherPageUrl}>{sync.direction === 'outgoing' ? 'Open the copy' : 'Open the original'}</OpenLink>
            </Text>
          )}
          {sync.review && sync.direction === 'incoming' && (
            <ReviewPanel
              syncId={sync.syncId}
              review={sync.review}
              onError={onError}
              onAnswered={({ answer, peerNotified }) =>
                onAnswered(answer === 'take' ? 'You took the new version: your copy now holds it.' : `You kept your edits; the new version was dropped${peerNotified ? ' and the source space was told' : ''}.`)
              }
            />
          )}
          {sync.syncNow.offered ? (
            <Inline space="space.100" alignBlock="center" shouldWrap>
              <Button ref={button} appearance="primary" isLoading={busy} isDisabled={pending} onClick={syncNow}>
                Sync now
              </Button>
              <Checkbox label="Include child pages" isChecked={withChildren} onChange={(e) => setWithChildren(e.target.checked)} />
            </Inline>
          ) : (
            noSyncNow && (
              <Text as="p" size="small" color="color.text.subtle" testId={`no-sync-now-${sync.syncId}`}>
                {noSyncNow}
              </Text>
            )
          )}
          {queuedHere && (
            <Text as="p">
              <span role="status" tabIndex={-1} ref={focusOnMount}>Queued {queued === 1 ? 'this page' : `${queued} pages`}. It arrives in a few seconds.</span>
            </Text>
          )}
        </Stack>
      </Box>
    </section>
  );
}
