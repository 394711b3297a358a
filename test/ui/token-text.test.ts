import { createPairingKey, newJti, signPairingToken, PublicJwk } from '../../src/pairing/pairing-token';
import { tokenEmailBody } from '../../src/domain/token-email';
import { findToken, readTokenFile } from '../../static/space-settings/src/token-text';

/** The import dialog's reading of what an admin drops or pastes (static/space-settings/src/token-text.ts). */
describe('finding the token in a file or a paste', () => {
  let token: string;
  beforeAll(async () => {
    const { privateJwk, publicJwk } = await createPairingKey();
    token = await signPairingToken(
      privateJwk,
      {
        jti: newJti(),
        iss: 'https://acme.atlassian.net',
        aud: 'ari:cloud:ecosystem::environment/app/env',
        pair: 'a'.repeat(22),
        sync: { name: 'Handbook', message: 'Hi' },
        space: { id: '1', key: 'ENG', name: 'Engineering Handbook' },
        site: { cloudId: 'acme', url: 'https://acme.atlassian.net' },
        inbox: 'https://acme.example/inbox',
        key: PublicJwk.parse(publicJwk),
      },
      1_800_000_000,
    );
  });
  const wrap = (text: string, width: number, eol = '\r\n') => text.match(new RegExp(`.{1,${width}}`, 'g'))!.join(eol);

  it('takes the token as it is, or wrapped across lines by a mail client or a chat', () => {
    expect(findToken(token)).toBe(token);
    expect(findToken(`  ${token}\n`)).toBe(token);
    expect(findToken(wrap(token, 76))).toBe(token);
    expect(findToken(wrap(token, 40, '\n   '))).toBe(token);
    expect(findToken(wrap(token, 75, '=\r\n'))).toBe(token); // quoted-printable soft breaks
  });

  it('finds it inside a whole pasted email, quoted or not, with text glued on either side', () => {
    const email = `From: Ada <ada@acme.example>\nSubject: Space Sync\n\n${tokenEmailBody({ message: 'Hi Gil, here it is.', spaceKey: 'ENG', siteUrl: 'https://acme.atlassian.net', expiresAt: '2026-12-09T10:00:00.000Z', token: wrap(token, 72, '\n') })}\n\n-- \nAda`;
    expect(findToken(email)).toBe(token);
    expect(findToken(email.split('\n').map((line) => `> ${line}`).join('\n'))).toBe(token);
    expect(findToken(`Token:${token}Thanks`)).toBe(token);
  });

  it('finds nothing in text without one, nor in a JWT of another kind', () => {
    expect(findToken('Hello Gil, see you soon.')).toBeUndefined();
    const [, payload, signature] = token.split('.');
    const otherHeader = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');
    expect(findToken(`${otherHeader}.${payload}.${signature}`)).toBeUndefined();
    expect(findToken(token.slice(0, -10))).toBeUndefined();
  });

  it('refuses an image, a document or a binary file with words that say what it is, and reads a token file', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(readTokenFile('logo.png', png)).toEqual({ kind: 'refused', reason: expect.stringMatching(/^“logo\.png” is a PNG image, not a Space Sync token\. Choose the \.spacesync-token file/) });
    expect(readTokenFile('notes.pdf', new TextEncoder().encode('%PDF-1.7'))).toMatchObject({ reason: expect.stringContaining('is a PDF document') });
    expect(readTokenFile('blob.bin', Uint8Array.from([1, 2, 0, 3]))).toMatchObject({ reason: expect.stringContaining('is not a text file') });
    expect(readTokenFile('notes.txt', new TextEncoder().encode('nothing here'))).toMatchObject({ reason: expect.stringContaining('holds no Space Sync token') });
    expect(readTokenFile('Handbook.spacesync-token', new TextEncoder().encode(`${token}\n`))).toEqual({ kind: 'token', token });
  });
});
