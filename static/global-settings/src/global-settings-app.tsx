/**
 * Confluence administration → Space Sync: every sync of this site, read-only, for Confluence
 * admins (the server checks). Syncs are created and changed in each space's own settings.
 */
import { useEffect, useState } from 'react';
import Heading from '@atlaskit/heading';
import EmptyState from '@atlaskit/empty-state';
import Spinner from '@atlaskit/spinner';
import SectionMessage from '@atlaskit/section-message';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import type { SiteSyncRow } from '../../../src/contract/resolvers';
import { callBackend, errorCode } from '../../shared/backend';
import { errorMessage } from '../../shared/error-message';
import { ErrorBanner } from '../../shared/error-banner';
import { externalMeaning } from '../../shared/external-badge';
import { SiteSyncTable } from './site-sync-table';
import { AttentionNotices } from '../../shared/attention-notices';

export function GlobalSettingsApp() {
  const [rows, setRows] = useState<SiteSyncRow[] | undefined>();
  const [error, setError] = useState<{ message: string; refused: boolean } | undefined>();

  useEffect(() => {
    callBackend('listSiteSyncs')
      .then(setRows)
      .catch((e: unknown) => setError({ message: errorMessage(e), refused: errorCode(e) === 'not-site-admin' }));
  }, []);

  return (
    <Stack space="space.200">
      <Heading size="large" as="h1">
        Space Sync on this site
      </Heading>
      <Text as="p">
        Every sync of this site’s spaces. Space admins create and manage them in their space: <strong>Space settings → Space Sync</strong>. This list only shows
        them.
      </Text>
      {error?.refused ? (
        <SectionMessage appearance="information" title="Only Confluence admins see this list">
          <p>{error.message}</p>
        </SectionMessage>
      ) : (
        <ErrorBanner message={error?.message} title="Space Sync could not load" />
      )}
      {rows === undefined && !error && <Spinner label="Loading syncs" />}
      {rows?.length === 0 && <EmptyState header="No syncs on this site yet" headingLevel={2} description="A space admin creates one in the space’s settings, under Space Sync." />}
      {rows && rows.length > 0 && <AttentionNotices resolver="siteAttention" />}
      {rows && rows.length > 0 && (
        <Stack space="space.100">
          <Heading size="medium" as="h2">
            Syncs
          </Heading>
          <SiteSyncTable rows={rows} />
          {rows.some((r) => r.peer?.external) && (
            <Text as="p" size="small" color="color.text.subtle">
              {externalMeaning(rows.filter((r) => r.peer?.external).map((r) => r.role))}
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}
