import { startEmulatedSites, rest, type EmulatedSite } from '../support/emulated-sites';

/** v1 createContent: a page or blog post with its labels and content properties in one write (v1.json). */
describe('Confluence emulator: v1 create with labels and properties', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let s: EmulatedSite;
  const call = (method: string, path: string, options?: Parameters<typeof rest>[4]) => rest(env.host, s, method, path, options);
  const EXPAND = '?expand=metadata.labels,metadata.properties.space-sync-copy';
  const mark = { v: 1, sync: 'sync-1', source: '42' };
  const create = (title: string, extra: Record<string, unknown> = {}) =>
    call('POST', `/wiki/rest/api/content${EXPAND}`, {
      body: {
        type: 'page',
        status: 'current',
        title,
        space: { key: 'ENG' },
        ancestors: [{ id: s.homeId }],
        body: { storage: { value: `<p>${title}</p>`, representation: 'storage' } },
        metadata: { labels: [{ prefix: 'global', name: 'Runbook' }, { prefix: 'global', name: 'ops' }], properties: { 'space-sync-copy': { key: 'space-sync-copy', value: mark } } },
        ...extra,
      },
    });
  const pageCount = () => [...s.site.contents.values()].filter((c) => c.type === 'page' && c.spaceId === s.spaceId).length;

  beforeEach(async () => {
    env = await startEmulatedSites();
    s = env.source;
  });
  afterEach(async () => {
    expect(s.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  it('creates the page with its labels and the property in one write of one point, and shows what expand asks for', async () => {
    s.emulator.meter.reset();
    const created = await create('Runbook');
    expect(created.status).toBe(200);
    expect(s.emulator.meter.byOperation.get('createContent')).toEqual({ requests: 1, points: 1 });
    expect(created.json).toMatchObject({ type: 'page', status: 'current', title: 'Runbook', version: { number: 1 } });
    expect(created.json.metadata.labels.results.map((l: { name: string }) => l.name)).toEqual(['ops', 'runbook']);
    expect(created.json.metadata.properties['space-sync-copy']).toMatchObject({ key: 'space-sync-copy', value: mark });
    // The same page, read with v2: under the named parent, with the labels and the property.
    const read = await call('GET', `/wiki/api/v2/pages/${created.json.id}?body-format=storage&include-labels=true&include-properties=true`);
    expect(read.json).toMatchObject({ parentId: s.homeId, body: { storage: { value: '<p>Runbook</p>' } } });
    expect(read.json.labels.results.map((l: { name: string }) => l.name).sort()).toEqual(['ops', 'runbook']);
    expect(read.json.properties.results).toEqual([expect.objectContaining({ key: 'space-sync-copy', value: mark })]);
    expect(s.events.filter((e) => e.eventType === 'avi:confluence:created:page').map((e) => (e.content as { id: string }).id)).toContain(created.json.id);
  });

  it("where Confluence sets them without showing them, or ignores them: the answer says nothing of either", async () => {
    s.site.v1CreateMetadata = 'not-shown';
    const quiet = await create('Quiet');
    expect(quiet.json.metadata).toBeUndefined();
    expect([...s.site.contents.get(quiet.json.id)!.labels].sort()).toEqual(['ops', 'runbook']);
    expect(s.site.properties.of(quiet.json.id).map((p) => p.key)).toEqual(['space-sync-copy']);

    s.site.v1CreateMetadata = 'ignored';
    const bare = await create('Bare');
    expect(bare.json.metadata).toBeUndefined();
    expect(s.site.contents.get(bare.json.id)!.labels.size).toBe(0);
    expect(s.site.properties.of(bare.json.id)).toEqual([]);
  });

  it('refuses a bad label, a second title, a folder parent, two parents and an unknown space, and leaves nothing behind', async () => {
    await create('Taken');
    const before = pageCount();
    const badLabel = await create('Bad label', { metadata: { labels: [{ prefix: 'global', name: 'has space' }] } });
    expect(badLabel.status).toBe(400);
    const clash = await create('taken');
    expect(clash.status).toBe(400);
    expect(clash.json.message).toBe('A page with this title already exists: A page already exists with the title taken in the space with key ENG');
    const folder = await call('POST', '/wiki/api/v2/folders', { body: { spaceId: s.spaceId, title: 'Archive', parentId: s.homeId } });
    expect((await create('In a folder', { ancestors: [{ id: folder.json.id }] })).status).toBe(400);
    expect((await create('Two parents', { ancestors: [{ id: s.homeId }, { id: s.homeId }] })).status).toBe(400);
    expect((await create('Nowhere', { space: { key: 'NOPE' } })).status).toBe(403);
    expect(pageCount()).toBe(before);
  });

  it('creates a blog post, which has no parent', async () => {
    const post = await create('Release notes', { type: 'blogpost', ancestors: undefined });
    expect(post.json).toMatchObject({ type: 'blogpost', title: 'Release notes' });
    expect(s.site.contents.get(post.json.id)).toMatchObject({ type: 'blogpost', parentId: undefined });
  });
});
