/**
 * Syncs and issued tokens in Forge KVS. Keys: `sync:<spaceId>:<syncId>`, `pair:<pairId>:<role>`
 * (this side's own address for the pair, to the record), `token:<syncId>`, `used-token:<jti
 * hash>` (and the claim that used it).
 */
import { kvs } from './kvs-client';
import { entriesWithPrefix } from './kvs-query';
import type { Sync } from '../domain/sync';
import type { IssuedToken, PairingKeys, SyncStore, TokenUse } from '../pairing/ports';
import { createPairingKey, type KeyPair } from '../pairing/pairing-token';

const syncKey = (spaceId: string, syncId: string) => `sync:${spaceId}:${syncId}`;
const pairIndexKey = (pairId: string, role: Sync['role']) => `pair:${pairId}:${role}`;
/** A pair's index entry: its record, or (`removed`) the tombstone of one. */
type PairRef = { spaceId: string; syncId: string; removed?: true };
/** A tombstone outlives any token that could derive its address again (seven days). */
const TOMBSTONE_TTL = { value: 8, unit: 'DAYS' } as const;

export const kvsSyncStore: SyncStore = {
  get: (spaceId, syncId) => kvs.get<Sync>(syncKey(spaceId, syncId)),

  listBySpace: async (spaceId) => (await entriesWithPrefix<Sync>(`sync:${spaceId}:`)).map((r) => r.value),
  listAll: async () => (await entriesWithPrefix<Sync>('sync:')).map((r) => r.value),

  async findByPair(pairId, role) {
    const ref = await kvs.get<PairRef>(pairIndexKey(pairId, role));
    return ref && !ref.removed ? kvs.get<Sync>(syncKey(ref.spaceId, ref.syncId)) : undefined;
  },

  /**
   * A new pair's index is created, never overwritten: the address is fresh (random, or derived
   * from a token no other pair was made with), and the conditional write makes sure no import can
   * take over a pair that exists, or one removed (its tombstone). Only the same
   * record's own earlier try, cut off between the index and the record, is finished.
   */
  async create(sync) {
    const ref = { spaceId: sync.space.id, syncId: sync.id };
    if (!(await createOnce(pairIndexKey(sync.pairId, sync.role), undefined, ref))) {
      // Taken: by this very record's earlier try (cut off before it wrote the record), or refused.
      const taken = await kvs.get<PairRef>(pairIndexKey(sync.pairId, sync.role));
      if (!taken || taken.removed || taken.spaceId !== ref.spaceId || taken.syncId !== ref.syncId || (await kvs.get<Sync>(syncKey(ref.spaceId, ref.syncId)))) return false;
    }
    await kvs.set(syncKey(sync.space.id, sync.id), sync);
    return true;
  },

  // The record and its index by pair are written together or not at all. Both sides of a
  // same-site pair live in this one KVS, each under the address it made.
  put: (sync) =>
    kvs
      .transact()
      .set(syncKey(sync.space.id, sync.id), sync)
      .set(pairIndexKey(sync.pairId, sync.role), { spaceId: sync.space.id, syncId: sync.id })
      .execute(),
  // A destination's index stays a while as a tombstone: its address is derived from the token
  // (importAddresses), so the same import tried again must not take up a removed pair.
  remove(sync) {
    const index = pairIndexKey(sync.pairId, sync.role);
    const tx = kvs.transact().delete(syncKey(sync.space.id, sync.id)).delete(`token:${sync.id}`);
    const tombstone: PairRef = { spaceId: sync.space.id, syncId: sync.id, removed: true };
    return (sync.role === 'destination' ? tx.set(index, tombstone, undefined, { ttl: TOMBSTONE_TTL }) : tx.delete(index)).execute();
  },

  currentToken: (syncId) => kvs.get<IssuedToken>(`token:${syncId}`),
  setCurrentToken: (token) => kvs.set(`token:${token.syncId}`, token),

  // A token lives seven days, so its used mark is kept a day longer and then goes.
  markTokenUsed: (jtiHash, use) => createOnce(`used-token:${jtiHash}`, { value: 8, unit: 'DAYS' }, { at: Date.now(), ...use }),
  async tokenUse(jtiHash) {
    const mark = await kvs.get<TokenUse>(`used-token:${jtiHash}`);
    return mark ? { ...(mark.usedAt !== undefined ? { usedAt: mark.usedAt } : {}), ...(mark.claimant ? { claimant: mark.claimant } : {}) } : undefined;
  },
  // Messages older than the five-minute window are refused anyway, so an hour of memory suffices.
  markMessageSeen: (messageId) => createOnce(`seen-message:${messageId}`, { value: 1, unit: 'HOURS' }),
};

/** A conditional create: true for the one caller that wrote the key, false for every later one. */
async function createOnce(key: string, ttl?: { value: number; unit: 'HOURS' | 'DAYS' }, value: unknown = { at: Date.now() }): Promise<boolean> {
  try {
    await kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS', ...(ttl ? { ttl } : {}) });
    return true;
  } catch (e) {
    // UNCONFIRMED: the platform's code for a FAIL_IF_EXISTS collision; read back to tell it from other failures.
    if (await kvs.get(key)) return false;
    throw e;
  }
}

const KEY_SECRET = 'pairing-key';

export const kvsPairingKeys: PairingKeys = {
  existingKeyPair: () => kvs.getSecret<KeyPair>(KEY_SECRET),
  async keyPair() {
    const existing = await kvs.getSecret<KeyPair>(KEY_SECRET);
    if (existing) return existing;
    const created = await createPairingKey();
    try {
      // Two first uses racing: the one that loses reads the winner's key.
      await kvs.setSecret(KEY_SECRET, created, { keyPolicy: 'FAIL_IF_EXISTS' });
      return created;
    } catch {
      const winner = await kvs.getSecret<KeyPair>(KEY_SECRET);
      if (!winner) throw new Error('Could not store the pairing key');
      return winner;
    }
  },
};
