import { startEmulatedSites, rest, type EmulatedSite } from '../support/emulated-sites';

describe('Confluence emulator: pages, versions, titles, tree and trash', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let s: EmulatedSite;
  const call = (method: string, path: string, options?: Parameters<typeof rest>[4]) => rest(env.host, s, method, path, options);
  const createPage = async (title: string, parentId?: string) =>
    (await call('POST', '/wiki/api/v2/pages', { body: { spaceId: s.spaceId, status: 'current', title, parentId, body: { representation: 'storage', value: `<p>${title}</p>` } } })).json;

  beforeEach(async () => {
    env = await startEmulatedSites();
    s = env.source;
  });
  afterEach(async () => {
    expect(s.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  it('creates pages under the home page by default, and under a given parent', async () => {
    const a = await createPage('Alpha');
    const b = await createPage('Beta', a.id);
    expect(a).toMatchObject({ title: 'Alpha', parentId: s.homeId, version: { number: 1 }, body: { storage: { value: '<p>Alpha</p>' } } });
    expect(b.parentId).toBe(a.id);
    const read = await call('GET', `/wiki/api/v2/pages/${b.id}?body-format=storage&include-labels=true`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ id: b.id, spaceId: s.spaceId, body: { storage: { representation: 'storage', value: '<p>Beta</p>' } }, labels: { results: [] } });
    // The app does not declare read:custom-content:confluence, which v2 names for custom content
    // (it syncs none): Forge's gateway refuses it (confluence-real row 72), and the contract
    // records the miss. (read:label:confluence is declared: the reconcile lists the site's labels.)
    const refused = await call('GET', '/wiki/api/v2/custom-content?type=ac:app:thing');
    expect([refused.status, refused.json]).toEqual([401, { code: 401, message: 'Unauthorized; scope does not match' }]);
    expect(s.emulator.contract.violations).toEqual(['scope: getCustomContentByType needs read:custom-content:confluence']);
    s.emulator.contract.violations.length = 0;
    // It declares read:content.metadata:confluence (the sync's scope reads ancestors): top to bottom, `{id, type}` (v2.json).
    const ancestors = await call('GET', `/wiki/api/v2/pages/${b.id}/ancestors`);
    expect(ancestors.json.results).toEqual([{ id: s.homeId, type: 'page' }, { id: a.id, type: 'page' }]);
    const children = await call('GET', `/wiki/api/v2/pages/${a.id}/children`);
    // Positions are large and sparse, as real ones are (confluence-real row 7), not 0..n.
    expect(children.json.results).toEqual([{ id: b.id, status: 'current', title: 'Beta', spaceId: s.spaceId, childPosition: expect.any(Number) }]);
    expect(children.json.results[0].childPosition).toBeGreaterThanOrEqual(100);
  });

  it('answers the deprecated v1 create with 410 and creates nothing, labels and properties included', async () => {
    const count = () => [...s.site.contents.values()].length;
    const before = count();
    expect(before).toBeGreaterThan(0);
    const gone = await call('POST', '/wiki/rest/api/content?expand=metadata.labels', {
      body: { type: 'page', title: 'Via v1', space: { key: 'ENG' }, ancestors: [{ id: s.homeId }], body: { storage: { value: '<p>v1</p>', representation: 'storage' } }, metadata: { labels: [{ prefix: 'global', name: 'x' }], properties: { mark: { value: 1 } } } },
    });
    expect(gone.status).toBe(410);
    expect(count()).toBe(before);
  });

  it('needs version current + 1 on update and answers 409 to a stale one, changing nothing', async () => {
    const page = await createPage('Versioned');
    const put = (number: number, title: string) =>
      call('PUT', `/wiki/api/v2/pages/${page.id}`, { body: { id: page.id, status: 'current', title, body: { representation: 'storage', value: '<p>v</p>' }, version: { number } } });
    expect((await put(2, 'Versioned 2')).json.version.number).toBe(2);
    const stale = await put(2, 'Stale write');
    expect(stale.status).toBe(409);
    expect(stale.json.errors[0]).toEqual({ status: 409, code: 'CONFLICT', title: expect.stringMatching(/Current Version: \[2\]/), detail: null });
    expect((await put(4, 'Skipped a version')).status).toBe(409);
    expect(s.site.contents.get(page.id)?.title).toBe('Versioned 2');
  });

  it('refuses a title already used in the space, on create and on rename', async () => {
    await createPage('Unique');
    const other = await createPage('Other');
    const clash = await call('POST', '/wiki/api/v2/pages', { body: { spaceId: s.spaceId, status: 'current', title: 'unique', body: { representation: 'storage', value: '' } } });
    expect(clash.status).toBe(400);
    expect(clash.json.errors[0].title).toMatch(/title already exists/);
    const rename = await call('PUT', `/wiki/api/v2/pages/${other.id}`, { body: { id: other.id, status: 'current', title: 'Unique', body: { representation: 'storage', value: '' }, version: { number: 2 } } });
    expect(rename.status).toBe(400);
    expect([...s.site.contents.values()].filter((c) => c.title.toLowerCase() === 'unique')).toHaveLength(1);
  });

  it('moves a page within its space, with a moved event that carries prevContent', async () => {
    const a = await createPage('Parent A');
    const b = await createPage('Parent B');
    const child = await createPage('Child', a.id);
    s.events.length = 0;
    const moved = await call('PUT', `/wiki/api/v2/pages/${child.id}`, {
      body: { id: child.id, status: 'current', title: 'Child', parentId: b.id, body: { representation: 'storage', value: '<p>Child</p>' }, version: { number: 2 } },
    });
    expect(moved.json.parentId).toBe(b.id);
    expect(s.events.map((e) => e.eventType)).toEqual(['avi:confluence:moved:page']);
    expect(s.events[0].prevContent).toMatchObject({ id: child.id, title: 'Child' });
    const cycle = await call('PUT', `/wiki/api/v2/pages/${b.id}`, {
      body: { id: b.id, status: 'current', title: 'Parent B', parentId: child.id, body: { representation: 'storage', value: '' }, version: { number: 2 } },
    });
    expect(cycle.status).toBe(400);
  });

  it('trashes a parent with its children but emits an event for the parent only; restore brings both back', async () => {
    const parent = await createPage('Doomed parent');
    const child = await createPage('Doomed child', parent.id);
    s.events.length = 0;
    expect((await call('DELETE', `/wiki/api/v2/pages/${parent.id}`)).status).toBe(204);
    expect(s.events.map((e) => e.eventType)).toEqual(['avi:confluence:trashed:page']);
    // A trashed page still answers a plain GET, with status trashed (confluence-real row 18).
    expect((await call('GET', `/wiki/api/v2/pages/${child.id}`)).json).toMatchObject({ status: 'trashed', parentId: null, position: null });
    const trashed = await call('GET', `/wiki/api/v2/pages/${child.id}?status=trashed`);
    expect(trashed.json.status).toBe('trashed');

    const restore = await call('PUT', `/wiki/api/v2/pages/${parent.id}`, {
      body: { id: parent.id, status: 'current', title: 'Doomed parent', body: { representation: 'storage', value: 'ignored on restore' }, version: { number: 2 } },
    });
    expect(restore.status).toBe(200);
    expect(s.site.contents.get(child.id)?.status).toBe('current');
    expect(s.site.contents.get(parent.id)?.body).toBe('<p>Doomed parent</p>');
    expect(s.events.map((e) => e.eventType)).toEqual(['avi:confluence:trashed:page', 'avi:confluence:restored:page']);
  });

  it('purges only from the trash and only for space admins', async () => {
    const page = await createPage('Purge me');
    expect((await call('DELETE', `/wiki/api/v2/pages/${page.id}?purge=true`)).status).toBe(404);
    await call('DELETE', `/wiki/api/v2/pages/${page.id}`);
    expect((await call('DELETE', `/wiki/api/v2/pages/${page.id}?purge=true`)).status).toBe(403);
    expect((await call('DELETE', `/wiki/api/v2/pages/${page.id}?purge=true`, { as: s.admin })).status).toBe(204);
    expect(s.events.map((e) => e.eventType)).toContain('avi:confluence:deleted:page');
    expect((await call('GET', `/wiki/api/v2/pages/${page.id}?status=trashed`)).status).toBe(404);
  });

  it('creates and updates blog posts', async () => {
    const post = await call('POST', '/wiki/api/v2/blogposts', { body: { spaceId: s.spaceId, status: 'current', title: 'News', body: { representation: 'storage', value: '<p>n</p>' } } });
    expect(post.status).toBe(200);
    const updated = await call('PUT', `/wiki/api/v2/blogposts/${post.json.id}`, {
      body: { id: post.json.id, status: 'current', title: 'News 2', body: { representation: 'storage', value: '<p>n2</p>' }, version: { number: 2 } },
    });
    expect(updated.json).toMatchObject({ title: 'News 2', version: { number: 2 } });
    const listed = await call('GET', `/wiki/api/v2/spaces/${s.spaceId}/blogposts?body-format=storage`);
    expect(listed.json.results.map((b: { title: string }) => b.title)).toEqual(['News 2']);
  });

  it('refuses a body over 5 MB with 413', async () => {
    const huge = await call('POST', '/wiki/api/v2/pages', { body: { spaceId: s.spaceId, status: 'current', title: 'Huge', body: { representation: 'storage', value: 'x'.repeat(5 * 1024 * 1024 + 1) } } });
    expect(huge.status).toBe(413);
    expect([...s.site.contents.values()].some((c) => c.title === 'Huge')).toBe(false);
  });
});
