import { assumeTrustedRoute } from '@forge/api';
import api from '@forge/api';
import { startEmulatedSites, rest, type EmulatedSite } from '../support/emulated-sites';

describe('Confluence emulator: contract, pagination, rate limit, points and restrictions', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let s: EmulatedSite;
  const call = (method: string, path: string, options?: Parameters<typeof rest>[4]) => rest(env.host, s, method, path, options);
  const seedPages = (n: number) => {
    for (let i = 0; i < n; i++) s.site.createPage({ kind: 'user', accountId: s.writer }, { type: 'page', spaceId: s.spaceId, title: `Page ${String(i).padStart(3, '0')}`, body: '<p/>' });
  };

  beforeEach(async () => {
    env = await startEmulatedSites();
    s = env.source;
  });
  afterEach(() => env.host.close());

  it('pages through results with _links.next until every item was seen once', async () => {
    seedPages(23);
    const seen: string[] = [];
    let next: string | undefined = `/wiki/api/v2/spaces/${s.spaceId}/pages?limit=10`;
    let requests = 0;
    while (next) {
      const answer = await call('GET', next);
      requests++;
      seen.push(...answer.json.results.map((p: { id: string }) => p.id));
      next = answer.json._links.next;
      if (next) expect(next).toMatch(/^\/wiki\/api\/v2\/spaces\/\d+\/pages\?limit=10&cursor=/);
    }
    expect(requests).toBe(3);
    expect(new Set(seen).size).toBe(24); // 23 pages and the home page
    expect(s.emulator.contract.violations).toEqual([]);
  });

  it('uses the documented default limit (25 for pages) when none is given', async () => {
    seedPages(30);
    const first = await call('GET', `/wiki/api/v2/pages?space-id=${s.spaceId}`);
    expect(first.json.results).toHaveLength(25);
    expect(first.json._links.next).toBeDefined();
    expect(s.emulator.contract.violations).toEqual([]);
  });

  it('answers a request the spec does not allow with 400 and the reason, and records it', async () => {
    const tooMany = await call('GET', `/wiki/api/v2/pages?limit=251`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors[0].title).toMatch(/getPages.*limit must be <= 250/);
    const badFormat = await call('GET', `/wiki/api/v2/pages/${s.homeId}?body-format=html`);
    expect(badFormat.status).toBe(400);
    const unknown = await call('GET', '/wiki/api/v2/pagez');
    expect(unknown.status).toBe(400);
    const noTitleBody = await call('POST', '/wiki/api/v2/pages', { body: { title: 'no space id' } });
    expect(noTitleBody.status).toBe(400);
    expect(s.emulator.contract.violations).toHaveLength(4);
    expect(s.emulator.contract.violations[3]).toMatch(/createPage.*spaceId/);
    expect([...s.site.contents.values()].some((c) => c.title === 'no space id')).toBe(false);
  });

  it('charges points: base 1 per request, plus 1 per object on reads, base only on writes', async () => {
    seedPages(3);
    s.emulator.meter.reset();
    await call('GET', `/wiki/api/v2/spaces/${s.spaceId}/pages`);
    expect(s.emulator.meter.points).toBe(1 + 4);
    await call('POST', '/wiki/api/v2/pages', { body: { spaceId: s.spaceId, status: 'current', title: 'W', body: { representation: 'storage', value: '' } } });
    expect(s.emulator.meter.points).toBe(5 + 1);
    expect(s.emulator.meter.requests).toBe(2);
    expect(s.emulator.meter.byOperation.get('createPage')).toEqual({ requests: 1, points: 1 });
  });

  it('answers 429 with Retry-After over the budget, and during an injected burst', async () => {
    s.emulator.meter.configure({ pointsPerWindow: 3, windowSeconds: 60 });
    expect((await call('GET', `/wiki/api/v2/spaces/${s.spaceId}`)).status).toBe(200);
    expect((await call('GET', `/wiki/api/v2/spaces/${s.spaceId}`)).status).toBe(200);
    const refused = await call('GET', `/wiki/api/v2/spaces/${s.spaceId}`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    s.emulator.meter.configure({});
    s.emulator.meter.injectBurst(2, 7);
    const burst = await call('GET', `/wiki/api/v2/spaces/${s.spaceId}`);
    expect([burst.status, burst.headers.get('retry-after')]).toEqual([429, '7']);
    expect((await call('GET', `/wiki/api/v2/spaces/${s.spaceId}`)).status).toBe(429);
    expect((await call('GET', `/wiki/api/v2/spaces/${s.spaceId}`)).status).toBe(200);
  });

  it('hides pages restricted to other users from the app: 404 on read, absent from lists', async () => {
    const secret = s.site.createPage({ kind: 'user', accountId: s.admin }, { type: 'page', spaceId: s.spaceId, title: 'HR only', body: '<p>salaries</p>' });
    const under = s.site.createPage({ kind: 'user', accountId: s.admin }, { type: 'page', spaceId: s.spaceId, title: 'Under HR', body: '', parentId: secret.id });
    secret.readRestrictions.add(s.admin);
    expect((await call('GET', `/wiki/api/v2/pages/${secret.id}`)).status).toBe(404);
    expect((await call('GET', `/wiki/api/v2/pages/${under.id}`)).status).toBe(404);
    const listed = await call('GET', `/wiki/api/v2/spaces/${s.spaceId}/pages`);
    expect(listed.json.results.map((p: { id: string }) => p.id)).not.toContain(secret.id);
    expect((await call('GET', `/wiki/api/v2/pages/${secret.id}`, { as: s.admin })).status).toBe(200);
    expect(s.emulator.contract.violations).toEqual([]);
  });

  it('reports space admin rights through the operations endpoint', async () => {
    const ops = async (as?: string) => (await call('GET', `/wiki/api/v2/spaces/${s.spaceId}/operations`, { as })).json.operations;
    expect(await ops(s.admin)).toContainEqual({ operation: 'administer', targetType: 'space' });
    expect(await ops(s.writer)).not.toContainEqual({ operation: 'administer', targetType: 'space' });
    expect(await ops()).not.toContainEqual({ operation: 'administer', targetType: 'space' });
    expect(s.emulator.contract.violations).toEqual([]);
  });

  it('tells the app who it is: an account of type app', async () => {
    const me = await env.host.runInInvocation(s.installation, async () => (await api.asApp().requestConfluence(assumeTrustedRoute('/wiki/rest/api/user/current'))).json());
    expect(me).toMatchObject({ accountId: s.site.appAccountId, accountType: 'app' });
  });

  it('grants space access through groups as well as to users', async () => {
    const outsider = s.site.addUser({ accountId: 'acc-outsider', displayName: 'Outsider', accountType: 'atlassian' }).accountId;
    const space = s.site.spaces.get(s.spaceId)!;
    expect((await call('GET', `/wiki/api/v2/spaces/${s.spaceId}`, { as: outsider })).status).toBe(404);
    const group = s.site.addGroup('partners', [outsider]);
    s.site.grant(space, `group:${group.id}`, ['read']);
    expect((await call('GET', `/wiki/api/v2/spaces/${s.spaceId}`, { as: outsider })).status).toBe(200);
    const write = await call('POST', '/wiki/api/v2/pages', { as: outsider, body: { spaceId: s.spaceId, status: 'current', title: 'Nope', body: { representation: 'storage', value: '' } } });
    expect(write.status).toBe(403);
    expect(s.emulator.contract.violations).toEqual([]);
  });
});
