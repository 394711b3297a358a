/**
 * GET /{pages|folders|whiteboards|databases|embeds}/{id}/ancestors (v2.json getPageAncestors,
 * getFolderAncestors…): `{id, type}` of each ancestor, top to bottom; `limit` (default 25, at most
 * 250) bounds them, and "additional results … by calling this endpoint with the ID of first
 * ancestor in the response payload", so an answer holds the nearest ones (v2.json descriptions).
 */
import type { ContentType } from '../model';
import { ok, type RestHandler } from './rest-call';

export const ancestorsOf = (type: ContentType): RestHandler => (call) => {
  const content = call.site.visible(call.actor, call.params.id, [type]);
  const limit = Math.min(Math.max(Number(call.query.get('limit') ?? 25) || 25, 1), 250);
  const all = call.site.ancestors(content).map((a) => ({ id: a.id, type: a.type }));
  const results = all.slice(Math.max(0, all.length - limit));
  return ok({ results }, results.length);
};
