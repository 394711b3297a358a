import { createPairingKey, hashJti, newJti, readPairingToken, signPairingToken, verifyOwnPairingToken, PairingTokenError, TOKEN_LIFETIME_SECONDS } from '../../src/pairing/pairing-token';

const NOW = 1_800_000_000;
const AUD = 'ari:cloud:ecosystem::environment/app-1/env-production';

async function issue(overrides: { nowSeconds?: number; claims?: Record<string, unknown> } = {}) {
  const keys = await createPairingKey();
  const claims = {
    jti: newJti(),
    iss: 'https://acme.atlassian.net',
    aud: AUD,
    pair: 'AAAAAAAAAAAAAAAAAAAAAA',
    sync: { name: 'Handbook to Globex', message: 'Welcome!' },
    space: { id: '1001', key: 'ENG', name: 'Engineering Handbook' },
    site: { cloudId: 'cloud-acme', url: 'https://acme.atlassian.net' },
    inbox: 'https://abc.hello.atlassian-dev.net/x1/123',
    key: keys.publicJwk as { kty: 'OKP'; crv: 'Ed25519'; x: string },
  };
  const token = await signPairingToken(keys.privateJwk, { ...claims, ...overrides.claims } as typeof claims, overrides.nowSeconds ?? NOW);
  return { keys, claims, token };
}

async function problemOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PairingTokenError);
  return (error as PairingTokenError).problem;
}

describe('pairing tokens', () => {
  it('round-trips: the importer reads what the source signed, valid for seven days', async () => {
    const { token, claims, keys } = await issue();
    const read = await readPairingToken(token, AUD, NOW + 60);
    expect(read).toMatchObject({ ...claims, iat: NOW, exp: NOW + TOKEN_LIFETIME_SECONDS });
    expect((await verifyOwnPairingToken(`  ${token}\n`, keys.publicJwk, AUD, NOW + 60)).jti).toBe(claims.jti);
    expect(claims.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(hashJti(claims.jti)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashJti(claims.jti)).not.toContain(claims.jti);
  });

  it('expires after seven days', async () => {
    const { token } = await issue();
    expect(await problemOf(readPairingToken(token, AUD, NOW + TOKEN_LIFETIME_SECONDS + 1))).toBe('expired');
  });

  it('detects any change to the claims, the signature or the carried key', async () => {
    const { token } = await issue();
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const altered = Buffer.from(JSON.stringify({ ...claims, space: { ...claims.space, key: 'HR' } })).toString('base64url');
    expect(await problemOf(readPairingToken(`${header}.${altered}.${signature}`, AUD, NOW))).toBe('tampered');
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BA' : 'AA');
    expect(await problemOf(readPairingToken(`${header}.${payload}.${flipped}`, AUD, NOW))).toBe('tampered');
    const other = await issue();
    const swappedKey = Buffer.from(JSON.stringify({ ...claims, key: other.claims.key })).toString('base64url');
    expect(await problemOf(readPairingToken(`${header}.${swappedKey}.${signature}`, AUD, NOW))).toBe('tampered');
  });

  it('is only accepted by the source that signed it', async () => {
    const { token } = await issue();
    const stranger = await createPairingKey();
    expect(await problemOf(verifyOwnPairingToken(token, stranger.publicJwk, AUD, NOW))).toBe('tampered');
  });

  it('is refused by another app or environment, once its signature holds', async () => {
    const { token, keys } = await issue();
    expect(await problemOf(readPairingToken(token, 'ari:cloud:ecosystem::environment/app-1/env-staging', NOW))).toBe('audience');
    expect(await problemOf(verifyOwnPairingToken(token, keys.publicJwk, 'ari:cloud:ecosystem::environment/other-app/env-production', NOW))).toBe('audience');
  });

  it('carries only https URLs: a javascript: or data: link is not a token', async () => {
    for (const url of ['javascript:alert(document.domain)//', 'data:text/html,<script>alert(1)</script>', 'http://evil.example/x']) {
      for (const field of ['inbox', 'iss']) {
        const { token } = await issue({ claims: { [field]: url } });
        expect(await problemOf(readPairingToken(token, AUD, NOW))).toBe('malformed');
      }
      const { token } = await issue({ claims: { site: { cloudId: 'cloud-acme', url } } });
      expect(await problemOf(readPairingToken(token, AUD, NOW))).toBe('malformed');
    }
  });

  it('calls anything else not a token', async () => {
    for (const junk of ['', 'hello', 'a.b', 'a.b.c', 'eyJhbGciOiJub25lIn0.e30.', (await issue()).token.split('.').slice(0, 2).join('.')]) {
      expect(await problemOf(readPairingToken(junk, AUD, NOW))).toBe('malformed');
    }
    const { token } = await issue();
    const [, payload, signature] = token.split('.');
    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'space-sync-pairing+jwt' })).toString('base64url');
    expect(await problemOf(readPairingToken(`${noneHeader}.${payload}.${signature}`, AUD, NOW))).toBe('malformed');
  });
});
