/**
 * "Notifications": this side's chat webhook for a sync (Slack, Microsoft Teams workflow or Google
 * Chat), the daily digest and the burst's quiet time. A saved URL never comes back: the dialog
 * shows its service and last 4 characters, and a pasted one replaces it.
 */
import { useEffect, useState } from 'react';
import Textfield from '@atlaskit/textfield';
import Spinner from '@atlaskit/spinner';
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import { CheckboxField, Field } from '@atlaskit/form';
import type { NotificationsView, SyncSummary } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { errorMessage } from '../../shared/error-message';
import { FormDialog } from '../../shared/form-dialog';

interface Values extends Record<string, unknown> {
  webhookUrl?: string;
  removeWebhook?: boolean;
  digest: boolean;
  quietMinutes: string;
}

export function NotificationsDialog({ sync, onClose, onSaved }: { sync: SyncSummary; onClose(): void; onSaved(): void }) {
  const [view, setView] = useState<NotificationsView | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [test, setTest] = useState<{ state: 'idle' | 'sending' } | { state: 'done'; text: string }>({ state: 'idle' });
  useEffect(() => {
    callBackend('getNotifications', { syncId: sync.id }).then(setView, (e: unknown) => setLoadError(errorMessage(e)));
  }, [sync.id]);

  const save = async (v: Values) => {
    await callBackend('saveNotifications', {
      syncId: sync.id,
      ...(v.webhookUrl?.trim() ? { webhookUrl: v.webhookUrl } : {}),
      ...(v.removeWebhook ? { removeWebhook: true } : {}),
      digest: Boolean(v.digest),
      quietMinutes: Number(v.quietMinutes),
    });
    onSaved();
  };
  const sendTest = async () => {
    setTest({ state: 'sending' });
    try {
      setTest({ state: 'done', text: (await callBackend('sendTestNotification', { syncId: sync.id })).detail });
    } catch (e) {
      setTest({ state: 'done', text: errorMessage(e) });
    }
  };
  const saved = view?.webhook;
  return (
    <FormDialog<Values> title={`Notifications for “${sync.name}”`} action="Save" onClose={onClose} onSubmit={save} disabled={!view} error={loadError} loading={!view && !loadError}>
      <p>The admins of this space always see a “Needs your attention” notice here when the sync needs them. A chat webhook also tells a channel: one message per failure burst, per review waiting and per held mass delete. Messages carry titles and counts, never page content.</p>
      {!view && !loadError && <Spinner label="Loading notification settings" />}
      {view && (
        <>
          <Field<string>
            name="webhookUrl"
            label={saved ? 'Replace the webhook URL' : 'Chat webhook URL (optional)'}
            defaultValue=""
            helperMessage={saved ? `Saved: a ${saved.serviceName} webhook ending in …${saved.last4}. Leave empty to keep it.` : 'A Slack incoming webhook, a Microsoft Teams workflow webhook or a Google Chat space webhook.'}
            component={({ fieldProps }) => <Textfield {...fieldProps} type="url" autoComplete="off" spellCheck={false} placeholder="https://hooks.slack.com/services/…" />}
          />
          {saved && (
            <>
              <CheckboxField name="removeWebhook">{({ fieldProps }) => <Checkbox {...fieldProps} label="Remove the saved webhook" />}</CheckboxField>
              <p>
                <Button onClick={() => void sendTest()} isLoading={test.state === 'sending'}>
                  Send a test message
                </Button>
              </p>
              <p role="status">{test.state === 'done' ? test.text : ''}</p>
            </>
          )}
          <CheckboxField name="digest" defaultIsChecked={view.digest}>
            {({ fieldProps }) => <Checkbox {...fieldProps} label="Send a daily digest (what synced, what failed, what waits); none on a day when nothing happened" />}
          </CheckboxField>
          <Field<string>
            name="quietMinutes"
            label="A failure burst ends after this many quiet minutes"
            isRequired
            defaultValue={String(view.quietMinutes)}
            helperMessage="Or sooner, once every failing item has synced again. A new failure after that is a new burst."
            component={({ fieldProps }) => <Textfield {...fieldProps} type="number" min={5} max={1440} />}
          />
        </>
      )}
    </FormDialog>
  );
}
