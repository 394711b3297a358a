/**
 * Attacks at the app's boundaries that once got through: each test plays the attacker (a hostile
 * peer installation, a crafted token) and checks that nothing it aimed at changed.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, spaceView } from '../support/replication';
import { inboxOf, postTo, signedBy, syncOf } from '../support/pairs';
import { FakePeer } from '../support/fake-peer';

describe('attacks at the boundaries', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const call = (token: string, fn: string, payload?: unknown) => bridgeCall(env.host)(token, fn, payload);
  const settings = (s: EmulatedSite) => env.host.openUiModule(s.installation, 'space-sync-settings', s.admin, { type: 'confluence:spaceSettings', space: { id: s.spaceId, key: s.site.spaces.get(s.spaceId)!.key } });
  const storage = (s: EmulatedSite) => env.host.runInInvocation(s.installation, async () => (await kvs.query().where('key', WhereConditions.beginsWith('')).limit(100).getMany()).results.filter((r) => !r.key.startsWith('seen-message:')));
  const pairUp = async () => {
    const sync = await call(settings(env.source), 'createSync', { name: 'Handbook' });
    const { token } = await call(settings(env.source), 'issueToken', { syncId: sync.id });
    await call(settings(env.dest), 'importToken', { token });
    await env.host.settled();
  };

  beforeEach(async () => {
    env = await startEmulatedSites();
  });
  afterEach(() => env.host.close());

  it('refuses a smart link whose URL is not a web address (javascript:, data:, file:), and writes nothing', async () => {
    await pairUp();
    const dest = await syncOf(env.host, env.dest, 'destination');
    const inbox = await inboxOf(env.host, env.dest);
    const before = spaceView(env.dest.site, env.dest.spaceId);
    const stored = await storage(env.dest);
    for (const embedUrl of ['javascript:alert(document.domain)', 'JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'vbscript:msgbox(1)']) {
      const snapshot = { sourceId: '9001', kind: 'embed', status: 'current', title: 'Status board', body: '', labels: [], version: 1, sourceSpaceKey: 'ENG', embedUrl };
      const answer = await postTo(inbox, await signedBy(env.host, env.source, { type: 'apply', to: 'destination', pair: dest.pairId, body: { snapshot, cause: 'Page updated' } }));
      expect(answer).toEqual({ status: 400, body: { error: 'bad-request' } });
    }
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(before);
    expect(await storage(env.dest)).toEqual(stored);

    // A web address still makes the smart link.
    const snapshot = { sourceId: '9001', kind: 'embed', status: 'current', title: 'Status board', body: '', labels: [], version: 1, sourceSpaceKey: 'ENG', embedUrl: 'https://status.example.com/board' };
    expect((await postTo(inbox, await signedBy(env.host, env.source, { type: 'apply', to: 'destination', pair: dest.pairId, body: { snapshot, cause: 'Page updated' } }))).status).toBe(200);
    const made = [...env.dest.site.contents.values()].find((c) => c.type === 'embed' && c.title === 'Status board');
    expect(made?.embedUrl).toBe('https://status.example.com/board');
  });

  it('sends a source smart link that points at no web address without its URL, so its copy carries none', async () => {
    const writer = { kind: 'user' as const, accountId: env.source.writer };
    env.source.site.createNode(writer, { type: 'embed', spaceId: env.source.spaceId, title: 'Odd link', embedUrl: 'javascript:alert(1)' });
    env.source.site.createNode(writer, { type: 'embed', spaceId: env.source.spaceId, title: 'Web link', embedUrl: 'https://status.example.com/' });
    await pairUp();
    const copies = [...env.dest.site.contents.values()].filter((c) => c.type === 'embed' && c.spaceId === env.dest.spaceId);
    expect(Object.fromEntries(copies.map((c) => [c.title, c.embedUrl ?? null]))).toEqual({ 'Odd link': null, 'Web link': 'https://status.example.com/' });
  });

  /** Inbox URLs that are egress the manifest allows but no installation's web trigger: a chat webhook, the media host. */
  const NOT_INBOXES = ['https://hooks.slack.com/services/T0/B0/secret', 'https://prod-1.westus.logic.azure.com/workflows/1/triggers/manual/paths/invoke', 'https://api.media.atlassian.com/file/1/binary', 'https://evil.example/x1/inbox'];
  const egressTo = (host: string) => env.host.log.entries.filter((e) => e.kind === 'egress' && new URL(e.url).hostname === host);

  it('refuses a token whose inbox is no web trigger, and sends its claim nowhere', async () => {
    const fake = await FakePeer.create(env.host);
    for (const inbox of NOT_INBOXES) {
      const token = await fake.token(env.dest, { inbox });
      await expect(call(settings(env.dest), 'previewToken', { token })).rejects.toMatchObject({ code: 'token-not-a-token' });
      await expect(call(settings(env.dest), 'importToken', { token })).rejects.toMatchObject({ code: 'token-not-a-token' });
      expect(egressTo(new URL(inbox).hostname)).toEqual([]);
    }
    expect(await storage(env.dest)).toEqual([]);
  });

  it('refuses a claim that names no web trigger as the destination’s inbox, and the token stays unused', async () => {
    const sync = await call(settings(env.source), 'createSync', { name: 'Handbook' });
    const { token } = await call(settings(env.source), 'issueToken', { syncId: sync.id });
    const fake = await FakePeer.create(env.host);
    const source = await inboxOf(env.host, env.source);
    const pair = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).pair as string;
    for (const inbox of NOT_INBOXES) {
      const claim = { token, destination: { site: { cloudId: 'cloud-fake', url: 'https://fake.atlassian.net' }, space: { id: '777', key: 'FAKE', name: 'Fake space' }, inbox, key: fake.publicKey, pair: fake.pair, syncName: 'Fake' } };
      expect(await fake.send(source, { type: 'claim', to: 'source', pair, body: claim })).toEqual({ status: 401, body: { error: 'unauthorized' } });
    }
    expect((await syncOf(env.host, env.source, 'source')).state).toBe('awaiting-import');
    // The genuine destination can still use the token.
    await call(settings(env.dest), 'importToken', { token });
    expect((await syncOf(env.host, env.source, 'source')).state).toBe('active');
  });

  it('lets exactly one of two claims of one token, sent at the same moment, pair', async () => {
    const sync = await call(settings(env.source), 'createSync', { name: 'Handbook' });
    const { token } = await call(settings(env.source), 'issueToken', { syncId: sync.id });
    const source = await inboxOf(env.host, env.source);
    const [first, second] = [await FakePeer.create(env.host), await FakePeer.create(env.host)];
    const answers = await Promise.all([first.claim(source, token), second.claim(source, token)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)?.body).toEqual({ error: 'used' });
    const paired = await syncOf(env.host, env.source, 'source');
    const winner = answers[0].status === 200 ? first : second;
    expect(paired.peer?.key.x).toBe(winner.publicKey.x);
  });

  it('follows no redirect from a peer’s inbox: a claim answered with 307 goes nowhere else, and the import is refused', async () => {
    const [source, elsewhere] = [await FakePeer.create(env.host), await FakePeer.create(env.host)];
    source.answer = () => ({ status: 307, body: {}, headers: { location: elsewhere.inbox } });
    await expect(call(settings(env.dest), 'importToken', { token: await source.token(env.dest) })).rejects.toMatchObject({ code: 'source-refused' });
    expect(source.received.map((m) => m.type)).toEqual(['claim']);
    expect(elsewhere.received).toEqual([]);
    expect(await storage(env.dest)).toEqual([]);
  });

  it('reads no more of a peer’s answer than any reply can be: a huge one is no answer', async () => {
    const source = await FakePeer.create(env.host);
    const options = { blogPosts: true, comments: true, labels: true, attachments: true, mode: 'automatic', conflictPolicy: 'source-wins' };
    source.answer = () => ({ status: 200, body: {}, raw: JSON.stringify({ state: 'active', options, padding: 'x'.repeat(3 * 1024 * 1024) }) });
    await expect(call(settings(env.dest), 'importToken', { token: await source.token(env.dest) })).rejects.toMatchObject({ code: 'source-unreachable' });
    expect(await storage(env.dest)).toEqual([]);
  });

  it('queues a page with its child pages once a minute, however often a listed user asks', async () => {
    const writer = { kind: 'user' as const, accountId: env.source.writer };
    const guide = env.source.site.createPage(writer, { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>v1</p>' });
    for (const title of ['One', 'Two', 'Three']) env.source.site.createPage(writer, { type: 'page', spaceId: env.source.spaceId, title, body: '<p>c</p>', parentId: guide.id });
    const sync = await call(settings(env.source), 'createSync', { name: 'Handbook', options: { mode: 'manual' }, pageSync: { users: [env.source.writer], groups: [] } });
    const { token } = await call(settings(env.source), 'issueToken', { syncId: sync.id });
    await call(settings(env.dest), 'importToken', { token });
    await env.host.settled();
    const action = env.host.openUiModule(env.source.installation, 'space-sync-page-action', env.source.writer, { type: 'confluence:contentAction', space: { id: env.source.spaceId, key: 'ENG' }, content: { id: guide.id, type: 'page' } });
    const queued = () => env.host.log.entries.filter((e) => e.kind === 'queue-push' && e.installationId === env.source.installation.id).reduce((n, e) => n + (e.kind === 'queue-push' ? e.events : 0), 0);

    expect(await call(action, 'syncPageNow', { syncId: sync.id, withChildren: true })).toEqual({ queued: 4 });
    const after = queued();
    for (let i = 0; i < 5; i++) await expect(call(action, 'syncPageNow', { syncId: sync.id, withChildren: true })).rejects.toMatchObject({ code: 'not-allowed-now', message: expect.stringContaining('a moment ago') });
    expect(queued()).toBe(after);
    // The page alone is never held back.
    expect(await call(action, 'syncPageNow', { syncId: sync.id })).toEqual({ queued: 1 });
  });
});
