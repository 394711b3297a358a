/**
 * A dialog around an Atlaskit Form: its title, labelled fields with helper text, an error banner,
 * Cancel, and one primary action on the right that shows a spinner while it runs. A refusal about
 * one field (`invalid-input` with its `field`) is shown under that field; any other failure above
 * the form, and the dialog stays open. Every dialog is named by its visible title (no `label`,
 * which would override it).
 */
import { useState, type ReactNode } from 'react';
import { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Modal } from './host-modal';
import Button from '@atlaskit/button/new';
import Form from '@atlaskit/form';
import { ErrorBanner } from './error-banner';
import { errorMessage } from './error-message';
import { ResolverCallError } from './backend';
import { useFirstField, useFocusFirstFieldAfterLoad } from './first-field';

interface Props<Values> {
  title: string;
  action: string;
  onClose(): void;
  /** Runs the action with the form's values; the dialog shows what it throws. */
  onSubmit(values: Values): Promise<void>;
  /** The action cannot run yet (something it needs is missing). */
  disabled?: boolean;
  /** A problem found before the action (loading what the form needs). */
  error?: string;
  /** The fields are not there yet (what the form needs is loading): the first takes the focus once they are. */
  loading?: boolean;
  width?: 'small' | 'medium' | 'large';
  children: ReactNode;
}

export function FormDialog<Values extends Record<string, unknown>>({ title, action, onClose, onSubmit, disabled = false, error, loading = false, width = 'medium', children }: Props<Values>) {
  const [failure, setFailure] = useState<string | undefined>();
  const first = useFirstField();
  useFocusFirstFieldAfterLoad(first, loading);
  const submit = async (values: Values) => {
    setFailure(undefined);
    try {
      await onSubmit(values);
      return undefined;
    } catch (e) {
      if (e instanceof ResolverCallError && e.field) return { [e.field]: e.message };
      setFailure(errorMessage(e));
      return undefined;
    }
  };
  return (
    <Modal onClose={onClose} width={width} autoFocus={first.autoFocus}>
      <Form<Values> onSubmit={submit}>
        {({ formProps, submitting }) => (
          <form {...formProps}>
            <ModalHeader hasCloseButton>
              <ModalTitle>{title}</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <ErrorBanner message={failure ?? error} />
              <div ref={first.within}>{children}</div>
            </ModalBody>
            <ModalFooter>
              <Button appearance="subtle" onClick={onClose}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" isLoading={submitting} isDisabled={disabled}>
                {action}
              </Button>
            </ModalFooter>
          </form>
        )}
      </Form>
    </Modal>
  );
}
