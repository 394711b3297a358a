/**
 * The host stops an invocation at its timeout as Forge does, and hands each kind of function the
 * arguments Forge documents for it.
 */
import { Queue } from '@forge/events';
import { startProbeHost } from '../support/probe-host';
import { readRecords } from '../support/probe-records';

type Recorded = { context: Record<string, unknown>; request?: Record<string, unknown> };

describe('a function past its deadline', () => {
  let env: Awaited<ReturnType<typeof startProbeHost>>;
  const push = (body: Record<string, unknown>) => env.host.runInInvocation(env.a, () => new Queue({ key: 'probe-queue' }).push({ body }));

  it('is cut off: what it writes after the deadline never reaches storage, and the call is logged', async () => {
    env = await startProbeHost({ functionTimeoutsMs: { 'probe-consumer': 300 }, queue: { maxRetries: 0 }, overruns: 'allow' });
    await push({ id: 'late', mode: 'overrun', sleepMs: 600 });
    await env.host.settled();
    // Let the overrunning handler reach its write, which the host refuses.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(env.host.log.of('invocation').filter((i) => i.functionKey === 'probe-consumer').map((i) => i.outcome)).toEqual(['timeout']);
    expect(await readRecords(env.host, env.a, 'deliveries:late')).toHaveLength(1);
    expect(await readRecords(env.host, env.a, 'late:late')).toEqual([]);
    const [late] = env.host.log.of('after-deadline');
    expect(late).toMatchObject({ functionKey: 'probe-consumer', call: 'kvs /api/v1/set' });
    expect(late.lateMs).toBeGreaterThanOrEqual(0);
    await env.host.close();
  });

  it('makes the host fail on close unless the test allows overruns, so no test hides one', async () => {
    env = await startProbeHost({ functionTimeoutsMs: { 'probe-consumer': 300 }, queue: { maxRetries: 0 } });
    await push({ id: 'hidden', mode: 'overrun', sleepMs: 600 });
    await env.host.settled();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expect(env.host.close()).rejects.toThrow(/1 call\(s\) made after an invocation's deadline[\s\S]*probe-consumer: kvs \/api\/v1\/set/);
  });

  it('leaves work inside the deadline alone', async () => {
    env = await startProbeHost({ functionTimeoutsMs: { 'probe-consumer': 2000 } });
    await push({ id: 'quick', mode: 'overrun', sleepMs: 50 });
    await env.host.settled();
    expect(await readRecords(env.host, env.a, 'late:quick')).toHaveLength(1);
    expect(env.host.log.of('after-deadline')).toEqual([]);
    await env.host.close();
  });
});

describe('the arguments of each kind of function', () => {
  let env: Awaited<ReturnType<typeof startProbeHost>>;
  beforeAll(async () => {
    env = await startProbeHost();
  });
  afterAll(() => env.host.close());

  // function-reference/arguments: "Context is the same for all modules".
  const documentedContext = () => ({
    installContext: 'ari:cloud:confluence::site/cloud-a',
    installation: { ari: { installationId: env.a.id }, contexts: ['ari:cloud:confluence::site/cloud-a'] },
  });

  it('a scheduled trigger gets its context and a context token, and no principal', async () => {
    await env.host.runScheduledTrigger(env.a, 'probe-schedule');
    const [run] = await readRecords<Recorded>(env.host, env.a, 'scheduled');
    expect(run.request).toEqual({ context: { cloudId: 'cloud-a', moduleKey: 'probe-schedule' }, contextToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) });
    expect(run.context).toEqual(documentedContext());
  });

  it('a product event trigger and a queue consumer get the same context', async () => {
    env.host.publishProductEvent(env.a, { eventType: 'avi:confluence:created:page', atlassianId: 'someone' });
    await env.host.runInInvocation(env.a, () => new Queue({ key: 'probe-queue' }).push({ body: { id: 'ctx' } }));
    await env.host.settled();
    const [event] = await readRecords<Recorded>(env.host, env.a, 'events');
    const [delivery] = await readRecords<Recorded>(env.host, env.a, 'deliveries:ctx');
    expect(event.context).toEqual(documentedContext());
    expect(delivery.context).toEqual(documentedContext());
  });

  it('a web trigger gets the same context', async () => {
    const url = await env.host.runInInvocation(env.a, async () => (await import('@forge/api')).webTrigger.getUrl('probe-hook'));
    const answer = (await (await fetch(url, { method: 'POST', body: '{}' })).json()) as { context: unknown };
    expect(answer.context).toEqual(documentedContext());
  });
});
