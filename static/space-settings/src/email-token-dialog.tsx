/**
 * "Email the token": the admin names the recipient, the server puts a fresh token (the previous
 * one stops working) into a message, and the admin's own mail client opens with it. When it
 * cannot be opened, or the message is too long for a link, the message is shown to copy.
 */
import { useState } from 'react';
import Textfield from '@atlaskit/textfield';
import TextArea from '@atlaskit/textarea';
import { Field } from '@atlaskit/form';
import type { SyncSummary, TokenEmail } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { FormDialog } from '../../shared/form-dialog';
import { openInMailClient, type MailClientOutcome } from '../../shared/mail-client';
import { ComposedEmailDialog } from './composed-email-dialog';

interface Values extends Record<string, unknown> {
  to: string;
  subject: string;
  message: string;
}

export function EmailTokenDialog({ sync, onClose, onIssued }: { sync: SyncSummary; onClose(): void; onIssued(): void }) {
  const [composed, setComposed] = useState<{ email: TokenEmail; outcome: MailClientOutcome } | undefined>();

  const compose = async ({ to, subject, message }: Values) => {
    const email = await callBackend('emailToken', { syncId: sync.id, to, subject, message });
    onIssued();
    const outcome: MailClientOutcome = email.mailtoUrl
      ? await openInMailClient(email.mailtoUrl)
      : { opened: false, reason: `The message is too long to hand to a mail client as a link (${email.tooLong?.length ?? 0} characters; at most ${email.tooLong?.max ?? 0} are safe)` };
    setComposed({ email, outcome });
  };

  if (composed) return <ComposedEmailDialog email={composed.email} outcome={composed.outcome} onClose={onClose} />;
  return (
    <FormDialog<Values> title="Email the token" action="Open in mail client" onClose={onClose} onSubmit={compose}>
      <p>Space Sync puts a new token into a message and opens it in your own mail client; you send it from there. The new token cancels any token issued before.</p>
      <Field name="to" label="To" isRequired defaultValue="" helperMessage="One address, of the admin of the space that will receive this one." component={({ fieldProps }) => <Textfield {...fieldProps} type="email" placeholder="admin@partner.example" />} />
      <Field name="subject" label="Subject" isRequired defaultValue={`Space Sync: “${sync.name}”`} component={({ fieldProps }) => <Textfield {...fieldProps} />} />
      <Field<string, HTMLTextAreaElement>
        name="message"
        label="Message"
        defaultValue={sync.message}
        helperMessage="Your own words, above the instructions and the token."
        component={({ fieldProps }) => <TextArea {...fieldProps} minimumRows={3} />}
      />
    </FormDialog>
  );
}
