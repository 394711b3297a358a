/** The synced-spaces table: one row per sync, with its peer, status and actions. */
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import Button from '@atlaskit/button/new';
import type { SyncSummary } from '../../../src/contract/resolvers';
import { relativeTime } from '../../shared/relative-time';
import { SYNC_STATE } from '../../shared/sync-state';

interface Props {
  syncs: SyncSummary[];
  onIssueToken(syncId: string): void;
  onChangePair(syncId: string, action: 'pause' | 'resume' | 'unpair'): void;
  onEdit(sync: SyncSummary): void;
  /** Progress, counts and activity of a paired sync. */
  onDetails(sync: SyncSummary): void;
  onEmailToken(sync: SyncSummary): void;
  onDelete(sync: SyncSummary): void;
  /** Source admins: approve or decline a claimed pairing. */
  onDecide(sync: SyncSummary, decision: 'approve' | 'decline'): void;
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

/** The other space: what it claimed, and what was verified (its key and inbox host), to compare with its admin. */
function Peer({ sync }: { sync: SyncSummary }) {
  if (!sync.peer) {
    return (
      <span>
        Not paired yet
        {sync.role === 'source' && sync.own && (
          <small style={{ display: 'block' }}>
            Your key fingerprint: <code>{sync.own.keyFingerprint}</code>
          </small>
        )}
      </span>
    );
  }
  return (
    <span>
      {sync.peer.spaceName} ({sync.peer.spaceKey}) on {sync.peer.siteUrl.replace(/^https:\/\//, '')}{' '}
      {sync.peer.external && <Lozenge appearance="new">EXT</Lozenge>}
      <small style={{ display: 'block' }} data-testid="peer-verified">
        Key <code>{sync.peer.keyFingerprint}</code> · inbox {sync.peer.inboxHost}
      </small>
      {sync.peerProblem && (
        <small role="alert" style={{ display: 'block' }}>
          {sync.peerProblem}
        </small>
      )}
    </span>
  );
}

function Actions({ sync, onIssueToken, onChangePair, onEdit, onDetails, onEmailToken, onDelete, onDecide }: { sync: SyncSummary } & Omit<Props, 'syncs'>) {
  const heldHere = sync.pausedBy?.includes(sync.role) ?? false;
  return (
    <div style={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
      {sync.state === 'awaiting-approval' && sync.role === 'source' && (
        <>
          <Button appearance="primary" onClick={() => onDecide(sync, 'approve')}>
            Approve pairing
          </Button>
          <Button onClick={() => onDecide(sync, 'decline')}>Decline</Button>
        </>
      )}
      {sync.state !== 'awaiting-import' && <Button onClick={() => onDetails(sync)}>Details</Button>}
      <Button onClick={() => onEdit(sync)}>Edit</Button>
      {sync.state === 'awaiting-import' && sync.role === 'source' && (
        <>
          <Button onClick={() => onIssueToken(sync.id)}>Get token</Button>
          <Button onClick={() => onEmailToken(sync)}>Email the token</Button>
        </>
      )}
      {sync.state === 'active' && <Button onClick={() => onChangePair(sync.id, 'pause')}>Pause</Button>}
      {sync.state === 'paused' && (heldHere || !sync.pausedBy?.length) && <Button onClick={() => onChangePair(sync.id, 'resume')}>Resume</Button>}
      {sync.state === 'paused' && !heldHere && sync.pausedBy?.length ? <span>Paused by the other space</span> : null}
      {(sync.state === 'active' || sync.state === 'paused' || (sync.state === 'awaiting-approval' && sync.role === 'destination')) && (
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
          { key: 'status', content: <Lozenge appearance={SYNC_STATE[sync.state].appearance}>{SYNC_STATE[sync.state].text}</Lozenge> },
          { key: 'pages', content: sync.overview ? pagesText(sync) : '' },
          { key: 'last', content: sync.overview?.lastSyncAt ? relativeTime(sync.overview.lastSyncAt) : sync.overview ? 'Not yet' : '' },
          { key: 'actions', content: <Actions sync={sync} {...actions} /> },
        ],
      }))}
    />
  );
}
