import api, { route, asUser, requestConfluence } from '@forge/api';
import { startProbeHost } from '../support/probe-host';
import { readRecords } from '../support/probe-records';

describe('product requests, product events and schedules on the local Forge host', () => {
  let env: Awaited<ReturnType<typeof startProbeHost>>;
  beforeEach(async () => {
    env = await startProbeHost();
  });
  afterEach(() => env.host.close());

  it("routes asApp() requests to the installation's own site, as the app", async () => {
    const body = await env.host.runInInvocation(env.b, async () => {
      const res = await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${'42'}?body-format=${'storage'}`);
      return res.json();
    });
    expect(body).toEqual({ method: 'GET', path: '/wiki/api/v2/pages/42?body-format=storage', as: { kind: 'app' }, body: null });
    expect(env.siteA.requests).toHaveLength(0);
    expect(env.siteB.requests).toHaveLength(1);
  });

  it('routes asUser() requests with the invoking user, and refuses them when there is none', async () => {
    const as = await env.host.runInInvocation(env.a, async () => (await asUser().requestConfluence(route`/wiki/api/v2/spaces`)).json(), { accountId: 'user-1' });
    expect(as.as).toEqual({ kind: 'user', accountId: 'user-1' });
    await expect(env.host.runInInvocation(env.a, () => asUser().requestConfluence(route`/wiki/api/v2/spaces`))).rejects.toThrow(/Authentication Required/);
    const plain = await env.host.runInInvocation(env.a, async () => (await requestConfluence(route`/wiki/api/v2/spaces`)).json());
    expect(plain.as).toEqual({ kind: 'app' });
  });

  it('passes request bodies through, and route rejects path manipulation before any request', async () => {
    const echoed = await env.host.runInInvocation(env.a, async () =>
      (await api.asApp().requestConfluence(route`/wiki/api/v2/pages`, { method: 'POST', body: JSON.stringify({ title: 'T' }) })).json(),
    );
    expect(echoed).toMatchObject({ method: 'POST', body: '{"title":"T"}' });
    for (const evil of ['../../admin', '1/restriction', '1?expand=x', '%2e%2e', '1#frag']) {
      expect(() => route`/wiki/api/v2/pages/${evil}`).toThrow(/path manipulation/);
    }
    expect(env.siteA.requests).toHaveLength(1);
  });

  it('delivers product events to subscribed triggers, applying the filter expression', async () => {
    env.host.publishProductEvent(env.a, { eventType: 'avi:confluence:created:page', atlassianId: 'user-1', content: { id: '1' } });
    env.host.publishProductEvent(env.a, { eventType: 'avi:confluence:created:page', content: { id: '2' } });
    env.host.publishProductEvent(env.a, { eventType: 'avi:confluence:liked:page', atlassianId: 'user-1' });
    await env.host.settled();
    const events = await readRecords<{ eventType: string; atlassianId?: string }>(env.host, env.a, 'events');
    expect(events).toEqual([expect.objectContaining({ eventType: 'avi:confluence:created:page', atlassianId: 'user-1' })]);
    expect(env.host.log.of('product-event').map((e) => e.outcome)).toEqual(['filtered', 'ok']);
  });

  it('in fault mode, delivers product events twice and out of order, as at-least-once delivery allows', async () => {
    await env.host.close();
    env = await startProbeHost({ queue: { faults: { duplicateRate: 1, reorderSeconds: 5, seed: 3 } } });
    // The probe records the actor, which stands for each event here.
    for (const id of ['1', '2', '3', '4', '5', '6']) env.host.publishProductEvent(env.a, { eventType: 'avi:confluence:created:page', atlassianId: id });
    await env.host.settled();
    const ids = (await readRecords<{ atlassianId: string }>(env.host, env.a, 'events')).map((e) => e.atlassianId);
    expect([...ids].sort()).toEqual(['1', '1', '2', '2', '3', '3', '4', '4', '5', '5', '6', '6']);
    expect(ids).not.toEqual([...ids].sort());
  });

  it('retries a product event whose function returns an InvocationError', async () => {
    env.host.publishProductEvent(env.a, { eventType: 'avi:confluence:updated:page', atlassianId: 'retry-me' });
    await env.host.settled();
    const events = await readRecords<{ retryContext: { retryCount: number } | null }>(env.host, env.a, 'events');
    expect(events.map((e) => e.retryContext?.retryCount ?? 0)).toEqual([0, 1]);
  });

  it('runs scheduled triggers with the long timeout of schedule-only functions', async () => {
    const outcome = await env.host.runScheduledTrigger(env.a, 'probe-schedule');
    expect(outcome.status).toBe('ok');
    const [run] = await readRecords<{ remainingMs: number }>(env.host, env.a, 'scheduled');
    expect(run.remainingMs).toBeGreaterThan(50_000);
    expect(run.remainingMs).toBeLessThanOrEqual(55_000);
  });
});
