/**
 * Finding a Space Sync token in what an admin gives the import dialog: the token file, the token
 * pasted (mail clients and chat wrap it across lines), or a whole pasted email with the token
 * somewhere in it. A token is a compact JWS (src/pairing/pairing-token.ts): three base64url
 * segments, the first two JSON objects (so both start `eyJ`, base64url of `{"`), the header's
 * `typ` Space Sync's own, and an Ed25519 signature of 64 bytes (86 characters). Pure, no I/O.
 */

export const TOKEN_TYPE = 'space-sync-pairing+jwt';
/** A token file is well under this (a few kilobytes); anything larger is something else. */
export const MAX_TOKEN_FILE_BYTES = 64 * 1024;

const SIGNATURE_CHARS = 86;
// Exactly 86 signature characters: text glued on after the token (once the wrapping is joined) is left out.
const CANDIDATE = new RegExp(`eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{${SIGNATURE_CHARS}}`, 'g');

function base64UrlJson(segment: string): unknown {
  try {
    const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

const isSpaceSyncHeader = (segment: string) => {
  const header = base64UrlJson(segment) as { typ?: unknown } | undefined;
  return header?.typ === TOKEN_TYPE;
};

/**
 * The token in `text`, or undefined. Line breaks and spaces inside the token are dropped (a
 * wrapped paste), and the text around it is ignored (a whole email). Quoted-printable soft line
 * breaks (`=` at a line end) are removed first, as a pasted raw email may have them.
 */
export function findToken(text: string): string | undefined {
  const unwrapped = text.replace(/=\r?\n/g, '');
  // Whitespace inside a token is wrapping; joining across it can only glue words onto the token's
  // ends, which the exact signature length and the `eyJ` start leave out.
  const joined = unwrapped.replace(/[ \t\r\n>]+/g, '');
  for (const match of joined.matchAll(CANDIDATE)) {
    const token = match[0];
    if (isSpaceSyncHeader(token.split('.')[0])) return token;
  }
  return undefined;
}

/** What a dropped or chosen file turned out to be. */
export type FileReading = { kind: 'token'; token: string } | { kind: 'refused'; reason: string };

const SIGNATURES: Array<[string, number[]]> = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive (or an Office document)', [0x50, 0x4b, 0x03, 0x04]],
];

const CHOOSE = 'Choose the .spacesync-token file the other space’s admin sent you, or paste the token.';

/** Reads a file's bytes as a token file: refuses images, documents and anything else without a token, saying what it is. */
export function readTokenFile(name: string, bytes: Uint8Array): FileReading {
  const kind = SIGNATURES.find(([, magic]) => magic.every((b, i) => bytes[i] === b))?.[0];
  if (kind) return { kind: 'refused', reason: `“${name}” is ${kind}, not a Space Sync token. ${CHOOSE}` };
  if (bytes.length > MAX_TOKEN_FILE_BYTES) return { kind: 'refused', reason: `“${name}” is too large to be a Space Sync token. ${CHOOSE}` };
  if (bytes.includes(0)) return { kind: 'refused', reason: `“${name}” is not a text file, so it is not a Space Sync token. ${CHOOSE}` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { kind: 'refused', reason: `“${name}” is not a text file, so it is not a Space Sync token. ${CHOOSE}` };
  }
  const token = findToken(text);
  return token ? { kind: 'token', token } : { kind: 'refused', reason: `“${name}” holds no Space Sync token. ${CHOOSE}` };
}
