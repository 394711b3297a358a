/** "Create new sync": name, a message for the importer, what to sync, and how. */
import { useState } from 'react';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Button from '@atlaskit/button/new';
import Textfield from '@atlaskit/textfield';
import TextArea from '@atlaskit/textarea';
import type { PersonOption, SyncSummary } from '../../../src/contract/resolvers';
import { DEFAULT_OPTIONS, SyncOptionsFields } from './sync-options-fields';
import { PageSyncPicker, toPageSync } from './page-sync-picker';
import { callBackend } from '../../shared/backend';
import { errorMessage } from '../../shared/error-message';
import { ErrorBanner } from '../../shared/error-banner';

export function CreateSyncDialog({ onClose, onCreated }: { onClose(): void; onCreated(sync: SyncSummary): void }) {
  const [name, setName] = useState('');
  const [message, setMessage] = useState('');
  const [options, setOptions] = useState(DEFAULT_OPTIONS);
  const [people, setPeople] = useState<PersonOption[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    try {
      const created = await callBackend('createSync', {
        name,
        message,
        options,
        pageSync: toPageSync(people),
      });
      onClose();
      onCreated(created);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal onClose={onClose} label="Create new sync">
      <ModalHeader>
        <ModalTitle>Create new sync</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <ErrorBanner message={error} />
        <label htmlFor="sync-name">Name</label>
        <Textfield id="sync-name" name="name" value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder="Handbook for our partners" />
        <label htmlFor="sync-message">Message for the person who imports it</label>
        <TextArea id="sync-message" name="message" value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
        <SyncOptionsFields value={options} onChange={setOptions} />
        <PageSyncPicker value={people} onChange={setPeople} />
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose}>
          Cancel
        </Button>
        <Button appearance="primary" onClick={() => void submit()} isDisabled={busy}>
          Create
        </Button>
      </ModalFooter>
    </Modal>
  );
}
