import { z } from 'zod';
import { startEmulatedSites, rest, type EmulatedSite } from '../support/emulated-sites';

/** The documented Confluence event shapes (forge-platform.md section 1.6; captured shapes: captured-shapes.test.ts). */
const EventUser = z.object({ accountId: z.string(), accountType: z.enum(['atlassian', 'app']) });
const EventContent = z.object({
  id: z.string(),
  type: z.string(),
  status: z.string(),
  title: z.string(),
  space: z.object({ id: z.number(), key: z.string(), name: z.string() }),
  history: z.object({ latest: z.boolean(), createdBy: EventUser, createdDate: z.string() }),
  version: z.object({ by: EventUser, when: z.string(), number: z.number() }),
});
const Envelope = z.object({ eventType: z.string(), atlassianId: z.string(), eventCreatedDate: z.string(), suppressNotifications: z.boolean() });
const PageEvent = Envelope.extend({ content: EventContent });
const CommentEvent = Envelope.extend({
  content: EventContent.extend({ ancestors: z.array(z.object({ id: z.string() })), container: EventContent.omit({ space: true }), extensions: z.object({ location: z.enum(['footer', 'inline']) }) }),
});
// Label events carry no suppressNotifications (confluence-real row 88).
const LabelEvent = Envelope.omit({ suppressNotifications: true }).extend({ label: z.object({ id: z.string(), name: z.string(), prefix: z.string() }), content: EventContent.extend({ labels: z.array(z.object({ name: z.string() })) }) });
const AttachmentEvent = Envelope.extend({
  // Containers name no space; fileSize is a string (confluence-real rows 87, 89).
  attachment: EventContent.extend({ container: EventContent.omit({ space: true }), extensions: z.object({ mediaType: z.string(), fileSize: z.string(), fileId: z.string(), downloadPath: z.string() }) }),
});

