import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { expectedCopy, foreignRefs, pageByTitle, pair, spaceView, HOST_MODES } from '../support/replication';
import { INLINE_MARKER_WRITES, type Actor } from '../../sandbox/confluence/site';
import type { Content } from '../../sandbox/confluence/model';

/**
 * Inline comments stay anchored in the copy through edits of the source: each copy body carries
 * the copy's own marker refs, around the same text, and each comment's resolution follows. How
 * the API writes a new comment's marker is INFERRED (confluence-real row 42): every plausible
 * behaviour runs, on both sites. The sync keeps destination edits, so a page version the app's
 * own marker caused, mistaken for an edit here, would stop the copy following the source.
 */
const MODES = INLINE_MARKER_WRITES.flatMap((write) => HOST_MODES.map(([mode, options]) => [`${write}${mode}`, write, options] as const));

describe.each(MODES)('inline comments anchored in the copy (markers written %s)', (_name, write, hostOptions) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const source = () => spaceView(env.source.site, env.source.spaceId);
  const copy = () => spaceView(env.dest.site, env.dest.spaceId);
  const page = () => pageByTitle(env.source.site, env.source.spaceId, 'Runbook');
  const copyPage = () => pageByTitle(env.dest.site, env.dest.spaceId, 'Runbook');
  const inline = (selection: string, index = 0, count = 1) =>
    env.source.site.createComment(as(env.source), { containerId: page().id, body: `<p>About ${selection}?</p>`, inline: { textSelection: selection, textSelectionMatchCount: count, textSelectionMatchIndex: index } });
  const reply = (to: Content, body: string) => env.source.site.createComment(as(env.source), { parentCommentId: to.id, body });
  const edit = (change: (body: string) => string) => {
    const before = page().body;
    const after = change(before);
    expect(after).not.toBe(before);
    env.source.site.updatePage(as(env.source), page().id, { type: 'page', title: 'Runbook', body: after, status: 'current', version: page().version.number + 1 });
  };
  const resolve = (c: Content, resolved: boolean) => env.source.site.updateComment(as(env.source), c.id, 'inline-comment', { version: env.source.site.contents.get(c.id)!.version.number + 1, resolved });

  /** Both spaces item by item (markers named by their comment, anchors, resolutions), and no source ref in the copy. */
  const expectSame = async () => {
    await env.host.settled();
    expect(copy()).toEqual(expectedCopy(source()));
    expect(foreignRefs(env.dest.site, copyPage())).toEqual([]);
  };

  beforeEach(async () => {
    env = await startEmulatedSites(hostOptions);
    env.source.site.inlineMarkerWrite = write;
    env.dest.site.inlineMarkerWrite = write;
    env.source.site.createPage(as(env.source), {
      type: 'page',
      spaceId: env.source.spaceId,
      title: 'Runbook',
      body: '<p>Before paging, confirm the alert is not a duplicate and check the dashboard.</p><p>Escalate after fifteen minutes, or after fifteen minutes more.</p>',
    });
  });
  afterEach(async () => {
    expect(env.source.emulator.contract.violations).toEqual([]);
    expect(env.dest.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  it('copies anchors on the same occurrence and keeps them through edits before, after and inside the highlighted text', async () => {
    const alert = inline('the alert is not a duplicate');
    inline('fifteen minutes', 1, 2);
    // After both top-level comments: the views list comments in the order each site made them.
    reply(alert, '<p>It was not.</p>');
    await pair(env.host, { site: env.source }, { site: env.dest }, { conflictPolicy: 'keep-destination' });
    await expectSame();
    expect(copy()['page:Runbook'].comments.filter((c) => c.anchor)).toEqual([
      expect.objectContaining({ anchor: 'the alert is not a duplicate', resolution: 'open' }),
      expect.objectContaining({ anchor: 'fifteen minutes', resolution: 'open' }),
    ]);
    // The second occurrence, as at the source.
    expect(copy()['page:Runbook'].body).toContain('or after <ac:inline-comment-marker ac:ref="[About fifteen minutes?]">fifteen minutes</ac:inline-comment-marker> more');

    edit((b) => b.replace('Before paging, confirm', 'Before paging anyone at night, confirm'));
    await expectSame();
    edit((b) => b.replace('and check the dashboard.', 'and then check both dashboards.'));
    await expectSame();
    edit((b) => b.replace('the alert is not a duplicate', 'the alert is really not a duplicate'));
    await expectSame();
    expect(copy()['page:Runbook'].comments[0]).toMatchObject({ anchor: 'the alert is really not a duplicate', resolution: 'open', selection: 'the alert is not a duplicate' });
    expect(copyPage().body).toContain('Before paging anyone at night');

    // A new comment on a body that carries markers already.
    inline('both dashboards');
    await expectSame();
  });

  it('follows a comment resolved, reopened, replied to and deleted, and one left dangling by an edit', async () => {
    const alert = inline('the alert is not a duplicate');
    const minutes = inline('fifteen minutes', 0, 2);
    await pair(env.host, { site: env.source }, { site: env.dest }, { conflictPolicy: 'keep-destination' });
    await expectSame();

    resolve(alert, true);
    await expectSame();
    expect(copy()['page:Runbook'].comments[0].resolution).toBe('resolved');
    resolve(alert, false);
    await expectSame();
    expect(copy()['page:Runbook'].comments[0].resolution).toBe('reopened');

    reply(minutes, '<p>Ten, since March.</p>');
    await expectSame();
    env.source.site.deleteComment(as(env.source), minutes.id, 'inline-comment');
    await expectSame();
    expect(copy()['page:Runbook'].comments).toHaveLength(1);

    // An edit drops the first marker: the source comment dangles, and so does the copy's.
    edit((b) => b.replace(/<ac:inline-comment-marker ac:ref="[^"]*">(the alert is not a duplicate)<\/ac:inline-comment-marker>/, '$1'));
    await expectSame();
    expect(copy()['page:Runbook'].comments[0]).toMatchObject({ anchor: null, resolution: 'dangling' });
    // The page still follows the source afterwards.
    edit((b) => b.replace('Escalate', 'Then escalate'));
    await expectSame();
  });

  it('copies a resolved and a reopened comment with their resolution', async () => {
    const alert = inline('the alert is not a duplicate');
    const dashboard = inline('check the dashboard');
    resolve(alert, true);
    resolve(dashboard, true);
    resolve(dashboard, false);
    await pair(env.host, { site: env.source }, { site: env.dest }, { conflictPolicy: 'keep-destination' });
    await expectSame();
    expect(copy()['page:Runbook'].comments.map((c) => c.resolution)).toEqual(['resolved', 'reopened']);
  });
});
