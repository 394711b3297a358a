/** "Edit": this side's name and who may run "Sync now"; on the source also the message and what to sync (the server says which). */
import { useState } from 'react';
import Textfield from '@atlaskit/textfield';
import TextArea from '@atlaskit/textarea';
import Spinner from '@atlaskit/spinner';
import { Field } from '@atlaskit/form';
import type { PersonOption, SyncSummary } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { FormDialog } from '../../shared/form-dialog';
import { ScopeFields, WHOLE_SPACE } from './scope-fields';
import { SyncOptionsFields, toOptions, type OptionsFormValues } from './sync-options-fields';
import { PageSyncPicker, toPageSync, useChosenPeople } from './page-sync-picker';

interface Values extends Partial<OptionsFormValues>, Record<string, unknown> {
  name: string;
  message?: string;
  people: PersonOption[];
}

export function EditSyncDialog({ sync, onClose, onSaved }: { sync: SyncSummary; onClose(): void; onSaved(sync: SyncSummary): void }) {
  const people = useChosenPeople(sync.pageSync);
  const [scope, setScope] = useState(sync.scope ?? WHOLE_SPACE);
  const save = async (v: Values) => {
    const saved = await callBackend('editSync', {
      syncId: sync.id,
      name: v.name,
      pageSync: toPageSync(v.people),
      ...(sync.editable.message ? { message: v.message ?? '' } : {}),
      ...(sync.editable.options ? { options: toOptions(v as OptionsFormValues), scope } : {}),
    });
    onSaved(saved);
  };
  return (
    <FormDialog<Values> title={`Edit “${sync.name}”`} action="Save" onClose={onClose} onSubmit={save} disabled={!people}>
      <Field name="name" label="Name" isRequired defaultValue={sync.name} helperMessage="Its name in this space." component={({ fieldProps }) => <Textfield {...fieldProps} />} />
      {sync.editable.message && (
        <Field<string, HTMLTextAreaElement>
          name="message"
          label="Message for the person who imports it"
          defaultValue={sync.message}
          component={({ fieldProps }) => <TextArea {...fieldProps} minimumRows={2} />}
        />
      )}
      {sync.editable.options && <ScopeFields value={scope} onChange={setScope} blogPosts={sync.options.blogPosts} />}
      {sync.editable.options ? <SyncOptionsFields value={sync.options} /> : <p>{sync.role === 'destination' ? 'What to sync is chosen by the source space; its admins can change it there.' : 'This sync is unpaired, so what it syncs no longer changes.'}</p>}
      {people ? <PageSyncPicker defaultValue={people} /> : <Spinner label="Loading who may run Sync now" />}
    </FormDialog>
  );
}
