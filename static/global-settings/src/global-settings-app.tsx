/** Site-wide settings for Confluence admins: the SMTP server used to send tokens by email. */
import { useEffect, useState } from 'react';
import Heading from '@atlaskit/heading';
import Button from '@atlaskit/button/new';
import Textfield from '@atlaskit/textfield';
import { Checkbox } from '@atlaskit/checkbox';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import type { EmailSettingsView } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { errorMessage } from '../../shared/error-message';
import { ErrorBanner } from '../../shared/error-banner';

const EMPTY = { host: '', port: '587', username: '', from: '' };

export function GlobalSettingsApp() {
  const [view, setView] = useState<EmailSettingsView | undefined>();
  const [form, setForm] = useState(EMPTY);
  const [password, setPassword] = useState('');
  const [clearPassword, setClearPassword] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);

  const show = (loaded: EmailSettingsView) => {
    setView(loaded);
    if (loaded.settings) setForm({ ...loaded.settings, port: String(loaded.settings.port) });
    setPassword('');
    setClearPassword(false);
  };
  useEffect(() => {
    callBackend('getEmailSettings')
      .then(show)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  const save = () => {
    setSaved(false);
    callBackend('saveEmailSettings', { ...form, port: Number(form.port), password, clearPassword })
      .then((loaded) => {
        show(loaded);
        setError(undefined);
        setSaved(true);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  };

  const field = (key: keyof typeof EMPTY, label: string, placeholder: string) => (
    <>
      <label htmlFor={`smtp-${key}`}>{label}</label>
      <Textfield id={`smtp-${key}`} value={form[key]} placeholder={placeholder} onChange={(e) => setForm({ ...form, [key]: e.currentTarget.value })} />
    </>
  );

  return (
    <main style={{ padding: token('space.300'), maxWidth: 560 }}>
      <Heading size="large">Space Sync settings</Heading>
      <p>Space admins can send sync tokens by email. Enter the SMTP server the app sends them through.</p>
      <ErrorBanner message={error} />
      {saved && (
        <SectionMessage appearance="success">
          <p>Saved. Space admins can now send tokens by email.</p>
        </SectionMessage>
      )}
      {view === undefined && !error && <Spinner label="Loading settings" />}
      {view && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          {field('host', 'SMTP server', 'smtp.example.com')}
          {field('port', 'Port', '587')}
          {field('username', 'User name (optional)', '')}
          <label htmlFor="smtp-password">Password</label>
          <Textfield
            id="smtp-password"
            type="password"
            value={password}
            placeholder={view.passwordSet ? 'Stored; leave empty to keep it' : ''}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          {view.passwordSet && <Checkbox label="Remove the stored password" isChecked={clearPassword} onChange={(e) => setClearPassword(e.currentTarget.checked)} />}
          {field('from', 'Sender address', 'space-sync@example.com')}
          <div style={{ marginTop: token('space.200') }}>
            <Button type="submit" appearance="primary">
              Save
            </Button>
          </div>
        </form>
      )}
    </main>
  );
}
