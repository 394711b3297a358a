/** Asks before a change that cannot be taken back (unpair, delete, decline); the action shows a spinner while it runs. */
import { useState } from 'react';
import { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Modal } from '../../shared/host-modal';
import Button from '@atlaskit/button/new';

export interface Confirmation {
  title: string;
  body: string;
  action: string;
  /** Runs the change; the dialog closes when it ends, whatever came of it (the outcome is a flag). */
  run(): Promise<void>;
}

export function ConfirmDialog({ confirmation, onClose }: { confirmation: Confirmation; onClose(): void }) {
  const [busy, setBusy] = useState(false);
  const confirm = () => {
    setBusy(true);
    void confirmation.run().finally(onClose);
  };
  return (
    <Modal onClose={busy ? () => undefined : onClose} width="small">
      <ModalHeader>
        <ModalTitle appearance="danger">{confirmation.title}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <p>{confirmation.body}</p>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose} isDisabled={busy}>
          Cancel
        </Button>
        <Button appearance="danger" onClick={confirm} isLoading={busy}>
          {confirmation.action}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
