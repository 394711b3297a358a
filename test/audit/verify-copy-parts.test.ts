/**
 * Audit (issue 15, Verify "compares the two spaces item by item (... comments, attachments) and
 * lists every difference"): a copied comment edited on the copy, and a copied file replaced with
 * other bytes on the copy. The spaces then differ item by item; does Verify list it?
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, expectedCopy, pageByTitle, pair, settingsOf, spaceView } from '../support/replication';
import type { Actor } from '../../sandbox/confluence/site';

describe('verify: parts changed (not deleted) on the copy', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  afterEach(() => env.host.close());
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const admin = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.admin });

  // The file case moved to test/replication/verify-copy-parts.test.ts (fixed); a comment edited on the copy is not caught yet.
  it.each(['comment edited'] as const)('a copied %s on the copy is listed', async (what) => {
    env = await startEmulatedSites();
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
    console.log(what, JSON.stringify(report.differences.map((d: { title: string; code: string }) => `${d.title}: ${d.code}`)));
    expect(report.state).toBe('complete');
    expect(report.differences.length).toBeGreaterThan(0);
  });
});
