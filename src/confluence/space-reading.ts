/**
 * The parts of a space's pages and blog posts read in bulk, for the full sync (the port is
 * src/replication/bulk-reading.ts). Per page, the parts cost at least three listings (footer
 * comments, inline comments, attachments) and the labels come with the page's own read; here
 * they come from a few listings for the whole space:
 *
 * - Labels: the space's labels (v2 getSpaceContentLabels). As v2.json documents it, that listing
 *   gives `my` and `team` labels only (its `prefix` takes nothing else, default "my, team"), so
 *   when it shows no global label the site's global labels are listed instead (getLabels
 *   `prefix=global`). Then each global label's pages in the space (getLabelPages `space-id`, and
 *   getLabelBlogPosts when blog posts are synced): one listing per label.
 * - Comments: the site's footer and inline comments with their bodies (getFooterComments,
 *   getInlineComments), whose rows name their page. If no row is a reply, the listing may leave
 *   replies out (UNCONFIRMED) and each top-level comment's replies are read (`/children`), as
 *   per page.
 * - Attachments: the site's attachments (getAttachments), whose rows name their page.
 *
 * How the choice is made: the site-wide listings grow with the whole site, not with this space,
 * so each is read only while it costs fewer points than the per-page reads it replaces (one
 * point per page and blog post at the least: an empty per-page listing costs 1); past that it is
 * dropped and that part is read per page (client.ts resultsWithin). So a space that is most of
 * its site is read in a few requests, and a small space on a large site costs at most about
 * twice its per-page reads, once per full sync. Labels are read in bulk while there are fewer
 * labels to list than pages (one listing each). Each listing at its documented maximum, 250.
 */
import { assumeTrustedRoute, route } from '@forge/api';
import { z } from 'zod';
import { allResults, resultsWithin } from './client';
import { Attachment, attachmentSnapshot, byNumericId, Comment, COMMENT_LOCATIONS, readReplies, threadOrder, toSnapshot } from './page-parts';
import type { ItemParts, ReadingCovers, SpaceReading, SpaceRef } from '../replication/bulk-reading';
import type { PlanItem, SnapshotParts } from '../replication/ports';
import type { CommentSnapshot } from '../replication/snapshot';

const Label = z.object({ id: z.string(), name: z.string(), prefix: z.string().nullish() });
const Row = z.object({ id: z.string() });
/** Site-wide rows name their container (v2.json FooterCommentModel, InlineCommentModel, AttachmentBulk). */
const Contained = z.object({ pageId: z.string().nullish(), blogPostId: z.string().nullish() });
const SiteComment = Comment.and(Contained);
const SiteAttachment = Attachment.and(Contained);

type CommentRow = z.infer<typeof Comment>;

const containerOf = (row: z.infer<typeof Contained>) => row.pageId ?? row.blogPostId ?? undefined;

export async function readParts(space: SpaceRef, items: PlanItem[], want: SnapshotParts & { labels: boolean }): Promise<SpaceReading> {
  const at = new Date().toISOString();
  const containers = items.filter((i) => i.kind === 'page' || i.kind === 'blogpost');
  const ids = new Set(containers.map((i) => i.id));
  const parts = new Map<string, ItemParts>();
  const part = (id: string) => parts.get(id) ?? parts.set(id, {}).get(id)!;
  const covers: ReadingCovers = { labels: false, comments: false, attachments: false };
  if (!containers.length) return { at, covers: { labels: want.labels, comments: want.comments, attachments: want.attachments }, parts };

  if (want.labels) {
    const labels = await labelsOf(space.id, ids, containers.some((i) => i.kind === 'blogpost'));
    if (labels) {
      covers.labels = true;
      for (const [id, names] of labels) part(id).labels = names;
    }
  }
  if (want.comments) {
    const comments = await commentsOf(ids);
    if (comments) {
      covers.comments = true;
      for (const [id, list] of comments) part(id).comments = list;
    }
  }
  if (want.attachments) {
    const files = await resultsWithin(SiteAttachment, route`/wiki/api/v2/attachments?limit=250`, ids.size);
    if (files) {
      covers.attachments = true;
      for (const file of byNumericId(files)) {
        const id = containerOf(file);
        if (id && ids.has(id)) (part(id).attachments ??= []).push(attachmentSnapshot(file));
      }
    }
  }
  return { at, covers, parts };
}

