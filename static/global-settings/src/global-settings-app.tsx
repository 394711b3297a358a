/**
 * Confluence administration → Space Sync: every sync of this site, read-only, for Confluence
 * admins (the server checks). Syncs are created and changed in each space's own settings.
 */
import { useEffect, useState } from 'react';
import Heading from '@atlaskit/heading';
import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import Lozenge from '@atlaskit/lozenge';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import type { SiteSyncRow } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { errorMessage } from '../../shared/error-message';
import { ErrorBanner } from '../../shared/error-banner';
import { SYNC_STATE } from '../../shared/sync-state';

function OtherSite({ row }: { row: SiteSyncRow }) {
  if (!row.peer) return <span>Not paired yet</span>;
  return (
    <span>
      {row.peer.spaceName} ({row.peer.spaceKey}) on {row.peer.siteUrl.replace(/^https:\/\//, '')} {row.peer.external && <Lozenge appearance="new">EXT</Lozenge>}
    </span>
  );
}

export function GlobalSettingsApp() {
  const [rows, setRows] = useState<SiteSyncRow[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    callBackend('listSiteSyncs')
      .then(setRows)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  return (
    <main style={{ padding: token('space.300') }}>
      <Heading size="large">Space Sync on this site</Heading>
      <p>
        Every sync of this site's spaces. Space admins create and manage them in their space: <strong>Space settings → Space Sync</strong>. This list
        only shows them.
      </p>
      <ErrorBanner message={error} />
      {rows === undefined && !error && <Spinner label="Loading syncs" />}
      {rows?.length === 0 && <EmptyState header="No syncs on this site yet" description="A space admin creates one in the space's settings, under Space Sync." />}
      {rows && rows.length > 0 && (
        <DynamicTable
          caption="Syncs on this site"
          head={{ cells: [{ key: 'name', content: 'Sync' }, { key: 'space', content: 'Space' }, { key: 'role', content: 'Role' }, { key: 'state', content: 'State' }, { key: 'peer', content: 'Other space' }] }}
          rows={rows.map((row) => ({
            key: row.id,
            testId: `site-sync-${row.name}`,
            cells: [
              { key: 'name', content: row.name },
              { key: 'space', content: `${row.space.name} (${row.space.key})` },
              { key: 'role', content: row.role === 'source' ? 'Source' : 'Destination' },
              { key: 'state', content: <Lozenge appearance={SYNC_STATE[row.state].appearance}>{SYNC_STATE[row.state].text}</Lozenge> },
              { key: 'peer', content: <OtherSite row={row} /> },
            ],
          }))}
        />
      )}
    </main>
  );
}
