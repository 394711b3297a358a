/** Which site, space and user a shell page is for, and what of the space that user can see. */
import type { DemoSite } from '../demo';
import type { Content, NodeType } from '../confluence/model';
import type { ConfluenceSite } from '../confluence/site';
import { NODE_TYPES, TREE_TYPES } from '../confluence/site';
import { fileUrl, spaceUrl } from './shell-paths';

export interface Where {
  demo: DemoSite;
  site: ConfluenceSite;
  space: { id: string; key: string; name: string };
  user: DemoSite['users'][number];
}

export function where(sites: DemoSite[], q: URLSearchParams): Where | undefined {
  const demo = sites.find((s) => s.cloudId === q.get('site'));
  const space = demo?.spaces.find((s) => s.key === q.get('space'));
  const user = demo?.users.find((u) => u.accountId === q.get('user'));
  return demo && space && user ? { demo, site: demo.emulator.site, space, user } : undefined;
}

export const linkTo = (w: Where, extra: Record<string, string> = {}) => spaceUrl(w.demo.cloudId, w.space.key, w.user.accountId, extra);

export const fileLink = (w: Where, f: Content) => fileUrl(w.demo.cloudId, w.space.key, w.user.accountId, f.id);

const canView = (w: Where, c: Content) => w.site.canView({ kind: 'user', accountId: w.user.accountId }, c);

/** The space's pages and blog posts the user can see. */
export const pagesOf = (w: Where) => [...w.site.contents.values()].filter((c) => (c.type === 'page' || c.type === 'blogpost') && c.spaceId === w.space.id && c.status === 'current' && canView(w, c));

/** Everything in the space's page tree the user can see: pages and the nodes between them. */
export const treeOf = (w: Where) => [...w.site.contents.values()].filter((c) => TREE_TYPES.includes(c.type) && c.spaceId === w.space.id && c.status === 'current' && canView(w, c));

/** A page's comments (footer and inline, replies included) the user can see. */
export const commentsOf = (w: Where, c: Content) =>
  [...w.site.contents.values()].filter((x) => x.containerId === c.id && x.status === 'current' && (x.type === 'footer-comment' || x.type === 'inline-comment') && canView(w, x));

export const filesOf = (w: Where, c: Content) => [...w.site.contents.values()].filter((x) => x.containerId === c.id && x.type === 'attachment' && x.status === 'current');

export const isNode = (c: Content): c is Content & { type: NodeType } => (NODE_TYPES as string[]).includes(c.type);

/** How the tree names a node that is not a page (Confluence's own words). */
export const NODE_NOUN: Record<NodeType, string> = { folder: 'folder', whiteboard: 'whiteboard', database: 'database', embed: 'smart link' };

/** A node's name in the tree and in the parent list: untitled folders exist (a folder reserves no title). */
export const nodeLabel = (c: Content) => `${c.title || `Untitled ${NODE_NOUN[c.type as NodeType]}`} (${NODE_NOUN[c.type as NodeType]})`;

export const displayName = (w: Where, accountId: string) => w.site.users.get(accountId)?.displayName ?? (accountId === w.site.appAccountId ? 'Space Sync (app)' : accountId);

/** The hidden fields that say, in every shell form, which site, space, user (and page) it is for. */
export function hiddenFields(w: Where, pageId?: string): string {
  const field = (name: string, value: string) => `<input type="hidden" name="${name}" value="${value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)}">`;
  return field('site', w.demo.cloudId) + field('space', w.space.key) + field('user', w.user.accountId) + (pageId ? field('page', pageId) : '');
}
