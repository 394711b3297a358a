import { Queue } from '@forge/events';
import { startProbeHost } from '../support/probe-host';
import { readRecords } from '../support/probe-records';

/**
 * The host's dropPendingWork, under the sandbox's Reset: sandbox infrastructure, not a Forge
 * behaviour. What is waiting is dropped at once, whatever its delay; what runs finishes, and
 * what it or anyone pushes meanwhile is dropped too.
 */
describe('dropping the work still pending on the host', () => {
  let env: Awaited<ReturnType<typeof startProbeHost>>;
  const push = (events: Parameters<Queue['push']>[0]) => env.host.runInInvocation(env.a, () => new Queue({ key: 'probe-queue' }).push(events));
  const deliveries = (id: string) => readRecords(env.host, env.a, `deliveries:${id}`);
  afterEach(() => env.host.close());

  it('drops a delivery fifteen minutes away at once, instead of waiting for it', async () => {
    env = await startProbeHost({ msPerSecond: 1000 });
    await push({ body: { id: 'far' }, delayInSeconds: 900 });
    const started = Date.now();
    await env.host.dropPendingWork();
    await env.host.settled();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(env.host.log.of('queue-delivery')).toEqual([]);
  });

  it('lets a running consumer finish, and drops what is pushed or published while it runs', async () => {
    env = await startProbeHost();
    await push({ body: { id: 'running', mode: 'slow' } });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(env.host.log.of('invocation').filter((i) => i.functionKey === 'probe-consumer')).toEqual([]);
    const dropping = env.host.dropPendingWork();
    await push({ body: { id: 'meanwhile' } });
    env.host.publishProductEvent(env.a, { eventType: 'avi:confluence:created:page', atlassianId: 'someone', content: { id: '7' } });
    await dropping;
    await env.host.settled();
    expect(await deliveries('running')).toHaveLength(1);
    expect(await deliveries('meanwhile')).toEqual([]);
    expect(env.host.log.of('product-event')).toEqual([]);
    // Afterwards the host takes deliveries again.
    await push({ body: { id: 'after' } });
    await env.host.settled();
    expect(await deliveries('after')).toHaveLength(1);
  });
});
