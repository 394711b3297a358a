/**
 * An edit, a move or a label change reads the page alone (src/domain/page-only-read.ts): its
 * comments and files have events of their own, so the copy keeps them as the last whole read
 * left them. (The whole re-read after a stale answer is in send-item-page-only.test.ts: item
 * jobs of one sync run one at a time, so two sends of an item meet only beside a full sync.)
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, expectedCopy, pageByTitle, pair, settingsOf, spaceView, HOST_MODES } from '../support/replication';
import type { Actor } from '../../sandbox/confluence/site';
import type { Content } from '../../sandbox/confluence/model';
import { syncOf } from '../support/pairs';

const PART_LISTINGS = ['getPageFooterComments', 'getPageInlineComments', 'getPageAttachments'];

describe.each(HOST_MODES)('page-only reads%s', (_mode, hostOptions) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const source = () => spaceView(env.source.site, env.source.spaceId);
  const copy = () => spaceView(env.dest.site, env.dest.spaceId);
  const calls = (site: EmulatedSite, operations: string[]) => operations.reduce((n, op) => n + (site.emulator.meter.byOperation.get(op)?.requests ?? 0), 0);
  const copyFiles = () => [...env.dest.site.contents.values()].filter((c) => c.type === 'attachment' && c.containerId === pageByTitle(env.dest.site, env.dest.spaceId, 'Guide').id);
  const rewrite = (body: string) => body.replace(/(?:https:\/\/acme\.atlassian\.net)?\/wiki\/download\/attachments\/\d+\//g, () => `/wiki/download/attachments/${pageByTitle(env.dest.site, env.dest.spaceId, 'Guide').id}/`);
  const edit = (page: Content, body: string) => {
    const now = env.source.site.contents.get(page.id)!;
    env.source.site.updatePage(as(env.source), page.id, { type: 'page', title: now.title, body, status: 'current', version: now.version.number + 1 });
  };

  let guide: Content;
  beforeEach(async () => {
    env = await startEmulatedSites(hostOptions);
    guide = env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Install the agent first.</p>' });
    env.source.site.createComment(as(env.source), { containerId: guide.id, body: '<p>Which agent?</p>' });
    env.source.site.createComment(as(env.source), { containerId: guide.id, body: '<p>Link it.</p>', inline: { textSelection: 'Install the agent', textSelectionMatchCount: 1, textSelectionMatchIndex: 0 } });
    env.source.site.upload(as(env.source), guide.id, { name: 'notes.txt', mediaType: 'text/plain', data: Buffer.from('release notes'), comment: '', minorEdit: true }, 'create');
    await pair(env.host, { site: env.source }, { site: env.dest });
    expect(copy()).toEqual(expectedCopy(source(), rewrite));
  });
  afterEach(() => env.host.close());

  it('an edit and a label change read no comment or file listing, and the copy keeps its comments and files', async () => {
    const listed = calls(env.source, PART_LISTINGS);
    const pageReads = calls(env.source, ['getPageById']);
    const uploads = copyFiles().map((f) => f.version.number);
    edit(guide, `${env.source.site.contents.get(guide.id)!.body}<p>Then start it.</p>`);
    await env.host.settled();
    env.source.site.addLabels(as(env.source), guide.id, ['setup']);
    await env.host.settled();

    expect(copy()).toEqual(expectedCopy(source(), rewrite));
    expect(copy()['page:Guide'].body).toContain('Then start it.');
    expect(copy()['page:Guide'].labels).toEqual(['setup']);
    expect(copy()['page:Guide'].comments).toHaveLength(2);
    expect(calls(env.source, PART_LISTINGS)).toBe(listed);
    expect(calls(env.source, ['getPageById'])).toBeGreaterThan(pageReads);
    expect(copyFiles().map((f) => f.version.number)).toEqual(uploads);

    // Both sides hash a page-only send as the whole the copy holds: Verify finds nothing behind.
    const call = bridgeCall(env.host);
    const syncId = (await syncOf(env.host, env.source, 'source')).id;
    await call(settingsOf(env.host, env.source), 'startVerify', { syncId });
    await env.host.settled();
    expect(await call(settingsOf(env.host, env.source), 'verifyReport', { syncId })).toMatchObject({ state: 'complete', differences: [] });
  });

  it('a comment after page-only edits still reads the comments, and a whole re-read after them finds nothing to send', async () => {
    edit(guide, '<p>Install the agent first. Then start it.</p>');
    await env.host.settled();
    const listed = calls(env.source, PART_LISTINGS);
    env.source.site.createComment(as(env.source), { containerId: guide.id, body: '<p>The Linux one.</p>' });
    await env.host.settled();
    expect(calls(env.source, PART_LISTINGS)).toBeGreaterThan(listed);
    expect(copy()).toEqual(expectedCopy(source(), rewrite));
    expect(copy()['page:Guide'].comments).toHaveLength(3);

    // Re-sync everything reads every part again: the copy already holds it all, so nothing is written.
    const writes = () => env.host.log.of('product').filter((r) => r.method !== 'GET' && r.installationId === env.dest.installation.id).length;
    const before = writes();
    await bridgeCall(env.host)(settingsOf(env.host, env.source), 'resyncEverything', { syncId: (await syncOf(env.host, env.source, 'source')).id });
    await env.host.settled();
    expect(writes()).toBe(before);
    expect(copy()).toEqual(expectedCopy(source(), rewrite));
  });
});
