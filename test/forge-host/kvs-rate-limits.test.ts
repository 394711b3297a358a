import { kvs, ForgeKvsAPIError } from '@forge/kvs';
import { startProbeHost } from '../support/probe-host';
import { KvsRateLimiter, unitsOf, FORGE_KVS_LIMITS } from '../../sandbox/forge-host/kvs/kvs-rate-limit';

type Started = Awaited<ReturnType<typeof startProbeHost>>;

async function refusal(promise: Promise<unknown>): Promise<ForgeKvsAPIError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ForgeKvsAPIError);
  return error as ForgeKvsAPIError;
}

describe('KVS rate limits per installation (limits-kvs-ce)', () => {
  describe('the limiter', () => {
    let now = 0;
    const limiter = (limits = FORGE_KVS_LIMITS) => new KvsRateLimiter(limits, 1000, () => now);
    beforeEach(() => (now = 1_000_000));

    it('counts a request in 10 KB units, rounded up', () => {
      expect(unitsOf(0)).toBe(1);
      expect(unitsOf(10_000)).toBe(1);
      expect(unitsOf(10_001)).toBe(2);
      expect(unitsOf(65_000)).toBe(7);
    });

    it('admits 4,000 read units a minute, then refuses until the oldest leave the window', () => {
      const l = limiter();
      for (let i = 0; i < 4000; i++) {
        now += 10; // 100 a second: under the 1,000 a second
        expect(l.admit('a', 'read', 1)).toBe(true);
      }
      expect(l.admit('a', 'read', 1)).toBe(false);
      // Writes and another installation have limits of their own.
      expect(l.admit('a', 'write', 1)).toBe(true);
      expect(l.admit('b', 'read', 1)).toBe(true);
      // The window slides: 60 s after the first read, one unit is free again, and only one.
      now = 1_000_000 + 10 + 60_000;
      expect(l.admit('a', 'read', 1)).toBe(true);
      expect(l.admit('a', 'read', 1)).toBe(false);
    });

    it('refuses a large request that would pass the limit, though a small one still fits', () => {
      const l = limiter({ ...FORGE_KVS_LIMITS, writeUnitsPerMinute: 10 });
      expect(l.admit('a', 'write', 7)).toBe(true);
      expect(l.admit('a', 'write', 7)).toBe(false);
      expect(l.admit('a', 'write', 3)).toBe(true);
      expect(l.admit('a', 'write', 1)).toBe(false);
    });

    it('admits 1,000 requests a second of any kind', () => {
      const l = limiter();
      for (let i = 0; i < 1000; i++) expect(l.admit('a', i % 2 ? 'read' : 'write', 1)).toBe(true);
      expect(l.admit('a', 'read', 1)).toBe(false);
      expect(l.admit('a', 'write', 1)).toBe(false);
      now += 1000;
      expect(l.admit('a', 'read', 1)).toBe(true);
    });
  });

  describe('through the real @forge/kvs', () => {
    let env: Started;
    const inA = <T>(fn: () => Promise<T>) => env.host.runInInvocation(env.a, fn);
    afterEach(() => env.host.close());

    it('answers a write over the limit 429 RATE_LIMIT_EXCEEDED and writes nothing', async () => {
      // A long host second, so that the window cannot pass during the test.
      env = await startProbeHost({ msPerSecond: 60_000, kvsLimits: { ...FORGE_KVS_LIMITS, writeUnitsPerMinute: 3 } });
      await inA(async () => {
        await kvs.set('k1', 'one');
        await kvs.set('k2', 'two');
        await kvs.set('k3', 'three');
        const error = await refusal(kvs.set('k4', 'four'));
        expect(error.responseDetails.status).toBe(429);
        expect(error.code).toBe('RATE_LIMIT_EXCEEDED');
        expect(await kvs.get('k4')).toBeUndefined();
        expect(await kvs.get('k3')).toBe('three');
      });
      const refused = env.host.log.of('kvs').filter((e) => e.status === 429);
      expect(refused).toEqual([expect.objectContaining({ op: 'set', units: 1 })]);
    });

    it('counts a read by what it answers', async () => {
      env = await startProbeHost({ msPerSecond: 60_000, kvsLimits: { ...FORGE_KVS_LIMITS, readUnitsPerMinute: 5 } });
      await inA(async () => {
        await kvs.set('big', 'x'.repeat(35_000)); // 4 units to read
        expect(await kvs.get('big')).toHaveLength(35_000);
        expect(await kvs.get('small')).toBeUndefined(); // the fifth unit
        expect((await refusal(kvs.get('small'))).code).toBe('RATE_LIMIT_EXCEEDED');
      });
      expect(env.host.log.of('kvs').filter((e) => e.op === 'get').map((e) => [e.status, e.units])).toEqual([
        [200, 4],
        [404, 1],
        [429, 1],
      ]);
    });

    it('lets an installation under its limits go on while another is refused', async () => {
      env = await startProbeHost({ msPerSecond: 60_000, kvsLimits: { ...FORGE_KVS_LIMITS, writeUnitsPerMinute: 1 } });
      await inA(() => kvs.set('k', 'a'));
      await refusal(inA(() => kvs.set('k', 'again')));
      await env.host.runInInvocation(env.b, () => kvs.set('k', 'b'));
      await inA(async () => expect(await kvs.get('k')).toBe('a'));
    });
  });
});
