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
import { issueToken, requireAdmin, type AdminContext, type AdminDeps } from './sync-admin';

const EmailTokenRequest = z.object({
  syncId: z.string().min(1),
  to: z.unknown().optional(),
  subject: z.unknown().optional(),
  message: z.unknown().optional(),
});

function checked<T>(result: { ok: true; value: T } | { ok: false; problem: string }): T {
  if (!result.ok) throw new UserError(result.problem);
  return result.value;
}

export async function emailToken(deps: AdminDeps, ctx: AdminContext, raw: unknown): Promise<TokenEmail> {
  // Who may ask comes first: a non-admin learns nothing, not even whether the sync exists.
  await requireAdmin(deps, ctx);
  const request = EmailTokenRequest.safeParse(raw);
  if (!request.success) throw new UserError('That request is not valid.');
  const to = checked(checkRecipient(request.data.to));
  const subject = checked(checkSubject(request.data.subject));
  const message = checked(checkMessage(request.data.message));
  const issued = await issueToken(deps, ctx, request.data.syncId);
  const body = tokenEmailBody({ message, spaceKey: ctx.space.key, siteUrl: deps.installation.siteUrl, expiresAt: issued.expiresAt, token: issued.token });
  const mailto = mailtoUrl({ to, subject, body });
  return { ...issued, to, subject, body, ...(mailto.kind === 'url' ? { mailtoUrl: mailto.url } : { tooLong: { length: mailto.length, max: mailto.max } }) };
}
