import { webTrigger } from '@forge/api';
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { signPeerMessage } from '../../src/pairing/peer-message';
import { createPairingKey } from '../../src/pairing/pairing-token';
import { inboxOf as inboxUrlOf, postTo, signedBy, syncOf } from '../support/pairs';
import { resolverCall } from '../support/resolver-call';

describe('pause, resume and unpair: signed, pair-bound, replay-checked messages', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let syncId: string;
  const settings = (s: EmulatedSite) => env.host.openUiModule(s.installation, 'space-sync-settings', s.admin, { type: 'confluence:spaceSettings', space: { id: s.spaceId, key: s.site.spaces.get(s.spaceId)!.key } });
  const call = (token: string, fn: string, payload?: unknown) => resolverCall(env.host)(token, fn, payload);
  const stateOn = async (s: EmulatedSite) => (await call(settings(s), 'listSyncs'))[0].state;
  /** Each side's own record id (the pair id is the source's). */
  const idOn = async (s: EmulatedSite) => (await call(settings(s), 'listSyncs'))[0].id;
  const inboxOf = (s: EmulatedSite) => inboxUrlOf(env.host, s);
  const post = async (url: string, message: string) => (await postTo(url, message)).status;
  /** The destination's own address for the pair: where the source's messages go. */
  const destPair = async () => (await syncOf(env.host, env.dest, 'destination')).pairId;
  const sourceSigned = async (type: string, pair: string, iat = Math.floor(Date.now() / 1000)) => signedBy(env.host, env.source, { type, to: 'destination', pair, body: {} }, { iat });

  beforeEach(async () => {
    env = await startEmulatedSites();
    const source = settings(env.source);
    const sync = await call(source, 'createSync', { name: 'S' });
    const { token } = await call(source, 'issueToken', { syncId: sync.id });
    await call(settings(env.dest), 'importToken', { token });
    syncId = sync.id;
  });
  afterEach(() => env.host.close());

  it('pauses from one side, which only that side can lift; both sides follow', async () => {
    expect(await call(settings(env.source), 'changePair', { syncId, action: 'pause' })).toMatchObject({ peerNotified: true, sync: { state: 'paused', pausedBy: ['source'] } });
    expect([await stateOn(env.source), await stateOn(env.dest)]).toEqual(['paused', 'paused']);
    await expect(call(settings(env.dest), 'changePair', { syncId: await idOn(env.dest), action: 'resume' })).rejects.toThrow('The source space paused this sync; only its admins can resume it.');
    expect([await stateOn(env.source), await stateOn(env.dest)]).toEqual(['paused', 'paused']);
    expect((await call(settings(env.source), 'changePair', { syncId, action: 'resume' })).peerNotified).toBe(true);
    expect([await stateOn(env.source), await stateOn(env.dest)]).toEqual(['active', 'active']);
  });

  it('holds both pauses when both sides pause, and runs again only when both lift theirs', async () => {
    await call(settings(env.source), 'changePair', { syncId, action: 'pause' });
    const destId = await idOn(env.dest);
    expect((await call(settings(env.dest), 'changePair', { syncId: destId, action: 'pause' })).sync.pausedBy).toEqual(['destination', 'source']);
    expect((await call(settings(env.source), 'listSyncs'))[0].pausedBy).toEqual(['destination', 'source']);
    await call(settings(env.source), 'changePair', { syncId, action: 'resume' });
    expect([await stateOn(env.source), await stateOn(env.dest)]).toEqual(['paused', 'paused']);
    await call(settings(env.dest), 'changePair', { syncId: destId, action: 'resume' });
    expect([await stateOn(env.source), await stateOn(env.dest)]).toEqual(['active', 'active']);
  });

  it('ignores a resume the destination sends for a pause the source holds', async () => {
    await call(settings(env.source), 'changePair', { syncId, action: 'pause' });
    const sourcePair = (await syncOf(env.host, env.source, 'source')).pairId;
    const resume = await signedBy(env.host, env.dest, { type: 'resume', to: 'source', pair: sourcePair, body: {} });
    expect(await post(await inboxOf(env.source), resume)).toBe(200); // nothing of the destination's to lift
    expect([await stateOn(env.source), await stateOn(env.dest)]).toEqual(['paused', 'paused']);
  });

  it('unpairs both sides, after which the peer accepts no more messages', async () => {
    await call(settings(env.dest), 'changePair', { syncId: await idOn(env.dest), action: 'unpair' });
    expect([await stateOn(env.source), await stateOn(env.dest)]).toEqual(['unpaired', 'unpaired']);
    expect(await post(await inboxOf(env.dest), await sourceSigned('resume', await destPair()))).toBe(401);
    await expect(call(settings(env.source), 'changePair', { syncId, action: 'resume' })).rejects.toThrow('Only a paused sync can be resumed.');
  });

  it('refuses a replayed, a stale, a foreign-signed or a wrongly bound message, changing nothing', async () => {
    const destInbox = await inboxOf(env.dest);
    const pair = await destPair();
    const pause = await sourceSigned('pause', pair);
    expect(await post(destInbox, pause)).toBe(200);
    expect(await stateOn(env.dest)).toBe('paused');
    expect(await post(destInbox, await sourceSigned('resume', pair))).toBe(200);
    expect(await stateOn(env.dest)).toBe('active');
    expect(await post(destInbox, pause)).toBe(401); // the same message again
    expect(await post(destInbox, await sourceSigned('pause', pair, Math.floor(Date.now() / 1000) - 301))).toBe(401);
    const stranger = await createPairingKey();
    expect(await post(destInbox, await signPeerMessage(stranger.privateJwk, { type: 'pause', to: 'destination', pair, from: (await syncOf(env.host, env.source, 'source')).pairId, body: {} }, Math.floor(Date.now() / 1000)))).toBe(401);
    expect(await post(destInbox, await sourceSigned('pause', 'AAAAAAAAAAAAAAAAAAAAAA'))).toBe(401);
    // The source's own record id (which page viewers see) addresses nothing.
    expect(await post(destInbox, await sourceSigned('pause', syncId))).toBe(401);
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
    const local = (await call(docs, 'listSyncs'))[0];
    expect((await call(docs, 'changePair', { syncId: local.id, action: 'pause' })).peerNotified).toBe(true);
    expect((await call(docs, 'listSyncs'))[0]).toMatchObject({ role: 'destination', state: 'paused', pausedBy: ['destination'] });
    expect((await call(source, 'listSyncs')).find((s: { id: string }) => s.id === sync.id)).toMatchObject({ state: 'paused', pausedBy: ['destination'] });
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
    // The mass-delete guard's options travel with the rest, and both sides show them.
    const options = { blogPosts: false, comments: true, labels: false, attachments: true, mode: 'manual', conflictPolicy: 'keep-destination', massDeleteGuard: { enabled: true, minCopies: 20, minPercent: 20, windowMinutes: 60 } };
    expect((await call(settings(env.source), 'editSync', { syncId, options })).options).toEqual(options);
    expect((await call(settings(env.dest), 'listSyncs'))[0].options).toEqual(options);
    await expect(call(settings(env.dest), 'editSync', { syncId: await idOn(env.dest), options: { ...options, labels: true } })).rejects.toThrow('chosen on the source side');
    expect((await call(settings(env.dest), 'listSyncs'))[0].options).toEqual(options);
  });

  it('refuses options sent by the destination to the source', async () => {
    const sourcePair = (await syncOf(env.host, env.source, 'source')).pairId;
    const forged = await signedBy(env.host, env.dest, { type: 'options', to: 'source', pair: sourcePair, body: { options: { labels: false } } });
    expect(await post(await inboxOf(env.source), forged)).toBe(400);
    expect((await call(settings(env.source), 'listSyncs'))[0].options.labels).toBe(true);
  });
});
