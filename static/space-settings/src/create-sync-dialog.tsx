/** "Create new sync": name, a message for the importer, what to sync, and how. */
import { useState } from 'react';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Button from '@atlaskit/button/new';
import Textfield from '@atlaskit/textfield';
import TextArea from '@atlaskit/textarea';
import { Checkbox } from '@atlaskit/checkbox';
import type { SyncSummary } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { errorMessage } from '../../shared/error-message';
import { ErrorBanner } from '../../shared/error-banner';

const CONTENT = [
  ['blogPosts', 'Blog posts'],
  ['comments', 'Comments'],
  ['labels', 'Labels'],
  ['attachments', 'Attachments'],
] as const;

export function CreateSyncDialog({ onClose, onCreated }: { onClose(): void; onCreated(sync: SyncSummary): void }) {
  const [name, setName] = useState('');
  const [message, setMessage] = useState('');
  const [include, setInclude] = useState({ blogPosts: true, comments: true, labels: true, attachments: true });
  const [automatic, setAutomatic] = useState(true);
  const [keepDestination, setKeepDestination] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    try {
      const created = await callBackend('createSync', {
        name,
        message,
        options: { ...include, mode: automatic ? 'automatic' : 'manual', conflictPolicy: keepDestination ? 'keep-destination' : 'source-wins' },
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
        <fieldset style={{ border: 0, padding: 0, marginTop: 16 }}>
          <legend>Pages are always synced. Also sync:</legend>
          {CONTENT.map(([key, label]) => (
            <Checkbox key={key} label={label} isChecked={include[key]} onChange={(e) => setInclude({ ...include, [key]: e.currentTarget.checked })} />
          ))}
        </fieldset>
        <fieldset style={{ border: 0, padding: 0, marginTop: 16 }}>
          <legend>How</legend>
          <Checkbox label="Sync automatically on every change (otherwise only on “Sync now”)" isChecked={automatic} onChange={(e) => setAutomatic(e.currentTarget.checked)} />
          <Checkbox label="Keep changes made in the copy (otherwise the source wins)" isChecked={keepDestination} onChange={(e) => setKeepDestination(e.currentTarget.checked)} />
        </fieldset>
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
