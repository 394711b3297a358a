/** Syncs and issued tokens in Forge KVS. Keys: `sync:<spaceId>:<syncId>`, `token:<syncId>`. */
import { kvs, WhereConditions } from '@forge/kvs';
import type { Sync } from '../domain/sync';
import type { IssuedToken, PairingKeys, SyncStore } from '../pairing/ports';
import { createPairingKey, type KeyPair } from '../pairing/pairing-token';

const syncKey = (spaceId: string, syncId: string) => `sync:${spaceId}:${syncId}`;

export const kvsSyncStore: SyncStore = {
  get: (spaceId, syncId) => kvs.get<Sync>(syncKey(spaceId, syncId)),

  async listBySpace(spaceId) {
    const out: Sync[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.query().where('key', WhereConditions.beginsWith(`sync:${spaceId}:`)).limit(100);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany<Sync>();
      out.push(...page.results.map((r) => r.value));
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  },

  put: (sync) => kvs.set(syncKey(sync.space.id, sync.id), sync),
  currentToken: (syncId) => kvs.get<IssuedToken>(`token:${syncId}`),
  setCurrentToken: (token) => kvs.set(`token:${token.syncId}`, token),

  async markTokenUsed(jtiHash) {
    try {
      await kvs.set(`used-token:${jtiHash}`, { usedAt: Date.now() }, { keyPolicy: 'FAIL_IF_EXISTS' });
      return true;
    } catch (e) {
      // UNCONFIRMED: the platform's code for a FAIL_IF_EXISTS collision; read back to tell it from other failures.
      if (await kvs.get(`used-token:${jtiHash}`)) return false;
      throw e;
    }
  },
};

const KEY_SECRET = 'pairing-key';

export const kvsPairingKeys: PairingKeys = {
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
