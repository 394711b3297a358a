/** Pairing two emulated spaces through the real resolvers, and comparing them item by item. */
import type { ForgeHost } from '../../sandbox/forge-host/forge-host';
import type { ConfluenceSite } from '../../sandbox/confluence/site';
import type { Content } from '../../sandbox/confluence/model';
import type { EmulatedSite } from './emulated-sites';

type Call = (token: string, fn: string, payload?: unknown) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function settingsOf(host: ForgeHost, s: EmulatedSite, spaceId = s.spaceId) {
  const space = s.site.spaces.get(spaceId)!;
  return host.openUiModule(s.installation, 'space-sync-settings', s.admin, { type: 'confluence:spaceSettings', space: { id: space.id, key: space.key } });
}

export const bridgeCall =
  (host: ForgeHost): Call =>
  (token, fn, payload) =>
    host.bridge.call(token, fn, payload) as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Creates a sync on `source`, imports its token on `dest`, and waits until the queues are quiet. */
export async function pair(host: ForgeHost, source: { site: EmulatedSite; spaceId?: string }, dest: { site: EmulatedSite; spaceId?: string }, options: Record<string, unknown> = {}, afterImport?: () => void) {
  const call = bridgeCall(host);
  const from = settingsOf(host, source.site, source.spaceId);
  const sync = await call(from, 'createSync', { name: 'Handbook', options });
  const { token } = await call(from, 'issueToken', { syncId: sync.id });
  await call(settingsOf(host, dest.site, dest.spaceId), 'importToken', { token });
  afterImport?.();
  await host.settled();
  return sync.id as string;
}

export interface ItemView {
  title: string;
  parent: string | null;
  body: string;
  labels: string[];
  status: string;
}

/** A space as a reader sees it: pages and blog posts by title, with parent titles (home page excluded). */
export function spaceView(site: ConfluenceSite, spaceId: string, statuses = ['current']): Record<string, ItemView> {
  const space = site.spaces.get(spaceId)!;
  const items = [...site.contents.values()].filter((c) => (c.type === 'page' || c.type === 'blogpost') && c.spaceId === spaceId && c.id !== space.homepageId && statuses.includes(c.status));
  const parentTitle = (c: Content) => (c.parentId && c.parentId !== space.homepageId ? (site.contents.get(c.parentId)?.title ?? '?') : null);
  return Object.fromEntries(items.map((c) => [`${c.type}:${c.title}`, { title: c.title, parent: parentTitle(c), body: c.body, labels: [...c.labels].sort(), status: c.status }]));
}

/** The source's view with bodies as the copy should hold them (space key and page ids rewritten). */
export function expectedCopy(source: Record<string, ItemView>, rewrite: (body: string) => string = (b) => b): Record<string, ItemView> {
  return Object.fromEntries(Object.entries(source).map(([k, v]) => [k, { ...v, body: rewrite(v.body) }]));
}

export function pageByTitle(site: ConfluenceSite, spaceId: string, title: string): Content {
  const found = [...site.contents.values()].find((c) => c.spaceId === spaceId && c.title === title && (c.type === 'page' || c.type === 'blogpost'));
  if (!found) throw new Error(`No page titled ${title}`);
  return found;
}
