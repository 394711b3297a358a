/** KVS entries whose key starts with a prefix, in key order, following the query cursor (100 a page). */
import { WhereConditions } from '@forge/kvs';
import { kvs } from './kvs-client';

/** Every entry with the prefix, or the first `limit` of them (only as many pages as that needs). */
export async function entriesWithPrefix<T>(prefix: string, limit = Infinity): Promise<Array<{ key: string; value: T }>> {
  const out: Array<{ key: string; value: T }> = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(Math.min(100, limit - out.length));
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<T>();
    out.push(...page.results);
    cursor = page.nextCursor;
  } while (cursor && out.length < limit);
  return out;
}
