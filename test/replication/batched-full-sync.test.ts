/**
 * A cross-site full sync sends its items in `apply-batch` messages (apply-batcher.ts): the
 * destination's inbox runs far fewer times than there are items, and the copy, the progress and
 * the counts are exactly what they are when each item goes alone.
 */
import { startEmulatedSites, startInterleavedSites, type EmulatedSite } from '../support/emulated-sites';
import { syncOf } from '../support/pairs';
import { expectedCopy, pair, spaceView, HOST_MODES } from '../support/replication';
import { kvsFullSyncStore } from '../../src/platform/kvs-full-sync-store';
import { kvsSentStore } from '../../src/platform/kvs-sent-store';
import { kvsCopyStore } from '../../src/platform/kvs-copy-store';
import type { Actor } from '../../sandbox/confluence/site';

describe.each(HOST_MODES)('batched full sync%s', (_mode, hostOptions) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });

  beforeEach(async () => {
    env = await startInterleavedSites(hostOptions);
  });
  afterEach(() => env.host.close());

  /** Five sections of nine pages: 50 items, a few labelled. */
  function seed() {
    const create = (title: string, body: string, parentId?: string) => env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title, body, parentId });
    for (let s = 0; s < 5; s++) {
      const section = create(`Section ${s}`, `<p>Overview ${s}.</p>`);
      for (let p = 0; p < 9; p++) {
        const page = create(`Page ${s}.${p}`, `<p>Body of ${s}.${p}: ${'words '.repeat(p * 20)}</p>`, section.id);
        if (p % 4 === 0) env.source.site.addLabels(as(env.source), page.id, ['batched']);
      }
    }
  }

  it('copies 50 pages with far fewer inbox invocations than items: the copy equal item by item, progress and counts exact', async () => {
    seed();
    const inbox = { invocations: 0, requests: 0 };
    env.host.log.onEntry((e) => {
      if (e.kind === 'invocation' && e.installationId === env.dest.installation.id && e.functionKey === 'receive-peer-message') inbox.invocations++;
      if (e.kind === 'web-trigger' && e.installationId === env.dest.installation.id && e.moduleKey === 'peer-inbox') inbox.requests++;
    });
    const syncId = await pair(env.host, { site: env.source }, { site: env.dest });
    await env.host.settled();

    const source = spaceView(env.source.site, env.source.spaceId);
    const items = Object.keys(source).length;
    expect(items).toBe(50);
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(expectedCopy(source));

    // One inbox run per batch (and the pairing's few messages), not one per item; each was one request over HTTPS.
    expect(inbox.invocations).toBeGreaterThan(0);
    expect(inbox.requests).toBe(inbox.invocations);
    expect(inbox.invocations).toBeLessThanOrEqual(Math.ceil(items / 3));

    const progress = await env.host.runInInvocation(env.source.installation, () => kvsFullSyncStore.progress(syncId));
    expect(progress).toMatchObject({ state: 'complete', total: items, done: items, through: items, finished: [], failedCount: 0, outcomes: { synced: items } });
    const pairId = (await syncOf(env.host, env.source, 'source')).pairId;
    expect(await env.host.runInInvocation(env.source.installation, () => kvsSentStore.counts(pairId))).toMatchObject({ synced: items, failed: 0 });
    const destPair = (await syncOf(env.host, env.dest, 'destination')).pairId;
    expect(await env.host.runInInvocation(env.dest.installation, () => kvsCopyStore.count(destPair))).toBe(items);
    // Every item's record at the source names its own copy: no answer went to another item.
    for (const [key, view] of Object.entries(source)) {
      const id = [...env.source.site.contents.values()].find((c) => `${c.type}:${c.title}` === key)!.id;
      const sent = await env.host.runInInvocation(env.source.installation, () => kvsSentStore.get(pairId, id));
      const copy = env.dest.site.contents.get(sent!.destId!);
      expect({ title: copy?.title, status: sent?.status }).toEqual({ title: view.title, status: 'synced' });
    }
  });
});
