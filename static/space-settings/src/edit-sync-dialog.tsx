/** "Edit": this side's name and who may run "Sync now"; on the source also the message and what to sync. */
import { useState } from 'react';
import Textfield from '@atlaskit/textfield';
import TextArea from '@atlaskit/textarea';
import type { SyncSummary } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { FormDialog } from '../../shared/form-dialog';
import { SyncOptionsFields } from './sync-options-fields';
import { PageSyncPicker, toPageSync, useChosenPeople } from './page-sync-picker';

export function EditSyncDialog({ sync, onClose, onSaved }: { sync: SyncSummary; onClose(): void; onSaved(): void }) {
  const [name, setName] = useState(sync.name);
  const [message, setMessage] = useState(sync.message);
  const [options, setOptions] = useState(sync.options);
  const [people, setPeople] = useChosenPeople(sync.pageSync);
  const isSource = sync.role === 'source' && sync.state !== 'unpaired';
  const save = async () => {
    await callBackend('editSync', { syncId: sync.id, name, pageSync: toPageSync(people), ...(isSource ? { message, options } : {}) });
    onClose();
    onSaved();
  };
  return (
    <FormDialog title="Edit sync" action="Save" onClose={onClose} onSubmit={save}>
      <label htmlFor="edit-name">Name</label>
      <Textfield id="edit-name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
      {isSource && (
        <>
          <label htmlFor="edit-message">Message for the person who imports it</label>
          <TextArea id="edit-message" value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
          <SyncOptionsFields value={options} onChange={setOptions} />
        </>
      )}
      <PageSyncPicker value={people} onChange={setPeople} />
    </FormDialog>
  );
}
