/**
 * The space's labels for the reconcile's label check (src/domain/label-census.ts):
 * - which global labels there are: the space's content labels, else the site's global labels
 *   (space-reading.ts globalLabels, within a points budget);
 * - how many of the space's pages (and blog posts) carry one: CQL `label = "…"` with `limit=0`
 *   (v1 searchByCQL `totalSize`; the `label` field and `=` are on
 *   https://developer.atlassian.com/cloud/confluence/advanced-searching-using-cql/), one point;
 * - which ones: getLabelPages and getLabelBlogPosts with `space-id` (v2.json), which list current
 *   content only (INFERRED, as the emulator does).
 */
import { assumeTrustedRoute, route } from '@forge/api';
import { z } from 'zod';
import { allResults, confluence, ConfluenceError } from './client';
import { globalLabels } from './space-reading';
import type { LabelCensus } from '../replication/change-finder';

const Count = z.object({ totalSize: z.number() });
const Row = z.object({ id: z.string() });

const cqlKey = (key: string) => {
  if (!/^[A-Za-z0-9_~-]{1,255}$/.test(key)) throw new ConfluenceError(400, `Not a space key: ${key}`);
  return `"${key}"`;
};
/** A CQL string literal: quotes and backslashes escaped (the CQL page: "escape … with a backslash"). */
const cqlString = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

export const labelCensus: LabelCensus = {
  labels: (space, budget) => globalLabels(space.id, budget),

  async count(space, kinds, label) {
    const types = kinds.filter((k) => k === 'page' || k === 'blogpost');
    const cql = `space = ${cqlKey(space.key)} and type in (${types.join(', ')}) and label = ${cqlString(label)}`;
    return (await confluence('app').get(Count, assumeTrustedRoute(`/wiki/rest/api/search?cql=${encodeURIComponent(cql)}&limit=0`))).totalSize;
  },

  async carriers(space, kinds, label) {
    const out: string[] = [];
    if (kinds.includes('page')) out.push(...(await allResults(Row, route`/wiki/api/v2/labels/${label.id}/pages?space-id=${space.id}&limit=250`)).map((r) => r.id));
    if (kinds.includes('blogpost')) out.push(...(await allResults(Row, route`/wiki/api/v2/labels/${label.id}/blogposts?space-id=${space.id}&limit=250`)).map((r) => r.id));
    return out;
  },
};
