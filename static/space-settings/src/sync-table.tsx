/**
 * The synced-spaces table: one row per sync (in the server's order), with its peer, its state
 * and a sentence on what that means, its numbers, and its "•••" actions. On a narrow frame the
 * columns fold into one, so the table never overflows it.
 */
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import Spinner from '@atlaskit/spinner';
import VisuallyHidden from '@atlaskit/visually-hidden';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import type { SyncAction, SyncSummary } from '../../../src/contract/resolvers';
import { relativeTime } from '../../shared/relative-time';
import { SYNC_STATE } from '../../shared/sync-state';
import { useNarrow } from '../../shared/use-narrow';
import { SyncPeer } from './sync-peer';
import { SyncRowActions } from './sync-row-actions';
import { directionText, overviewText, stateHelp } from './sync-words';

interface Props {
  syncs: SyncSummary[];
  /** The sync whose action is running, and which action. */
  busy: Partial<Record<string, SyncAction>>;
  onAction(sync: SyncSummary, action: SyncAction): void;
}

function Status({ sync, busy }: { sync: SyncSummary; busy?: SyncAction }) {
  return (
    <Stack space="space.050">
      <Inline space="space.100" alignBlock="center">
        <Lozenge appearance={SYNC_STATE[sync.state].appearance} testId={`sync-state-${sync.name}`}>
          {SYNC_STATE[sync.state].text}
        </Lozenge>
        {busy && <Spinner size="small" label={`Working on ${sync.name}`} />}
      </Inline>
      <Text size="small" color="color.text.subtle">
        {stateHelp(sync)}
      </Text>
    </Stack>
  );
}

const lastSync = (sync: SyncSummary) => (sync.overview?.lastSyncAt ? relativeTime(sync.overview.lastSyncAt) : sync.overview ? 'Not yet' : '');

function NameCell({ sync }: { sync: SyncSummary }) {
  return (
    <Stack space="space.050">
      <Text weight="semibold">{sync.name}</Text>
      <Text size="small" color="color.text.subtle">
        {directionText(sync)}
      </Text>
    </Stack>
  );
}

/** Everything in one cell: the narrow layout. */
function FoldedCell({ sync, busy }: { sync: SyncSummary; busy?: SyncAction }) {
  const numbers = [overviewText(sync), sync.overview ? `Last sync: ${lastSync(sync)}` : ''].filter(Boolean).join(' · ');
  return (
    <Stack space="space.100">
      <NameCell sync={sync} />
      <SyncPeer sync={sync} />
      <Status sync={sync} busy={busy} />
      {numbers && <Text size="small">{numbers}</Text>}
    </Stack>
  );
}

export function SyncTable({ syncs, busy, onAction }: Props) {
  const narrow = useNarrow();
  const actions = (sync: SyncSummary) => <SyncRowActions sync={sync} busy={busy[sync.id] !== undefined} onAction={onAction} />;
  if (narrow) {
    return (
      <DynamicTable
        label="Synced spaces"
        head={{ cells: [{ key: 'sync', content: 'Sync' }, { key: 'actions', content: <VisuallyHidden>Actions</VisuallyHidden>, width: 15 }] }}
        rows={syncs.map((sync) => ({
          key: sync.id,
          testId: `sync-row-${sync.name}`,
          cells: [
            { key: 'sync', content: <FoldedCell sync={sync} busy={busy[sync.id]} /> },
            { key: 'actions', content: actions(sync) },
          ],
        }))}
      />
    );
  }
  return (
    <DynamicTable
      label="Synced spaces"
      head={{
        cells: [
          { key: 'name', content: 'Sync', width: 18 },
          { key: 'peer', content: 'Other space', width: 26 },
          { key: 'status', content: 'Status', width: 28 },
          { key: 'content', content: 'Content', width: 14 },
          { key: 'last', content: 'Last sync', width: 9 },
          { key: 'actions', content: 'Actions', width: 5 },
        ],
      }}
      rows={syncs.map((sync) => ({
        key: sync.id,
        testId: `sync-row-${sync.name}`,
        cells: [
          { key: 'name', content: <NameCell sync={sync} /> },
          { key: 'peer', content: <SyncPeer sync={sync} /> },
          { key: 'status', content: <Status sync={sync} busy={busy[sync.id]} /> },
          { key: 'content', content: overviewText(sync) },
          { key: 'last', content: lastSync(sync) },
          { key: 'actions', content: actions(sync) },
        ],
      }))}
    />
  );
}
