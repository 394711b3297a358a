import { startEmulatedSites, rest, type EmulatedSite } from '../support/emulated-sites';

describe('Confluence emulator: folders, whiteboards, databases and smart links in the content tree', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let s: EmulatedSite;
  const call = (method: string, path: string, options?: Parameters<typeof rest>[4]) => rest(env.host, s, method, path, options);
  const createPage = async (title: string, parentId?: string) =>
    (await call('POST', '/wiki/api/v2/pages', { body: { spaceId: s.spaceId, status: 'current', title, parentId, body: { representation: 'storage', value: `<p>${title}</p>` } } })).json;
  const createNode = async (collection: string, title: string, parentId?: string, extra: Record<string, unknown> = {}) => {
    const answer = await call('POST', `/wiki/api/v2/${collection}`, { body: { spaceId: s.spaceId, title, ...(parentId ? { parentId } : {}), ...extra } });
    expect(answer.status).toBe(200);
    return answer.json;
  };
  const user = () => ({ kind: 'user' as const, accountId: s.writer });

  beforeEach(async () => {
    env = await startEmulatedSites();
    s = env.source;
  });
  afterEach(async () => {
    expect(s.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  it('creates folders that nest and hold pages, which report parentType folder (rows 20, 24, 25)', async () => {
    const top = await createNode('folders', 'Retired services');
    expect(top).toMatchObject({ type: 'folder', status: 'current', title: 'Retired services', parentId: s.homeId, parentType: 'page', spaceId: s.spaceId, version: { number: 1 } });
    expect(top._links).toMatchObject({ webui: `/spaces/ENG/folder/${top.id}`, base: 'https://acme.atlassian.net/wiki' });
    const inner = await createNode('folders', 'Billing', top.id);
    expect(inner).toMatchObject({ parentId: top.id, parentType: 'folder' });
    const page = await createPage('Legacy billing notes', inner.id);
    expect(page).toMatchObject({ parentId: inner.id, parentType: 'folder' });
    expect((await call('GET', `/wiki/api/v2/folders/${inner.id}`)).json).toMatchObject({ id: inner.id, type: 'folder', parentId: top.id });
  });

  it('leaves folders and everything under them out of /children, and lists them with type on /direct-children (rows 22, 23)', async () => {
    const parent = await createPage('Runbooks');
    const child = await createPage('Escalation', parent.id);
    const folder = await createNode('folders', 'Archive', parent.id);
    await createPage('Old runbook', folder.id);
    const board = await createNode('whiteboards', 'Service map', parent.id);
    const children = await call('GET', `/wiki/api/v2/pages/${parent.id}/children`);
    expect(children.json.results.map((r: { id: string }) => r.id)).toEqual([child.id]);
    const direct = await call('GET', `/wiki/api/v2/pages/${parent.id}/direct-children`);
    expect(direct.json.results).toEqual([
      { id: child.id, status: 'current', title: 'Escalation', type: 'page', childPosition: expect.any(Number) },
      { id: folder.id, status: 'current', title: 'Archive', type: 'folder', childPosition: expect.any(Number) },
      { id: board.id, status: 'current', title: 'Service map', type: 'whiteboard', childPosition: expect.any(Number) },
    ]);
    const inFolder = await call('GET', `/wiki/api/v2/folders/${folder.id}/direct-children`);
    expect(inFolder.json.results.map((r: { title: string; type: string }) => `${r.type}:${r.title}`)).toEqual(['page:Old runbook']);
  });

  it('404s a folder id on page routes and a missing folder with the real titles (rows 21, 25)', async () => {
    const folder = await createNode('folders', 'Folder');
    expect((await call('GET', `/wiki/api/v2/pages/${folder.id}`)).status).toBe(404);
    const direct = await call('GET', `/wiki/api/v2/pages/${folder.id}/direct-children`);
    expect(direct.status).toBe(404);
    expect(direct.json.errors[0].title).toBe(`Cannot find [page] entity with id [${folder.id}]`);
    const missing = await call('GET', '/wiki/api/v2/folders/999999');
    expect(missing.status).toBe(404);
    expect(missing.json.errors[0].title).toBe('Content with id: [999999] not found');
  });

  it('lets a page take the title of a folder: a folder reserves no title (row 19)', async () => {
    await createNode('folders', 'Plans');
    expect((await createPage('Plans')).title).toBe('Plans');
    expect((await createNode('folders', 'Plans')).title).toBe('Plans');
  });

  it('never lists folders or other nodes in /spaces/{id}/pages (rows 26, 27)', async () => {
    const folder = await createNode('folders', 'Folder');
    await createNode('databases', 'Owners', folder.id);
    const page = await createPage('In folder', folder.id);
    const listed = await call('GET', `/wiki/api/v2/spaces/${s.spaceId}/pages?limit=250`);
    expect(listed.json.results.map((r: { id: string }) => r.id).sort()).toEqual([s.homeId, page.id].sort());
  });

  it('fires created and moved events for folders, and none for a rename or the trash (row 90, event-created-folder.json)', async () => {
    const folder = await createNode('folders', 'Team');
    const page = await createPage('Elsewhere');
    const created = s.events.find((e) => e.eventType === 'avi:confluence:created:folder');
    expect(created).toMatchObject({ content: { id: folder.id, type: 'folder', title: 'Team', space: { id: Number(s.spaceId) } } });
    s.events.length = 0;
    s.site.renameNode(user(), folder.id, 'Team (old)');
    expect(s.events).toEqual([]);
    s.site.moveNode(user(), folder.id, page.id);
    expect(s.events.map((e) => e.eventType)).toEqual(['avi:confluence:moved:folder']);
    s.events.length = 0;
    expect((await call('DELETE', `/wiki/api/v2/folders/${folder.id}`)).status).toBe(204);
    expect(s.events).toEqual([]);
  });

  it('answers a trashed folder with status trashed and no parent, and trashes what it holds (row 18)', async () => {
    const folder = await createNode('folders', 'Binned');
    const page = await createPage('Inside', folder.id);
    await call('DELETE', `/wiki/api/v2/folders/${folder.id}`);
    const read = await call('GET', `/wiki/api/v2/folders/${folder.id}`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ status: 'trashed', position: null });
    expect(read.json.parentId ?? null).toBeNull();
    expect((await call('GET', `/wiki/api/v2/pages/${page.id}?status=trashed`)).json.status).toBe('trashed');
  });

  it('moves a page into and out of a folder with a v2 PUT (row 20)', async () => {
    const folder = await createNode('folders', 'Target');
    const page = await createPage('Mover');
    const put = (parentId: string, number: number) =>
      call('PUT', `/wiki/api/v2/pages/${page.id}`, { body: { id: page.id, status: 'current', title: 'Mover', parentId, body: { representation: 'storage', value: '<p>m</p>' }, version: { number } } });
    expect((await put(folder.id, 2)).json).toMatchObject({ parentId: folder.id, parentType: 'folder' });
    expect((await put(s.homeId, 3)).json).toMatchObject({ parentId: s.homeId, parentType: 'page' });
  });

  it('creates whiteboards, databases and smart links as tree nodes with no body; embedUrl only when given (row 27)', async () => {
    const board = await createNode('whiteboards', 'Service map');
    const db = await createNode('databases', 'Owners', board.id);
    const link = await createNode('embeds', 'Status', db.id, { embedUrl: 'https://status.example.org/board' });
    const bare = await createNode('embeds', 'Empty link');
    expect(board).toMatchObject({ type: 'whiteboard', parentId: s.homeId });
    expect(db).toMatchObject({ type: 'database', parentId: board.id, parentType: 'whiteboard' });
    expect(link).toMatchObject({ type: 'embed', embedUrl: 'https://status.example.org/board', parentType: 'database' });
    expect('embedUrl' in bare).toBe(false);
    expect((await createPage('Under a database', db.id)).parentType).toBe('database');
    expect((await call('GET', `/wiki/api/v2/databases/${db.id}`)).json).not.toHaveProperty('body');
  });

  it('renames and moves a folder through v1 PUT /content only when the switch says Confluence takes it (UNCONFIRMED)', async () => {
    const folder = await createNode('folders', 'Before');
    const page = await createPage('New home');
    const put = (number: number) => call('PUT', `/wiki/rest/api/content/${folder.id}`, { body: { type: 'folder', title: 'After', version: { number }, ancestors: [{ id: page.id }] } });
    s.site.v1NodeUpdate = 'refused';
    expect((await put(2)).status).toBe(400);
    s.site.v1NodeUpdate = 'gone';
    expect((await put(2)).status).toBe(410);
    expect(s.site.contents.get(folder.id)).toMatchObject({ title: 'Before', parentId: s.homeId });
    s.site.v1NodeUpdate = 'applies';
    expect((await put(3)).status).toBe(409);
    expect((await put(2)).status).toBe(200);
    expect((await call('GET', `/wiki/api/v2/folders/${folder.id}`)).json).toMatchObject({ title: 'After', parentId: page.id, version: { number: 2 } });
  });

  it('puts a node created without parentId under the home page or at the root, per the switch (UNCONFIRMED)', async () => {
    expect((await createNode('folders', 'Default')).parentId).toBe(s.homeId);
    s.site.nodeWithoutParent = 'root';
    const root = await createNode('folders', 'Root');
    expect(root.parentId).toBeUndefined();
  });

  it('answers a later direct-children page with nothing unless sorted by id (CONFCLOUD-84015, row 14), and the app reads past it', async () => {
    s.site.directChildrenCursor = 'broken';
    for (let i = 0; i < 252; i++) s.site.createNode(user(), { type: 'folder', spaceId: s.spaceId, title: `Folder ${i}`, parentId: s.homeId });
    const first = await call('GET', `/wiki/api/v2/pages/${s.homeId}/direct-children?limit=250`);
    expect(first.json.results).toHaveLength(250);
    const second = await call('GET', first.json._links.next);
    expect(second.json).toEqual({ results: [], _links: { base: 'https://acme.atlassian.net/wiki' } });
    const byId = await call('GET', `/wiki/api/v2/pages/${s.homeId}/direct-children?limit=250&sort=id`);
    expect((await call('GET', byId.json._links.next)).json.results).toHaveLength(2);

    const nodes = await env.host.runInInvocation(s.installation, async () => (await import('../../src/confluence/tree-nodes')).directChildren(s.homeId, 'page'));
    expect(nodes.filter((n) => n.kind === 'folder')).toHaveLength(252);
  });
});
