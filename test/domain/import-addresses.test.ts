/** importAddresses (identity.ts): the same import's addresses at every try, and no one else's to guess. */
import { createPairingKey } from '../../src/pairing/pairing-token';
import { importAddresses, PairAddress } from '../../src/domain/identity';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the addresses an import claims with', () => {
  it('are the same for the same key, token and space, and well formed', async () => {
    const { privateJwk } = await createPairingKey();
    const first = importAddresses(privateJwk, 'token-1', '98304');
    expect(importAddresses(privateJwk, 'token-1', '98304')).toEqual(first);
    expect(PairAddress.safeParse(first.pairId).success).toBe(true);
    expect(first.syncId).toMatch(UUID_V4);
  });

  it('differ with the token, the space and the key', async () => {
    const { privateJwk } = await createPairingKey();
    const other = await createPairingKey();
    const base = importAddresses(privateJwk, 'token-1', '98304');
    const variants = [importAddresses(privateJwk, 'token-2', '98304'), importAddresses(privateJwk, 'token-1', '98305'), importAddresses(other.privateJwk, 'token-1', '98304')];
    for (const v of variants) {
      expect(v.pairId).not.toBe(base.pairId);
      expect(v.syncId).not.toBe(base.syncId);
    }
    // Token and space are not run together: ("token-1", "2") is not ("token-12", "").
    expect(importAddresses(privateJwk, 'token-1', '2')).not.toEqual(importAddresses(privateJwk, 'token-12', ''));
  });

  it('need the private key: a public one alone derives nothing', async () => {
    const { publicJwk } = await createPairingKey();
    expect(() => importAddresses(publicJwk, 'token-1', '98304')).toThrow('no private part');
  });
});
