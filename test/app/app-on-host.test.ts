import { webTrigger } from '@forge/api';
import { Queue } from '@forge/events';
import { startAppHost } from '../support/app-host';

describe('the Space Sync app on the local Forge host', () => {
  let env: Awaited<ReturnType<typeof startAppHost>>;
  beforeEach(async () => {
    env = await startAppHost();
  });
  afterEach(() => env.host.close());

  it('answers the settings page resolver with the space from the Forge context, in the result envelope', async () => {
    const token = env.host.openUiModule(env.a, 'space-sync-settings', 'admin-1', { type: 'confluence:spaceSettings', space: { id: '101', key: 'DOCS' } });
    const result = await env.host.bridge.call(token, 'getModuleContext', { space: { key: 'HACKED' } });
    expect(result).toEqual({ ok: true, value: { siteUrl: 'https://site-a.example.net', moduleKey: 'space-sync-settings', space: { id: '101', key: 'DOCS' } } });
  });

  it('turns away unsigned messages at the peer inbox with a generic 401 over loopback HTTP', async () => {
    const url = await env.host.runInInvocation(env.a, () => webTrigger.getUrl('peer-inbox'));
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"claim"}' });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'unauthorized' });
    expect((await fetch(url, { method: 'GET' })).status).toBe(405);
  });

  it('takes product events, queue jobs and the schedule without failing', async () => {
    env.host.publishProductEvent(env.a, { eventType: 'avi:confluence:updated:page', atlassianId: 'u1', content: { id: '5', type: 'page' } });
    await env.host.runInInvocation(env.a, () => new Queue({ key: 'outbound' }).push([{ body: { syncId: 's1', kind: 'page' } }, { body: { nonsense: true } }]));
    await env.host.settled();
    expect(await env.host.runScheduledTrigger(env.a, 'reconcile')).toEqual({ status: 'ok', value: { syncsChecked: 0, queued: 0 } });
    const outcomes = env.host.log.of('invocation').map((i) => `${i.functionKey}:${i.outcome}`);
    expect(outcomes.sort()).toEqual(['on-content-event:ok', 'outbound-worker:ok', 'outbound-worker:ok', 'run-reconcile:ok']);
  });
});
