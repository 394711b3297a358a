/**
 * "Email the token": the admin names the recipient, the server puts a fresh token (the previous
 * one stops working) into a message, and the admin's own mail client opens with it. When it
 * cannot be opened, or the message is too long for a link, the message is shown to copy.
 */
import { useState } from 'react';
import Textfield from '@atlaskit/textfield';
import TextArea from '@atlaskit/textarea';
import type { SyncSummary, TokenEmail } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { FormDialog } from '../../shared/form-dialog';
import { openInMailClient, type MailClientOutcome } from '../../shared/mail-client';
import { ComposedEmailDialog } from './composed-email-dialog';

export function EmailTokenDialog({ sync, onClose, onIssued }: { sync: SyncSummary; onClose(): void; onIssued(): void }) {
  const [to, setTo] = useState('');
  const [subject, setSubject] = useState(`Space Sync: “${sync.name}”`);
  const [message, setMessage] = useState(sync.message);
  const [composed, setComposed] = useState<{ email: TokenEmail; outcome: MailClientOutcome } | undefined>();

  const compose = async () => {
    const email = await callBackend('emailToken', { syncId: sync.id, to, subject, message });
    onIssued();
    const outcome: MailClientOutcome = email.mailtoUrl
      ? await openInMailClient(email.mailtoUrl)
      : { opened: false, reason: `The message is too long to hand to a mail client as a link (${email.tooLong?.length ?? 0} characters; at most ${email.tooLong?.max ?? 0} are safe)` };
    setComposed({ email, outcome });
  };

  if (composed) return <ComposedEmailDialog email={composed.email} outcome={composed.outcome} onClose={onClose} />;
  return (
    <FormDialog title="Email the token" action="Open in mail client" onClose={onClose} onSubmit={compose}>
      <p>Space Sync puts a new token into a message and opens it in your own mail client; you send it from there. The new token cancels any token issued before.</p>
      <label htmlFor="email-to">To</label>
      <Textfield id="email-to" type="email" value={to} onChange={(e) => setTo(e.currentTarget.value)} placeholder="admin@partner.example" />
      <label htmlFor="email-subject">Subject</label>
      <Textfield id="email-subject" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
      <label htmlFor="email-message">Message</label>
      <TextArea id="email-message" value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
    </FormDialog>
  );
}
