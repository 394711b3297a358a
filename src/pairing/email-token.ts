/**
 * Email settings (a Confluence admin's, in the app's global settings) and sending a sync's
 * token by email (a space admin's). Sending issues a fresh token, which revokes the previous
 * one: the token in the email is the only valid one, and it is never shown or stored.
 */
import { z } from 'zod';
import { UserError } from '../domain/user-error';
import { issueToken, requireAdmin, type AdminContext, type AdminDeps } from './sync-admin';

export const EmailSettings = z.object({
  host: z.string().trim().min(1, 'Enter the SMTP server').max(255).regex(/^[A-Za-z0-9.-]+$/, 'The SMTP server is a host name, like smtp.example.com'),
  port: z.coerce.number().int('The port is a whole number').min(1, 'The port is between 1 and 65535').max(65535, 'The port is between 1 and 65535'),
  username: z.string().trim().max(255).default(''),
  from: z.string().trim().email('The sender must be an email address'),
});
export type EmailSettings = z.infer<typeof EmailSettings>;

const SaveEmailSettings = EmailSettings.extend({
  /** Absent or empty keeps the stored password; `clearPassword` removes it. */
  password: z.string().max(1000).optional(),
  clearPassword: z.boolean().optional(),
});

export interface EmailSettingsStore {
  get(): Promise<EmailSettings | undefined>;
  put(settings: EmailSettings): Promise<void>;
  password(): Promise<string | undefined>;
  setPassword(password: string | undefined): Promise<void>;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  attachment: { filename: string; content: string };
}

export interface Mailer {
  /** Sends with the given settings; throws MailRefused when the server would not take it. */
  send(settings: EmailSettings & { password?: string }, email: OutgoingEmail): Promise<void>;
}

export class MailRefused extends Error {}

export interface EmailDeps {
  settings: EmailSettingsStore;
  mailer: Mailer;
  isSiteAdmin(): Promise<boolean>;
}

export const NOT_SITE_ADMIN = 'Only Confluence admins can change Space Sync’s email settings.';
export const NOT_CONFIGURED = 'Email is not set up yet. Ask a Confluence admin to enter the SMTP settings in Space Sync’s global settings.';
export const PASSWORD_FOR_NEW_SERVER = 'Enter the password for the new server. The stored password is only ever sent to the server it was entered for.';

async function requireSiteAdmin(deps: EmailDeps): Promise<void> {
  if (!(await deps.isSiteAdmin())) throw new UserError(NOT_SITE_ADMIN);
}

export async function getEmailSettings(deps: EmailDeps) {
  await requireSiteAdmin(deps);
  const settings = await deps.settings.get();
  return { settings: settings ?? null, passwordSet: Boolean(await deps.settings.password()) };
}

export async function saveEmailSettings(deps: EmailDeps, raw: unknown) {
  await requireSiteAdmin(deps);
  const parsed = SaveEmailSettings.safeParse(raw);
  if (!parsed.success) throw new UserError(parsed.error.issues[0]?.message ?? 'The email settings are not valid.');
  const { password, clearPassword, ...settings } = parsed.data;
  // A stored password never follows the settings to another server or account.
  const before = await deps.settings.get();
  const moved = before && (before.host.toLowerCase() !== settings.host.toLowerCase() || before.port !== settings.port || before.username !== settings.username);
  if (moved && !password && !clearPassword && (await deps.settings.password())) throw new UserError(PASSWORD_FOR_NEW_SERVER);
  await deps.settings.put(settings);
  if (clearPassword) await deps.settings.setPassword(undefined);
  else if (password) await deps.settings.setPassword(password);
  return getEmailSettings(deps);
}

const SendTokenRequest = z.object({
  syncId: z.string().min(1),
  to: z.string().trim().email('Enter the recipient’s email address'),
  subject: z.string().trim().min(1, 'Enter a subject').max(200).regex(/^[^\r\n\u0000-\u001f\u007f]*$/, 'The subject must be on one line'),
  message: z.string().trim().max(5000).default(''),
});

export async function emailToken(deps: AdminDeps & EmailDeps, ctx: AdminContext, raw: unknown) {
  // Who may send comes first: a non-admin learns nothing, not even whether email is set up.
  await requireAdmin(deps, ctx);
  const request = SendTokenRequest.safeParse(raw);
  if (!request.success) throw new UserError(request.error.issues[0]?.message ?? 'The email is not valid.');
  const settings = await deps.settings.get();
  if (!settings) throw new UserError(NOT_CONFIGURED);
  const issued = await issueToken(deps, ctx, request.data.syncId);
  const text = [
    request.data.message,
    `The attached file "${issued.fileName}" pairs your Confluence space with "${ctx.space.key}" on ${deps.installation.siteUrl} through Space Sync.`,
    'Import it in your space: Space settings → Space Sync → Import token.',
    `It can be used once, until ${issued.expiresAt}.`,
  ]
    .filter(Boolean)
    .join('\n\n');
  try {
    await deps.mailer.send({ ...settings, password: await deps.settings.password() }, { to: request.data.to, subject: request.data.subject, text, attachment: { filename: issued.fileName, content: issued.token } });
  } catch (e) {
    if (e instanceof MailRefused) throw new UserError(`The email was not sent: ${e.message}. The token in it is not valid either; send again or download a new one.`);
    throw e;
  }
  return { sentTo: request.data.to, expiresAt: issued.expiresAt };
}
