/**
 * The pairing token (DESIGN.md section 3): a compact JWS signed with EdDSA by the source
 * installation's pairing key, valid seven days, for this app and environment only (`aud`),
 * naming the source's address for the pair, the sync, the source space, the source inbox URL and
 * the source public key. Only a hash of its `jti` is ever stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, decodeJwt, decodeProtectedHeader, importJWK, exportJWK, generateKeyPair, errors, type JWK } from 'jose';
import { z } from 'zod';
import { PairAddress, PeerInboxUrl, PublicJwk, WebUrl } from '../domain/identity';

export const TOKEN_TYPE = 'space-sync-pairing+jwt';
export const TOKEN_LIFETIME_SECONDS = 7 * 24 * 3600;
const ALG = 'EdDSA';

export { PublicJwk } from '../domain/identity';

export const PairingClaims = z.object({
  jti: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  iat: z.number().int(),
  exp: z.number().int(),
  iss: WebUrl,
  /** The app and environment the token is for (`getAppContext().environmentAri`): refused elsewhere. */
  aud: z.string().min(1).max(300),
  /** The source's address for the pair: what the claim is sent to. */
  pair: PairAddress,
  sync: z.object({ name: z.string().min(1).max(200), message: z.string().max(2000) }),
  space: z.object({ id: z.string().min(1).max(50), key: z.string().min(1).max(255), name: z.string().max(255) }),
  site: z.object({ cloudId: z.string().min(1).max(100), url: WebUrl }),
  inbox: PeerInboxUrl,
  key: PublicJwk,
});
export type PairingClaims = z.infer<typeof PairingClaims>;

export type PairingTokenProblem = 'malformed' | 'tampered' | 'expired' | 'audience';

export class PairingTokenError extends Error {
  constructor(readonly problem: PairingTokenProblem) {
    super(
      problem === 'expired'
        ? 'This token has expired. Ask the source space admin for a new one.'
        : problem === 'audience'
          ? 'This token was made by another installation of Space Sync (another app or environment) and cannot be used here.'
          : problem === 'tampered'
          ? 'This token has been altered and cannot be trusted.'
          : 'This is not a Space Sync token.',
    );
  }
}

export interface KeyPair {
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function createPairingKey(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  return { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
}

/** 128 random bits, base64url. */
export function newJti(): string {
  return randomBytes(16).toString('base64url');
}

export function hashJti(jti: string): string {
  return createHash('sha256').update(jti).digest('hex');
}

export async function signPairingToken(privateJwk: JWK, claims: Omit<PairingClaims, 'iat' | 'exp'>, nowSeconds: number): Promise<string> {
  const key = await importJWK(privateJwk, ALG);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: ALG, typ: TOKEN_TYPE })
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + TOKEN_LIFETIME_SECONDS)
    .sign(key);
}

function parseUnverified(token: string): PairingClaims {
  const trimmed = token.trim();
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(trimmed)) throw new PairingTokenError('malformed');
  try {
    const header = decodeProtectedHeader(trimmed);
    if (header.alg !== ALG || header.typ !== TOKEN_TYPE) throw new PairingTokenError('malformed');
    const parsed = PairingClaims.safeParse(decodeJwt(trimmed));
    if (!parsed.success) throw new PairingTokenError('malformed');
    return parsed.data;
  } catch (e) {
    if (e instanceof PairingTokenError) throw e;
    throw new PairingTokenError('malformed');
  }
}

async function verifyWith(token: string, publicJwk: JWK, audience: string, nowSeconds: number): Promise<PairingClaims> {
  const claims = parseUnverified(token);
  try {
    await jwtVerify(token.trim(), await importJWK(publicJwk, ALG), { algorithms: [ALG], typ: TOKEN_TYPE, currentDate: new Date(nowSeconds * 1000), clockTolerance: 0 });
  } catch (e) {
    if (e instanceof errors.JWTExpired) throw new PairingTokenError('expired');
    throw new PairingTokenError('tampered');
  }
  // Checked once the signature holds, so a forged token is called forged, not foreign.
  if (claims.aud !== audience) throw new PairingTokenError('audience');
  return claims;
}

/**
 * Destination side: reads a token to show the importer where it comes from. The signature is
 * checked against the key the token carries (it proves the token is intact; that it is genuine
 * and unused only the source can tell, when it receives the claim).
 */
export async function readPairingToken(token: string, audience: string, nowSeconds: number): Promise<PairingClaims> {
  const claims = parseUnverified(token);
  return verifyWith(token, claims.key, audience, nowSeconds);
}

/** Source side: the token must be signed by this installation's own pairing key. */
export async function verifyOwnPairingToken(token: string, ownPublicJwk: JWK, audience: string, nowSeconds: number): Promise<PairingClaims> {
  return verifyWith(token, ownPublicJwk, audience, nowSeconds);
}
