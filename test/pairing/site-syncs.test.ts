import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { NOT_SITE_ADMIN } from '../../src/pairing/site-syncs';
import { syncRecords } from '../support/pairs';
import { resolverCall } from '../support/resolver-call';

describe('the global settings page: every sync of the site, for Confluence admins only', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const settings = (s: EmulatedSite, spaceId = s.spaceId) => env.host.openUiModule(s.installation, 'space-sync-settings', s.admin, { type: 'confluence:spaceSettings', space: { id: spaceId, key: s.site.spaces.get(spaceId)!.key } });
  const global = (s: EmulatedSite, as: string) => env.host.openUiModule(s.installation, 'space-sync-global-settings', as, { type: 'confluence:globalSettings' });
  const call = (token: string, fn: string, payload?: unknown) => resolverCall(env.host)(token, fn, payload);

  beforeEach(async () => {
    env = await startEmulatedSites();
  });
  afterEach(async () => {
    expect(env.source.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  it('refuses a user who is not a Confluence admin, having asked Confluence and read nothing else', async () => {
    await call(settings(env.source), 'createSync', { name: 'Hidden' });
    env.host.log.clear();
    await expect(call(global(env.source, env.source.writer), 'listSiteSyncs')).rejects.toThrow(NOT_SITE_ADMIN);
    expect(env.host.log.of('kvs')).toEqual([]);
    expect(env.host.log.of('product').map((p) => `${p.as} ${p.path}`)).toEqual([`${env.source.writer} /wiki/rest/api/user/current?expand=operations`]);
  });

  it('lists the syncs of every space, with space, role, state and the other site, and nothing secret', async () => {
    const other = env.source.site.createSpace('OPS', 'Operations', [env.source.admin]);
    expect(await call(global(env.source, env.source.admin), 'listSiteSyncs')).toEqual([]);
    const paired = await call(settings(env.source), 'createSync', { name: 'Handbook for Globex' });
    const { token } = await call(settings(env.source), 'issueToken', { syncId: paired.id });
    await call(settings(env.dest), 'importToken', { token });
    const waiting = await call(settings(env.source, other.id), 'createSync', { name: 'Runbooks' });
    const alpha = await call(settings(env.source), 'createSync', { name: 'Alpha' });

    const rows = await call(global(env.source, env.source.admin), 'listSiteSyncs');
    // The order of the space settings page and the page action: paired first, then by name (not by space).
    expect(rows).toEqual([
      { id: paired.id, name: 'Handbook for Globex', space: { key: 'ENG', name: 'acme space' }, role: 'source', state: 'active', peer: { siteUrl: 'https://globex.atlassian.net', spaceKey: 'PARTNER', spaceName: 'globex space', external: true } },
      { id: alpha.id, name: 'Alpha', space: { key: 'ENG', name: 'acme space' }, role: 'source', state: 'awaiting-import' },
      { id: waiting.id, name: 'Runbooks', space: { key: 'OPS', name: 'Operations' }, role: 'source', state: 'awaiting-import' },
    ]);
    expect((await call(settings(env.source), 'listSyncs')).map((s: { id: string }) => s.id)).toEqual([paired.id, alpha.id]);
    const text = JSON.stringify(rows);
    for (const record of await syncRecords(env.host, env.source)) {
      for (const secret of [record.pairId, record.peer?.pairId, record.peer?.key.x, record.peer?.inbox].filter(Boolean) as string[]) expect(text).not.toContain(secret);
    }
    expect(text).not.toContain(token.split('.')[2]);

    // Each installation lists its own site's syncs: Globex sees the destination side.
    expect(await call(global(env.dest, env.dest.admin), 'listSiteSyncs')).toEqual([
      expect.objectContaining({ name: 'Handbook for Globex', space: { key: 'PARTNER', name: 'globex space' }, role: 'destination', state: 'active', peer: expect.objectContaining({ siteUrl: 'https://acme.atlassian.net', spaceKey: 'ENG' }) }),
    ]);
  });

  it('is read-only: the old email settings resolvers are gone', async () => {
    for (const fn of ['getEmailSettings', 'saveEmailSettings', 'emailStatus']) {
      await expect(call(global(env.source, env.source.admin), fn, {})).rejects.toThrow();
    }
  });
});
