/**
 * Attacks at the app's boundaries that once got through: each test plays the attacker (a hostile
 * peer installation, a crafted token) and checks that nothing it aimed at changed.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, spaceView } from '../support/replication';
import { inboxOf, postTo, signedBy, syncOf } from '../support/pairs';

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
});
