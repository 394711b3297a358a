/**
 * v2 label listings: the site's labels (getLabels), a space's content labels
 * (getSpaceContentLabels), and the pages and blog posts carrying a label (getLabelPages,
 * getLabelBlogPosts). Label rows are `{id, name, prefix}` (confluence-real row 56).
 */
import type { Content } from '../model';
import { badRequest, notFound } from '../api-error';
import { labelId, labelParts } from '../labels';
import { pageJson } from './representations';
import { list, ok, sortBy, type RestCall, type RestHandler } from './rest-call';

const row = (key: string) => ({ id: labelId(key), ...labelParts(key) });

/** Label keys that some content the caller may see carries, optionally only that content. */
function visibleKeys(call: RestCall, carriers: (key: string) => Content[]): string[] {
  return call.site.contents
    .labelKeys()
    .filter((key) => carriers(key).some((c) => c.status === 'current' && call.site.canView(call.actor, c)))
    .sort();
}

function labelRows(call: RestCall, keys: string[]) {
  const page = call.paginate(keys);
  return ok({ results: page.results.map(row), _links: page._links }, page.results.length);
}

/** The label a path id names (labels.ts: an id is a stable hash of the key). */
function labelKeyOf(call: RestCall, id: string): string {
  const key = call.site.contents.labelKeys().find((k) => labelId(k) === id);
  // An id no content carries: 404, as for a label the caller may not see (v2.json getLabelPages 404; the wording is INFERRED).
  if (!key) throw notFound('Label');
  return key;
}

/**
 * Pages (or blog posts) with the label, optionally in some spaces (`space-id`, at most 100),
 * rows as the space listings give them. Which statuses are listed is not documented (there is no
 * `status` parameter); current ones only is INFERRED.
 */
const carriersOf = (kind: 'page' | 'blogpost'): RestHandler => (call) => {
  const key = labelKeyOf(call, call.params.id);
  const spaceIds = list(call.query, 'space-id');
  if (spaceIds.length > 100) throw badRequest('At most 100 space ids');
  const items = call.site.contents.withLabel(key).filter((c) => c.type === kind && c.status === 'current' && (!spaceIds.length || spaceIds.includes(c.spaceId)) && call.site.canView(call.actor, c));
  const page = call.paginate(sortBy(items, call.query.get('sort')));
  const bodyFormat = call.query.get('body-format');
  return ok({ results: page.results.map((c) => pageJson(call.site, c, { bodyFormat, row: true })), _links: page._links }, page.results.length);
};

export const labelHandlers: Record<string, RestHandler> = {
  /** `prefix` filters (any of them); `label-id` picks ids (v2.json getLabels). */
  getLabels(call) {
    const prefixes = list(call.query, 'prefix');
    const ids = list(call.query, 'label-id');
    const keys = visibleKeys(call, (key) => call.site.contents.withLabel(key)).filter((key) => (!prefixes.length || prefixes.includes(labelParts(key).prefix)) && (!ids.length || ids.includes(labelId(key))));
    return labelRows(call, keys);
  },

  /**
   * v2.json documents `prefix` here with only `my` and `team` and the default "my, team": as
   * written, global labels are never listed. Whether real Confluence does that is UNCONFIRMED
   * (ConfluenceSite.spaceContentLabels): 'documented' follows the document, 'all' lists every
   * prefix unless one is asked for.
   */
  getSpaceContentLabels(call) {
    const space = call.site.spaces.get(call.params.id);
    if (!space || !call.site.hasSpacePermission(call.actor, space, 'read')) throw notFound('Space');
    const asked = call.query.get('prefix');
    const prefixes = asked ? [asked] : call.site.spaceContentLabels === 'documented' ? ['my', 'team'] : undefined;
    const keys = visibleKeys(call, (key) => call.site.contents.withLabel(key).filter((c) => c.spaceId === space.id)).filter((key) => !prefixes || prefixes.includes(labelParts(key).prefix));
    return labelRows(call, keys);
  },

  getLabelPages: carriersOf('page'),
  getLabelBlogPosts: carriersOf('blogpost'),
};
