/** The space settings page: where space admins create, hand over, import and control syncs. */
import { useCallback, useEffect, useState } from 'react';
import Heading from '@atlaskit/heading';
import EmptyState from '@atlaskit/empty-state';
import Spinner from '@atlaskit/spinner';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import type { SyncSummary, TokenPreview } from '../../../src/contract/resolvers';
import { callBackend, errorCode } from '../../shared/backend';
import { errorMessage } from '../../shared/error-message';
import { ErrorBanner } from '../../shared/error-banner';
import { externalMeaning } from '../../shared/external-badge';
import { useOutcomeFlags } from '../../shared/outcome-flags';
import { SettingsHeader, type Access } from './settings-header';
import { SettingsDialogs, type SettingsDialog } from './settings-dialog';
import { SyncTable } from './sync-table';
import { SyncDetailsPanel } from './sync-details-panel';
import { useSyncActions } from './use-sync-actions';
import { HeldDeleteMessage } from './held-delete-message';
import { rowActionsTestId } from './sync-row-actions';
import { peerText } from './sync-words';
import { changesByItself } from './refresh-rule';
import { useRefreshWhile } from '../../shared/use-refresh-while';
import { AttentionNotices } from '../../shared/attention-notices';

/** While a sync changes by itself, the list reloads this long after each answer. */
const REFRESH_MS = 3000;

export function SpaceSettingsApp() {
  const [syncs, setSyncs] = useState<SyncSummary[] | undefined>();
  const [access, setAccess] = useState<Access>({ state: 'loading' });
  const [dialog, setDialog] = useState<SettingsDialog>({ kind: 'none' });
  const [detailsOf, setDetailsOf] = useState<string | undefined>();
  const flags = useOutcomeFlags();
  const close = () => setDialog({ kind: 'none' });

  const refresh = useCallback(
    () =>
      callBackend('listSyncs')
        .then((rows) => {
          setSyncs(rows);
          setAccess({ state: 'admin' });
        })
        .catch((e: unknown) => setAccess({ state: errorCode(e) === 'not-space-admin' ? 'refused' : 'failed', message: errorMessage(e) })),
    [],
  );
  useEffect(() => void refresh(), [refresh]);
  // The receiving side too: its copies arrive, and the other admin claims or approves, without anyone here acting.
  useRefreshWhile(syncs?.some((s) => changesByItself(s)) ?? false, refresh, REFRESH_MS);
  const actions = useSyncActions({ refresh, show: setDialog, openDetails: setDetailsOf });

  const created = (sync: SyncSummary) => {
    // No flag: the token dialog that opens next says the sync exists, and a flag would cover its buttons.
    close();
    void actions.issueToken(sync);
  };
  const imported = (sync: SyncSummary, preview: TokenPreview) => {
    close();
    void refresh();
    const from = sync.peer ? peerText(sync.peer) : `${preview.claimed.spaceName} (${preview.claimed.spaceKey})`;
    if (sync.state === 'awaiting-approval') flags.success(`“${sync.name}” is waiting for approval`, `${from} asks its admin to approve the pairing; nothing is sent until then.`);
    else flags.success(`Paired with ${from}`, 'The first full sync has started; Details shows its progress.');
  };
  const saved = (sync: SyncSummary) => {
    close();
    void refresh();
    flags.success(`“${sync.name}” is saved`);
  };

  const shown = syncs?.find((s) => s.id === detailsOf);
  // Closing the details gives the focus back to the row's "•••" button, where Details was chosen.
  const closeDetails = () => {
    const id = detailsOf;
    setDetailsOf(undefined);
    requestAnimationFrame(() => id && document.querySelector<HTMLElement>(`[data-testid="${CSS.escape(rowActionsTestId(id))}"]`)?.focus());
  };
  return (
    <>
      <Stack space="space.300">
        <SettingsHeader access={access} onCreate={() => setDialog({ kind: 'create' })} onImport={() => setDialog({ kind: 'import' })} />
        {access.state === 'failed' && <ErrorBanner message={access.message} title="Space Sync could not load" />}
        {access.state === 'loading' && <Spinner label="Loading syncs" />}
        {access.state === 'admin' && <AttentionNotices resolver="spaceAttention" refreshKey={syncs} />}
        {syncs?.length === 0 && (
          <EmptyState
            header="No synced spaces yet"
            headingLevel={2}
            description="Create a sync to send this space to another space, on this site or another; or import a token you received to receive a space here."
          />
        )}
        {syncs?.map((s) => <HeldDeleteMessage key={`held-${s.id}`} sync={s} busy={Boolean(actions.busy[s.id])} onAction={actions.run} />)}
        {syncs && syncs.length > 0 && (
          <Stack space="space.100">
            <Heading size="medium" as="h2">
              Synced spaces
            </Heading>
            <SyncTable syncs={syncs} busy={actions.busy} onAction={actions.run} />
            {syncs.some((s) => s.peer?.external) && (
              <Text as="p" size="small" color="color.text.subtle">
                {externalMeaning(syncs.filter((s) => s.peer?.external).map((s) => s.role))}
              </Text>
            )}
          </Stack>
        )}
        {shown && <SyncDetailsPanel key={shown.id} sync={shown} onClose={closeDetails} onResync={actions.resync} />}
      </Stack>
      <SettingsDialogs dialog={dialog} onClose={close} onCreated={created} onImported={imported} onSaved={saved} onTokenIssued={() => void refresh()} />
    </>
  );
}
