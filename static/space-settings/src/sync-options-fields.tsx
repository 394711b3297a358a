/** What to sync and how: the source's choices, at creation and later, as form fields. */
import { Checkbox } from '@atlaskit/checkbox';
import Select from '@atlaskit/select';
import { keepEnterInSearch } from './select-keys';
import { CheckboxField, Field, Fieldset, HelperMessage } from '@atlaskit/form';
import type { SyncSummary } from '../../../src/contract/resolvers';
import { DEFAULT_GUARD_OPTIONS, MassDeleteFields, toGuard, type GuardFormValues } from './mass-delete-fields';

export type SyncOptionsValue = SyncSummary['options'];

export const DEFAULT_OPTIONS: SyncOptionsValue = { blogPosts: true, comments: true, labels: true, attachments: true, mode: 'automatic', conflictPolicy: 'source-wins', massDeleteGuard: DEFAULT_GUARD_OPTIONS };

const CONTENT = [
  ['blogPosts', 'Blog posts'],
  ['comments', 'Comments (footer and inline, with replies)'],
  ['labels', 'Labels'],
  ['attachments', 'Attachments'],
] as const;

type Policy = SyncOptionsValue['conflictPolicy'];
interface PolicyOption {
  label: string;
  value: NonNullable<Policy>;
}

/** What happens when the original changes after its copy was edited: each conflict policy in a sentence. */
export const POLICIES: PolicyOption[] = [
  { value: 'source-wins', label: 'The source wins: its change replaces the edit (page history keeps the edit)' },
  { value: 'keep-destination', label: 'Keep the copy’s edits: changes of the original no longer reach that copy' },
  { value: 'review', label: 'Review before overwrite: the change waits on the copy’s page, to be taken or declined' },
];
const MENU_LAYER = 10;

/** The form's checkbox values, as the sync's options. */
export interface OptionsFormValues extends Partial<GuardFormValues> {
  blogPosts: boolean;
  comments: boolean;
  labels: boolean;
  attachments: boolean;
  automatic: boolean;
  conflictPolicy?: PolicyOption | null;
}

export const toOptions = (v: OptionsFormValues): SyncOptionsValue => ({
  blogPosts: v.blogPosts,
  comments: v.comments,
  labels: v.labels,
  attachments: v.attachments,
  mode: v.automatic ? 'automatic' : 'manual',
  conflictPolicy: v.conflictPolicy?.value ?? 'source-wins',
  massDeleteGuard: toGuard(v),
});

export function SyncOptionsFields({ value = DEFAULT_OPTIONS }: { value?: SyncOptionsValue }) {
  return (
    <>
      <Fieldset legend="What to sync">
        <p>Pages are always synced, with their place in the page tree. Also sync:</p>
        {CONTENT.map(([key, label]) => (
          <CheckboxField key={key} name={key} defaultIsChecked={value[key]}>
            {({ fieldProps }) => <Checkbox {...fieldProps} label={label} />}
          </CheckboxField>
        ))}
      </Fieldset>
      <Fieldset legend="How">
        <CheckboxField name="automatic" defaultIsChecked={value.mode === 'automatic'}>
          {({ fieldProps }) => <Checkbox {...fieldProps} label="Sync automatically on every change (otherwise only on “Sync now”)" />}
        </CheckboxField>
        <Field<PolicyOption | null> name="conflictPolicy" label="When the original changes after its copy was edited" defaultValue={POLICIES.find((p) => p.value === (value.conflictPolicy ?? 'source-wins')) ?? POLICIES[0]}>
          {({ fieldProps: { id, ...rest } }) => (
            <>
              <div onKeyDown={keepEnterInSearch}>
                <Select<PolicyOption> {...rest} inputId={id} options={POLICIES} menuPosition="fixed" styles={{ menuPortal: (base) => ({ ...base, zIndex: MENU_LAYER }) }} shouldPreventEscapePropagation />
              </div>
              <HelperMessage>In review, the people this sync lets sync pages now and the copy’s space admins answer; the source sees their answer.</HelperMessage>
            </>
          )}
        </Field>
      </Fieldset>
      <MassDeleteFields value={value.massDeleteGuard} />
    </>
  );
}
