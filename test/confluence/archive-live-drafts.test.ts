import { startEmulatedSites, rest, type EmulatedSite } from '../support/emulated-sites';
import type { Actor } from '../../sandbox/confluence/site';

/** Archived pages, drafts, live docs and app-made events, as confluence-real describes them. */
describe('Confluence emulator: archive, drafts, live docs, app accounts', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let s: EmulatedSite;
  const call = (method: string, path: string, options?: Parameters<typeof rest>[4]) => rest(env.host, s, method, path, options);
  const createPage = async (title: string, extra: Record<string, unknown> = {}) =>
    (await call('POST', '/wiki/api/v2/pages', { body: { spaceId: s.spaceId, status: 'current', title, body: { representation: 'storage', value: `<p>${title}</p>` }, ...extra } })).json;
  const archive = (id: string) => call('POST', '/wiki/rest/api/content/archive', { body: { pages: [{ id: Number(id) }] } });
  const writer = (): Actor => ({ kind: 'user', accountId: s.writer });
  const eventTypes = () => s.events.map((e) => e.eventType);

  beforeEach(async () => {
    env = await startEmulatedSites();
    s = env.source;
  });
  afterEach(async () => {
    const violations = s.emulator.contract.violations;
    await env.host.close();
    expect(violations).toEqual([]);
  });

  it('archives through the v1 long task: status archived, parent kept, title reserved, default listing includes it (rows 16, 19, 62)', async () => {
    const parent = await createPage('Parent');
    const page = await createPage('Runbook index (old)', { parentId: parent.id });
    const answer = await archive(page.id);
    expect(answer.status).toBe(202);
    const task = await call('GET', `/wiki/rest/api/longtask/${answer.json.id}`);
    expect(task.json).toMatchObject({ finished: true, successful: true });
    const read = await call('GET', `/wiki/api/v2/pages/${page.id}`);
    expect(read.json).toMatchObject({ status: 'archived', parentId: parent.id, parentType: 'page' });
    expect(eventTypes()).toContain('avi:confluence:archived:page');

    const clash = await createPage('runbook INDEX (old)');
    expect(clash.errors?.[0]?.status).toBe(400);
    const listed = await call('GET', `/wiki/api/v2/spaces/${s.spaceId}/pages`);
    expect(listed.json.results.map((p: { id: string }) => p.id)).toContain(page.id);
    const currentOnly = await call('GET', `/wiki/api/v2/spaces/${s.spaceId}/pages?status=current`);
    expect(currentOnly.json.results.map((p: { id: string }) => p.id)).not.toContain(page.id);
    expect((await archive(page.id)).status).toBe(400); // already archived (v1.json)
  });

  it('keeps an archive task running for the configured reads, refusing a second archive meanwhile; free editions cannot archive', async () => {
    s.site.archiveTaskPolls = 2;
    const a = await createPage('A');
    const b = await createPage('B');
    const answer = await archive(a.id);
    expect((await archive(b.id)).status).toBe(400); // "an archival job already running for the tenant"
    expect((await call('GET', `/wiki/rest/api/longtask/${answer.json.id}`)).json.finished).toBe(false);
    expect((await call('GET', `/wiki/api/v2/pages/${a.id}`)).json.status).toBe('current');
    expect((await call('GET', `/wiki/rest/api/longtask/${answer.json.id}`)).json.finished).toBe(true);
    expect((await call('GET', `/wiki/api/v2/pages/${a.id}`)).json.status).toBe('archived');
    s.site.edition = 'free';
    expect((await archive(b.id)).status).toBe(400);
    expect(s.site.contents.get(b.id)!.status).toBe('current');
  });

  it('ignores a PUT with status archived (row 62); a PUT with current on an archived page follows the switch', async () => {
    const page = await createPage('Put');
    const put = (status: string, number: number) =>
      call('PUT', `/wiki/api/v2/pages/${page.id}`, { body: { id: page.id, status, title: 'Put', body: { representation: 'storage', value: `<p>v${number}</p>` }, version: { number } } });
    s.site.updatePage(writer(), page.id, { type: 'page', title: 'Put', body: '<p>x</p>', status: 'archived', version: 2 });
    expect(s.site.contents.get(page.id)!.status).toBe('current');
    await archive(page.id);
    s.site.archivedPut = 'refused';
    expect((await put('current', 3)).status).toBe(400);
    s.site.archivedPut = 'stays-archived';
    expect((await put('current', 3)).json).toMatchObject({ status: 'archived', version: { number: 3 } });
    s.site.archivedPut = 'unarchives';
    expect((await put('current', 4)).json).toMatchObject({ status: 'current', version: { number: 4 } });
    expect(eventTypes()).toContain('avi:confluence:unarchived:page');
  });

  it('never lists drafts (status=draft is 400) and raises no event for them (row 16, v2-page-draft-and-live.json)', async () => {
    const before = s.events.length;
    const draft = await createPage('Postmortem template', { status: 'draft' });
    expect(draft.status).toBe('draft');
    expect(s.events.length).toBe(before);
    expect((await call('GET', `/wiki/api/v2/spaces/${s.spaceId}/pages?status=draft`)).status).toBe(400);
    // v2.json's status enum has no draft, so the contract refuses it first: that refusal is expected here.
    const refused = s.emulator.contract.violations.splice(0);
    expect(refused).toEqual([expect.stringContaining('/query/status/0 must be equal to one of the allowed values')]);
    expect((await call('GET', `/wiki/api/v2/spaces/${s.spaceId}/pages`)).json.results.map((p: { id: string }) => p.id)).not.toContain(draft.id);
  });

  it('creates live docs with subtype live: initialized, started, snapshotted, then published without subType (rows 63, 84)', async () => {
    const doc = await createPage('Incident 42 live notes', { subtype: 'live' });
    expect(doc.subtype).toBe('live');
    s.site.editLiveDoc(writer(), doc.id, '<p>first session</p>');
    s.site.editLiveDoc(writer(), doc.id, '<p>second session</p>');
    s.site.publishLiveDoc(writer(), doc.id);
    const mine = s.events.filter((e) => (e.content as { id?: string } | undefined)?.id === doc.id);
    expect(mine.map((e) => [e.eventType, (e.content as { subType?: string }).subType])).toEqual([
      ['avi:confluence:initialized:page', 'live'],
      ['avi:confluence:started:page', 'live'],
      ['avi:confluence:snapshotted:page', 'live'],
      ['avi:confluence:published:page', undefined],
    ]);
    expect(mine.slice(1).every((e) => e.updateTrigger === 'edit_page')).toBe(true); // row 80
    s.site.exposeSubtype = false;
    expect((await call('GET', `/wiki/api/v2/pages/${doc.id}`)).json.subtype).toBeUndefined();
  });

  it('has an Automation for Confluence app account whose edits raise events naming it (row 78)', async () => {
    const space = s.site.spaces.get(s.spaceId)!;
    s.site.grant(space, s.site.automationAccountId, ['read', 'write']);
    const page = s.site.createPage(writer(), { type: 'page', spaceId: s.spaceId, title: 'Rota', body: '<p>a</p>' });
    s.site.updatePage({ kind: 'user', accountId: s.site.automationAccountId }, page.id, { type: 'page', title: 'Rota', body: '<p>b</p>', status: 'current', version: 2 });
    const last = s.events[s.events.length - 1] as unknown as { atlassianId: string; content: { version: { by: { accountId: string; accountType: string } } } };
    expect(last.atlassianId).toBe(s.site.automationAccountId);
    expect(last.content.version.by).toMatchObject({ accountId: s.site.automationAccountId, accountType: 'app' });
  });

  it('shapes the app’s own events by the UNCONFIRMED switch: app-actor, no-actor, none', async () => {
    const page = await createPage('Mine');
    const ownEvents = () => s.events.filter((e) => (e.content as { id?: string } | undefined)?.id === page.id);
    expect(ownEvents()[0].atlassianId).toBe(s.site.appAccountId);
    s.site.appWriteEvents = 'no-actor';
    await call('POST', `/wiki/rest/api/content/${page.id}/label`, { body: [{ prefix: 'global', name: 'x' }] });
    expect(ownEvents()[1]).not.toHaveProperty('atlassianId');
    s.site.appWriteEvents = 'none';
    await call('POST', `/wiki/rest/api/content/${page.id}/label`, { body: [{ prefix: 'global', name: 'y' }] });
    expect(ownEvents()).toHaveLength(2);
  });
});
