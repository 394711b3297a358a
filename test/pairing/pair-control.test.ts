import { webTrigger } from '@forge/api';
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { kvsPairingKeys } from '../../src/platform/kvs-sync-store';
import { signPeerMessage } from '../../src/pairing/peer-message';
import { createPairingKey } from '../../src/pairing/pairing-token';

describe('pause, resume and unpair: signed, pair-bound, replay-checked messages', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let syncId: string;
  const settings = (s: EmulatedSite) => env.host.openUiModule(s.installation, 'space-sync-settings', s.admin, { type: 'confluence:spaceSettings', space: { id: s.spaceId, key: s.site.spaces.get(s.spaceId)!.key } });
  const call = (token: string, fn: string, payload?: unknown) => env.host.bridge.call(token, fn, payload) as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const stateOn = async (s: EmulatedSite) => (await call(settings(s), 'listSyncs'))[0].state;
  /** Each side's own record id (the pair id is the source's). */
  const idOn = async (s: EmulatedSite) => (await call(settings(s), 'listSyncs'))[0].id;
  const inboxOf = (s: EmulatedSite) => env.host.runInInvocation(s.installation, () => webTrigger.getUrl('peer-inbox'));
  const post = async (url: string, message: string) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) })).status;
  const sourceSigned = async (type: string, pair: string, iat = Math.floor(Date.now() / 1000)) => {
    const { privateJwk } = await env.host.runInInvocation(env.source.installation, () => kvsPairingKeys.keyPair());
    return signPeerMessage(privateJwk, { type, pair, body: { to: 'destination' } }, iat);
  };

  beforeEach(async () => {
    env = await startEmulatedSites();
    const source = settings(env.source);
    const sync = await call(source, 'createSync', { name: 'S' });
    const { token } = await call(source, 'issueToken', { syncId: sync.id });
    await call(settings(env.dest), 'importToken', { token });
    syncId = sync.id;
  });
  afterEach(() => env.host.close());

  it('pauses from one side and resumes from the other; both sides follow', async () => {
    expect(await call(settings(env.source), 'changePair', { syncId, action: 'pause' })).toMatchObject({ peerNotified: true, sync: { state: 'paused' } });
    expect([await stateOn(env.source), await stateOn(env.dest)]).toEqual(['paused', 'paused']);
    expect((await call(settings(env.dest), 'changePair', { syncId: await idOn(env.dest), action: 'resume' })).peerNotified).toBe(true);
    expect([await stateOn(env.source), await stateOn(env.dest)]).toEqual(['active', 'active']);
  });

  it('unpairs both sides, after which the peer accepts no more messages', async () => {
    await call(settings(env.dest), 'changePair', { syncId: await idOn(env.dest), action: 'unpair' });
    expect([await stateOn(env.source), await stateOn(env.dest)]).toEqual(['unpaired', 'unpaired']);
    expect(await post(await inboxOf(env.dest), await sourceSigned('resume', syncId))).toBe(401);
    await expect(call(settings(env.source), 'changePair', { syncId, action: 'resume' })).rejects.toThrow('cannot be resumed');
  });

  it('refuses a replayed, a stale, a foreign-signed or a wrongly bound message, changing nothing', async () => {
    const destInbox = await inboxOf(env.dest);
    const pause = await sourceSigned('pause', syncId);
    expect(await post(destInbox, pause)).toBe(200);
    expect(await stateOn(env.dest)).toBe('paused');
    await call(settings(env.dest), 'changePair', { syncId: await idOn(env.dest), action: 'resume' });
    expect(await post(destInbox, pause)).toBe(401); // the same message again
    expect(await post(destInbox, await sourceSigned('pause', syncId, Math.floor(Date.now() / 1000) - 301))).toBe(401);
    const stranger = await createPairingKey();
    expect(await post(destInbox, await signPeerMessage(stranger.privateJwk, { type: 'pause', pair: syncId, body: { to: 'destination' } }, Math.floor(Date.now() / 1000)))).toBe(401);
    expect(await post(destInbox, await sourceSigned('pause', 'some-other-pair'))).toBe(401);
    expect(await stateOn(env.dest)).toBe('active');
  });

  it('keeps the change when the peer cannot be told, and says so', async () => {
    await env.host.runInInvocation(env.dest.installation, async () => webTrigger.deleteUrl(await webTrigger.getUrl('peer-inbox')));
    expect(await call(settings(env.source), 'changePair', { syncId, action: 'unpair' })).toMatchObject({ peerNotified: false, sync: { state: 'unpaired' } });
  });

  it('keeps the two sides of a same-site pair apart', async () => {
    const other = env.source.site.createSpace('DOCS', 'Docs copy', [env.source.admin]);
    const docs = env.host.openUiModule(env.source.installation, 'space-sync-settings', env.source.admin, { type: 'confluence:spaceSettings', space: { id: other.id, key: 'DOCS' } });
    const source = settings(env.source);
    const sync = await call(source, 'createSync', { name: 'Local' });
    await call(docs, 'importToken', { token: (await call(source, 'issueToken', { syncId: sync.id })).token });
    expect((await call(source, 'changePair', { syncId: sync.id, action: 'pause' })).peerNotified).toBe(true);
    const local = (await call(docs, 'listSyncs'))[0];
    expect(local).toMatchObject({ role: 'destination', state: 'paused' });
    expect((await call(docs, 'changePair', { syncId: local.id, action: 'resume' })).peerNotified).toBe(true);
    expect((await call(source, 'listSyncs')).find((s: { id: string }) => s.id === sync.id).state).toBe('active');
  });

  it('deletes a paired sync only once it is unpaired', async () => {
    await expect(call(settings(env.source), 'deleteSync', { syncId })).rejects.toThrow('Unpair this sync before deleting it.');
    await call(settings(env.source), 'changePair', { syncId, action: 'unpair' });
    expect(await call(settings(env.source), 'deleteSync', { syncId })).toEqual({ deleted: syncId });
    expect(await call(settings(env.source), 'listSyncs')).toEqual([]);
    expect(await stateOn(env.dest)).toBe('unpaired');
  });

  it('tells the destination when the source changes what to sync; only the source may', async () => {
    const options = { blogPosts: false, comments: true, labels: false, attachments: true, mode: 'manual', conflictPolicy: 'keep-destination' };
    expect((await call(settings(env.source), 'editSync', { syncId, options })).options).toEqual(options);
    expect((await call(settings(env.dest), 'listSyncs'))[0].options).toEqual(options);
    await expect(call(settings(env.dest), 'editSync', { syncId: await idOn(env.dest), options: { ...options, labels: true } })).rejects.toThrow('chosen on the source side');
    expect((await call(settings(env.dest), 'listSyncs'))[0].options).toEqual(options);
  });

  it('refuses options sent by the destination to the source', async () => {
    const { privateJwk } = await env.host.runInInvocation(env.dest.installation, () => kvsPairingKeys.keyPair());
    const forged = await signPeerMessage(privateJwk, { type: 'options', pair: syncId, body: { to: 'source', options: { labels: false } } }, Math.floor(Date.now() / 1000));
    expect(await post(await inboxOf(env.source), forged)).toBe(400);
    expect((await call(settings(env.source), 'listSyncs'))[0].options.labels).toBe(true);
  });
});
