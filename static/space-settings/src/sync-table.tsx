/** The synced-spaces table: one row per sync, with its peer, status and actions. */
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import Button from '@atlaskit/button/new';
import type { SyncSummary } from '../../../src/contract/resolvers';
import { relativeTime } from '../../shared/relative-time';

const STATUS: Record<SyncSummary['state'], { text: string; appearance: 'default' | 'success' | 'moved' | 'removed' | 'inprogress' }> = {
  'awaiting-import': { text: 'Awaiting import', appearance: 'inprogress' },
  active: { text: 'Active', appearance: 'success' },
  paused: { text: 'Paused', appearance: 'moved' },
  unpaired: { text: 'Unpaired', appearance: 'removed' },
};

interface Props {
  syncs: SyncSummary[];
  onIssueToken(syncId: string): void;
  onChangePair(syncId: string, action: 'pause' | 'resume' | 'unpair'): void;
  onEdit(sync: SyncSummary): void;
  /** Progress, counts and activity of a paired sync. */
  onDetails(sync: SyncSummary): void;
  onEmailToken(sync: SyncSummary): void;
  onDelete(sync: SyncSummary): void;
}

/** "7 synced · 1 failed · 3 pending": what the sync holds at a glance. */
function pagesText(sync: SyncSummary): string {
  const o = sync.overview;
  if (!o) return '';
  const parts = [`${o.synced} ${sync.role === 'source' ? 'synced' : 'copied'}`];
  if (o.failed) parts.push(`${o.failed} failed`);
  if (o.pending) parts.push(`${o.pending} pending`);
  return parts.join(' · ');
}

function Peer({ sync }: { sync: SyncSummary }) {
  if (!sync.peer) return <span>Not paired yet</span>;
  return (
    <span>
      {sync.peer.spaceName} ({sync.peer.spaceKey}) on {sync.peer.siteUrl.replace(/^https:\/\//, '')}{' '}
      {sync.peer.external && <Lozenge appearance="new">EXT</Lozenge>}
    </span>
  );
}

function Actions({ sync, onIssueToken, onChangePair, onEdit, onDetails, onEmailToken, onDelete }: { sync: SyncSummary } & Omit<Props, 'syncs'>) {
  return (
    <div style={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
      {sync.state !== 'awaiting-import' && <Button onClick={() => onDetails(sync)}>Details</Button>}
      <Button onClick={() => onEdit(sync)}>Edit</Button>
      {sync.state === 'awaiting-import' && sync.role === 'source' && (
        <>
          <Button onClick={() => onIssueToken(sync.id)}>Get token</Button>
          <Button onClick={() => onEmailToken(sync)}>Send token by email</Button>
        </>
      )}
      {sync.state === 'active' && <Button onClick={() => onChangePair(sync.id, 'pause')}>Pause</Button>}
      {sync.state === 'paused' && <Button onClick={() => onChangePair(sync.id, 'resume')}>Resume</Button>}
      {(sync.state === 'active' || sync.state === 'paused') && (
        <Button appearance="danger" onClick={() => onChangePair(sync.id, 'unpair')}>
          Unpair
        </Button>
      )}
      {(sync.state === 'awaiting-import' || sync.state === 'unpaired') && (
        <Button appearance="danger" onClick={() => onDelete(sync)}>
          Delete
        </Button>
      )}
    </div>
  );
}

export function SyncTable({ syncs, ...actions }: Props) {
  return (
    <DynamicTable
      caption="Synced spaces"
      head={{ cells: [{ key: 'name', content: 'Sync' }, { key: 'direction', content: 'Direction' }, { key: 'peer', content: 'Other space' }, { key: 'status', content: 'Status' }, { key: 'pages', content: 'Pages' }, { key: 'last', content: 'Last sync' }, { key: 'actions', content: 'Actions' }] }}
      rows={syncs.map((sync) => ({
        key: sync.id,
        testId: `sync-row-${sync.name}`,
        cells: [
          { key: 'name', content: sync.name },
          { key: 'direction', content: sync.role === 'source' ? 'Sends this space' : 'Receives into this space' },
          { key: 'peer', content: <Peer sync={sync} /> },
          { key: 'status', content: <Lozenge appearance={STATUS[sync.state].appearance}>{STATUS[sync.state].text}</Lozenge> },
          { key: 'pages', content: sync.overview ? pagesText(sync) : '' },
          { key: 'last', content: sync.overview?.lastSyncAt ? relativeTime(sync.overview.lastSyncAt) : sync.overview ? 'Not yet' : '' },
          { key: 'actions', content: <Actions sync={sync} {...actions} /> },
        ],
      }))}
    />
  );
}
