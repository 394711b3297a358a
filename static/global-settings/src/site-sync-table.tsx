/** Every sync of the site, read-only: name, space, role, state and the other space; folded into one column on a narrow frame. */
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import type { SiteSyncRow } from '../../../src/contract/resolvers';
import { ExternalBadge } from '../../shared/external-badge';
import { siteHost } from '../../shared/site-host';
import { SYNC_STATE } from '../../shared/sync-state';
import { useNarrow } from '../../shared/use-narrow';

function OtherSpace({ row }: { row: SiteSyncRow }) {
  if (!row.peer) return <Text>{row.state === 'unpaired' ? 'No longer paired' : 'Not paired yet'}</Text>;
  return (
    <Text>
      <span className="ss-wrap">
        {row.peer.spaceName} ({row.peer.spaceKey}) on {siteHost(row.peer.siteUrl)}
      </span>
      {row.peer.external && <ExternalBadge side={row.role} />}
    </Text>
  );
}

const role = (row: SiteSyncRow) => (row.role === 'source' ? 'Source: sends its space' : 'Destination: receives into its space');
const state = (row: SiteSyncRow) => <Lozenge appearance={SYNC_STATE[row.state].appearance}>{SYNC_STATE[row.state].text}</Lozenge>;

export function SiteSyncTable({ rows }: { rows: SiteSyncRow[] }) {
  const narrow = useNarrow();
  if (narrow) {
    return (
      <DynamicTable
        label="Syncs on this site"
        head={{ cells: [{ key: 'sync', content: 'Sync' }] }}
        rows={rows.map((row) => ({
          key: row.id,
          testId: `site-sync-${row.name}`,
          cells: [
            {
              key: 'sync',
              content: (
                <Stack space="space.050">
                  <Text weight="semibold">{row.name}</Text>
                  <Text size="small">
                    {row.space.name} ({row.space.key}) · {role(row)}
                  </Text>
                  <OtherSpace row={row} />
                  {state(row)}
                </Stack>
              ),
            },
          ],
        }))}
      />
    );
  }
  return (
    <DynamicTable
      label="Syncs on this site"
      head={{ cells: [{ key: 'name', content: 'Sync' }, { key: 'space', content: 'Space' }, { key: 'role', content: 'Role' }, { key: 'state', content: 'State' }, { key: 'peer', content: 'Other space' }] }}
      rows={rows.map((row) => ({
        key: row.id,
        testId: `site-sync-${row.name}`,
        cells: [
          { key: 'name', content: row.name },
          { key: 'space', content: `${row.space.name} (${row.space.key})` },
          { key: 'role', content: row.role === 'source' ? 'Source' : 'Destination' },
          { key: 'state', content: state(row) },
          { key: 'peer', content: <OtherSpace row={row} /> },
        ],
      }))}
    />
  );
}
