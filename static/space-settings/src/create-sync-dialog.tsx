/** "Create new sync": name, a message for the importer, what to sync, and how. */
import { useState } from 'react';
import Textfield from '@atlaskit/textfield';
import TextArea from '@atlaskit/textarea';
import { Checkbox } from '@atlaskit/checkbox';
import type { PersonOption, SyncSummary } from '../../../src/contract/resolvers';
import { DEFAULT_OPTIONS, SyncOptionsFields } from './sync-options-fields';
import { PageSyncPicker, toPageSync } from './page-sync-picker';
import { callBackend } from '../../shared/backend';
import { FormDialog } from '../../shared/form-dialog';

export function CreateSyncDialog({ onClose, onCreated }: { onClose(): void; onCreated(sync: SyncSummary): void }) {
  const [name, setName] = useState('');
  const [message, setMessage] = useState('');
  const [options, setOptions] = useState(DEFAULT_OPTIONS);
  const [people, setPeople] = useState<PersonOption[]>([]);
  const [requireApproval, setRequireApproval] = useState(false);

  const create = async () => {
    const created = await callBackend('createSync', { name, message, options, pageSync: toPageSync(people), requireApproval });
    onClose();
    onCreated(created);
  };

  return (
    <FormDialog title="Create new sync" action="Create" onClose={onClose} onSubmit={create}>
      <label htmlFor="sync-name">Name</label>
      <Textfield id="sync-name" name="name" value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder="Handbook for our partners" />
      <label htmlFor="sync-message">Message for the person who imports it</label>
      <TextArea id="sync-message" name="message" value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
      <SyncOptionsFields value={options} onChange={setOptions} />
      <Checkbox
        label="Approve the pairing before anything is sent (you see who claimed the token, and confirm)"
        isChecked={requireApproval}
        onChange={(e) => setRequireApproval(e.currentTarget.checked)}
      />
      <PageSyncPicker value={people} onChange={setPeople} />
    </FormDialog>
  );
}
