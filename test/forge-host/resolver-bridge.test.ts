import { startProbeHost } from '../support/probe-host';

describe('UI resolver calls through the host bridge', () => {
  let env: Awaited<ReturnType<typeof startProbeHost>>;
  beforeEach(async () => {
    env = await startProbeHost();
  });
  afterEach(() => env.host.close());

  const call = (body: unknown) =>
    fetch(`${env.host.http.baseUrl}/forge/bridge/invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('invokes the resolver with the context of the render session, not of the payload', async () => {
    const token = env.host.openUiModule(env.a, 'probe-settings', 'admin-7', { type: 'confluence:spaceSettings', space: { id: '65', key: 'DOCS' } });
    const res = await call({ token, functionKey: 'whereAmI', payload: { accountId: 'forged', extension: { space: { key: 'OTHER' } } } });
    expect(res.status).toBe(200);
    const { result } = await res.json();
    expect(result.context).toMatchObject({
      accountId: 'admin-7',
      cloudId: 'cloud-a',
      siteUrl: 'https://site-a.example.net',
      moduleKey: 'probe-settings',
      installContext: 'ari:cloud:confluence::site/cloud-a',
      extension: { space: { id: '65', key: 'DOCS' } },
      // The rest of @forge/bridge's FullContext: the app's granted permissions among them.
      localId: expect.any(String),
      environmentId: expect.any(String),
      environmentType: 'DEVELOPMENT',
      locale: 'en-US',
      timezone: 'UTC',
      permissions: { scopes: env.host.manifest.scopes, external: { fetch: { backend: env.host.manifest.egress } } },
      userAccess: { enabled: false, hasAccess: true },
    });
    expect(result.context.license).toBeUndefined();
    expect(result.payload.accountId).toBe('forged');
  });

  it('rejects calls without a valid render session, and reports resolver errors without a stack', async () => {
    expect((await call({ token: 'made-up', functionKey: 'whereAmI' })).status).toBe(401);
    const token = env.host.openUiModule(env.a, 'probe-settings', 'admin-7', { type: 'confluence:spaceSettings' });
    const failed = await call({ token, functionKey: 'explode' });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ message: 'resolver failed on purpose' });
    const unknown = await call({ token, functionKey: 'noSuchResolver' });
    expect(unknown.status).toBe(500);
  });
});
