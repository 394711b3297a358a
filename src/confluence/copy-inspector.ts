/**
 * What Verify reads of a copy at the destination, as the app: the page (status, version, title,
 * parent, global labels) or tree node, the comments still on it among those the app recorded
 * writing, and its files. Reads only.
 */
import { assumeTrustedRoute, route, type Route } from '@forge/api';
import { z } from 'zod';
import { allResults, confluence } from './client';
import { Page } from './pages';
import { readNode } from './tree-nodes';
import { isNode, type ContentKind } from '../replication/snapshot';
import type { CopyInspector, CopyState } from '../replication/verify-ports';

const app = () => confluence('app');

const collection = (kind: ContentKind) => (kind === 'page' ? 'pages' : 'blogposts');

/** The copy in any state a copy can be in: current, archived (pages) or trashed. */
function pagePath(kind: ContentKind, id: string): Route {
  const path = kind === 'page' ? route`/wiki/api/v2/pages/${id}` : route`/wiki/api/v2/blogposts/${id}`;
  const statuses = kind === 'page' ? 'status=current&status=archived&status=trashed' : 'status=current&status=trashed';
  return assumeTrustedRoute(`${path.value}?include-labels=true&${statuses}`);
}

const Label = z.object({ name: z.string(), prefix: z.string().nullish() });
const globalNames = (labels: Array<z.infer<typeof Label>>) => labels.filter((l) => (l.prefix ?? 'global') === 'global').map((l) => l.name);

/** Every global label: `include-labels` shows 50 (confluence-real row 57), the rest are read page by page. */
async function labelsOf(kind: ContentKind, page: z.infer<typeof Page>): Promise<string[]> {
  if (!page.labels?.meta?.hasMore) return globalNames(page.labels?.results ?? []);
  const first = kind === 'page' ? route`/wiki/api/v2/pages/${page.id}/labels?prefix=global&limit=250` : route`/wiki/api/v2/blogposts/${page.id}/labels?prefix=global&limit=250`;
  return globalNames(await allResults(Label, first));
}

const CommentRow = z.object({ id: z.string(), version: z.object({ number: z.number() }).optional() });
const FileRow = z.object({ id: z.string(), version: z.object({ number: z.number() }) });
/** Every resolution state, asked for explicitly (what the listing returns by default is not documented). */
const ALL_RESOLUTIONS = 'resolution-status=open&resolution-status=reopened&resolution-status=resolved&resolution-status=dangling';

function rootsPath(container: { id: string; kind: ContentKind }, location: 'footer' | 'inline'): Route {
  if (!/^\d{1,30}$/.test(container.id)) throw new Error(`Not a content id: ${container.id}`);
  const base = `/wiki/api/v2/${collection(container.kind)}/${container.id}/${location}-comments?limit=250`;
  return assumeTrustedRoute(location === 'inline' ? `${base}&${ALL_RESOLUTIONS}` : base);
}

const commentPath = (location: 'footer' | 'inline', id: string) => (location === 'footer' ? route`/wiki/api/v2/footer-comments/${id}` : route`/wiki/api/v2/inline-comments/${id}`);

/** An attachment id with and without its `att` prefix (v1 and v2 disagree on it, confluence-real S15). */
const bothForms = (id: string) => {
  const n = id.replace(/^att/, '');
  return [n, `att${n}`];
};

export const copyInspector: CopyInspector = {
  async copy(id, kind): Promise<CopyState | undefined> {
    if (isNode(kind)) {
      const node = await readNode(kind, id);
      return node ? { status: node.status, version: node.version.number, title: node.title, labels: [], ...(node.parentId ? { parentId: node.parentId } : {}), ...(node.spaceId ? { spaceId: node.spaceId } : {}) } : undefined;
    }
    const page = await app().find(Page, pagePath(kind, id));
    if (!page) return undefined;
    return { status: page.status, version: page.version.number, title: page.title, labels: await labelsOf(kind, page), ...(page.parentId ? { parentId: page.parentId } : {}), ...(page.spaceId ? { spaceId: page.spaceId } : {}) };
  },

  /**
   * Top-level comments come from one listing per place (footer, inline); a recorded copy not
   * among them (a reply, or one deleted) is asked for by its id. Each with its version (v2
   * comment rows carry `version`, as the comment itself does).
   */
  async comments(container, copies) {
    const present = new Map<string, number | undefined>();
    const wanted = new Set(copies.map((c) => c.destId));
    for (const location of ['footer', 'inline'] as const) {
      if (!copies.some((c) => c.location === location)) continue;
      for (const row of await allResults(CommentRow, rootsPath(container, location))) if (wanted.has(row.id)) present.set(row.id, row.version?.number);
    }
    for (const c of copies) {
      if (present.has(c.destId)) continue;
      const found = await app().find(CommentRow, commentPath(c.location, c.destId));
      if (found) present.set(c.destId, found.version?.number);
    }
    return present;
  },

  async list(spaceId) {
    const out: Array<{ id: string; kind: ContentKind; version: number; title: string }> = [];
    for (const kind of ['page', 'blogpost'] as const) {
      const first = kind === 'page' ? route`/wiki/api/v2/spaces/${spaceId}/pages?limit=250&status=current&status=archived` : route`/wiki/api/v2/spaces/${spaceId}/blogposts?limit=250`;
      for (const p of await allResults(Page, first)) out.push({ id: p.id, kind, version: p.version.number, title: p.title });
    }
    return out;
  },

  /**
   * Each id in both its forms, so a recorded id matches whichever the upload answered with, with
   * its version (the v2 attachment listing gives each row's `version`: confluence-real rows 46-47).
   */
  async files(container) {
    if (!/^\d{1,30}$/.test(container.id)) throw new Error(`Not a content id: ${container.id}`);
    const rows = await allResults(FileRow, assumeTrustedRoute(`/wiki/api/v2/${collection(container.kind)}/${container.id}/attachments?limit=250`));
    return new Map(rows.flatMap((r) => bothForms(r.id).map((id) => [id, r.version.number] as const)));
  },
};
