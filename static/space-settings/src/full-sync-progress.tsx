/** A full sync's progress: what run it is, items done of the total (pages, blog posts, folders…), and what failed. */
import Heading from '@atlaskit/heading';
import ProgressBar from '@atlaskit/progress-bar';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import type { FullSyncView } from '../../../src/contract/resolvers';
import { outcomesText } from './sync-words';

const RUN: Record<FullSyncView['run'], string> = { first: 'Full sync', resync: 'Re-sync everything', 'catch-up': 'Catch-up' };
const STATE: Record<FullSyncView['state'], string> = {
  queued: 'queued',
  running: 'in progress',
  complete: 'complete',
  incomplete: 'incomplete',
  failed: 'failed',
};

/** Why the run stands still: Confluence's points quota is nearly spent, and edits come first. */
export function quotaPause(until: string): string {
  const at = new Date(until).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return `Paused to leave Confluence’s hourly request quota to edits made meanwhile; it goes on by itself at about ${at}.`;
}

export function FullSyncProgress({ progress }: { progress: FullSyncView }) {
  const label = `${RUN[progress.run]} ${STATE[progress.state]}`;
  // "9 of 9 items checked: 8 synced · 1 ahead": what came of the items this run checked, so the numbers add up.
  const outcomes = outcomesText(progress.outcomes);
  const count = `${progress.done} of ${progress.total} ${progress.total === 1 ? 'item' : 'items'} checked${outcomes ? `: ${outcomes}` : ''}`;
  return (
    <Stack space="space.100">
      <Heading size="xsmall" as="h3">
        {label}
      </Heading>
      <Text>{progress.state === 'queued' ? 'Starting…' : count}</Text>
      {progress.state === 'running' && progress.quotaWaitUntil && <Text>{quotaPause(progress.quotaWaitUntil)}</Text>}
      <ProgressBar ariaLabel={`${label}: ${count}`} value={progress.total ? progress.done / progress.total : 0} isIndeterminate={progress.state === 'queued'} appearance={progress.state === 'complete' ? 'success' : 'default'} />
      {progress.failed.length > 0 && (
        <ul>
          {progress.failed.slice(0, 10).map((f) => (
            <li key={f.sourceId}>
              Item {f.sourceId}: {f.reason}
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}
