/** The space settings page: where space admins create, hand over, import and control syncs. */
import { useCallback, useEffect, useState } from 'react';
import Heading from '@atlaskit/heading';
import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import type { IssuedTokenResult, SyncSummary } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { errorMessage } from '../../shared/error-message';
import { SyncTable } from './sync-table';
import { CreateSyncDialog } from './create-sync-dialog';
import { TokenDialog } from './token-dialog';
import { ImportDialog } from './import-dialog';

type Dialog = { kind: 'none' } | { kind: 'create' } | { kind: 'import' } | { kind: 'token'; issued: IssuedTokenResult };

export function SpaceSettingsApp() {
  const [syncs, setSyncs] = useState<SyncSummary[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [dialog, setDialog] = useState<Dialog>({ kind: 'none' });

  const refresh = useCallback(() => {
    callBackend('listSyncs')
      .then((rows) => {
        setSyncs(rows);
        setError(undefined);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);
  useEffect(refresh, [refresh]);

  /** Runs a row action, then reloads; failures are shown above the table. */
  const act = (work: () => Promise<unknown>) =>
    work()
      .then(refresh)
      .catch((e: unknown) => setError(errorMessage(e)));

  const issue = (syncId: string) =>
    act(async () => setDialog({ kind: 'token', issued: await callBackend('issueToken', { syncId }) }));

  const changePair = (syncId: string, action: 'pause' | 'resume' | 'unpair') =>
    act(async () => {
      const { peerNotified } = await callBackend('changePair', { syncId, action });
      setNotice(peerNotified ? undefined : 'The other space could not be told. This side has changed; the other side will catch up when it is reachable.');
    });

  return (
    <main style={{ padding: token('space.300') }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: token('space.200') }}>
        <Heading size="large">Space Sync</Heading>
        <div style={{ display: 'flex', gap: token('space.100') }}>
          <Button onClick={() => setDialog({ kind: 'import' })}>Import token</Button>
          <Button appearance="primary" onClick={() => setDialog({ kind: 'create' })}>
            Create new sync
          </Button>
        </div>
      </div>
      {error && (
        <SectionMessage appearance="error" title="Something needs your attention">
          <p>{error}</p>
        </SectionMessage>
      )}
      {notice && (
        <SectionMessage appearance="warning">
          <p>{notice}</p>
        </SectionMessage>
      )}
      {syncs === undefined && !error && <Spinner label="Loading syncs" />}
      {syncs?.length === 0 && (
        <EmptyState
          header="No synced spaces yet"
          description="Create a sync to send this space to another space (on this site or another), or import a token you received to receive one."
        />
      )}
      {syncs && syncs.length > 0 && <SyncTable syncs={syncs} onIssueToken={issue} onChangePair={changePair} />}
      {dialog.kind === 'create' && (
        <CreateSyncDialog
          onClose={() => setDialog({ kind: 'none' })}
          onCreated={(created) => {
            refresh();
            void issue(created.id);
          }}
        />
      )}
      {dialog.kind === 'token' && <TokenDialog issued={dialog.issued} onClose={() => setDialog({ kind: 'none' })} />}
      {dialog.kind === 'import' && (
        <ImportDialog
          onClose={() => setDialog({ kind: 'none' })}
          onImported={() => {
            setDialog({ kind: 'none' });
            refresh();
          }}
        />
      )}
    </main>
  );
}
