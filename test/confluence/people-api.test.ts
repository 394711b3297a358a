import { startSandbox } from '../support/sandbox';
import { rest } from '../support/emulated-sites';

describe("the emulator's HTTP surface for people", () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let base: string;
  const acme = () => sandbox.sites[0];
  const writer = '5f1a-acme-writer';
  const api = async (method: string, path: string, body?: unknown, as = writer) => {
    const res = await fetch(`${base}/sandbox/api/sites/${acme().cloudId}/${path}${path.includes('?') ? '&' : '?'}as=${as}`, {
      method,
      headers: body instanceof FormData ? {} : { 'content-type': 'application/json' },
      body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };

  beforeEach(async () => {
    sandbox = await startSandbox();
    base = sandbox.url;
  });
  afterEach(() => sandbox.close());

  it('shows the space tree and a page with its comments, labels and files', async () => {
    const tree = await api('GET', 'spaces/ENG/tree');
    expect(tree.status).toBe(200);
    const titles = JSON.stringify(tree.json.home);
    expect(titles).toContain('Onboarding');
    expect(titles).toContain('Editor settings');
    const devEnv = tree.json.home.children.find((c: { title: string }) => c.title === 'Onboarding').children[0];
    const page = await api('GET', `pages/${devEnv.id}`);
    expect(page.json).toMatchObject({ title: 'Dev environment', attachments: [expect.objectContaining({ title: 'setup.sh' })] });
    expect(page.json.comments.some((c: { selection: string | null }) => c.selection === 'Install Node.js 22')).toBe(true);
  });

  it('edits, comments, labels, attaches, trashes and restores, raising product events for the app', async () => {
    const created = await api('POST', 'spaces/ENG/pages', { title: 'Release notes', body: '<p>v1</p>' });
    const id = created.json.id;
    const edited = await api('PUT', `pages/${id}`, { title: 'Release notes 2026', body: '<p>v2</p>' });
    expect(edited.json).toMatchObject({ title: 'Release notes 2026', version: 2 });
    expect((await api('POST', `pages/${id}/comments`, { body: '<p>Nice</p>' })).status).toBe(200);
    expect((await api('POST', `pages/${id}/labels`, { name: 'release' })).json.labels).toEqual(['release']);
    const form = new FormData();
    form.append('file', new Blob(['notes'], { type: 'text/plain' }), 'notes.txt');
    expect((await api('POST', `pages/${id}/attachments`, form)).json).toMatchObject({ title: 'notes.txt', version: 1 });
    expect((await api('POST', `pages/${id}/trash`)).status).toBe(200);
    expect((await api('POST', `pages/${id}/restore`)).json.status).toBe('current');
    await sandbox.host.settled();
    const events = sandbox.host.log.of('product-event').map((e) => e.eventType);
    expect(events).toEqual([
      'avi:confluence:created:page',
      'avi:confluence:updated:page',
      'avi:confluence:created:comment',
      'avi:confluence:added:label',
      'avi:confluence:created:attachment',
      'avi:confluence:trashed:page',
      'avi:confluence:restored:page',
    ]);
  });

  it('answers with Confluence rules and refuses unknown users', async () => {
    const clash = await api('POST', 'spaces/ENG/pages', { title: 'Onboarding', body: '' });
    expect(clash.status).toBe(400);
    expect(clash.json.message).toMatch(/title already exists/);
    expect((await api('GET', 'spaces/ENG/tree', undefined, 'nobody')).status).toBe(401);
    expect((await api('GET', 'spaces/ENG/tree', undefined, acme().emulator.site.appAccountId)).status).toBe(401);
  });

  it('lets a space admin restrict a page so that the app no longer sees it', async () => {
    const page = await api('POST', 'spaces/ENG/pages', { title: 'Salaries', body: '<p>secret</p>' }, '5f1a-acme-admin');
    expect((await api('POST', `pages/${page.json.id}/restrict`, { users: [] }, writer)).status).toBe(403);
    expect((await api('POST', `pages/${page.json.id}/restrict`, { users: [] }, '5f1a-acme-admin')).status).toBe(200);
    expect((await api('POST', `pages/${page.json.id}/restrict`, { users: ['5f1a-acme-admin'] }, '5f1a-acme-admin')).status).toBe(200);
    expect((await api('GET', `pages/${page.json.id}`, undefined, writer)).status).toBe(404);
    const installation = sandbox.host.installationFor(acme().cloudId);
    const asApp = await rest(sandbox.host, { installation } as Parameters<typeof rest>[1], 'GET', `/wiki/api/v2/pages/${page.json.id}`);
    expect(asApp.status).toBe(404);
  });
});
