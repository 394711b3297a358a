import { createHash, randomBytes } from 'node:crypto';
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, expectedCopy, pageByTitle, pair, settingsOf, spaceView, HOST_MODES } from '../support/replication';
import type { Actor } from '../../sandbox/confluence/site';
import type { Content } from '../../sandbox/confluence/model';

describe.each(HOST_MODES)('replication of comments, attachments and large pages%s', (_mode, hostOptions) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const source = () => spaceView(env.source.site, env.source.spaceId);
  const copy = () => spaceView(env.dest.site, env.dest.spaceId);
  const copyOf = (title: string) => pageByTitle(env.dest.site, env.dest.spaceId, title);
  const comment = (container: Content, body: string, extra: { parent?: Content; selection?: string } = {}) =>
    env.source.site.createComment(as(env.source), {
      containerId: container.id,
      parentCommentId: extra.parent?.id,
      body,
      ...(extra.selection ? { inline: { textSelection: extra.selection, textSelectionMatchCount: 1, textSelectionMatchIndex: 0 } } : {}),
    });
  const upload = (page: Content, name: string, data: Buffer, mediaType = 'image/png') => env.source.site.upload(as(env.source), page.id, { name, mediaType, data, comment: '', minorEdit: true }, 'createOrUpdate');
  const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
  const rewriteIds = (body: string) => body.replace(/(?:https:\/\/acme\.atlassian\.net)?\/wiki\/download\/attachments\/\d+\//g, () => `/wiki/download/attachments/${copyOf('Guide').id}/`);

  beforeEach(async () => {
    env = await startEmulatedSites(hostOptions);
  });
  afterEach(() => env.host.close());

  it('copies footer comments with replies and re-anchors inline comments; one whose text is gone is kept as a quoting footer comment', async () => {
    const guide = env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Install the agent first. Then configure it.</p>' });
    const question = comment(guide, '<p>Which agent?</p>');
    comment(guide, '<p>The <a href="/wiki/spaces/ENG/pages/' + guide.id + '">Linux</a> one.</p>', { parent: question });
    comment(guide, '<p>Link the download here.</p>', { selection: 'Install the agent' });
    comment(guide, '<p>Too vague.</p>', { selection: 'configure it' });
    // The text under the second inline comment is edited away (its marker with it) before the pair exists: it dangles.
    const edited = env.source.site.contents.get(guide.id)!.body.replace(/<ac:inline-comment-marker ac:ref="[^"]*">configure it<\/ac:inline-comment-marker>/, 'run setup');
    expect(edited).not.toContain('configure it');
    env.source.site.updatePage(as(env.source), guide.id, { type: 'page', title: 'Guide', body: edited, status: 'current', version: env.source.site.contents.get(guide.id)!.version.number + 1 });

    await pair(env.host, { site: env.source }, { site: env.dest });
    const copied = copy()['page:Guide'].comments;
    expect(copied).toEqual([
      { location: 'footer', replyTo: null, body: '<p>Which agent?</p>' },
      { location: 'footer', replyTo: '<p>Which agent?</p>', body: `<p>The <a href="/wiki/spaces/PARTNER/pages/${copyOf('Guide').id}">Linux</a> one.</p>` },
      { location: 'inline', replyTo: null, body: '<p>Link the download here.</p>', selection: 'Install the agent', anchor: 'Install the agent', resolution: 'open' },
      { location: 'footer', replyTo: null, body: '<blockquote><p>configure it</p></blockquote><p>Too vague.</p>' },
    ]);
    expect(source()['page:Guide'].comments[3]).toMatchObject({ location: 'inline', anchor: null, resolution: 'dangling' });
    expect(copy()['page:Guide'].body).toBe(source()['page:Guide'].body);
  });

  it('follows comment edits, new replies and deletions without writing a new page version', async () => {
    const guide = env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Install the agent first.</p>' });
    const question = comment(guide, '<p>Which agent?</p>');
    const answer = comment(guide, '<p>Linux.</p>', { parent: question });
    const inline = comment(guide, '<p>Link it.</p>', { selection: 'the agent' });
    await pair(env.host, { site: env.source }, { site: env.dest });
    const pageVersion = copyOf('Guide').version.number;

    env.source.site.updateComment(as(env.source), question.id, 'footer-comment', { body: '<p>Which agent, exactly?</p>', version: 2 });
    env.source.site.deleteComment(as(env.source), answer.id, 'footer-comment');
    comment(guide, '<p>The Windows one.</p>', { parent: question });
    comment(env.source.site.contents.get(inline.id)!, '<p>Done.</p>', { parent: inline });
    await env.host.settled();

    expect(copy()).toEqual(expectedCopy(source()));
    expect(copy()['page:Guide'].comments).toHaveLength(4);
    expect(copyOf('Guide').version.number).toBe(pageVersion);
  });

  it('leaves the copy\'s comments and files as they are once the sync stops including them', async () => {
    const guide = env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Install the agent first.</p>' });
    const question = comment(guide, '<p>Which agent?</p>');
    upload(guide, 'notes.txt', Buffer.from('notes'), 'text/plain');
    const syncId = await pair(env.host, { site: env.source }, { site: env.dest });
    const before = copy()['page:Guide'];
    expect(before.comments).toHaveLength(1);
    await bridgeCall(env.host)(settingsOf(env.host, env.source), 'editSync', { syncId, options: { blogPosts: true, comments: false, labels: true, attachments: false, mode: 'automatic', conflictPolicy: 'source-wins' } });
    env.source.site.deleteComment(as(env.source), question.id, 'footer-comment');
    comment(guide, '<p>A new one.</p>');
    upload(guide, 'notes.txt', Buffer.from('notes, changed'), 'text/plain');
    env.source.site.updatePage(as(env.source), guide.id, { type: 'page', title: 'Guide', body: '<p>Install it first.</p>', status: 'current', version: 2 });
    await env.host.settled();
    expect(copy()['page:Guide']).toEqual({ ...before, body: '<p>Install it first.</p>' });
  });

  it('copies attachments, in parts when large, keeps body images and download links working, and follows new versions and deletions', async () => {
    const diagram = randomBytes(300 * 1024); // more than three 96 KiB parts
    const notes = Buffer.from('release notes v1');
    const guide = env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>x</p>' });
    env.source.site.updatePage(as(env.source), guide.id, {
      type: 'page',
      title: 'Guide',
      status: 'current',
      version: 2,
      body: `<p><ac:image><ri:attachment ri:filename="diagram.png" /></ac:image></p><p><a href="${env.source.site.siteUrl}/wiki/download/attachments/${guide.id}/notes.txt">Notes</a></p>`,
    });
    upload(guide, 'diagram.png', diagram);
    upload(guide, 'notes.txt', notes, 'text/plain');

    await pair(env.host, { site: env.source }, { site: env.dest });
    expect(copy()).toEqual(expectedCopy(source(), rewriteIds));
    expect(copy()['page:Guide'].files.map((f) => [f.title, f.sha256])).toEqual([
      ['diagram.png', sha(diagram)],
      ['notes.txt', sha(notes)],
    ]);
    expect(copy()['page:Guide'].body).toContain(`/wiki/download/attachments/${copyOf('Guide').id}/notes.txt`);

    const attachmentsOfCopy = () => [...env.dest.site.contents.values()].filter((c) => c.type === 'attachment' && c.containerId === copyOf('Guide').id);
    const uploadsBefore = attachmentsOfCopy().map((a) => a.version.number);
    // A body edit sends no file again.
    env.source.site.updatePage(as(env.source), guide.id, { type: 'page', title: 'Guide', status: 'current', version: 3, body: `${env.source.site.contents.get(guide.id)!.body}<p>More.</p>` });
    await env.host.settled();
    expect(attachmentsOfCopy().map((a) => a.version.number)).toEqual(uploadsBefore);

    const notes2 = Buffer.from('release notes v2, longer');
    upload(guide, 'notes.txt', notes2, 'text/plain');
    const diagramId = [...env.source.site.contents.values()].find((c) => c.type === 'attachment' && c.title === 'diagram.png')!.id;
    env.source.site.deleteAttachment(as(env.source), diagramId, false);
    await env.host.settled();
    expect(copy()).toEqual(expectedCopy(source(), rewriteIds));
    expect(copy()['page:Guide'].files).toEqual([{ title: 'notes.txt', mediaType: 'text/plain', sha256: sha(notes2) }]);
  });

  it('copies a page whose body is larger than one peer message (chunked) and keeps every stored value within the KVS limit', async () => {
    const paragraphs = Array.from({ length: 4000 }, (_, i) => `<p>Paragraph ${i}: ${'lorem ipsum '.repeat(8)}</p>`).join('');
    expect(Buffer.byteLength(paragraphs)).toBeGreaterThan(400 * 1024);
    env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Big', body: paragraphs });
    await pair(env.host, { site: env.source }, { site: env.dest });
    expect(copy()['page:Big'].body).toBe(paragraphs);
    const inbox = env.host.log.of('web-trigger').filter((r) => r.installationId === env.dest.installation.id);
    expect(inbox.length).toBeGreaterThan(4);
    expect(inbox.every((r) => r.status === 200)).toBe(true);
    // The KVS refuses values over 240 KiB: no write was refused, and the parts were dropped after use.
    expect(env.host.log.of('kvs').filter((r) => r.status >= 400 && r.status !== 404)).toEqual([]);
    const parts = await env.host.runInInvocation(env.dest.installation, async () => (await import('../../src/platform/kvs-query')).entriesWithPrefix('part:'));
    expect(parts).toEqual([]);
  });

  it('converges with a consumer failing part-way through an apply, duplicated and reordered deliveries: no comment or file doubled', async () => {
    await env.host.close();
    env = await startEmulatedSites({ queue: { faults: { duplicateRate: 1, reorderSeconds: 3 } } });
    const guide = env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Install the agent first.</p>' });
    const question = comment(guide, '<p>Which agent?</p>');
    comment(guide, '<p>Linux.</p>', { parent: question });
    comment(guide, '<p>Link it.</p>', { selection: 'the agent' });
    upload(guide, 'notes.txt', Buffer.from('notes'), 'text/plain');
    // The first comment write falls over after the page was made; on the retry the upload falls
    // over after every comment was made. Each retry must reuse what the failed try made.
    env.dest.emulator.failNext('createFooterComment', 1);
    env.dest.emulator.failNext('createOrUpdateAttachments', 1);
    await pair(env.host, { site: env.source }, { site: env.dest });
    expect(env.host.log.of('product').filter((r) => r.installationId === env.dest.installation.id && r.status === 500)).toHaveLength(2);

    // The inbox does the work but its answer is lost (a crash before replying): the retry changes nothing twice.
    env.host.loseNextWebTriggerAnswers(3);
    comment(guide, '<p>One more.</p>');
    upload(guide, 'more.txt', Buffer.from('more'), 'text/plain');
    await env.host.settled();
    expect(env.host.log.of('web-trigger').filter((r) => r.status === 500).length).toBeGreaterThanOrEqual(3);
    expect(copy()).toEqual(expectedCopy(source()));
    expect(copy()['page:Guide'].comments.filter((c) => c.body === '<p>One more.</p>')).toHaveLength(1);
    expect(copy()).toEqual(expectedCopy(source()));
    const copies = [...env.dest.site.contents.values()].filter((c) => c.containerId === copyOf('Guide').id && c.status === 'current');
    expect(copies.map((c) => c.type).sort()).toEqual(['attachment', 'attachment', 'footer-comment', 'footer-comment', 'footer-comment', 'inline-comment']);
  });

  it('adopts, after a crash between a comment write and its record, the comment it had made instead of writing it twice', async () => {
    const guide = env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Install the agent first.</p>' });
    const question = comment(guide, '<p>Which agent?</p>');
    await pair(env.host, { site: env.source }, { site: env.dest });
    const failedWrites = () => env.host.log.of('kvs').filter((r) => r.installationId === env.dest.installation.id && r.status === 500).length;

    // The destination dies right after Confluence took each new comment, before recording it.
    env.dest.emulator.beforeNext('createFooterComment', () => env.host.failNextKvsWrites(env.dest.installation, 1));
    comment(guide, '<p>One more.</p>');
    await env.host.settled();
    env.dest.emulator.beforeNext('createFooterComment', () => env.host.failNextKvsWrites(env.dest.installation, 1));
    comment(guide, '<p>Linux.</p>', { parent: question });
    await env.host.settled();

    expect(failedWrites()).toBe(2);
    expect(copy()).toEqual(expectedCopy(source()));
    const comments = [...env.dest.site.contents.values()].filter((c) => c.containerId === copyOf('Guide').id && c.type === 'footer-comment' && c.status === 'current');
    expect(comments.map((c) => c.body).sort()).toEqual(['<p>Linux.</p>', '<p>One more.</p>', '<p>Which agent?</p>']);
  });
});