describe('Confluence emulator: labels, comments, attachments and their events', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let s: EmulatedSite;
  let pageId: string;
  const call = (method: string, path: string, options?: Parameters<typeof rest>[4]) => rest(env.host, s, method, path, options);

  beforeEach(async () => {
    env = await startEmulatedSites();
    s = env.source;
    pageId = s.site.createPage({ kind: 'user', accountId: s.writer }, { type: 'page', spaceId: s.spaceId, title: 'Guide', body: '<p>Install the agent. Then install the agent again.</p>' }).id;
    s.events.length = 0;
  });
  afterEach(async () => {
    expect(s.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  it('adds labels with v1, reads them with v2, removes them with v1, with label events', async () => {
    const added = await call('POST', `/wiki/rest/api/content/${pageId}/label`, { body: [{ prefix: 'global', name: 'howto' }, { prefix: 'global', name: 'ops' }] });
    expect(added.status).toBe(200);
    expect(added.json.results.map((l: { name: string }) => l.name)).toEqual(['howto', 'ops']);
    const read = await call('GET', `/wiki/api/v2/pages/${pageId}/labels`);
    expect(read.json.results.map((l: { name: string }) => l.name)).toEqual(['howto', 'ops']);
    expect((await call('DELETE', `/wiki/rest/api/content/${pageId}/label/ops`)).status).toBe(204);
    expect((await call('DELETE', `/wiki/rest/api/content/${pageId}/label?name=howto`)).status).toBe(204);
    expect((await call('GET', `/wiki/api/v2/pages/${pageId}/labels`)).json.results).toEqual([]);
    expect(s.events.map((e) => e.eventType)).toEqual(['avi:confluence:added:label', 'avi:confluence:added:label', 'avi:confluence:removed:label', 'avi:confluence:removed:label']);
    s.events.forEach((e) => LabelEvent.parse(e));
    expect(s.events[0]).toMatchObject({ atlassianId: s.site.appAccountId, label: { name: 'howto' } });
  });

  it('keeps footer comments with replies and inline comments anchored to text on the page', async () => {
    const top = await call('POST', '/wiki/api/v2/footer-comments', { body: { pageId, body: { representation: 'storage', value: '<p>Which agent?</p>' } } });
    expect(top.status).toBe(201);
    const reply = await call('POST', '/wiki/api/v2/footer-comments', { body: { parentCommentId: top.json.id, body: { representation: 'storage', value: '<p>The sync agent.</p>' } } });
    expect(reply.json).toMatchObject({ pageId, parentCommentId: top.json.id });
    const children = await call('GET', `/wiki/api/v2/footer-comments/${top.json.id}/children?body-format=storage`);
    expect(children.json.results.map((c: { id: string }) => c.id)).toEqual([reply.json.id]);
    const topLevel = await call('GET', `/wiki/api/v2/pages/${pageId}/footer-comments`);
    expect(topLevel.json.results.map((c: { id: string }) => c.id)).toEqual([top.json.id]);

    const inline = await call('POST', '/wiki/api/v2/inline-comments', {
      body: { pageId, body: { representation: 'storage', value: '<p>Twice?</p>' }, inlineCommentProperties: { textSelection: 'install the agent', textSelectionMatchCount: 1, textSelectionMatchIndex: 0 } },
    });
    expect(inline.status).toBe(201);
    expect(inline.json.properties.inlineOriginalSelection).toBe('install the agent');
    const missing = await call('POST', '/wiki/api/v2/inline-comments', {
      body: { pageId, body: { representation: 'storage', value: '<p>?</p>' }, inlineCommentProperties: { textSelection: 'not on the page', textSelectionMatchCount: 1, textSelectionMatchIndex: 0 } },
    });
    expect(missing.status).toBe(400);

    const edit = await call('PUT', `/wiki/api/v2/footer-comments/${top.json.id}`, { body: { version: { number: 2 }, body: { representation: 'storage', value: '<p>Which agent, exactly?</p>' } } });
    expect(edit.json.version.number).toBe(2);
    expect((await call('DELETE', `/wiki/api/v2/footer-comments/${top.json.id}`)).status).toBe(204);
    expect(s.site.contents.get(reply.json.id)?.status).toBe('deleted');

    const types = s.events.map((e) => `${e.eventType}:${(e.content as { extensions: { location: string } }).extensions.location}`);
    expect(types).toEqual(['avi:confluence:created:comment:footer', 'avi:confluence:created:comment:footer', 'avi:confluence:created:comment:inline', 'avi:confluence:updated:comment:footer', 'avi:confluence:deleted:comment:footer']);
    s.events.forEach((e) => CommentEvent.parse(e));
    expect(s.events[1]).toMatchObject({ content: { ancestors: [{ id: top.json.id }], container: { id: pageId } } });
    expect(s.events[3].updateTrigger).toBeDefined();
  });

  it('uploads attachments with v1 (XSRF header required), versions them, and serves them through v2 and the download link', async () => {
    const form = (content: string) => {
      const f = new FormData();
      f.append('file', new Blob([content], { type: 'text/plain' }), 'notes.txt');
      f.append('minorEdit', 'true');
      return f;
    };
    const path = `/wiki/rest/api/content/${pageId}/child/attachment`;
    expect((await call('POST', path, { form: form('v1') })).status).toBe(403);
    const created = await call('POST', path, { form: form('version one'), headers: { 'X-Atlassian-Token': 'no-check' } });
    expect(created.status).toBe(200);
    const attachmentId = created.json.results[0].id;
    expect((await call('POST', path, { form: form('again'), headers: { 'X-Atlassian-Token': 'no-check' } })).status).toBe(400);
    const updated = await call('PUT', path, { form: form('version two!'), headers: { 'X-Atlassian-Token': 'no-check' } });
    expect(updated.json.results[0]).toMatchObject({ id: attachmentId, version: { number: 2 } });

    const listed = await call('GET', `/wiki/api/v2/pages/${pageId}/attachments`);
    expect(listed.json.results).toEqual([expect.objectContaining({ id: attachmentId, title: 'notes.txt', fileSize: 12, mediaType: 'text/plain' })]);
    const download = await call('GET', `/wiki/rest/api/content/${pageId}/child/attachment/${attachmentId}/download`);
    expect([download.status, download.json]).toEqual([200, 'version two!']);

    // v2 DELETE declares the id int64 (v2.json; confluence-real S15): the att prefix is refused, the number works.
    expect((await call('DELETE', `/wiki/api/v2/attachments/${attachmentId}`)).status).toBe(400);
    s.emulator.contract.violations.length = 0;
    expect((await call('DELETE', `/wiki/api/v2/attachments/${attachmentId.replace(/^att/, '')}`)).status).toBe(204);
    expect(s.events.map((e) => e.eventType)).toEqual(['avi:confluence:created:attachment', 'avi:confluence:updated:attachment', 'avi:confluence:trashed:attachment']);
    s.events.forEach((e) => AttachmentEvent.parse(e));
  });

  it('sends page events with the documented payload, naming the app account for its own writes', async () => {
    await call('POST', '/wiki/api/v2/pages', { body: { spaceId: s.spaceId, status: 'current', title: 'By the app', body: { representation: 'storage', value: '' } } });
    await call('POST', '/wiki/api/v2/pages', { as: s.writer, body: { spaceId: s.spaceId, status: 'current', title: 'By a person', body: { representation: 'storage', value: '' } } });
    const [byApp, byPerson] = s.events.map((e) => PageEvent.parse(e));
    expect(byApp).toMatchObject({ eventType: 'avi:confluence:created:page', atlassianId: s.site.appAccountId, content: { version: { by: { accountType: 'app' } } } });
    expect(byPerson).toMatchObject({ atlassianId: s.writer, content: { title: 'By a person', space: { key: 'ENG' }, version: { by: { accountType: 'atlassian' } } } });
  });

  it('delivers its events to the app trigger on the Forge host', async () => {
    await env.host.settled();
    env.host.log.clear();
    s.site.createPage({ kind: 'user', accountId: s.writer }, { type: 'page', spaceId: s.spaceId, title: 'Evented', body: '' });
    await env.host.settled();
    const triggered = env.host.log.of('product-event').filter((e) => e.installationId === s.installation.id);
    expect(triggered).toEqual([expect.objectContaining({ eventType: 'avi:confluence:created:page', trigger: 'content-events', outcome: 'ok' })]);
  });
});
