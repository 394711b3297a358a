import { startEmulatedSites } from '../support/emulated-sites';
import { bridgeCall, pageByTitle, settingsOf, spaceView } from '../support/replication';
import type { Content } from '../../sandbox/confluence/model';

describe('"Sync now" on a page and "Re-sync everything"', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const reader = 'acc-acme-reader';
  let guide: Content;
  let syncId: string;
  const call = (token: string, fn: string, payload?: unknown) => bridgeCall(env.host)(token, fn, payload);
  /** The page's "Space Sync" action, opened by `accountId` on `page`. */
  const pageAction = (accountId: string, page: Content) =>
    env.host.openUiModule(env.source.installation, 'space-sync-page-action', accountId, { type: 'confluence:contentAction', space: { id: env.source.spaceId, key: 'ENG' }, content: { id: page.id, type: page.type } });
  const edit = (page: Content, body: string) => env.source.site.updatePage({ kind: 'user', accountId: env.source.writer }, page.id, { type: 'page', title: page.title, body, status: 'current', version: page.version.number + 1 });
  const copy = () => spaceView(env.dest.site, env.dest.spaceId);

  beforeEach(async () => {
    env = await startEmulatedSites();
    env.source.site.addUser({ accountId: reader, displayName: 'Rita Reader', accountType: 'atlassian' });
    env.source.site.grant(env.source.site.spaces.get(env.source.spaceId)!, reader, ['read']);
    guide = env.source.site.createPage({ kind: 'user', accountId: env.source.writer }, { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>v1</p>' });
    // A manual sync: only "Sync now" and re-sync move content. The writers' group may sync pages.
    const settings = settingsOf(env.host, env.source);
    const sync = await call(settings, 'createSync', { name: 'Handbook', options: { mode: 'manual' }, pageSync: { users: [], groups: ['acme-writers'] } });
    syncId = sync.id;
    const { token } = await call(settings, 'issueToken', { syncId });
    await call(settingsOf(env.host, env.dest), 'importToken', { token });
    await env.host.settled();
  });
  afterEach(() => env.host.close());

  it('shows each sync with the page status, and lets a permitted group member sync a page of a manual sync now', async () => {
    expect(copy()['page:Guide'].body).toBe('<p>v1</p>'); // the first full sync
    edit(guide, '<p>v2</p>');
    await env.host.settled();
    expect(copy()['page:Guide'].body).toBe('<p>v1</p>'); // manual: events move nothing

    const writer = pageAction(env.source.writer, guide);
    const [before] = await call(writer, 'pageSyncStatus');
    expect(before).toMatchObject({ syncId, name: 'Handbook', direction: 'outgoing', mode: 'manual', state: 'active', status: 'behind', pageVersion: 2, syncedVersion: 1, syncNow: { offered: true }, peer: { spaceKey: 'PARTNER', external: true } });
    expect(before.otherPageUrl).toBe(`https://globex.atlassian.net/wiki/spaces/PARTNER/pages/${pageByTitle(env.dest.site, env.dest.spaceId, 'Guide').id}`);

    expect(await call(writer, 'syncPageNow', { syncId })).toEqual({ queued: 1 });
    await env.host.settled();
    expect(copy()['page:Guide'].body).toBe('<p>v2</p>');
    expect((await call(writer, 'pageSyncStatus'))[0]).toMatchObject({ status: 'synced', syncedVersion: 2 });
  });

  it('says on the original, after an unpair, that its copy stays in the other space and is no longer updated', async () => {
    await call(settingsOf(env.host, env.source), 'changePair', { syncId, action: 'unpair' });
    await env.host.settled();
    const rows = await call(pageAction(env.source.writer, guide), 'pageSyncStatus');
    expect(rows).toEqual([
      expect.objectContaining({
        syncId,
        direction: 'outgoing',
        state: 'unpaired',
        status: 'unpaired',
        otherPageUrl: `https://globex.atlassian.net/wiki/spaces/PARTNER/pages/${pageByTitle(env.dest.site, env.dest.spaceId, 'Guide').id}`,
        syncNow: { offered: false, reason: 'unpaired', message: 'This sync was unpaired: the copy in globex space on globex.atlassian.net stays as it is and is no longer updated.' },
      }),
    ]);
    // A page it never sent is not listed under it.
    const later = env.source.site.createPage({ kind: 'user', accountId: env.source.writer }, { type: 'page', spaceId: env.source.spaceId, title: 'Later', body: '<p>new</p>' });
    expect(await call(pageAction(env.source.writer, later), 'pageSyncStatus')).toEqual([]);
  });

  it('shows the copy on the destination as SYNCED with the source version, then AHEAD once edited there', async () => {
    edit(guide, '<p>v2</p>');
    await call(pageAction(env.source.writer, guide), 'syncPageNow', { syncId });
    await env.host.settled();
    const copyPage = pageByTitle(env.dest.site, env.dest.spaceId, 'Guide');
    const onCopy = () =>
      call(env.host.openUiModule(env.dest.installation, 'space-sync-page-action', env.dest.writer, { type: 'confluence:contentAction', space: { id: env.dest.spaceId, key: 'PARTNER' }, content: { id: copyPage.id, type: 'page' } }), 'pageSyncStatus');
    const [incoming] = await onCopy();
    // Both versions: the copy's own, and the original's it was synced from; Sync now is on the original.
    const copyVersion = pageByTitle(env.dest.site, env.dest.spaceId, 'Guide').version.number;
    expect(incoming).toMatchObject({ direction: 'incoming', status: 'synced', pageVersion: copyVersion, copyVersion, syncedVersion: 2, syncNow: { offered: false, reason: 'copy' }, peer: { spaceKey: 'ENG', external: true } });
    expect(incoming.syncNow.message).toContain('is updated from its original in acme space on acme.atlassian.net');
    expect(Date.now() - new Date(incoming.syncedAt).getTime()).toBeLessThan(60_000);
    expect(incoming.otherPageUrl).toBe(`https://acme.atlassian.net/wiki/spaces/ENG/pages/${guide.id}`);
    env.dest.site.updatePage({ kind: 'user', accountId: env.dest.writer }, copyPage.id, { type: 'page', title: 'Guide', body: '<p>ours</p>', status: 'current', version: copyPage.version.number + 1 });
    expect((await onCopy())[0]).toMatchObject({ direction: 'incoming', status: 'ahead' });
  });

  it('syncs a page with its child pages in one go', async () => {
    const child = env.source.site.createPage({ kind: 'user', accountId: env.source.writer }, { type: 'page', spaceId: env.source.spaceId, title: 'Child', body: '<p>c</p>', parentId: guide.id });
    env.source.site.createPage({ kind: 'user', accountId: env.source.writer }, { type: 'page', spaceId: env.source.spaceId, title: 'Grandchild', body: '<p>g</p>', parentId: child.id });
    expect(await call(pageAction(env.source.writer, guide), 'syncPageNow', { syncId, withChildren: true })).toEqual({ queued: 3 });
    await env.host.settled();
    expect(copy()['page:Grandchild']).toMatchObject({ parent: 'Child', body: '<p>g</p>' });
    expect(copy()['page:Child'].parent).toBe('Guide');
  });

  it('shows an admin the counts and activity, and retries a failed page from the activity log', async () => {
    const appWrite = env.dest.site.spaces.get(env.dest.spaceId)!.permissions.get(env.dest.site.appAccountId)!;
    appWrite.delete('write');
    edit(guide, '<p>v2</p>');
    await call(pageAction(env.source.writer, guide), 'syncPageNow', { syncId });
    await env.host.settled();
    const admin = settingsOf(env.host, env.source);
    const details = await call(admin, 'syncDetails', { syncId });
    expect(details).toMatchObject({ syncId, counts: { synced: 0, failed: 1 }, progress: { state: 'complete', total: 1, done: 1 } });
    const failed = details.activity.find((a: { outcome: string }) => a.outcome === 'failed');
    // The source hears our own sentence; what Confluence said stays in the destination's log.
    expect(failed).toMatchObject({ sourceId: guide.id, cause: 'Sync now', by: 'acme Writer', retryable: true, detail: 'The other space could not write this page; its admins see why in their activity log.' });
    const destSync = (await call(settingsOf(env.host, env.dest), 'listSyncs'))[0].id;
    const destFailed = (await call(settingsOf(env.host, env.dest), 'syncDetails', { syncId: destSync })).activity.find((a: { outcome: string }) => a.outcome === 'failed');
    expect(destFailed.detail).toContain('403');
    await expect(call(pageAction(env.source.writer, guide), 'retryItem', { syncId, sourceId: guide.id })).rejects.toThrow('Only admins');

    appWrite.add('write');
    expect(await call(admin, 'retryItem', { syncId, sourceId: guide.id })).toEqual({ queued: 1 });
    await env.host.settled();
    expect(copy()['page:Guide'].body).toBe('<p>v2</p>');
    const after = await call(admin, 'syncDetails', { syncId });
    expect(after.counts).toMatchObject({ synced: 1, failed: 0 });
    expect(after.activity[0]).toMatchObject({ cause: 'Retry', by: 'acme Admin', outcome: 'updated', retryable: false });
    await expect(call(admin, 'retryItem', { syncId, sourceId: guide.id })).rejects.toThrow('nothing to retry');
    const incoming = await call(settingsOf(env.host, env.dest), 'syncDetails', { syncId: (await call(settingsOf(env.host, env.dest), 'listSyncs'))[0].id });
    expect(incoming.counts.synced).toBe(1);
  });

  it('refuses "Sync now" to a reader the sync does not list, and to anyone who cannot see the page; nothing is queued', async () => {
    edit(guide, '<p>v2</p>');
    const asReader = pageAction(reader, guide);
    // Why Sync now is not offered, in the status itself; the refusal says the same, coded.
    const [status] = await call(asReader, 'pageSyncStatus');
    expect(status.syncNow).toMatchObject({ offered: false, reason: 'not-listed', message: expect.stringContaining('does not let you sync pages now') });
    const pushes = env.host.log.of('queue-push').length;
    await expect(call(asReader, 'syncPageNow', { syncId })).rejects.toMatchObject({ code: 'sync-now-not-permitted', message: status.syncNow.message });

    const secret = env.source.site.createPage({ kind: 'user', accountId: env.source.writer }, { type: 'page', spaceId: env.source.spaceId, title: 'Secret', body: '<p>s</p>' });
    env.source.site.restrictReading({ kind: 'user', accountId: env.source.writer }, secret.id, [env.source.admin]);
    await env.host.settled();
    const pushesBefore = env.host.log.of('queue-push').length;
    // The writer restricted it to themselves and the admin: the reader cannot see it.
    await expect(call(pageAction(reader, secret), 'syncPageNow', { syncId })).rejects.toMatchObject({ code: 'page-not-visible', message: 'You cannot see this page.' });
    await expect(call(pageAction(reader, secret), 'pageSyncStatus')).rejects.toMatchObject({ code: 'page-not-visible' });
    expect(env.host.log.of('queue-push').length).toBe(pushesBefore);
    expect(pushesBefore).toBeGreaterThanOrEqual(pushes);
    await env.host.settled();
    expect(copy()['page:Guide'].body).toBe('<p>v1</p>');
  });

  it('takes the page from the Forge context, never from the payload', async () => {
    const other = env.source.site.createPage({ kind: 'user', accountId: env.source.writer }, { type: 'page', spaceId: env.source.spaceId, title: 'Other', body: '<p>o</p>' });
    await call(pageAction(env.source.writer, guide), 'syncPageNow', { syncId, pageId: other.id, id: other.id });
    await env.host.settled();
    expect(copy()['page:Other']).toBeUndefined();
    await expect(call(pageAction(env.source.writer, guide), 'syncPageNow', { syncId: 'not-a-sync' })).rejects.toThrow('not in that sync');
  });

  it('re-syncs everything for a space admin: a copy deleted at the destination is made again, unchanged copies are not rewritten', async () => {
    env.source.site.createPage({ kind: 'user', accountId: env.source.writer }, { type: 'page', spaceId: env.source.spaceId, title: 'Other', body: '<p>o</p>' });
    await expect(call(pageAction(env.source.writer, guide), 'resyncEverything', { syncId })).rejects.toThrow();
    const destAdmin = { kind: 'user' as const, accountId: env.dest.admin };
    const lost = pageByTitle(env.dest.site, env.dest.spaceId, 'Guide');
    env.dest.site.trash(destAdmin, lost.id, ['page']);
    env.dest.site.purge(destAdmin, lost.id, ['page']);
    const progress = await call(settingsOf(env.host, env.source), 'resyncEverything', { syncId });
    expect(progress).toMatchObject({ state: 'queued' });
    await env.host.settled();
    expect(copy()['page:Guide'].body).toBe('<p>v1</p>');
    expect(copy()['page:Other'].body).toBe('<p>o</p>');
    const destWrites = env.host.log.of('product').filter((r) => r.installationId === env.dest.installation.id && r.method !== 'GET').length;
    await call(settingsOf(env.host, env.source), 'resyncEverything', { syncId });
    await env.host.settled();
    expect(env.host.log.of('product').filter((r) => r.installationId === env.dest.installation.id && r.method !== 'GET').length).toBe(destWrites);
  });
});
