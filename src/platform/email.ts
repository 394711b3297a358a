/**
 * Email over Forge's `sendEmail`, with the SMTP settings kept in KVS and the password as a
 * secret. UNCONFIRMED: `sendEmail` ships in `@forge/api` (out/sendEmail) but is not exported
 * from the package root in 8.3.0, so it is imported by path; whether the SMTP host must also be
 * declared as egress is not documented either (the manifest leaves it undeclared).
 */
import { kvs } from '@forge/kvs';
import { sendEmail, SendEmailError } from '@forge/api/out/sendEmail';
import { MailRefused, type EmailSettings, type EmailSettingsStore, type Mailer } from '../pairing/email-token';

const SETTINGS_KEY = 'email-settings';
const PASSWORD_SECRET = 'smtp-password';

export const kvsEmailSettings: EmailSettingsStore = {
  get: () => kvs.get<EmailSettings>(SETTINGS_KEY),
  put: (settings) => kvs.set(SETTINGS_KEY, settings),
  password: () => kvs.getSecret<string>(PASSWORD_SECRET),
  setPassword: (password) => (password ? kvs.setSecret(PASSWORD_SECRET, password) : kvs.deleteSecret(PASSWORD_SECRET)),
};

export const forgeMailer: Mailer = {
  async send(settings, email) {
    try {
      const result = await sendEmail({
        host: settings.host,
        port: settings.port,
        ...(settings.username ? { auth: { user: settings.username, pass: settings.password ?? '' } } : {}),
        from: settings.from,
        to: [email.to],
        subject: email.subject,
        text: email.text,
        attachments: [{ filename: email.attachment.filename, content: email.attachment.content, contentType: 'application/jwt' }],
      });
      if (result.rejected.length > 0) throw new MailRefused('the mail server rejected the recipient');
    } catch (e) {
      if (e instanceof SendEmailError) throw new MailRefused(`the mail server answered ${e.responseCode ?? e.status}${e.code ? ` (${e.code})` : ''}`);
      throw e;
    }
  },
};
