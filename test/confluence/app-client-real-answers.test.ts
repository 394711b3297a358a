/**
 * The app's REST client and readers against answers real Confluence Cloud gives that the
 * emulator does not (or not by default), replayed by a scripted site: a 429 whose Retry-After is
 * Long.MAX_VALUE (confluence-real row 74), listings whose next page repeats or stays empty
 * (row 14, CONFCLOUD-84015), personal labels (row 56).
 */
import { assumeTrustedRoute, route } from '@forge/api';
import { z } from 'zod';
import { ForgeHost } from '../../sandbox/forge-host/forge-host';
import type { ProductBackend, ProductRequest } from '../../sandbox/forge-host/product-backend';
import type { Installation } from '../../sandbox/forge-host/installation';
import { allResults, confluence, ConfluenceError, retryAfterSeconds } from '../../src/confluence/client';
import { sourceContent } from '../../src/confluence/pages';
import { downloadAttachment, readComments } from '../../src/confluence/page-parts';
import { CommentSnapshot, PageSnapshot } from '../../src/replication/snapshot';
import { backoffMs } from '../../src/replication/full-sync';
import { APP_ROOT } from '../support/app-host';
import { captured } from '../support/captured-shapes';

type Answer = { status?: number; headers?: Record<string, string>; body: unknown };

/** A site that answers each path from a script (the first answer whose key the path starts with), and records the paths. */
class ScriptedSite implements ProductBackend {
  readonly paths: string[] = [];
  constructor(private readonly script: Array<[string, Answer | Response | ((path: string) => Answer)]>) {}
  async request(req: ProductRequest): Promise<Response> {
    this.paths.push(req.path);
    if (this.paths.length > 200) throw new Error('the app kept asking');
    const found = this.script.find(([prefix]) => req.path.startsWith(prefix));
    if (!found) return new Response(JSON.stringify({ errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: null }] }), { status: 404 });
    if (found[1] instanceof Response) return found[1];
    const answer = typeof found[1] === 'function' ? found[1](req.path) : found[1];
    return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200, headers: { 'content-type': 'application/json', ...answer.headers } });
  }
}

