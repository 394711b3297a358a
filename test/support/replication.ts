/** Pairing two emulated spaces through the real resolvers, and comparing them item by item. */
import { createHash } from 'node:crypto';
import type { ForgeHost } from '../../sandbox/forge-host/forge-host';
import type { ConfluenceSite } from '../../sandbox/confluence/site';
import type { Content } from '../../sandbox/confluence/model';
import { startEmulatedSites, type EmulatedSite } from './emulated-sites';
import { resolverCall } from './resolver-call';
import { coverRef, isAppearanceKey } from '../../src/domain/appearance';

/** Scenarios run twice: as delivered, and with the host duplicating and reordering deliveries. */
export const HOST_MODES: Array<[string, Parameters<typeof startEmulatedSites>[0]]> = [
  ['', {}],
  [' (fault mode)', { queue: { faults: { duplicateRate: 0.5, reorderSeconds: 3, seed: 11 } } }],
];


export function settingsOf(host: ForgeHost, s: EmulatedSite, spaceId = s.spaceId) {
  const space = s.site.spaces.get(spaceId)!;
  return host.openUiModule(s.installation, 'space-sync-settings', s.admin, { type: 'confluence:spaceSettings', space: { id: space.id, key: space.key } });
}

/** A resolver call as the UI makes it, unwrapped (support/resolver-call.ts). */
export const bridgeCall = resolverCall;

/** Two emulated sites whose source space holds `pages` flat pages ("Page 1" …), paired and first-synced. */
export async function pairedWithPages(pages: number): Promise<Awaited<ReturnType<typeof startEmulatedSites>>> {
  const env = await startEmulatedSites();
  const writer = { kind: 'user' as const, accountId: env.source.writer };
  for (let i = 1; i <= pages; i++) env.source.site.createPage(writer, { type: 'page', spaceId: env.source.spaceId, title: `Page ${i}`, body: `<p>${i}</p>` });
  await pair(env.host, { site: env.source }, { site: env.dest });
  return env;
}

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

export interface CommentView {
  location: 'footer' | 'inline';
  /** The body of the comment replied to. */
  replyTo: string | null;
  body: string;
  selection?: string;
  /** Top-level inline comments: the text its marker wraps in the page body now (null: dangling). */
  anchor?: string | null;
  resolution?: string;
}

export interface FileView {
  title: string;
  mediaType: string;
  sha256: string;
}

export interface ItemView {
  title: string;
  /** The parent's title; `folder:Title` (and so on) when the parent is not a page. */
  parent: string | null;
  /** Smart links: the URL they show. */
  embedUrl?: string;
  body: string;
  labels: string[];
  status: string;
  comments: CommentView[];
  files: FileView[];
  /** Only when the item has any: its appearance properties (a cover file by its title) and content status. */
  appearance?: AppearanceView;
}

export interface AppearanceView {
  properties: Record<string, unknown>;
  state: { name: string; color: string } | null;
}

const MARKER_OPEN = /^<ac:inline-comment-marker\b[^>]*?\bac:ref="([^"]*)"[^>]*>$/;
const MARKER_CLOSE = /^<\/ac:inline-comment-marker\s*>$/;
const bodyTokens = (body: string) => body.match(/<[^>]*>|[^<]+/g) ?? [];

/** The text a marker of `ref` wraps (all its pieces), or null when the body has none. */
function markedText(body: string, ref: string): string | null {
  const open: boolean[] = [];
  let text: string | null = null;
  for (const token of bodyTokens(body)) {
    const marker = MARKER_OPEN.exec(token);
    if (marker) {
      open.push(marker[1] === ref);
      if (marker[1] === ref) text ??= '';
    } else if (MARKER_CLOSE.test(token)) open.pop();
    else if (!token.startsWith('<') && open.includes(true)) text += token;
  }
  return text;
}

const inlineRoots = (site: ConfluenceSite, c: Content) => site.contents.inContainer(c.id).filter((x) => x.type === 'inline-comment' && !x.parentCommentId && x.status === 'current');
const labelOf = (comment: Content) => `[${comment.body.replace(/<[^>]*>/g, '')}]`;

/**
 * A body as a reader sees its markers: each ref of a live inline comment named by that comment's
 * words (source and copy use different refs for the same comment), markers of no live comment
 * stripped to their text (nothing shows for them).
 */
function readerBody(site: ConfluenceSite, c: Content): string {
  const labels = new Map(inlineRoots(site, c).map((x) => [x.inline?.markerRef, labelOf(x)]));
  const kept: boolean[] = [];
  return bodyTokens(c.body)
    .map((token) => {
      const marker = MARKER_OPEN.exec(token);
      if (marker) {
        const label = labels.get(marker[1]);
        kept.push(label !== undefined);
        return label === undefined ? '' : token.replace(marker[1], label);
      }
      if (MARKER_CLOSE.test(token)) return kept.pop() ? token : '';
      return token;
    })
    .join('');
}

