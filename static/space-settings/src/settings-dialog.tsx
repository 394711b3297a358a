/** The one dialog the settings page has open at a time, and what each is for. */
import type { IssuedTokenResult, SyncSummary, TokenPreview } from '../../../src/contract/resolvers';
import { ConfirmDialog, type Confirmation } from './confirm-dialog';
import { CreateSyncDialog } from './create-sync-dialog';
import { EditSyncDialog } from './edit-sync-dialog';
import { EmailTokenDialog } from './email-token-dialog';
import { ImportDialog } from './import-dialog';
import { TokenDialog } from './token-dialog';
import { NotificationsDialog } from './notifications-dialog';

export type SettingsDialog =
  | { kind: 'none' }
  | { kind: 'create' }
  | { kind: 'import' }
  | { kind: 'token'; issued: IssuedTokenResult }
  | { kind: 'edit'; sync: SyncSummary }
  | { kind: 'notifications'; sync: SyncSummary }
  | { kind: 'email'; sync: SyncSummary }
  | { kind: 'confirm'; confirmation: Confirmation };

interface Props {
  dialog: SettingsDialog;
  onClose(): void;
  onCreated(sync: SyncSummary): void;
  onImported(sync: SyncSummary, preview: TokenPreview): void;
  onSaved(sync: SyncSummary): void;
  onTokenIssued(): void;
}

export function SettingsDialogs({ dialog, onClose, onCreated, onImported, onSaved, onTokenIssued }: Props) {
  switch (dialog.kind) {
    case 'none':
      return null;
    case 'create':
      return <CreateSyncDialog onClose={onClose} onCreated={onCreated} />;
    case 'import':
      return <ImportDialog onClose={onClose} onImported={onImported} />;
    case 'token':
      return <TokenDialog issued={dialog.issued} onClose={onClose} />;
    case 'edit':
      return <EditSyncDialog sync={dialog.sync} onClose={onClose} onSaved={onSaved} />;
    case 'notifications':
      return <NotificationsDialog sync={dialog.sync} onClose={onClose} onSaved={() => onSaved(dialog.sync)} />;
    case 'email':
      return <EmailTokenDialog sync={dialog.sync} onClose={onClose} onIssued={onTokenIssued} />;
    case 'confirm':
      return <ConfirmDialog confirmation={dialog.confirmation} onClose={onClose} />;
  }
}