describe('the app client on real answers the emulator does not give', () => {
  let host: ForgeHost;
  const run = async <T>(site: ScriptedSite, fn: () => Promise<T>): Promise<T> => {
    const installation: Installation = host.addInstallation({ cloudId: `cloud-${Math.random()}`, siteUrl: 'https://northwind-docs.atlassian.net', product: site });
    return host.runInInvocation(installation, fn);
  };

  beforeAll(async () => {
    host = new ForgeHost({ appRoot: APP_ROOT, msPerSecond: 5 });
    await host.start();
  });
  afterAll(() => host.close());

  describe('Retry-After (confluence-real rows 73, 74)', () => {
    it('waits a Retry-After of 9223372036854775807 as 900 s, the longest the platform schedules', async () => {
      const site = new ScriptedSite([['/wiki/api/v2/spaces/5242883', { status: 429, headers: { 'Retry-After': '9223372036854775807', 'X-RateLimit-Limit': '0', 'X-RateLimit-Remaining': '0', 'X-RateLimit-FillRate': '0', 'X-RateLimit-Interval-Seconds': '1' }, body: '' }]]);
      const error = await run(site, () => confluence('app').get(z.unknown(), route`/wiki/api/v2/spaces/5242883`)).catch((e) => e);
      expect(error).toBeInstanceOf(ConfluenceError);
      expect(error).toMatchObject({ status: 429, retryAfterSeconds: 900 });
    });

    it('reads Retry-After in whole seconds, and ignores what is not a positive number', () => {
      expect(retryAfterSeconds('7')).toBe(7);
      expect(retryAfterSeconds('0.4')).toBe(1);
      expect(retryAfterSeconds('9223372036854775807')).toBe(900);
      expect([retryAfterSeconds(null), retryAfterSeconds(''), retryAfterSeconds('0'), retryAfterSeconds('-3'), retryAfterSeconds('Wed, 21 Oct 2026 07:28:00 GMT')]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    });

    it('never asks the queue for a delay over 900 s (a push with more throws), even for the peer quota’s hour', () => {
      expect(backoffMs(1, 3600)).toBe(900_000);
      expect(backoffMs(1, 7)).toBe(7_000);
    });
  });

  describe('pagination (confluence-real rows 10, 14)', () => {
    const row = (id: string) => ({ id, type: 'page' });
    const next = (cursor: string) => ({ next: `/wiki/api/v2/pages/5242901/direct-children?limit=250&cursor=${cursor}`, base: 'https://northwind-docs.atlassian.net/wiki' });
    const Row = z.object({ id: z.string() });

    it('follows an empty page that still carries next, to the rows after it', async () => {
      const site = new ScriptedSite([
        ['/wiki/api/v2/pages/5242901/direct-children?limit=250&cursor=b', { body: { results: [row('3')], _links: { base: 'https://northwind-docs.atlassian.net/wiki' } } }],
        ['/wiki/api/v2/pages/5242901/direct-children?limit=250&cursor=a', { body: { results: [], _links: next('b') } }],
        ['/wiki/api/v2/pages/5242901/direct-children', { body: { results: [row('1'), row('2')], _links: next('a') } }],
      ]);
      const rows = await run(site, () => allResults(Row, assumeTrustedRoute('/wiki/api/v2/pages/5242901/direct-children?limit=250')));
      expect(rows.map((r) => r.id)).toEqual(['1', '2', '3']);
    });

    it('fails (to be tried again) rather than paging forever when the next page repeats its cursor', async () => {
      const site = new ScriptedSite([
        ['/wiki/api/v2/pages/5242901/direct-children?limit=250&cursor=a', { body: { results: [], _links: next('a') } }],
        ['/wiki/api/v2/pages/5242901/direct-children', { body: { results: [row('1')], _links: next('a') } }],
      ]);
      const error = await run(site, () => allResults(Row, assumeTrustedRoute('/wiki/api/v2/pages/5242901/direct-children?limit=250'))).catch((e) => e);
      expect(error).toBeInstanceOf(ConfluenceError);
      expect(error.transient).toBe(true);
      expect(error.message).toMatch(/did not come to an end/);
      expect(site.paths.length).toBeLessThan(5);
    });

    it('fails rather than paging forever through empty pages with ever new cursors', async () => {
      let n = 0;
      const site = new ScriptedSite([['/wiki/api/v2/pages/5242901/direct-children', () => ({ body: { results: [], _links: next(`c${n++}`) } })]]);
      const error = await run(site, () => allResults(Row, assumeTrustedRoute('/wiki/api/v2/pages/5242901/direct-children?limit=250'))).catch((e) => e);
      expect(error).toBeInstanceOf(ConfluenceError);
      expect(error.message).toMatch(/did not come to an end/);
      expect(site.paths.length).toBeLessThanOrEqual(100);
    });
  });

  describe('downloads (confluence-real row 51)', () => {
    it('refuses, unread, a file larger than any transfer carries', async () => {
      const site = new ScriptedSite([['/wiki/rest/api/content/5300225/child/attachment/att5320449/download', new Response('not read', { status: 200, headers: { 'content-length': String(200 * 2 ** 20) } })]]);
      const error = await run(site, () => downloadAttachment('5300225', 'att5320449', 2)).catch((e) => e);
      expect(error).toMatchObject({ status: 413 });
      expect(error.transient).toBe(false);
    });
  });

  describe('inline comments (confluence-real rows 35, 36)', () => {
    it('sends a comment on a long highlight in a shape the peer accepts (no limit on inlineOriginalSelection is documented)', async () => {
      const rows = captured('v2-inline-comments-listing.json', 'response.body.results') as Array<Record<string, any>>;
      const long = 'a whole section, highlighted. '.repeat(100);
      const row = { ...rows[1], properties: { ...rows[1].properties, inlineOriginalSelection: long, 'inline-original-selection': long } };
      const empty = { results: [], _links: { base: 'https://northwind-docs.atlassian.net/wiki' } };
      const site = new ScriptedSite([
        ['/wiki/api/v2/pages/5300225/footer-comments', { body: empty }],
        ['/wiki/api/v2/pages/5300225/inline-comments', { body: { results: [row], _links: empty._links } }],
        ['/wiki/api/v2/inline-comments/', { body: empty }],
      ]);
      const comments = await run(site, () => readComments('5300225', 'page'));
      expect(comments).toHaveLength(1);
      expect(() => CommentSnapshot.parse(comments[0])).not.toThrow();
      expect(comments[0].markerRef).toBe(row.properties.inlineMarkerRef);
    });
  });

  describe('labels (confluence-real row 56: prefix global, my or team)', () => {
    it('copies a page’s global labels only, never a person’s my: label', async () => {
      const page = captured('v2-page-single-storage.json', 'response.body') as Record<string, unknown>;
      const labels = { results: [{ id: '1', name: 'runbook', prefix: 'global' }, { id: '2', name: 'favourite', prefix: 'my' }, { id: '3', name: 'ops', prefix: 'team' }], meta: { hasMore: false, cursor: '' }, _links: { self: '/wiki/api/v2/pages/5300225/labels' } };
      const site = new ScriptedSite([
        ['/wiki/api/v2/spaces/5242883', { body: { key: 'OPS', homepageId: '5242885' } }],
        [`/wiki/api/v2/pages/${page.id as string}/properties`, { body: { results: [], _links: {} } }],
        [`/wiki/rest/api/content/${page.id as string}/state`, { body: { contentState: null, lastUpdated: '2026-02-11T10:02:45.300Z' } }],
        [`/wiki/api/v2/pages/${page.id as string}`, { body: { ...page, spaceId: '5242883', labels } }],
      ]);
      const snapshot = await run(site, () => sourceContent.snapshot(page.id as string, 'page', { id: '5242883', key: 'OPS', homepageId: '5242885' }, { comments: false, attachments: false }));
      expect(snapshot?.labels).toEqual(['runbook']);
    });
  });

  describe('appearance (confluence-real v2-content-properties-appearance.json)', () => {
    it('reads the emoji, width and cover properties of the captured listing, and the status, into the snapshot', async () => {
      const page = captured('v2-page-single-storage.json', 'response.body') as Record<string, unknown>;
      const listing = captured('v2-content-properties-appearance.json', 'response.body') as { results: Array<{ key: string; value: unknown }> };
      const site = new ScriptedSite([
        ['/wiki/api/v2/spaces/5242883', { body: { key: 'OPS', homepageId: '5242885' } }],
        // A property of another app is listed too; only the appearance keys are read.
        [`/wiki/api/v2/pages/${page.id as string}/properties`, { body: { ...listing, results: [...listing.results, { id: '1', key: 'another-app', value: { x: 1 }, version: { number: 1 } }] } }],
        [`/wiki/rest/api/content/${page.id as string}/state`, { body: { contentState: { id: 7, name: 'In review', color: '#ff7452' }, lastUpdated: '2026-02-11T10:02:45.300Z' } }],
        [`/wiki/api/v2/pages/${page.id as string}`, { body: { ...page, spaceId: '5242883' } }],
      ]);
      const snapshot = await run(site, () => sourceContent.snapshot(page.id as string, 'page', { id: '5242883', key: 'OPS', homepageId: '5242885' }, { comments: false, attachments: false }));
      const value = (key: string) => listing.results.find((r) => r.key === key)?.value;
      expect(snapshot?.appearance).toEqual({
        properties: {
          'emoji-title-published': value('emoji-title-published'),
          'emoji-title-draft': value('emoji-title-draft'),
          'content-appearance-published': 'full-width',
          'content-appearance-draft': 'full-width',
          'cover-picture-id-published': value('cover-picture-id-published'),
        },
        state: { name: 'In review', color: '#ff7452' },
      });
      expect(site.paths).toContain(`/wiki/rest/api/content/${page.id as string}/state?status=current`);
      expect(() => PageSnapshot.parse(snapshot)).not.toThrow();
    });
  });
});