/** Marker refs in a body that belong to no inline comment ever made on this site: foreign to it. */
export function foreignRefs(site: ConfluenceSite, c: Content): string[] {
  const own = new Set(site.contents.ofType('inline-comment').map((x) => x.inline?.markerRef));
  return bodyTokens(c.body).flatMap((t) => MARKER_OPEN.exec(t)?.[1] ?? []).filter((ref) => !own.has(ref));
}

function commentsOf(site: ConfluenceSite, c: Content): CommentView[] {
  const comments = site.contents.inContainer(c.id).filter((x) => x.status === 'current' && (x.type === 'footer-comment' || x.type === 'inline-comment'));
  return comments
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((x) => ({
      location: x.type === 'inline-comment' ? 'inline' : 'footer',
      replyTo: x.parentCommentId ? (site.contents.get(x.parentCommentId)?.body ?? '?') : null,
      body: x.body,
      ...(x.type === 'inline-comment' && !x.parentCommentId
        ? { selection: x.inline?.textSelection, anchor: markedText(c.body, x.inline?.markerRef ?? ''), resolution: site.inlineResolution(x) }
        : {}),
    }));
}

function filesOf(site: ConfluenceSite, c: Content): FileView[] {
  const files = site.contents.inContainer(c.id).filter((x) => x.type === 'attachment' && x.status === 'current');
  return files
    .map((x) => ({ title: x.title, mediaType: x.attachment?.mediaType ?? '', sha256: createHash('sha256').update(x.attachment?.data ?? Buffer.alloc(0)).digest('hex') }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

/**
 * The appearance as a reader sees it: a cover naming a file of the page shows that file's title
 * (source and copy hold the same file under different fileIds), any other cover as stored.
 */
export function appearanceOf(site: ConfluenceSite, c: Content): AppearanceView | undefined {
  const properties: Record<string, unknown> = {};
  for (const p of [...site.properties.values()].filter((x) => x.contentId === c.id && isAppearanceKey(x.key)).sort((a, b) => a.key.localeCompare(b.key))) {
    const ref = p.key.startsWith('cover-picture-id-') ? coverRef(p.value) : undefined;
    const file = ref?.kind === 'file' ? [...site.contents.values()].find((x) => x.containerId === c.id && x.type === 'attachment' && x.status === 'current' && x.attachment?.fileId === ref.fileId) : undefined;
    properties[p.key] = ref?.kind === 'file' ? (file ? `file:${file.title}` : `missing-file:${ref.fileId}`) : p.value;
  }
  const state = c.contentState ? { name: c.contentState.name, color: c.contentState.color } : null;
  return Object.keys(properties).length || state ? { properties, state } : undefined;
}

const VIEWED = ['page', 'blogpost', 'folder', 'whiteboard', 'database', 'embed'];

/**
 * A space as a reader sees it: pages, blog posts, folders, whiteboards, databases and smart links
 * by type and title, each with its parent (home page excluded), so the tree place is compared too.
 */
export function spaceView(site: ConfluenceSite, spaceId: string, statuses = ['current']): Record<string, ItemView> {
  const space = site.spaces.get(spaceId)!;
  const items = [...site.contents.values()].filter((c) => VIEWED.includes(c.type) && c.spaceId === spaceId && c.id !== space.homepageId && statuses.includes(c.status));
  const parentName = (p: Content) => (p.type === 'page' ? p.title : `${p.type}:${p.title}`);
  const parentTitle = (c: Content) => (c.parentId && c.parentId !== space.homepageId ? (site.contents.get(c.parentId) ? parentName(site.contents.get(c.parentId)!) : '?') : null);
  const view = (c: Content): ItemView => ({ title: c.title, parent: parentTitle(c), ...(c.embedUrl ? { embedUrl: c.embedUrl } : {}), body: readerBody(site, c), labels: [...c.labels].sort(), status: c.status, comments: commentsOf(site, c), files: filesOf(site, c), ...withAppearance(site, c) });
  return Object.fromEntries(items.map((c) => [`${c.type}:${c.title}`, view(c)]));
}

const withAppearance = (site: ConfluenceSite, c: Content) => {
  const appearance = appearanceOf(site, c);
  return appearance ? { appearance } : {};
};

/** The source's view with bodies as the copy should hold them (space key and page ids rewritten). */
export function expectedCopy(source: Record<string, ItemView>, rewrite: (body: string) => string = (b) => b): Record<string, ItemView> {
  const comment = (c: CommentView): CommentView => ({ ...c, body: rewrite(c.body), replyTo: c.replyTo === null ? null : rewrite(c.replyTo) });
  return Object.fromEntries(Object.entries(source).map(([k, v]) => [k, { ...v, body: rewrite(v.body), comments: v.comments.map(comment) }]));
}

export function pageByTitle(site: ConfluenceSite, spaceId: string, title: string): Content {
  const found = [...site.contents.values()].find((c) => c.spaceId === spaceId && c.title === title && (c.type === 'page' || c.type === 'blogpost'));
  if (!found) throw new Error(`No page titled ${title}`);
  return found;
}
