/**
 * Verify lists a part the app wrote to the copy and that was changed there, not only one that
 * is gone: a comment edited on the copy, or a file replaced there with other bytes, is a
 * difference, and its repair writes the original's again.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, expectedCopy, HOST_MODES, pageByTitle, pair, settingsOf, spaceView } from '../support/replication';
import type { Actor } from '../../sandbox/confluence/site';

describe.each(HOST_MODES)('verify: parts changed (not deleted) on the copy%s', (_mode, hostOptions) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  afterEach(() => env.host.close());
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const admin = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.admin });

  it.each([
    ['comment edited', 'comment-changed'],
    ['file replaced', 'file-changed'],
  ] as const)('a copied %s on the copy is listed, and repaired', async (what, code) => {
    env = await startEmulatedSites(hostOptions);
    const call = bridgeCall(env.host);
    const settings = (s: EmulatedSite) => settingsOf(env.host, s);
    const p = env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Start.</p>' });
    env.source.site.createComment(as(env.source), { containerId: p.id, body: '<p>Keep me.</p>' });
    env.source.site.upload(as(env.source), p.id, { name: 'plan.txt', mediaType: 'text/plain', data: Buffer.from('plan bytes'), comment: '', minorEdit: true }, 'create');
    await pair(env.host, { site: env.source }, { site: env.dest });
    const copy = pageByTitle(env.dest.site, env.dest.spaceId, 'Guide');
    if (what === 'comment edited') {
      const c = env.dest.site.comments(copy.id, 'footer-comment')[0];
      env.dest.site.updateComment(admin(env.dest), c.id, 'footer-comment', { body: '<p>Changed on the copy.</p>', version: c.version.number + 1 });
    } else {
      const f = [...env.dest.site.contents.values()].find((c) => c.type === 'attachment' && c.containerId === copy.id && c.status === 'current')!;
      env.dest.site.upload(admin(env.dest), copy.id, { name: 'plan.txt', mediaType: 'text/plain', data: Buffer.from('other bytes'), comment: '', minorEdit: true }, { attachmentId: f.id });
    }
    await env.host.settled();
    expect(spaceView(env.dest.site, env.dest.spaceId)).not.toEqual(expectedCopy(spaceView(env.source.site, env.source.spaceId)));

    const syncId = (await call(settings(env.source), 'listSyncs'))[0].id;
    await call(settings(env.source), 'startVerify', { syncId });
    await env.host.settled();
    const report = await call(settings(env.source), 'verifyReport', { syncId });
    expect(report.state).toBe('complete');
    expect(report.differences.length).toBeGreaterThan(0);
    expect(report.differences.map((d: { title: string; code: string }) => [d.title, d.code])).toEqual([['Guide', code]]);

    expect(await call(settings(env.source), 'repairAllDifferences', { syncId })).toEqual({ queued: 1 });
    await env.host.settled();
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(expectedCopy(spaceView(env.source.site, env.source.spaceId)));
    await call(settings(env.source), 'startVerify', { syncId });
    await env.host.settled();
    expect(await call(settings(env.source), 'verifyReport', { syncId })).toMatchObject({ state: 'complete', differences: [] });
  });
});
