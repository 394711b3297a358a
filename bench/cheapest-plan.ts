/**
 * The fewest REST requests, and their points, that the official API documents allow for what
 * the benchmark asks of the app: the first full sync of a space, one edit, and the scheduled
 * reconcile of an unchanged space. The plans use the bulk listings of
 * reference/confluence-openapi/v2.json (operation ids in brackets), each at its documented
 * maximum `limit`, and v1.json where v2 has nothing. Points follow the emulator's meter, which
 * follows forge-platform.md section 4: a read costs 1 plus 1 per object returned, a write 1.
 *
 * This is a floor for the bench's space on a site that holds nothing else (site-wide listings
 * cost what the whole site holds); the app may need more, and where it must, the benchmark shows
 * it as a ratio over this floor.
 */

/** What the plans depend on, read off the generated space. */
export interface SpaceShape {
  pages: number;
  blogPosts: number;
  /** Pages with at least one (global) label, and the distinct labels among them. */
  labelled: number;
  distinctLabels: number;
  /** Label rows over all pages (a page with two labels counts twice). */
  labelRows: number;
  footerComments: number;
  inlineComments: number;
  /** Replies among the comments above. */
  replies: number;
  attachments: number;
  /** Pages with at least one attachment (v1 uploads take several files a request). */
  pagesWithFiles: number;
  /** Folders, whiteboards, databases and smart links. */
  nodes: number;
  /** Pages and blog posts with a status (their properties show `content-state-published`). */
  statuses: number;
}

export interface Cost {
  requests: number;
  points: number;
}

export interface PlanStep {
  what: string;
  operation: string;
  requests: number;
  points: number;
}

/** The documented maximum of `limit` on every v2 listing used here (v2.json; confluence-real row 17). */
export const LIST_LIMIT = 250;
/**
 * v1 `GET /wiki/rest/api/search` (searchByCQL): `limit` "may be restricted by fixed system
 * limits" (v1.json) with no figure; 250 is assumed (UNCONFIRMED) and only one page is read here.
 */
const CQL_LIMIT = 250;

const pagesOf = (n: number, limit = LIST_LIMIT) => Math.max(1, Math.ceil(n / limit));
/** A listing of `rows` objects read `limit` at a time: one request per page of results, points for each. */
const listing = (what: string, operation: string, rows: number, limit = LIST_LIMIT): PlanStep => {
  const requests = pagesOf(rows, limit);
  return { what, operation, requests, points: requests + rows };
};
const writes = (what: string, operation: string, n: number): PlanStep => ({ what, operation, requests: n, points: n });
const total = (steps: PlanStep[]): Cost => steps.reduce((t, s) => ({ requests: t.requests + s.requests, points: t.points + s.points }), { requests: 0, points: 0 });

/**
 * The source side of a first full sync, read in bulk:
 * - the space (getSpaceById), for its key and home page;
 * - the space's pages and blog posts, for the tree (getPagesInSpace, getBlogPostsInSpace, 250 a
 *   request);
 * - each page's body, labels and look's properties in one read (getPageById with
 *   `body-format=storage`, `include-labels`, `include-properties`: no v2 listing includes
 *   properties, v2.json, so a listing with bodies would still need one properties listing per
 *   page), one request each, and the status lozenge of each page that has one (v1
 *   getContentState: no v2 read has it; the page's properties show whether it has one,
 *   `content-state-published`, on a site that shows it: see sandbox/confluence/site.ts
 *   stateProperty);
 * - footer and inline comments with their bodies, replies included (getFooterComments,
 *   getInlineComments: site-wide listings, whose rows name their page; that they list replies is
 *   UNCONFIRMED, see sandbox/confluence/site.ts siteCommentListing);
 * - attachment metadata (getAttachments, site-wide, rows name their page);
 * - the nodes of the tree, which no v2 listing has: one CQL search for folders, whiteboards,
 *   databases and smart links in the space (v1 searchByCQL), and one read of each node found
 *   (getFolderById and the like) for its parent and version;
 * - each file's bytes: v1 downloadAttatchment answers 302 to the media host (confluence-real row
 *   51), and the emulator meters that fetch too (1 request, 2 points).
 */
