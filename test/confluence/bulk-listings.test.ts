import { startEmulatedSites, rest, type EmulatedSite } from '../support/emulated-sites';

/**
 * The bulk listings the app reads a space with: site-wide comments and attachments, labels and
 * their pages, pages by id, and CQL search. Each answer is held to the OpenAPI documents by the
 * emulator (the afterEach checks no violation was recorded); UNCONFIRMED behaviours are tried
 * with each of their settings.
 */
describe('Confluence emulator: bulk listings', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let s: EmulatedSite;
  const as = () => ({ kind: 'user' as const, accountId: s.writer });
  const call = (method: string, path: string) => rest(env.host, s, method, path);
  let page: string;
  let other: string;
  let root: string;
  let reply: string;
  let inline: string;

  beforeEach(async () => {
    env = await startEmulatedSites();
    s = env.source;
    // Muted: no app is paired here, and events would reach the host's triggers after the test ends.
    s.site.muted(() => seed());
  });
  function seed() {
    page = s.site.createPage(as(), { type: 'page', spaceId: s.spaceId, title: 'Guide', body: '<p>Install the agent.</p>' }).id;
    other = s.site.createPage(as(), { type: 'page', spaceId: s.spaceId, title: 'Other', body: '<p>Other.</p>' }).id;
    root = s.site.createComment(as(), { containerId: page, body: '<p>Which agent?</p>' }).id;
    reply = s.site.createComment(as(), { parentCommentId: root, body: '<p>The new one.</p>' }).id;
    inline = s.site.createComment(as(), { containerId: other, body: '<p>Why?</p>', inline: { textSelection: 'Other.', textSelectionMatchCount: 1, textSelectionMatchIndex: 0 } }).id;
    s.site.addLabels(as(), page, ['howto']);
    s.site.addLabels(as(), other, ['howto', 'ops']);
    s.site.addLabels(as(), other, ['mine'], 'my');
    s.site.upload(as(), page, { name: 'a.txt', mediaType: 'text/plain', data: Buffer.from('a'), comment: '', minorEdit: true }, 'create');
  }
  afterEach(async () => {
    expect(s.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  it('lists every footer comment of the site with its page, replies included or not as the site is set', async () => {
    const all = await call('GET', '/wiki/api/v2/footer-comments?body-format=storage&limit=250');
    expect(all.status).toBe(200);
    expect(all.json.results.map((c: { id: string; pageId: string; parentCommentId?: string }) => [c.id, c.pageId, c.parentCommentId ?? null])).toEqual([
      [root, page, null],
      [reply, page, root],
    ]);
    expect(all.json.results[0].body.storage.value).toBe('<p>Which agent?</p>');
    s.site.siteCommentListing = 'top-level';
    expect((await call('GET', '/wiki/api/v2/footer-comments?limit=250')).json.results.map((c: { id: string }) => c.id)).toEqual([root]);
  });

  it('lists inline comments of the site with their anchor and resolution, and hides those of a trashed page', async () => {
    const all = await call('GET', '/wiki/api/v2/inline-comments?body-format=storage');
    expect(all.json.results).toHaveLength(1);
    expect(all.json.results[0]).toMatchObject({ id: inline, pageId: other, resolutionStatus: 'open', properties: { inlineOriginalSelection: 'Other.' } });
    s.site.muted(() => s.site.trash(as(), other, ['page']));
    expect((await call('GET', '/wiki/api/v2/inline-comments')).json.results).toEqual([]);
  });

  it('lists attachments of the site with their page, paginated', async () => {
    s.site.muted(() => s.site.upload(as(), other, { name: 'b.txt', mediaType: 'text/plain', data: Buffer.from('b'), comment: '', minorEdit: true }, 'create'));
    const first = await call('GET', '/wiki/api/v2/attachments?limit=1');
    expect(first.json.results).toHaveLength(1);
    expect(first.json.results[0]).toMatchObject({ title: 'a.txt', pageId: page });
    const next = await call('GET', first.json._links.next);
    expect(next.json.results[0]).toMatchObject({ title: 'b.txt', pageId: other });
    expect(next.json._links.next).toBeUndefined();
  });

  it('lists the site’s labels, the pages of a label in a space, and a space’s labels as documented or with every prefix', async () => {
    const labels = await call('GET', '/wiki/api/v2/labels?prefix=global&limit=250');
    expect(labels.json.results.map((l: { name: string }) => l.name)).toEqual(['howto', 'ops']);
    const howto = labels.json.results[0].id;
    const pages = await call('GET', `/wiki/api/v2/labels/${howto}/pages?space-id=${s.spaceId}&limit=250`);
    expect(pages.json.results.map((p: { id: string }) => p.id)).toEqual([page, other]);
    expect((await call('GET', `/wiki/api/v2/labels/${howto}/pages?space-id=${env.dest.spaceId}`)).json.results).toEqual([]);
    // v2.json: prefix takes my or team only, default "my, team".
    const documented = await call('GET', `/wiki/api/v2/spaces/${s.spaceId}/content/labels?limit=250`);
    expect(documented.json.results.map((l: { name: string; prefix: string }) => `${l.prefix}:${l.name}`)).toEqual(['my:mine']);
    s.site.spaceContentLabels = 'all';
    const all = await call('GET', `/wiki/api/v2/spaces/${s.spaceId}/content/labels?limit=250`);
    expect(all.json.results.map((l: { name: string; prefix: string }) => `${l.prefix}:${l.name}`)).toEqual(['global:howto', 'my:mine', 'global:ops']);
    expect((await call('GET', '/wiki/api/v2/labels/123/pages')).status).toBe(404);
  });

  it('reads pages by id with their bodies, in any status asked for', async () => {
    s.site.muted(() => s.site.trash(as(), other, ['page']));
    const found = await call('GET', `/wiki/api/v2/pages?id=${page}&id=${other}&body-format=storage&status=current&status=trashed&limit=250`);
    expect(found.json.results.map((p: { id: string; status: string; body: { storage: { value: string } } }) => [p.id, p.status, p.body.storage.value])).toEqual([
      [page, 'current', '<p>Install the agent.</p>'],
      [other, 'trashed', s.site.contents.get(other)!.body],
    ]);
  });

  it('finds a space’s folders and other nodes by CQL, smart links only where the index has them', async () => {
    const folder = s.site.muted(() => s.site.createNode(as(), { type: 'folder', spaceId: s.spaceId, title: 'Runbooks', parentId: page }));
    const embed = s.site.muted(() => s.site.createNode(as(), { type: 'embed', spaceId: s.spaceId, title: 'Map', parentId: folder.id, embedUrl: 'https://example.com/map' }));
    const cql = encodeURIComponent('space = "ENG" and type in (folder, whiteboard, database, embed)');
    const found = await call('GET', `/wiki/rest/api/search?cql=${cql}&limit=250`);
    expect(found.status).toBe(200);
    expect(found.json.results.map((r: { content: { id: string; type: string } }) => [r.content.id, r.content.type])).toEqual([
      [folder.id, 'folder'],
      [embed.id, 'embed'],
    ]);
    expect(found.json.totalSize).toBe(2);
    s.site.cqlFindsEmbeds = false;
    expect((await call('GET', `/wiki/rest/api/search?cql=${cql}&limit=250`)).json.results.map((r: { content: { id: string } }) => r.content.id)).toEqual([folder.id]);
  });

  it('counts a space\'s comments and attachments by CQL, by the content they belong to, resolved inline comments left out where the site is so set', async () => {
    const count = async (cql: string) => (await call('GET', `/wiki/rest/api/search?cql=${encodeURIComponent(cql)}&limit=0`)).json.totalSize;
    expect(await count('space = "ENG" and type = comment')).toBe(3);
    expect(await count(`space = "ENG" and type = comment and container != ${page}`)).toBe(1);
    expect(await count(`space = "ENG" and type = comment and container = ${page}`)).toBe(2);
    expect(await count(`space = "ENG" and type = attachment and container in (${page}, ${other})`)).toBe(1);
    expect(await count(`space = "ENG" and type = attachment and container != ${page}`)).toBe(0);
    s.site.muted(() => s.site.updateComment(as(), inline, 'inline-comment', { version: 2, resolved: true }));
    expect(await count('space = "ENG" and type = comment')).toBe(3);
    s.site.cqlComments = 'unresolved-only';
    expect(await count('space = "ENG" and type = comment')).toBe(2);
  });

  it('finds what changed since a time by CQL, newest first, pages over several answers, and refuses what it cannot parse', async () => {
    const before = new Date(Date.now() - 60_000).toISOString().slice(0, 16).replace('T', ' ');
    const cql = encodeURIComponent(`space = "ENG" and type in (page, blogpost) and lastmodified >= "${before}" order by lastmodified desc`);
    const first = await call('GET', `/wiki/rest/api/search?cql=${cql}&limit=1`);
    expect(first.json.totalSize).toBe(3); // home page, Guide, Other
    expect(first.json.results).toHaveLength(1);
    const next = await call('GET', `/wiki${first.json._links.next}`);
    expect(next.json.results).toHaveLength(1);
    const later = encodeURIComponent(`space = "ENG" and lastmodified > "2999-01-01"`);
    expect((await call('GET', `/wiki/rest/api/search?cql=${later}&limit=0`)).json).toMatchObject({ results: [], totalSize: 0 });
    expect((await call('GET', `/wiki/rest/api/search?cql=${encodeURIComponent('status = current')}`)).status).toBe(400);
  });
});
