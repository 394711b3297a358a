/**
 * "Email the token": a fresh token (which revokes the previous one), composed into a message the
 * space admin sends from their own mail client. The app sends no mail: Forge's `sendEmail` is not
 * public API (only `@forge/api/out/sendEmail` in @forge/api 8.3.0, not exported from the package
 * root nor in its CHANGELOG), and a function can only reach egress declared in the manifest
 * before deploy (https://developer.atlassian.com/platform/forge/runtime-egress-permissions/), so
 * not a mail server an admin types in later.
 *
 * The server composes the message and its `mailto:` URL: it knows the site, the space and the
 * expiry, it checks the recipient before a token is issued (a refused address never costs the
 * admin their current token), and the UI only opens what it is given. The token is in this one
 * answer, never stored (only its jti's hash is) and never logged.
 */
import { z } from 'zod';
import type { TokenEmail } from '../contract/resolvers';
import { UserError } from '../domain/user-error';
import { checkMessage, checkRecipient, checkSubject, mailtoUrl, tokenEmailBody } from '../domain/token-email';
import { issueToken, type AdminContext, type AdminDeps } from './sync-admin';

export const EmailTokenRequest = z.object({
  syncId: z.string().min(1),
  to: z.unknown().optional(),
  subject: z.unknown().optional(),
  message: z.unknown().optional(),
});

function checked<T>(field: 'to' | 'subject' | 'message', result: { ok: true; value: T } | { ok: false; problem: string }): T {
  if (!result.ok) throw new UserError('invalid-input', result.problem, field);
  return result.value;
}

/**
 * Who may ask comes first: the resolver edge checks the admin, then parses `EmailTokenRequest`,
 * before this runs, so a non-admin learns nothing, not even whether the sync exists.
 */
export async function emailToken(deps: AdminDeps, ctx: AdminContext, parsed: z.infer<typeof EmailTokenRequest>): Promise<TokenEmail> {
  const to = checked('to', checkRecipient(parsed.to));
  const subject = checked('subject', checkSubject(parsed.subject));
  const message = checked('message', checkMessage(parsed.message));
  const issued = await issueToken(deps, ctx, parsed.syncId);
  const body = tokenEmailBody({ message, spaceKey: ctx.space.key, siteUrl: deps.installation.siteUrl, expiresAt: issued.expiresAt, token: issued.token });
  const mailto = mailtoUrl({ to, subject, body });
  return { ...issued, to, subject, body, ...(mailto.kind === 'url' ? { mailtoUrl: mailto.url } : { tooLong: { length: mailto.length, max: mailto.max } }) };
}
