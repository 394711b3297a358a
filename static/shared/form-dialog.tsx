/**
 * A dialog around a form: its title, an error banner, Cancel, and one primary action that is
 * disabled while it runs. A failed action shows the backend's message and keeps the dialog open.
 */
import type { ReactNode } from 'react';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Button from '@atlaskit/button/new';
import { ErrorBanner } from './error-banner';
import { useAction } from './use-action';

interface Props {
  title: string;
  action: string;
  onClose(): void;
  /** Runs the action; the dialog shows what it throws. */
  onSubmit(): Promise<void>;
  /** The action cannot run yet (something it needs is missing). */
  disabled?: boolean;
  /** A problem found before the action (loading what the form needs). */
  error?: string;
  children: ReactNode;
}

export function FormDialog({ title, action, onClose, onSubmit, disabled = false, error, children }: Props) {
  const { busy, failure, run } = useAction();
  return (
    <Modal onClose={onClose} label={title}>
      <ModalHeader>
        <ModalTitle>{title}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <ErrorBanner message={failure ?? error} />
        {children}
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose}>
          Cancel
        </Button>
        <Button appearance="primary" onClick={() => void run(onSubmit)} isDisabled={busy || disabled}>
          {action}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
