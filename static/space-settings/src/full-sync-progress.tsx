/** A full sync's progress: what run it is, items done of the total (pages, blog posts, folders…), and what failed. */
import Heading from '@atlaskit/heading';
import ProgressBar from '@atlaskit/progress-bar';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import type { FullSyncView } from '../../../src/contract/resolvers';

const LABEL: Record<FullSyncView['state'], string> = {
  queued: 'Full sync queued',
  running: 'Full sync in progress',
  complete: 'Full sync complete',
  incomplete: 'Full sync incomplete',
  failed: 'Full sync failed',
};

export function FullSyncProgress({ progress }: { progress: FullSyncView }) {
  const label = LABEL[progress.state];
  const count = `${progress.done} of ${progress.total} ${progress.total === 1 ? 'item' : 'items'}`;
  return (
    <Stack space="space.100">
      <Heading size="xsmall" as="h3">
        {label}
      </Heading>
      <Text>{progress.state === 'queued' ? 'Starting…' : count}</Text>
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
