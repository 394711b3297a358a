import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kvs, ForgeKvsAPIError, WhereConditions } from '@forge/kvs';
import { startProbeHost } from '../support/probe-host';
import { ForgeHost } from '../../sandbox/forge-host/forge-host';
import { PROBE_APP, EchoProduct } from '../support/probe-host';

type Started = Awaited<ReturnType<typeof startProbeHost>>;

async function kvsError(promise: Promise<unknown>): Promise<ForgeKvsAPIError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ForgeKvsAPIError);
  return error as ForgeKvsAPIError;
}

describe('KVS on the local Forge host, through the real @forge/kvs', () => {
  let env: Started;
  const inA = <T>(fn: () => Promise<T>) => env.host.runInInvocation(env.a, fn);
  const inB = <T>(fn: () => Promise<T>) => env.host.runInInvocation(env.b, fn);

  beforeEach(async () => {
    env = await startProbeHost();
  });
  afterEach(() => env.host.close());

  it('gets, sets and deletes values; a missing key reads as undefined', async () => {
    await inA(async () => {
      expect(await kvs.get('sync:1')).toBeUndefined();
      await kvs.set('sync:1', { name: 'Docs', n: 1 });
      expect(await kvs.get('sync:1')).toEqual({ name: 'Docs', n: 1 });
      await kvs.delete('sync:1');
      expect(await kvs.get('sync:1')).toBeUndefined();
    });
  });

  it('refuses storage to an app whose manifest lacks storage:app, writing nothing', async () => {
    const scopes = env.host.manifest.scopes;
    scopes.splice(scopes.indexOf('storage:app'), 1);
    expect((await kvsError(inA(() => kvs.set('sync:1', 'x')))).responseDetails.status).toBe(403);
    scopes.push('storage:app');
    await inA(async () => expect(await kvs.get('sync:1')).toBeUndefined());
  });

  it('keeps each installation apart', async () => {
    await inA(() => kvs.set('shared-name', 'from A'));
    await inB(async () => expect(await kvs.get('shared-name')).toBeUndefined());
    await inA(async () => expect(await kvs.get('shared-name')).toBe('from A'));
  });

  it('fails a second FAIL_IF_EXISTS write and keeps the first value', async () => {
    await inA(async () => {
      await kvs.set('token-used:abc', { by: 'first' }, { keyPolicy: 'FAIL_IF_EXISTS' });
      const error = await kvsError(kvs.set('token-used:abc', { by: 'second' }, { keyPolicy: 'FAIL_IF_EXISTS' }));
      expect(error.responseDetails.status).toBe(409);
      expect(await kvs.get('token-used:abc')).toEqual({ by: 'first' });
    });
  });

  it('returns the previous or the latest value when asked', async () => {
    await inA(async () => {
      await kvs.set('counter', 1);
      const previous = await kvs.set('counter', 2, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' });
      expect(previous).toMatchObject({ key: 'counter', value: 1 });
      const latest = await kvs.set('counter', 3, { keyPolicy: 'OVERRIDE', returnValue: 'LATEST' });
      expect(latest).toMatchObject({ key: 'counter', value: 3 });
    });
  });

  it('expires values after their TTL', async () => {
    await inA(async () => {
      await kvs.set('nonce:1', true, { ttl: { value: 1, unit: 'SECONDS' } });
      const withMeta = await kvs.get('nonce:1', { metadataFields: ['EXPIRE_TIME' as never] });
      expect(withMeta).toMatchObject({ value: true });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await kvs.get('nonce:1')).toBeUndefined();
    });
  });

  it('keeps secrets apart from plain keys', async () => {
    await inA(async () => {
      await kvs.setSecret('pairing-key', { d: 'private' });
      expect(await kvs.getSecret('pairing-key')).toEqual({ d: 'private' });
      expect(await kvs.get('pairing-key')).toBeUndefined();
      const listed = await kvs.query().where('key', WhereConditions.beginsWith('pairing')).getMany();
      expect(listed.results).toEqual([]);
      await kvs.deleteSecret('pairing-key');
      expect(await kvs.getSecret('pairing-key')).toBeUndefined();
    });
  });

  it('queries by prefix with a limit and a cursor, in key order', async () => {
    await inA(async () => {
      for (let i = 0; i < 7; i++) await kvs.set(`map:s1:${i}`, i);
      await kvs.set('map:s2:0', 'other sync');
      const first = await kvs.query().where('key', WhereConditions.beginsWith('map:s1:')).limit(3).getMany();
      expect(first.results.map((r) => r.value)).toEqual([0, 1, 2]);
      expect(first.nextCursor).toBeDefined();
      const second = await kvs.query().where('key', WhereConditions.beginsWith('map:s1:')).limit(3).cursor(first.nextCursor as string).getMany();
      expect(second.results.map((r) => r.value)).toEqual([3, 4, 5]);
      const third = await kvs.query().where('key', WhereConditions.beginsWith('map:s1:')).limit(3).cursor(second.nextCursor as string).getMany();
      expect(third.results.map((r) => r.value)).toEqual([6]);
      expect(third.nextCursor).toBeUndefined();
    });
  });

  it('rejects bad keys and values with the platform codes, writing nothing', async () => {
    await inA(async () => {
      expect((await kvsError(kvs.set('bad/key', 1))).code).toBe('INVALID_KEY');
      expect((await kvsError(kvs.set('k'.repeat(501), 1))).code).toBe('KEY_TOO_LONG');
      expect((await kvsError(kvs.set('big', 'x'.repeat(240 * 1024 + 1)))).code).toBe('MAX_SIZE');
      let deep: unknown = 1;
      for (let i = 0; i < 32; i++) deep = [deep];
      expect((await kvsError(kvs.set('deep', deep))).code).toBe('MAX_DEPTH');
      expect(await kvs.get('big')).toBeUndefined();
      await kvs.set('fits', 'x'.repeat(200 * 1024));
      expect(((await kvs.get('fits')) as string).length).toBe(200 * 1024);
    });
  });

  it('runs batch calls item by item, reporting failed keys', async () => {
    await inA(async () => {
      const set = await kvs.batchSet([
        { key: 'b:1', value: 1 },
        { key: 'b 2?', value: 2 },
        { key: 'b:3', value: 3 },
      ]);
      expect(set.successfulKeys.map((k) => k.key)).toEqual(['b:1', 'b:3']);
      expect(set.failedKeys).toEqual([{ key: 'b 2?', error: expect.objectContaining({ code: 'INVALID_KEY' }) }]);
      const got = await kvs.batchGet([{ key: 'b:1' }, { key: 'b:2' }, { key: 'b:3' }]);
      expect(got.successfulKeys.map((k) => [k.key, k.value])).toEqual([
        ['b:1', 1],
        ['b:3', 3],
      ]);
      expect(got.failedKeys.map((k) => k.key)).toEqual(['b:2']);
      await kvs.batchDelete([{ key: 'b:1' }, { key: 'b:3' }]);
      expect(await kvs.get('b:1')).toBeUndefined();
    });
  });

  it('commits a transaction whole, or not at all', async () => {
    await inA(async () => {
      await kvs.set('tx:keep', 'before');
      await kvs.transact().set('tx:a', 1).set('tx:b', 2).delete('tx:keep').execute();
      expect([await kvs.get('tx:a'), await kvs.get('tx:b'), await kvs.get('tx:keep')]).toEqual([1, 2, undefined]);

      await kvs.set('tx:keep', 'before');
      const error = await kvsError(kvs.transact().set('tx:c', 3).delete('tx:keep').set('tx:too-big', 'x'.repeat(240 * 1024 + 1)).execute());
      expect(error.code).toBe('MAX_SIZE');
      expect(await kvs.get('tx:c')).toBeUndefined();
      expect(await kvs.get('tx:keep')).toBe('before');

      const dup = await kvsError(kvs.transact().set('tx:d', 1).delete('tx:d').execute());
      expect(dup.responseDetails.status).toBe(400);
      expect(await kvs.get('tx:d')).toBeUndefined();
    });
  });

  it('persists on disk when given a file, across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'space-sync-kvs-'));
    try {
      const file = join(dir, 'kvs.sqlite');
      const first = new ForgeHost({ appRoot: PROBE_APP, storageFile: file });
      const site = first.addInstallation({ cloudId: 'cloud-p', siteUrl: 'https://p.example.net', product: new EchoProduct() });
      await first.runInInvocation(site, () => kvs.set('survives', { yes: true }));
      await first.close();
      const second = new ForgeHost({ appRoot: PROBE_APP, storageFile: file });
      const again = second.addInstallation({ cloudId: 'cloud-p', siteUrl: 'https://p.example.net', product: new EchoProduct() });
      expect(await second.runInInvocation(again, () => kvs.get('survives'))).toEqual({ yes: true });
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses KVS calls made outside any invocation', async () => {
    await expect(kvs.get('anything')).rejects.toThrow(/outside a Forge invocation/);
  });
});
