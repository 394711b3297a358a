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
import { ErrorBanner } from '../../shared/error-banner';
import { SyncTable } from './sync-table';
import { CreateSyncDialog } from './create-sync-dialog';
import { TokenDialog } from './token-dialog';
import { ImportDialog } from './import-dialog';
import { EditSyncDialog } from './edit-sync-dialog';
import { ConfirmDialog } from './confirm-dialog';
import { EmailTokenDialog } from './email-token-dialog';
import { SyncDetailsPanel } from './sync-details-panel';

type Dialog =
  | { kind: 'none' }
  | { kind: 'create' }
  | { kind: 'import' }
  | { kind: 'token'; issued: IssuedTokenResult }
  | { kind: 'edit'; sync: SyncSummary }
  | { kind: 'email'; sync: SyncSummary }
  | { kind: 'confirm'; title: string; body: string; action: string; run(): void };

export function SpaceSettingsApp() {
  const [syncs, setSyncs] = useState<SyncSummary[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<{ appearance: 'warning' | 'success'; text: string } | undefined>();
  const [dialog, setDialog] = useState<Dialog>({ kind: 'none' });
  const [detailsOf, setDetailsOf] = useState<string | undefined>();

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
      const { peerNotified, peerProblem } = await callBackend('changePair', { syncId, action });
      setNotice(peerNotified ? undefined : { appearance: 'warning', text: `${peerProblem ?? 'The other space could not be told.'} This side has changed; the other side will catch up when it is reachable.` });
    });

  const decide = (sync: SyncSummary, decision: 'approve' | 'decline') =>
    act(async () => {
      await callBackend('decideClaim', { syncId: sync.id, decision });
      setNotice({ appearance: 'success', text: decision === 'approve' ? `You approved the pairing of “${sync.name}”. The first full sync has started.` : `You declined the pairing of “${sync.name}”. Issue a new token to pair again.` });
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
      <ErrorBanner message={error} title="Something needs your attention" />
      {notice && (
        <SectionMessage appearance={notice.appearance}>
          <p>{notice.text}</p>
        </SectionMessage>
      )}
      {syncs === undefined && !error && <Spinner label="Loading syncs" />}
      {syncs?.length === 0 && (
        <EmptyState
          header="No synced spaces yet"
          description="Create a sync to send this space to another space (on this site or another), or import a token you received to receive one."
        />
      )}
      {syncs && syncs.length > 0 && (
        <SyncTable
          syncs={syncs}
          onIssueToken={issue}
          onChangePair={(syncId, action) =>
            action === 'unpair'
              ? setDialog({
                  kind: 'confirm',
                  title: 'Unpair these spaces?',
                  body: 'Nothing more will be synced between them. Content already copied stays where it is. To sync again, create a new sync.',
                  action: 'Unpair',
                  run: () => void changePair(syncId, action),
                })
              : void changePair(syncId, action)
          }
          onDecide={(sync, decision) =>
            decision === 'decline'
              ? setDialog({
                  kind: 'confirm',
                  title: 'Decline this pairing?',
                  body: `${sync.peer?.spaceName ?? 'The other space'} will not receive anything, and the token it used stops working. You can issue a new token afterwards.`,
                  action: 'Decline',
                  run: () => void decide(sync, decision),
                })
              : void decide(sync, decision)
          }
          onEdit={(sync) => setDialog({ kind: 'edit', sync })}
          onDetails={(sync) => setDetailsOf(sync.id)}
          onEmailToken={(sync) => setDialog({ kind: 'email', sync })}
          onDelete={(sync) =>
            setDialog({
              kind: 'confirm',
              title: `Delete “${sync.name}”?`,
              body: 'The sync and any token issued for it are removed. A token already handed over stops working.',
              action: 'Delete',
              run: () => void act(() => callBackend('deleteSync', { syncId: sync.id })),
            })
          }
        />
      )}
      {syncs?.filter((s) => s.id === detailsOf).map((sync) => <SyncDetailsPanel key={sync.id} sync={sync} onClose={() => setDetailsOf(undefined)} />)}
      {dialog.kind === 'email' && <EmailTokenDialog sync={dialog.sync} onClose={() => setDialog({ kind: 'none' })} onIssued={refresh} />}
      {dialog.kind === 'edit' && <EditSyncDialog sync={dialog.sync} onClose={() => setDialog({ kind: 'none' })} onSaved={refresh} />}
      {dialog.kind === 'confirm' && (
        <ConfirmDialog title={dialog.title} body={dialog.body} action={dialog.action} onConfirm={dialog.run} onClose={() => setDialog({ kind: 'none' })} />
      )}
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
