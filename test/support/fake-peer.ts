/**
 * A peer this host does not run: its own key and an inbox on the host whose answers the test
 * writes. It plays an attacker (its own tokens, its own claims, messages to any address) or an
 * installation on another version of the protocol, speaking the protocol from the outside.
 */
import { decodeJwt, type JWK } from 'jose';
import type { ForgeHost } from '../../sandbox/forge-host/forge-host';
import { createPairingKey, newJti, signPairingToken, type PairingClaims } from '../../src/pairing/pairing-token';
import { signPeerMessage, type Outgoing } from '../../src/pairing/peer-message';
import { Envelope } from '../../src/contract/peer-protocol';
import { newPairAddress } from '../../src/domain/identity';
import { appAudience } from '../../src/platform/installation';
import type { EmulatedSite } from './emulated-sites';
import { postTo } from './pairs';

export type Answer = { status: number; body: unknown; headers?: Record<string, string>; raw?: string };

const DEFAULT_OPTIONS = { blogPosts: true, comments: true, labels: true, attachments: true, mode: 'automatic', conflictPolicy: 'source-wins' };

/** What a well-behaved peer of this version answers; a test replaces it to misbehave. */
export function politeAnswer(message: Envelope): Answer {
  if (message.type === 'claim') return { status: 200, body: { state: 'active', options: DEFAULT_OPTIONS } };
  if (message.type === 'apply') return { status: 200, body: { status: 'synced', outcome: 'created', destId: '1', destVersion: 1 } };
  return { status: 200, body: { ok: true } };
}

export class FakePeer {
  readonly received: Envelope[] = [];
  /** Every message as it arrived, signed: what the fake could forward elsewhere. */
  readonly raw: Array<{ type: string; jws: string }> = [];
  answer: (message: Envelope) => Answer = politeAnswer;
  /** Its own address for the pair, as a destination; a source's is in its token. */
  readonly pair = newPairAddress();

  private constructor(
    private readonly host: ForgeHost,
    readonly keys: { privateJwk: JWK; publicJwk: JWK },
    readonly inbox: string,
  ) {}

  static async create(host: ForgeHost): Promise<FakePeer> {
    const keys = await createPairingKey();
    let peer: FakePeer | undefined = undefined;
    const inbox = host.foreignInbox(async (raw) => {
      const jws = JSON.parse(raw).message as string;
      const message = Envelope.parse(decodeJwt(jws));
      peer!.received.push(message);
      peer!.raw.push({ type: message.type, jws });
      return peer!.answer(message);
    });
    peer = new FakePeer(host, keys, inbox);
    return peer;
  }

  get publicKey() {
    return this.keys.publicJwk as { kty: 'OKP'; crv: 'Ed25519'; x: string };
  }

  /** A token of its own, claiming whatever it likes, for the app and environment of `site`. */
  /** `issuedAt` (seconds): when the token says it was issued, now by default. */
  async token(site: EmulatedSite, claims: Partial<Omit<PairingClaims, 'iat' | 'exp'>> = {}, issuedAt = Math.floor(Date.now() / 1000)): Promise<string> {
    const audience = await this.host.runInInvocation(site.installation, async () => appAudience());
    return signPairingToken(
      this.keys.privateJwk,
      {
        jti: newJti(),
        iss: 'https://acme.atlassian.net',
        aud: audience,
        pair: newPairAddress(),
        sync: { name: 'Handbook for Globex', message: 'Welcome, Globex!' },
        space: { id: '1', key: 'ENG', name: 'acme space' },
        site: { cloudId: 'cloud-acme', url: 'https://acme.atlassian.net' },
        inbox: this.inbox,
        key: this.publicKey,
        ...claims,
      },
      issuedAt,
    );
  }

  /** `from` defaults to its own address as a destination. */
  sign(message: Omit<Outgoing, 'from'> & { from?: string }, version?: number): Promise<string> {
    return signPeerMessage(this.keys.privateJwk, { from: this.pair, ...message }, Math.floor(Date.now() / 1000), version);
  }

  async send(inbox: string, message: Omit<Outgoing, 'from'> & { from?: string }, version?: number) {
    return postTo(inbox, await this.sign(message, version));
  }

  /** Claims a genuine token as a destination of its own, as an installation on another site would. */
  async claim(sourceInbox: string, token: string, version?: number) {
    const pair = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).pair as string;
    return this.send(
      sourceInbox,
      {
        type: 'claim',
        to: 'source',
        pair,
        body: {
          token,
          destination: { site: { cloudId: 'cloud-fake', url: 'https://fake.atlassian.net' }, space: { id: '777', key: 'FAKE', name: 'Fake space' }, inbox: this.inbox, key: this.publicKey, pair: this.pair, syncName: 'Fake' },
        },
      },
      version,
    );
  }

  of(type: string): Envelope[] {
    return this.received.filter((m) => m.type === type);
  }
}
