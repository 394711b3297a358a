/** "Create new sync": name, a message for the importer, what to sync (its scope, previewed), and how. */
import { useState } from 'react';
import Textfield from '@atlaskit/textfield';
import TextArea from '@atlaskit/textarea';
import { Checkbox } from '@atlaskit/checkbox';
import { CheckboxField, Field } from '@atlaskit/form';
import type { PersonOption, SyncSummary } from '../../../src/contract/resolvers';
import { SyncOptionsFields, toOptions, type OptionsFormValues } from './sync-options-fields';
import { PageSyncPicker, toPageSync } from './page-sync-picker';
import { callBackend } from '../../shared/backend';
import { FormDialog } from '../../shared/form-dialog';
import { ScopeFields, WHOLE_SPACE } from './scope-fields';

interface Values extends OptionsFormValues, Record<string, unknown> {
  name: string;
  message: string;
  requireApproval: boolean;
  people: PersonOption[];
}

export function CreateSyncDialog({ onClose, onCreated }: { onClose(): void; onCreated(sync: SyncSummary): void }) {
  const [scope, setScope] = useState(WHOLE_SPACE);
  const create = async (v: Values) => {
    const created = await callBackend('createSync', { name: v.name, message: v.message, options: toOptions(v), pageSync: toPageSync(v.people), requireApproval: v.requireApproval, scope });
    onCreated(created);
  };

  return (
    <FormDialog<Values> title="Create new sync" action="Create" onClose={onClose} onSubmit={create}>
      <p>This space is the source: its pages go to the space that imports the token you get next.</p>
      <Field name="name" label="Name" isRequired defaultValue="" helperMessage="Both spaces see it; the other admin may rename their side." component={({ fieldProps }) => <Textfield {...fieldProps} placeholder="Handbook for our partners" />} />
      <Field<string, HTMLTextAreaElement>
        name="message"
        label="Message for the person who imports it"
        defaultValue=""
        helperMessage="Shown with the token before they import it, and in the token email."
        component={({ fieldProps }) => <TextArea {...fieldProps} minimumRows={2} />}
      />
      <SyncOptionsFields />
      <ScopeFields value={scope} onChange={setScope} blogPosts />
      <ApprovalField />
      <PageSyncPicker />
    </FormDialog>
  );
}

/** Approval of the claim: the source admin confirms who claimed the token before anything is sent. */
function ApprovalField() {
  return (
    <CheckboxField name="requireApproval" defaultIsChecked={false}>
      {({ fieldProps }) => <Checkbox {...fieldProps} label="Approve the pairing before anything is sent (you see who claimed the token, and confirm)" />}
    </CheckboxField>
  );
}
