/**
 * The token email a source admin sends from their own mail client: its text, the checks on what
 * the admin typed, and the `mailto:` URL that hands it to the mail client. Pure, no I/O.
 *
 * The URL follows RFC 6068 (https://www.rfc-editor.org/rfc/rfc6068):
 * - every octet outside `unreserved` (A-Z a-z 0-9 - . _ ~) is percent-encoded from UTF-8
 *   (§2: "?", "=", "&" and "#" are reserved in mailto URIs; §5: spaces as %20, "+" MAY be %2B);
 * - line breaks in the body are "%0D%0A" (§5: they MUST be), and other fields have none (§5:
 *   "Line breaks in other <hfield>s SHOULD NOT be used");
 * - only `subject` and `body` are set: §4 says a client cannot be expected to understand more.
 *
 * The recipient is one plain address (a strict subset of RFC 5322's addr-spec): no display name,
 * no second address, nothing that could end the address and start another recipient or header
 * (",", ";", "?", "&", "=", "%", "#", spaces, CR/LF): header injection cannot get a foothold.
 */

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * The longest URL handed to a mail client. RFC 6068 sets no limit; mail clients and the
 * programs that pass URLs to them do: Internet Explorer took at most 2,083 characters
 * (https://support.microsoft.com/kb/208427), and "under 2,000" is the usual safe bound.
 * UNCONFIRMED for today's mail clients, so longer messages are never handed over as a link:
 * the admin copies them instead (`mailtoUrl` answers `too-long`).
 */
export const MAILTO_MAX_LENGTH = 2000;

/** RFC 5321 §4.5.3.1: 64 octets of local part, 255 of domain, 256 of path with its "<" ">". */
const MAX_LOCAL = 64;
const MAX_ADDRESS = 254;
const MAX_SUBJECT = 200;
const MAX_MESSAGE = 5000;

const LOCAL = /^[A-Za-z0-9_'+-]+(?:\.[A-Za-z0-9_'+-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** Characters that end one recipient and start another, or start the header fields. */
const SEPARATORS = /[,;\s]/;
/** C0 controls, DEL, NEL, and the Unicode line and paragraph separators. */
const LINE_BREAK_OR_CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;
/** The same, but tab, CR and LF are the body's own. */
const BODY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const RECIPIENT_PROBLEM = 'Enter the recipient’s email address, like admin@partner.example.';
export const ONE_RECIPIENT = 'Enter one email address only, without a name.';
export const SUBJECT_PROBLEM = 'The subject must be on one line, up to 200 characters.';
export const MESSAGE_PROBLEM = 'The message can have up to 5,000 characters and no control characters.';

/** One address, `local@domain.tld`, as the admin typed it (surrounding spaces dropped). */
export function checkRecipient(raw: unknown): Checked<string> {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) return { ok: false, problem: RECIPIENT_PROBLEM };
  if (SEPARATORS.test(text) || /[<>]/.test(text)) return { ok: false, problem: ONE_RECIPIENT };
  const at = text.lastIndexOf('@');
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  const labels = domain.split('.');
  const valid =
    at > 0 &&
    text.length <= MAX_ADDRESS &&
    local.length <= MAX_LOCAL &&
    LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((l) => LABEL.test(l)) &&
    /[A-Za-z]/.test(labels[labels.length - 1]);
  return valid ? { ok: true, value: text } : { ok: false, problem: RECIPIENT_PROBLEM };
}

/** One line of text, not empty. */
export function checkSubject(raw: unknown): Checked<string> {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text || text.length > MAX_SUBJECT || LINE_BREAK_OR_CONTROL.test(text)) return { ok: false, problem: SUBJECT_PROBLEM };
  return { ok: true, value: text };
}

/** The admin's own words above the instructions: may be empty, may have line breaks. */
export function checkMessage(raw: unknown): Checked<string> {
  if (raw !== undefined && typeof raw !== 'string') return { ok: false, problem: MESSAGE_PROBLEM };
  const text = (raw ?? '').trim();
  if (text.length > MAX_MESSAGE || BODY_CONTROL.test(text)) return { ok: false, problem: MESSAGE_PROBLEM };
  return { ok: true, value: text };
}

export function defaultSubject(syncName: string): string {
  return `Space Sync: “${syncName}”`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * "9 December 2026, 19:53 UTC": the expiry as a person writes it. The server does not know the
 * reader's time zone, so it names UTC rather than hide it; anything not a date is left as given.
 */
export function expiryWords(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()}, ${two(at.getUTCHours())}:${two(at.getUTCMinutes())} UTC`;
}

/** The body: the admin's message, how to import, and the token on a line of its own, last. */
export function tokenEmailBody(parts: { message: string; spaceKey: string; siteUrl: string; expiresAt: string; token: string }): string {
  return [
    parts.message,
    `The token below pairs your Confluence space with "${parts.spaceKey}" on ${parts.siteUrl} through Space Sync.`,
    'Import it in your space: Space settings → Space Sync → Import token, and paste it there.',
    `It can be used once, until ${expiryWords(parts.expiresAt)}.`,
    parts.token,
  ]
    .filter(Boolean)
    .join('\n\n');
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** UTF-8, then every octet but `unreserved` (and the characters in `keep`) as %XX. */
export function percentEncode(text: string, keep = ''): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && (UNRESERVED.test(c) || keep.includes(c)) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Every line break as CRLF (RFC 6068 §5). */
export function crlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

export type MailtoOutcome = { kind: 'url'; url: string } | { kind: 'too-long'; length: number; max: number };

/**
 * `mailto:<to>?subject=…&body=…`, or `too-long` when that would pass `max` characters. The
 * recipient and subject must have passed their checks: anything else is a programming error.
 */
export function mailtoUrl(draft: { to: string; subject: string; body: string }, max = MAILTO_MAX_LENGTH): MailtoOutcome {
  const to = checkRecipient(draft.to);
  const subject = checkSubject(draft.subject);
  if (!to.ok || to.value !== draft.to || !subject.ok || subject.value !== draft.subject) throw new Error('mailtoUrl: the recipient or subject was not checked');
  // "@" is allowed as is in a mailto address (RFC 6068 §2, some-delims); nothing else is kept.
  const url = `mailto:${percentEncode(to.value, '@')}?subject=${percentEncode(subject.value)}&body=${percentEncode(crlf(draft.body))}`;
  return url.length <= max ? { kind: 'url', url } : { kind: 'too-long', length: url.length, max };
}
