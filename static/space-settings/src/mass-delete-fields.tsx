/** The mass-delete guard's options in the create and edit dialogs (the server checks them again). */
import { Checkbox } from '@atlaskit/checkbox';
import Textfield from '@atlaskit/textfield';
import { CheckboxField, ErrorMessage, Field, Fieldset, HelperMessage } from '@atlaskit/form';
import type { SyncSummary } from '../../../src/contract/resolvers';

type Guard = NonNullable<SyncSummary['options']['massDeleteGuard']>;
export const DEFAULT_GUARD_OPTIONS: Guard = { enabled: true, minCopies: 20, minPercent: 20, windowMinutes: 60 };

export interface GuardFormValues {
  guardEnabled: boolean;
  minCopies: string;
  minPercent: string;
}

export const toGuard = (v: Partial<GuardFormValues>, before: Guard = DEFAULT_GUARD_OPTIONS): Guard => ({
  ...before,
  enabled: v.guardEnabled ?? before.enabled,
  minCopies: v.minCopies === undefined ? before.minCopies : Number(v.minCopies),
  minPercent: v.minPercent === undefined ? before.minPercent : Number(v.minPercent),
});

const between = (low: number, high: number, whole: boolean, words: string) => (value?: string) => {
  const n = Number(value);
  return value === undefined || value === '' || !Number.isFinite(n) || n < low || n > high || (whole && !Number.isInteger(n)) ? words : undefined;
};

export function MassDeleteFields({ value = DEFAULT_GUARD_OPTIONS }: { value?: Guard }) {
  return (
    <Fieldset legend="Mass-delete guard">
      <CheckboxField name="guardEnabled" defaultIsChecked={value.enabled}>
        {({ fieldProps }) => <Checkbox {...fieldProps} label="Hold many trashes at once and ask an admin of either space first" />}
      </CheckboxField>
      <Field<string> name="minCopies" label="At least this many copies" defaultValue={String(value.minCopies)} validate={between(1, 100_000, true, 'Enter a whole number from 1 to 100,000')}>
        {({ fieldProps, error }) => (
          <>
            <Textfield {...fieldProps} type="number" min={1} />
            {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>Trashes within {value.windowMinutes} minutes count as one change.</HelperMessage>}
          </>
        )}
      </Field>
      <Field<string> name="minPercent" label="And at least this share of all copies (%)" defaultValue={String(value.minPercent)} validate={between(1, 100, false, 'Enter a share from 1 to 100')}>
        {({ fieldProps, error }) => (
          <>
            <Textfield {...fieldProps} type="number" min={1} max={100} />
            {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>Both must be reached for the sync to pause and ask.</HelperMessage>}
          </>
        )}
      </Field>
    </Fieldset>
  );
}