/**
 * The global labels the space's content may carry, with their ids: the space's content labels,
 * or, when that shows no global one (v2.json documents only `my` and `team` there), the site's
 * global labels. Undefined when reading them would cost more than `budget` rows.
 */
export async function globalLabels(spaceId: string, budget: number): Promise<Array<{ id: string; name: string }> | undefined> {
  const inSpace = await resultsWithin(Label, route`/wiki/api/v2/spaces/${spaceId}/content/labels?limit=250`, budget);
  let global = inSpace?.filter((l) => (l.prefix ?? 'global') === 'global');
  if (!global?.length) global = await resultsWithin(Label, route`/wiki/api/v2/labels?prefix=global&limit=250`, budget);
  return global?.map((l) => ({ id: l.id, name: l.name }));
}

/** Global label names of each page that has any, sorted; undefined when reading them per page is cheaper. */
async function labelsOf(spaceId: string, ids: Set<string>, blogPosts: boolean): Promise<Map<string, string[]> | undefined> {
  const budget = ids.size;
  const global = await globalLabels(spaceId, budget);
  if (!global || global.length * (blogPosts ? 2 : 1) >= budget) return undefined;
  const out = new Map<string, string[]>();
  for (const label of global) {
    const carriers = [
      ...(await allResults(Row, route`/wiki/api/v2/labels/${label.id}/pages?space-id=${spaceId}&limit=250`)),
      ...(blogPosts ? await allResults(Row, route`/wiki/api/v2/labels/${label.id}/blogposts?space-id=${spaceId}&limit=250`) : []),
    ];
    for (const { id } of carriers) if (ids.has(id)) out.set(id, [...(out.get(id) ?? []), label.name]);
  }
  for (const names of out.values()) names.sort();
  return out;
}

/** Each page's comments in the order a per-page read gives them; undefined when reading them per page is cheaper. */
async function commentsOf(ids: Set<string>): Promise<Map<string, CommentSnapshot[]> | undefined> {
  const byLocation = [];
  for (const location of COMMENT_LOCATIONS) {
    const rows = await resultsWithin(SiteComment, assumeTrustedRoute(`/wiki/api/v2/${location === 'footer' ? 'footer-comments' : 'inline-comments'}?body-format=storage&limit=250`), ids.size);
    if (!rows) return undefined;
    byLocation.push({ location, rows });
  }
  const out = new Map<string, CommentSnapshot[]>();
  for (const { location, rows } of byLocation) {
    // A reply anywhere on the site shows the listing has them; with none, they are read per comment.
    const listsReplies = rows.some((r) => r.parentCommentId);
    const mine = rows.filter((r) => ids.has(containerOf(r) ?? ''));
    const replies = new Map<string, CommentRow[]>();
    for (const r of mine) if (r.parentCommentId) replies.set(r.parentCommentId, [...(replies.get(r.parentCommentId) ?? []), r]);
    const roots = new Map<string, CommentRow[]>();
    for (const r of mine) if (!r.parentCommentId) roots.set(containerOf(r)!, [...(roots.get(containerOf(r)!) ?? []), r]);
    for (const [container, top] of roots) {
      const thread = await threadOrder(location, top, (c) => (listsReplies ? byNumericId(replies.get(c.id) ?? []) : readReplies(location, c)));
      out.set(container, [...(out.get(container) ?? []), ...thread.map(({ comment }) => toSnapshot(comment, location))]);
    }
  }
  return out;
}