export function sourceFullSync(shape: SpaceShape): { steps: PlanStep[]; cost: Cost } {
  const steps: PlanStep[] = [
    { what: 'the space', operation: 'getSpaceById', requests: 1, points: 2 },
    listing('pages', 'getPagesInSpace', shape.pages),
    listing('blog posts', 'getBlogPostsInSpace', shape.blogPosts),
    { what: 'each page with body, labels and properties', operation: 'getPageById', requests: shape.pages + shape.blogPosts, points: 2 * (shape.pages + shape.blogPosts) },
    { what: 'the status of each page with one', operation: 'getContentState', requests: shape.statuses, points: 2 * shape.statuses },
    listing('footer comments with replies', 'getFooterComments', shape.footerComments),
    listing('inline comments with replies', 'getInlineComments', shape.inlineComments),
    listing('attachments', 'getAttachments', shape.attachments),
    listing('tree nodes', 'searchByCQL', shape.nodes, CQL_LIMIT),
    { what: 'each node', operation: 'getFolderById', requests: shape.nodes, points: 2 * shape.nodes },
    { what: 'file downloads (302)', operation: 'downloadAttatchment', requests: shape.attachments, points: shape.attachments },
    { what: 'file bytes from the media host', operation: 'media host', requests: shape.attachments, points: 2 * shape.attachments },
  ];
  return { steps, cost: total(steps) };
}

/**
 * The destination side of a first full sync: the space; per page one create (createPage) and
 * one owner mark (createPageProperty: the content property DESIGN.md section 3 requires, which
 * the v2 create cannot set; v1 createContent could carry it and the labels, but it is deprecated
 * for the v2 creates and reported gone, see sandbox/confluence/rest/v1.ts); one label write per labelled page
 * (v1 addLabelsToContent takes them all); one create per comment (no bulk create exists); one
 * upload per page with files (v1 createOrUpdateAttachments takes several `file` parts).
 */
export function destinationFullSync(shape: SpaceShape): { steps: PlanStep[]; cost: Cost } {
  const comments = shape.footerComments + shape.inlineComments;
  const steps: PlanStep[] = [
    { what: 'the space', operation: 'getSpaceById', requests: 1, points: 2 },
    writes('page creates', 'createPage', shape.pages),
    writes('owner marks', 'createPageProperty', shape.pages),
    writes('label writes', 'addLabelsToContent', shape.labelled),
    writes('comment creates', 'createFooterComment/createInlineComment', comments),
    writes('uploads', 'createOrUpdateAttachments', shape.pagesWithFiles),
  ];
  return { steps, cost: total(steps) };
}

/** One edit of a page's body: the source reads the page it was told of (getPageById); the destination writes the copy (updatePage) against the version it recorded. */
export const editMinimum = { source: { requests: 1, points: 2 }, destination: { requests: 1, points: 1 } };

/**
 * The reconcile of an unchanged space: one CQL search for content of the space modified since
 * the last run (v1 searchByCQL with `lastmodified >`, `limit=0`: no results, 1 point), and one
 * count of the space's content to see that nothing left it without a modification (a trash with
 * its parent, an archive; `totalSize` with `limit=0`, 1 point). Labels change no version and no
 * modification, so finding a label-only change takes the space's labels (getLabels, one
 * listing) and one CQL count per label (`label = …`, `limit=0`, 1 point each).
 */
export function reconcileMinimum(shape: SpaceShape): { source: Cost; destination: Cost } {
  const labels = { requests: 1 + shape.distinctLabels, points: 1 + 2 * shape.distinctLabels };
  return { source: { requests: 2 + labels.requests, points: 2 + labels.points }, destination: { requests: 0, points: 0 } };
}
