/**
 * The emulator's content-property writes and v1 content states, held to the OpenAPI documents
 * (and the supplement for content states): a property is created, read by key, updated only to
 * the next version, deleted once; a status is set by name and colour or by a space state's id,
 * publishes a version with the same body (and its event), refuses what the document refuses, and
 * is removed.
 */
import { startEmulatedSites, rest, type EmulatedSite } from '../support/emulated-sites';
import type { Content } from '../../sandbox/confluence/model';

describe('Confluence emulator: appearance properties and content states', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let s: EmulatedSite;
  let page: Content;
  const call = (method: string, path: string, body?: unknown) => rest(env.host, s, method, path, { as: s.writer, ...(body !== undefined ? { body } : {}) });

  beforeEach(async () => {
    env = await startEmulatedSites();
    s = env.source;
    page = s.site.createPage({ kind: 'user', accountId: s.writer }, { type: 'page', spaceId: s.spaceId, title: 'Guide', body: '<p>Install.</p>' });
    s.events.length = 0;
  });
  afterEach(async () => {
    expect(s.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  it('creates, reads by key, updates to the next version only, and deletes a property', async () => {
    const created = await call('POST', `/wiki/api/v2/pages/${page.id}/properties`, { key: 'emoji-title-published', value: '1f680' });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ key: 'emoji-title-published', value: '1f680', version: { number: 1 } });
    const id = created.json.id as string;
    expect((await call('GET', `/wiki/api/v2/pages/${page.id}/properties?key=emoji-title-published`)).json.results.map((p: { value: string }) => p.value)).toEqual(['1f680']);
    expect((await call('PUT', `/wiki/api/v2/pages/${page.id}/properties/${id}`, { key: 'emoji-title-published', value: '1f4d8', version: { number: 1 } })).status).toBe(409);
    expect((await call('PUT', `/wiki/api/v2/pages/${page.id}/properties/${id}`, { key: 'emoji-title-published', value: '1f4d8', version: { number: 2 } })).json).toMatchObject({ value: '1f4d8', version: { number: 2 } });
    expect((await call('DELETE', `/wiki/api/v2/pages/${page.id}/properties/${id}`)).status).toBe(204);
    expect((await call('DELETE', `/wiki/api/v2/pages/${page.id}/properties/${id}`)).status).toBe(404);
    expect((await call('GET', `/wiki/api/v2/pages/${page.id}/properties`)).json.results).toEqual([]);
    // A property write is no page version and raises no event (INFERRED, confluence-real appearance notes).
    expect(s.site.contents.get(page.id)!.version.number).toBe(1);
    expect(s.events).toEqual([]);
  });

  it('sets a status by name and colour or by a space state, each publishing a version with the same body, and removes it', async () => {
    expect((await call('GET', `/wiki/rest/api/content/${page.id}/state?status=current`)).json).toMatchObject({ contentState: null });
    const set = await call('PUT', `/wiki/rest/api/content/${page.id}/state?status=current`, { name: 'In review', color: '#ff7452' });
    expect(set.status).toBe(200);
    expect(set.json.contentState).toMatchObject({ name: 'In review', color: '#ff7452' });
    const after = s.site.contents.get(page.id)!;
    expect(after.version.number).toBe(2);
    expect(after.body).toBe('<p>Install.</p>');
    expect(s.events.map((e) => e.eventType)).toEqual(['avi:confluence:updated:page']);
    // The same name and colour reuse that state.
    const other = s.site.createPage({ kind: 'user', accountId: s.writer }, { type: 'page', spaceId: s.spaceId, title: 'Other', body: '<p>x</p>' });
    expect((await call('PUT', `/wiki/rest/api/content/${other.id}/state?status=current`, { name: 'In review', color: '#FF7452' })).json.contentState.id).toBe(set.json.contentState.id);
    expect((await call('PUT', `/wiki/rest/api/content/${page.id}/state?status=current`, { id: 1 })).json.contentState).toEqual({ id: 1, name: 'In progress', color: '#2684ff' });
    expect((await call('DELETE', `/wiki/rest/api/content/${page.id}/state?status=current`)).json).toMatchObject({ contentState: null });
    expect(s.site.contents.get(page.id)!.version.number).toBe(4);
    expect(s.site.contents.get(page.id)!.contentState).toBeUndefined();
  });

  it('refuses a status it cannot set, and changes nothing', async () => {
    for (const body of [{ name: 'Red', color: 'red' }, { name: 'A name longer than twenty', color: '#ff7452' }, { color: '#ff7452' }, { id: 99 }]) {
      expect((await call('PUT', `/wiki/rest/api/content/${page.id}/state?status=current`, body)).status).toBe(400);
    }
    expect(s.site.contents.get(page.id)!.version.number).toBe(1);
    expect(s.site.contents.get(page.id)!.contentState).toBeUndefined();
    expect(s.events).toEqual([]);
  });
});
