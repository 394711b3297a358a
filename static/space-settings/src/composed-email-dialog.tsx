/**
 * The token email once composed: opened in the admin's mail client, or shown here to copy into
 * any mail client (when the link was refused or too long, or no mail client came up).
 */
import { useState } from 'react';
import { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Modal } from '../../shared/host-modal';
import Button from '@atlaskit/button/new';
import TextArea from '@atlaskit/textarea';
import SectionMessage from '@atlaskit/section-message';
import Heading from '@atlaskit/heading';
import { Label } from '@atlaskit/form';
import type { TokenEmail } from '../../../src/contract/resolvers';
import type { MailClientOutcome } from '../../shared/mail-client';
import { CopyButton } from './copy-button';

export function ComposedEmailDialog({ email, outcome, onClose }: { email: TokenEmail; outcome: MailClientOutcome; onClose(): void }) {
  const [showMessage, setShowMessage] = useState(!outcome.opened);
  return (
    <Modal onClose={onClose}>
      <ModalHeader hasCloseButton>
        <ModalTitle>Email the token</ModalTitle>
      </ModalHeader>
      <ModalBody>
        {outcome.opened ? (
          <SectionMessage appearance="success" title="The message is in your mail client">
            <p>Send it to {email.to} from there. If no mail client opened, copy the message instead.</p>
          </SectionMessage>
        ) : (
          <SectionMessage appearance="warning" title="Your mail client did not open">
            <p>
              {outcome.reason.replace(/\.$/, '')}. Copy the message into any mail client and send it to {email.to}.
            </p>
          </SectionMessage>
        )}
        <p>
          This is the only time this token is shown. It works once and expires on {new Date(email.expiresAt).toLocaleString()}; tokens issued before it no longer work.
        </p>
        {showMessage && (
          <section aria-labelledby="composed-message-heading">
            <Heading size="small" as="h2" id="composed-message-heading">
              The message
            </Heading>
            <dl className="ss-facts">
              <dt>To</dt>
              <dd>{email.to}</dd>
              <dt>Subject</dt>
              <dd>{email.subject}</dd>
            </dl>
            <Label htmlFor="composed-message">Message</Label>
            <TextArea id="composed-message" isReadOnly value={email.body} minimumRows={10} />
          </section>
        )}
      </ModalBody>
      <ModalFooter>
        {showMessage ? (
          <>
            <CopyButton label="Copy message" text={email.body} />
            <CopyButton label="Copy token" text={email.token} />
          </>
        ) : (
          <Button onClick={() => setShowMessage(true)}>Show the message to copy</Button>
        )}
        <Button appearance="primary" onClick={onClose}>
          Done
        </Button>
      </ModalFooter>
    </Modal>
  );
}
