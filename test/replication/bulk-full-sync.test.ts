import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { pair, spaceView } from '../support/replication';
import type { Actor } from '../../sandbox/confluence/site';
import { sendItem, type SourceDeps } from '../../src/replication/send-item';
import { snapshotHash, type PageSnapshot } from '../../src/replication/snapshot';
import type { SentRecord } from '../../src/replication/ports';
import type { Sync } from '../../src/domain/sync';
import { fitted, MAX_CHUNK_BYTES } from '../../src/platform/kvs-space-reading-store';

const snapshot = (body: string): PageSnapshot => ({ sourceId: '101', kind: 'page', status: 'current', title: 'Guide', body, labels: [], version: 2, sourceSpaceKey: 'ENG' });

/** Only what sendItem reads before it would send: the item is already sent with the hash it finds, so nothing goes to the peer. */
function depsWith(sent: SentRecord, fresh: PageSnapshot) {
  const reads: string[] = [];
  const deps = {
    content: { space: async () => ({ key: 'ENG', homepageId: '100' }), snapshot: async () => (reads.push('per page'), fresh) },
    sent: { get: async () => sent, put: async () => undefined },
    copies: { origin: async () => undefined },
    syncs: {},
    now: () => new Date().toISOString(),
  } as unknown as SourceDeps;
  return { deps, reads };
}
const sync = { id: 's1', pairId: 'p1', role: 'source', state: 'active', space: { id: '9', key: 'ENG', name: 'Eng' }, options: { blogPosts: true, labels: true, comments: true, attachments: true } } as unknown as Sync;

describe('the full sync reads in bulk, and never sends older content than was sent', () => {
  it('uses a snapshot read ahead unless the item was sent after the reading began; then it reads the page again', async () => {
    const stale = snapshot('<p>as read ahead</p>');
    const fresh = snapshot('<p>edited since</p>');
    const readAt = '2026-01-01T10:00:00.000Z';
    // Sent by its event at 10:05, after the reading: the read-ahead one is older, so the page is read now (and found sent).
    const later = depsWith({ hash: snapshotHash(fresh), version: 3, status: 'synced', at: '2026-01-01T10:05:00.000Z' }, fresh);
    expect(await sendItem(later.deps, sync, { id: '101', kind: 'page', prefetched: { snapshot: stale, readAt } }, 'full sync')).toEqual({ status: 'synced', sent: false });
    expect(later.reads).toEqual(['per page']);
    // Sent before the reading: the read-ahead snapshot stands (and is found sent), no page read.
    const earlier = depsWith({ hash: snapshotHash(stale), version: 2, status: 'synced', at: '2026-01-01T09:00:00.000Z' }, fresh);
    expect(await sendItem(earlier.deps, sync, { id: '101', kind: 'page', prefetched: { snapshot: stale, readAt } }, 'full sync')).toEqual({ status: 'synced', sent: false });
    expect(earlier.reads).toEqual([]);
  });

  it('keeps a reading chunk under the KVS value limit by leaving its largest items to the per-page read', () => {
    const big = 'x'.repeat(80 * 1024);
    const chunk = { run: 'r', at: 't', covers: { labels: true, comments: true, attachments: true }, items: { a: {}, b: { comments: [{ sourceId: '1', location: 'footer' as const, body: big }] }, c: { comments: [{ sourceId: '2', location: 'footer' as const, body: big }] }, d: { comments: [{ sourceId: '3', location: 'footer' as const, body: big }] }, e: { comments: [{ sourceId: '4', location: 'footer' as const, body: big.slice(0, 10) }] } } };
    const kept = fitted(chunk);
    expect(Buffer.byteLength(JSON.stringify(kept))).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
    expect(Object.keys(kept.items).sort()).toEqual(['a', 'c', 'd', 'e']);
    expect(fitted({ ...chunk, items: { a: {} } })).toEqual({ ...chunk, items: { a: {} } });
  });
});

describe('the full sync reading in bulk on the emulated sites', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });

  beforeEach(async () => {
    env = await startEmulatedSites();
  });
  afterEach(async () => {
    expect(env.source.emulator.contract.violations).toEqual([]);
    expect(env.dest.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  it('retries an item whose read ahead fails (503), and reads an item per page when Confluence refuses its read ahead (400)', async () => {
    const src = env.source.site;
    src.muted(() => {
      for (let i = 0; i < 5; i++) src.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: `Page ${i}`, body: `<p>${i}</p>` });
    });
    env.source.emulator.failNext('getPageById', 1, 503);
    await pair(env.host, { site: env.source }, { site: env.dest });
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(spaceView(src, env.source.spaceId));
    expect(env.host.log.of('product').filter((r) => r.status === 503 && r.path.startsWith('/wiki/api/v2/pages/'))).toHaveLength(1);
    // Read ahead: no page read its own comment listings.
    expect(env.source.emulator.meter.byOperation.get('getPageFooterComments')).toBeUndefined();

    const again = await startEmulatedSites();
    try {
      again.source.site.muted(() => {
        for (let i = 0; i < 3; i++) again.source.site.createPage(as(again.source), { type: 'page', spaceId: again.source.spaceId, title: `Page ${i}`, body: `<p>${i}</p>` });
      });
      again.source.emulator.failNext('getPageById', 1, 400);
      await pair(again.host, { site: again.source }, { site: again.dest });
      expect(spaceView(again.dest.site, again.dest.spaceId)).toEqual(spaceView(again.source.site, again.source.spaceId));
      // The refused one was read per page, with its own comment listing; the others were not.
      expect(again.source.emulator.meter.byOperation.get('getPageFooterComments')?.requests).toBe(1);
    } finally {
      await again.host.close();
    }
  });

  it('still copies a smart link a page sits in, and a new smart link by its event; a lone one made before the sync waits for an event', async () => {
    const src = env.source.site;
    src.cqlFindsEmbeds = false;
    src.muted(() => {
      const guide = src.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Guide</p>' });
      const holder = src.createNode(as(env.source), { type: 'embed', spaceId: env.source.spaceId, title: 'Status', parentId: guide.id, embedUrl: 'https://status.example.org/' });
      src.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Status notes', body: '<p>Notes</p>', parentId: holder.id });
      src.createNode(as(env.source), { type: 'embed', spaceId: env.source.spaceId, title: 'Lone link', parentId: guide.id, embedUrl: 'https://example.org/lone' });
    });
    await pair(env.host, { site: env.source }, { site: env.dest });
    const copy = spaceView(env.dest.site, env.dest.spaceId);
    expect(Object.keys(copy).sort()).toEqual(['embed:Status', 'page:Guide', 'page:Status notes']);
    expect(copy['page:Status notes'].parent).toBe('embed:Status');

    src.createNode(as(env.source), { type: 'embed', spaceId: env.source.spaceId, title: 'New link', parentId: src.contents.withTitle(env.source.spaceId, 'page', 'Guide')[0].id, embedUrl: 'https://example.org/new' });
    await env.host.settled();
    expect(Object.keys(spaceView(env.dest.site, env.dest.spaceId))).toContain('embed:New link');
  });
});
