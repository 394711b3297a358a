/**
 * What a resolver answers, shared by the Custom UI apps (static/) and the backend (src/): the
 * value, or an error with a code the UI can act on and a sentence written for the person using
 * the app.
 *
 * Why an envelope rather than a thrown error: how Forge carries an error thrown in a resolver to
 * `invoke` in the browser is not documented (the Custom UI bridge and resolver pages,
 * https://developer.atlassian.com/platform/forge/custom-ui-bridge/invoke/ and
 * https://developer.atlassian.com/platform/forge/runtime-reference/custom-ui-resolver/, say what
 * a resolver returns, not what a throw becomes), so no field of it can be relied on beyond a
 * message. A returned value is plain JSON, which Forge documents; static/shared/backend.ts
 * unwraps it into a value or an error with `.code`.
 */

export const ERROR_CODES = [
  /** The caller does not administer the space the module is open in. */
  'not-space-admin',
  /** Global settings: the caller is not a Confluence admin. */
  'not-site-admin',
  /** Opened where the call makes no sense (no space, no page, not from Confluence). */
  'wrong-place',
  /** The payload does not have the shape the resolver declares. */
  'invalid-request',
  /** A field the person filled in is not acceptable (`field` names it). */
  'invalid-input',
  'sync-not-found',
  /** The sync's state does not allow that action (the summary's `actions` say what it allows). */
  'not-allowed-now',
  /** Import: what was given is not a Space Sync token. */
  'token-not-a-token',
  'token-tampered',
  'token-expired',
  /** Claimed already (by this space or another). */
  'token-used',
  /** A newer token replaced it, or its sync was deleted. */
  'token-revoked',
  /** Made by another app or environment of Space Sync. */
  'token-wrong-app',
  'token-same-space',
  /** Names this site, but this site did not sign it. */
  'token-not-this-site',
  'already-paired',
  /** Another space claimed the token a moment ago. */
  'token-just-claimed',
  'source-unreachable',
  'source-refused',
  /** The other side runs a version of Space Sync this one cannot talk to. */
  'peer-version',
  /** The other side could not be told, so nothing changed. */
  'peer-unreachable',
  'page-not-visible',
  /** Sync now: this sync does not list the caller. */
  'sync-now-not-permitted',
  'full-sync-running',
  /** A Verify of this sync is under way already. */
  'verify-running',
  /** The other space takes no more of these for now (Verify's hourly limit). */
  'peer-busy',
  'nothing-to-retry',
  /** Repair: the latest Verify report lists no such difference (or there is none). */
  'nothing-to-repair',
  /** Notifications: the chat service did not take the test message (the message says what it answered). */
  'notice-undelivered',
  /** The mass-delete guard's question was answered already, or a newer one replaced it: nothing changed. */
  'question-stale',
  /** Review before overwrite: the caller is not one the sync lets answer. */
  'review-not-permitted',
  /** The waiting version was answered already, replaced by a newer one, or no longer waits: nothing changed. */
  'review-stale',
  /** Forge storage refused the app's request for a moment (its per-installation rate): try again soon. */
  'busy',
  /** Anything else: logged on the server, never shown in detail. */
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ResolverErrorBody {
  code: ErrorCode;
  /** Written for the person using the app; shown as it is. */
  message: string;
  /** `invalid-input`: the form field it is about. */
  field?: string;
}

export type ResolverResult<T> = { ok: true; value: T } | { ok: false; error: ResolverErrorBody };

/** The error a failed resolver call becomes in the browser (and in tests that call resolvers). */
export class ResolverCallError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  constructor(body: ResolverErrorBody) {
    super(body.message);
    this.name = 'ResolverCallError';
    this.code = body.code;
    if (body.field) this.field = body.field;
  }
}

const isEnvelope = (answer: unknown): answer is ResolverResult<unknown> =>
  typeof answer === 'object' && answer !== null && typeof (answer as { ok?: unknown }).ok === 'boolean';

/** The value of a resolver's answer, or its error thrown as a `ResolverCallError`. */
export function unwrapResult<T>(answer: unknown): T {
  if (!isEnvelope(answer)) throw new ResolverCallError({ code: 'internal', message: 'Space Sync answered in a way this page does not understand. Reload the page.' });
  if (answer.ok) return answer.value as T;
  const code = (ERROR_CODES as readonly string[]).includes(answer.error?.code) ? answer.error.code : 'internal';
  throw new ResolverCallError({ ...answer.error, code });
}
