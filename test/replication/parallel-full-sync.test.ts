/**
 * The full sync sends many items at once (sync-window.ts): each copy still lands under its
 * parent's copy, links between pages applied at the same time still point at the copies, and
 * the counts and progress add up to what the spaces hold.
 */
import { startEmulatedSites, startInterleavedSites, type EmulatedSite } from '../support/emulated-sites';
import { syncOf } from '../support/pairs';
import { expectedCopy, pageByTitle, pair, spaceView, HOST_MODES } from '../support/replication';
import { WINDOW_WIDTH } from '../../src/domain/sync-window';
import { kvs, WhereConditions } from '@forge/kvs';
import { kvsFullSyncStore } from '../../src/platform/kvs-full-sync-store';
import { kvsSentStore } from '../../src/platform/kvs-sent-store';
import { kvsCopyStore } from '../../src/platform/kvs-copy-store';
import type { Actor } from '../../sandbox/confluence/site';

describe.each(HOST_MODES)('parallel full sync%s', (_mode, hostOptions) => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const linkTo = (id: string, title: string) => `<a href="${env.source.site.siteUrl}/wiki/spaces/ENG/pages/${id}/${title.replace(/ /g, '+')}">${title}</a>`;

  beforeEach(async () => {
    env = await startInterleavedSites(hostOptions);
  });
  afterEach(() => env.host.close());

  /** Four sections of eight pages, two levels under each, linked across (see below). */
  function seedWideTree() {
    const create = (title: string, body: string, parentId?: string) => env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title, body, parentId });
    const sections = Array.from({ length: 4 }, (_, s) => create(`Section ${s}`, '<p>Overview.</p>'));
    sections.forEach((section, s) => {
      const next = sections[(s + 1) % sections.length];
      // Each page links to the section after it and to its own next sibling, made at about the same time: a link waits for that sibling's copy, and two siblings' links to one page wait at once.
      const pages: Array<{ id: string; title: string }> = [];
      for (let p = 0; p < 8; p++) {
        const page = create(`Page ${s}.${p}`, `<p>See ${linkTo(next.id, next.title)}.</p>`, section.id);
        pages.push(page);
        if (p % 2 === 0) create(`Note ${s}.${p}`, '<p>A detail.</p>', page.id);
        if (p % 3 === 0) env.source.site.addLabels(as(env.source), page.id, ['wide']);
      }
      pages.forEach((page, p) => {
        const sibling = pages[(p + 1) % pages.length];
        const last = pages[pages.length - 1];
        const body = `<p>See ${linkTo(next.id, next.title)}, ${linkTo(sibling.id, sibling.title)} and ${linkTo(last.id, last.title)}.</p>`;
        const current = env.source.site.contents.get(page.id)!;
        env.source.site.updatePage(as(env.source), page.id, { type: 'page', title: page.title, body, status: 'current', version: current.version.number + 1 });
      });
    });
    return sections;
  }

  /** When each inbox invocation at the destination ran, from the host's log (each entry is added as it ends). */
  function watchInbox() {
    const spans: Array<[number, number]> = [];
    env.host.log.onEntry((e) => {
      if (e.kind === 'invocation' && e.installationId === env.dest.installation.id && e.functionKey === 'receive-peer-message') spans.push([Date.now() - e.ms, Date.now()]);
    });
    return () => Math.max(0, ...spans.map(([start]) => spans.filter(([s, end]) => s <= start && start < end).length));
  }

  it('copies a wide tree with several items at once: every copy under its parent, every link to a copy, counts and progress exact', async () => {
    seedWideTree();
    const mostAtOnce = watchInbox();
    const syncId = await pair(env.host, { site: env.source }, { site: env.dest });
    await env.host.settled();

    const source = spaceView(env.source.site, env.source.spaceId);
    const copyId = (title: string) => pageByTitle(env.dest.site, env.dest.spaceId, title).id;
    const rewrite = (body: string) => body.replace(/https:\/\/acme\.atlassian\.net\/wiki\/spaces\/ENG\/pages\/\d+\/([A-Za-z]+)\+([\d.]+)/g, (_m, word: string, n: string) => `/wiki/spaces/PARTNER/pages/${copyId(`${word} ${n}`)}`);
    expect(spaceView(env.dest.site, env.dest.spaceId)).toEqual(expectedCopy(source, rewrite));
    const items = Object.keys(source).length;
    expect(items).toBe(4 + 32 + 16);

    // Several inbox invocations ran at once, never more than the window allows.
    expect(mostAtOnce()).toBeGreaterThan(1);
    expect(mostAtOnce()).toBeLessThanOrEqual(WINDOW_WIDTH);

    const progress = await env.host.runInInvocation(env.source.installation, () => kvsFullSyncStore.progress(syncId));
    expect(progress).toMatchObject({ state: 'complete', total: items, done: items, through: items, finished: [], failedCount: 0, outcomes: { synced: items } });
    const pairId = (await syncOf(env.host, env.source, 'source')).pairId;
    const sentCounts = await env.host.runInInvocation(env.source.installation, () => kvsSentStore.counts(pairId));
    expect(sentCounts).toMatchObject({ synced: items, failed: 0 });
    const destPair = (await syncOf(env.host, env.dest, 'destination')).pairId;
    const copyCount = await env.host.runInInvocation(env.dest.installation, () => kvsCopyStore.count(destPair));
    expect(copyCount).toBe(items);
    // Nothing is left waiting: every link found its copy.
    const waiting = await env.host.runInInvocation(env.dest.installation, () => kvs.query().where('key', WhereConditions.beginsWith(`wait:${destPair}:`)).getMany());
    expect(waiting.results).toEqual([]);
  });
});
