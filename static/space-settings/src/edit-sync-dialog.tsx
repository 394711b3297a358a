/** "Edit": this side's name, and on the source the message for the importer. */
import { useState } from 'react';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Button from '@atlaskit/button/new';
import Textfield from '@atlaskit/textfield';
import TextArea from '@atlaskit/textarea';
import type { SyncSummary } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { errorMessage } from '../../shared/error-message';
import { ErrorBanner } from '../../shared/error-banner';

export function EditSyncDialog({ sync, onClose, onSaved }: { sync: SyncSummary; onClose(): void; onSaved(): void }) {
  const [name, setName] = useState(sync.name);
  const [message, setMessage] = useState(sync.message);
  const [error, setError] = useState<string | undefined>();
  const save = () =>
    callBackend('editSync', { syncId: sync.id, name, ...(sync.role === 'source' ? { message } : {}) })
      .then(() => {
        onClose();
        onSaved();
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  return (
    <Modal onClose={onClose} label="Edit sync">
      <ModalHeader>
        <ModalTitle>Edit sync</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <ErrorBanner message={error} />
        <label htmlFor="edit-name">Name</label>
        <Textfield id="edit-name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
        {sync.role === 'source' && (
          <>
            <label htmlFor="edit-message">Message for the person who imports it</label>
            <TextArea id="edit-message" value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
          </>
        )}
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose}>
          Cancel
        </Button>
        <Button appearance="primary" onClick={() => void save()}>
          Save
        </Button>
      </ModalFooter>
    </Modal>
  );
}
