/** "Send token by email": a fresh token goes as an attachment; the previous one stops working. */
import { useEffect, useState } from 'react';
import Textfield from '@atlaskit/textfield';
import TextArea from '@atlaskit/textarea';
import SectionMessage from '@atlaskit/section-message';
import type { SyncSummary } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { errorMessage } from '../../shared/error-message';
import { FormDialog } from '../../shared/form-dialog';

export function EmailTokenDialog({ sync, onClose, onSent }: { sync: SyncSummary; onClose(): void; onSent(to: string): void }) {
  const [configured, setConfigured] = useState<boolean | undefined>();
  const [to, setTo] = useState('');
  const [subject, setSubject] = useState(`Space Sync: “${sync.name}”`);
  const [message, setMessage] = useState(sync.message);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    callBackend('emailStatus')
      .then((status) => setConfigured(status.configured))
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  const send = async () => {
    const sent = await callBackend('emailToken', { syncId: sync.id, to, subject, message });
    onClose();
    onSent(sent.sentTo);
  };

  return (
    <FormDialog title="Send token by email" action="Send" onClose={onClose} onSubmit={send} disabled={!configured} error={error}>
      {configured === false && (
        <SectionMessage appearance="information" title="Email is not set up">
          <p>A Confluence admin enters the SMTP server in Space Sync’s global settings (Confluence administration → Space Sync). Until then, download or copy the token instead.</p>
        </SectionMessage>
      )}
      <p>The token goes as an attachment. Sending it cancels any token issued before.</p>
      <label htmlFor="email-to">To</label>
      <Textfield id="email-to" type="email" value={to} onChange={(e) => setTo(e.currentTarget.value)} placeholder="admin@partner.example" />
      <label htmlFor="email-subject">Subject</label>
      <Textfield id="email-subject" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
      <label htmlFor="email-message">Message</label>
      <TextArea id="email-message" value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
    </FormDialog>
  );
}
