/** What to sync and how: the source's choices, at creation and later, as form fields. */
import { Checkbox } from '@atlaskit/checkbox';
import { CheckboxField, Fieldset } from '@atlaskit/form';
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

/** The form's checkbox values, as the sync's options. */
export interface OptionsFormValues extends Partial<GuardFormValues> {
  blogPosts: boolean;
  comments: boolean;
  labels: boolean;
  attachments: boolean;
  automatic: boolean;
  keepDestination: boolean;
}

export const toOptions = (v: OptionsFormValues): SyncOptionsValue => ({
  blogPosts: v.blogPosts,
  comments: v.comments,
  labels: v.labels,
  attachments: v.attachments,
  mode: v.automatic ? 'automatic' : 'manual',
  conflictPolicy: v.keepDestination ? 'keep-destination' : 'source-wins',
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
        <CheckboxField name="keepDestination" defaultIsChecked={value.conflictPolicy === 'keep-destination'}>
          {({ fieldProps }) => <Checkbox {...fieldProps} label="Keep changes made in the copy (otherwise the source wins, and page history keeps what it replaced)" />}
        </CheckboxField>
      </Fieldset>
      <MassDeleteFields value={value.massDeleteGuard} />
    </>
  );
}
