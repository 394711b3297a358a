import { Queue, TooManyEventsError, PayloadTooBigError, InvalidPushSettingsError } from '@forge/events';
import { startProbeHost } from '../support/probe-host';
import { readRecords } from '../support/probe-records';

type Delivery = { at: number; eventId: string; jobId: string; retryContext: null | { retryCount: number; retryReason: string; retryData: unknown } };

describe('async events on the local Forge host, through the real @forge/events', () => {
  let env: Awaited<ReturnType<typeof startProbeHost>>;
  const push = (events: Parameters<Queue['push']>[0]) => env.host.runInInvocation(env.a, () => new Queue({ key: 'probe-queue' }).push(events));
  const deliveries = (id: string) => readRecords<Delivery>(env.host, env.a, `deliveries:${id}`);

  afterEach(() => env.host.close());

  it('delivers a pushed event to the consumer manifest.yml names for the queue', async () => {
    env = await startProbeHost();
    const { jobId } = await push({ body: { id: 'plain' } });
    await env.host.settled();
    const seen = await deliveries('plain');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ jobId, retryContext: null });
    const stats = await env.host.runInInvocation(env.a, () => new Queue({ key: 'probe-queue' }).getJob(jobId).getStats());
    expect(stats).toEqual({ success: 1, inProgress: 0, failed: 0 });
  });

  it('retries a consumer that returns an InvocationError after its retryAfter, with a retry context', async () => {
    const msPerSecond = 20;
    env = await startProbeHost({ msPerSecond });
    await push({ body: { id: 'rl', mode: 'retry-once', retryAfter: 10 } });
    await env.host.settled();
    const [first, second] = await deliveries('rl');
    expect(second.retryContext).toMatchObject({ retryCount: 1, retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED', retryData: { page: 2 } });
    expect(second.eventId).toBe(first.eventId);
    // 10 platform seconds at 20 ms each: the retry may not come before 200 ms.
    expect(second.at - first.at).toBeGreaterThanOrEqual(10 * msPerSecond - 5);
    const log = env.host.log.of('queue-delivery').filter((d) => d.eventId === first.eventId);
    expect(log.map((d) => d.outcome)).toEqual(['retry:FUNCTION_UPSTREAM_RATE_LIMITED:10s', 'ok']);
  });

  it('retries a consumer that throws, and gives up after the last retry', async () => {
    env = await startProbeHost({ queue: { maxRetries: 2 } });
    await push({ body: { id: 'crash', mode: 'throw-once' } });
    await env.host.settled();
    const seen = await deliveries('crash');
    expect(seen).toHaveLength(2);
    expect(seen[1].retryContext).toMatchObject({ retryCount: 1, retryReason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR' });
  });

  it('marks the job failed once retries are exhausted', async () => {
    env = await startProbeHost({ queue: { maxRetries: 0 } });
    const { jobId } = await push({ body: { id: 'gone', mode: 'throw-once' } });
    await env.host.settled();
    const stats = await env.host.runInInvocation(env.a, () => new Queue({ key: 'probe-queue' }).getJob(jobId).getStats());
    expect(stats).toEqual({ success: 0, inProgress: 0, failed: 1 });
  });

  it('rejects a push of 51 events, over 200 KB, or a delay over 900 s before it leaves the app', async () => {
    env = await startProbeHost();
    const many = Array.from({ length: 51 }, (_, i) => ({ body: { id: `m${i}` } }));
    await expect(push(many)).rejects.toBeInstanceOf(TooManyEventsError);
    await expect(push([{ body: { id: 'big', pad: 'x'.repeat(201 * 1024) } }])).rejects.toBeInstanceOf(PayloadTooBigError);
    await expect(push([{ body: { id: 'late' }, delayInSeconds: 901 }])).rejects.toBeInstanceOf(InvalidPushSettingsError);
    expect(env.host.log.of('queue-push')).toHaveLength(0);
    await expect(push(many.slice(0, 50))).resolves.toHaveProperty('jobId');
  });

  it('holds an event back for its delayInSeconds', async () => {
    env = await startProbeHost({ msPerSecond: 10 });
    const pushedAt = Date.now();
    await push({ body: { id: 'later' }, delayInSeconds: 30 });
    await env.host.settled();
    const [seen] = await deliveries('later');
    expect(seen.at - pushedAt).toBeGreaterThanOrEqual(30 * 10 - 5);
  });

  it('runs at most `limit` events of one concurrency key at a time', async () => {
    env = await startProbeHost();
    const events = ['c1', 'c2', 'c3'].map((id) => ({ body: { id, mode: 'slow' as const }, concurrency: { key: 'page-42', limit: 1 } }));
    await push(events);
    await env.host.settled();
    const runs = env.host.log.of('invocation').filter((i) => i.functionKey === 'probe-consumer');
    expect(runs).toHaveLength(3);
    const times = await Promise.all(['c1', 'c2', 'c3'].map(async (id) => (await deliveries(id))[0].at));
    times.sort((x, y) => x - y);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(190);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(190);
  });

  it('in fault mode, delivers some events twice with the same eventId', async () => {
    env = await startProbeHost({ queue: { faults: { duplicateRate: 1, seed: 7 } } });
    await push({ body: { id: 'dup' } });
    await env.host.settled();
    const seen = await deliveries('dup');
    expect(seen).toHaveLength(2);
    expect(seen[0].eventId).toBe(seen[1].eventId);
  });

  it('in fault mode, reorders deliveries', async () => {
    env = await startProbeHost({ msPerSecond: 5, queue: { faults: { reorderSeconds: 40, seed: 3 } } });
    const ids = Array.from({ length: 12 }, (_, i) => `r${i}`);
    await push(ids.map((id) => ({ body: { id } })));
    await env.host.settled();
    const order = (await Promise.all(ids.map(async (id) => ({ id, at: (await deliveries(id))[0].at })))).sort((x, y) => x.at - y.at).map((d) => d.id);
    expect(order).not.toEqual(ids);
    expect([...order].sort()).toEqual([...ids].sort());
  });
});
