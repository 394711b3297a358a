/**
 * Forge storage refuses an installation's requests over its rate with 429 RATE_LIMIT_EXCEEDED
 * (limits-kvs-ce; the host's kvs/kvs-rate-limit.ts). The app takes that as trouble that passes:
 * the full sync, the edits made meanwhile and the destination's applies wait and go on, and
 * nothing is copied twice or lost.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { syncOf } from '../support/pairs';
import { expectedCopy, pageByTitle, pair, spaceView } from '../support/replication';
import { kvsFullSyncStore } from '../../src/platform/kvs-full-sync-store';
import { kvsCopyStore } from '../../src/platform/kvs-copy-store';
import { onContentEvent } from '../../src/entry/content-events';
import { FORGE_KVS_LIMITS, type KvsLimits } from '../../sandbox/forge-host/kvs/kvs-rate-limit';
import { InvocationError, InvocationErrorCode } from '@forge/events';
import type { Actor } from '../../sandbox/confluence/site';

/**
 * Per host minute, 3 s of the test's time at 50 ms a host second: a full sync at the test's speed
 * asks several times as much, so both sides are refused again and again, and must wait.
 */
const TIGHT: KvsLimits = { ...FORGE_KVS_LIMITS, readUnitsPerMinute: 100, writeUnitsPerMinute: 50 };

describe('replication under Forge storage rate limits', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const refusals = (s: EmulatedSite) => env.host.log.of('kvs').filter((e) => e.installationId === s.installation.id && e.status === 429).length;

  beforeEach(async () => {
    env = await startEmulatedSites({ msPerSecond: 50 });
  });
  afterEach(() => env.host.close());

  it('finishes a full sync and an edit made meanwhile while both sides are refused again and again: every copy once, nothing failed', async () => {
    const create = (title: string, parentId?: string) => env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title, body: `<p>${title}.</p>`, parentId });
    const sections = Array.from({ length: 3 }, (_, s) => create(`Section ${s}`));
    const pages = sections.flatMap((section, s) => Array.from({ length: 6 }, (_, p) => create(`Page ${s}.${p}`, section.id)));
    env.source.site.addLabels(as(env.source), pages[0].id, ['limited']);
    const syncId = await pair(env.host, { site: env.source }, { site: env.dest }, {}, () => {
      env.host.limitKvs(env.source.installation, TIGHT);
      env.host.limitKvs(env.dest.installation, TIGHT);
      const edited = env.source.site.contents.get(pages[3].id)!;
      env.source.site.updatePage(as(env.source), edited.id, { type: 'page', title: edited.title, body: '<p>Edited while storage was busy.</p>', status: 'current', version: edited.version.number + 1 });
    });
    await env.host.settled();

    expect(refusals(env.source)).toBeGreaterThan(0);
    expect(refusals(env.dest)).toBeGreaterThan(0);
    env.host.limitKvs(env.source.installation, undefined);
    env.host.limitKvs(env.dest.installation, undefined);
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(expectedCopy(spaceView(env.source.site, env.source.spaceId)));
    expect(pageByTitle(env.dest.site, env.dest.spaceId, 'Page 0.3').body).toBe('<p>Edited while storage was busy.</p>');
    const items = 3 + 18;
    const copies = [...env.dest.site.contents.values()].filter((c) => c.spaceId === env.dest.spaceId && c.type === 'page' && c.status === 'current');
    expect(copies).toHaveLength(items + 1); // and the destination's home page
    const progress = await env.host.runInInvocation(env.source.installation, () => kvsFullSyncStore.progress(syncId));
    expect(progress).toMatchObject({ state: 'complete', total: items, done: items, failedCount: 0 });
    const destPair = (await syncOf(env.host, env.dest, 'destination')).pairId;
    expect(await env.host.runInInvocation(env.dest.installation, () => kvsCopyStore.count(destPair))).toBe(items);
  });

  it('waits out ten minutes in which the source’s storage refuses everything, in the middle of its full sync, and finishes it', async () => {
    await env.host.close();
    env = await startEmulatedSites(); // 5 ms a host second: ten host minutes are 3 s
    const pages = Array.from({ length: 80 }, (_, i) => env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: `Page ${i}`, body: `<p>${i}</p>` }));
    let creates = 0;
    let restored: Promise<void> | undefined;
    const blackOutAtFifth = () =>
      env.dest.emulator.beforeNext('createPage', () => {
        if (++creates < 5) return blackOutAtFifth();
        env.host.limitKvs(env.source.installation, { requestsPerSecond: 0, readUnitsPerMinute: 0, writeUnitsPerMinute: 0 });
        restored = new Promise((resolve) => setTimeout(resolve, 10 * 60 * 5)).then(() => env.host.limitKvs(env.source.installation, undefined));
      });
    blackOutAtFifth();
    const syncId = await pair(env.host, { site: env.source }, { site: env.dest });
    await restored;
    await env.host.settled();
    expect(refusals(env.source)).toBeGreaterThan(0);
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(expectedCopy(spaceView(env.source.site, env.source.spaceId)));
    const progress = await env.host.runInInvocation(env.source.installation, () => kvsFullSyncStore.progress(syncId));
    expect(progress).toMatchObject({ state: 'complete', total: pages.length, done: pages.length, failedCount: 0 });
  });

  it('hands a product event back to the platform when storage refuses, and queues its job once storage answers', async () => {
    await pair(env.host, { site: env.source }, { site: env.dest });
    const page = env.source.site.muted(() => env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Late', body: '<p>Late.</p>' }));
    const event = { eventType: 'avi:confluence:created:page', atlassianId: env.source.writer, content: { id: page.id, type: 'page', space: { id: env.source.spaceId } } };
    env.host.limitKvs(env.source.installation, { ...FORGE_KVS_LIMITS, readUnitsPerMinute: 0 });
    const refused = await env.host.runInInvocation(env.source.installation, () => onContentEvent(event));
    // An InvocationError is what its toJSON gives (@forge/events): the platform reads `_retry`.
    expect(refused).toEqual(JSON.parse(JSON.stringify(new InvocationError({ retryAfter: 10, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST }))));
    expect(refused).toMatchObject({ _retry: true, retryOptions: { retryAfter: 10 } });
    env.host.limitKvs(env.source.installation, undefined);
    expect(await env.host.runInInvocation(env.source.installation, () => onContentEvent(event))).toBeUndefined();
    await env.host.settled();
    expect(pageByTitle(env.dest.site, env.dest.spaceId, 'Late').body).toBe('<p>Late.</p>');
  });
});
