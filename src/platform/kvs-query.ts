/** Every KVS entry whose key starts with a prefix, following the query cursor (100 a page). */
import { kvs, WhereConditions } from '@forge/kvs';

export async function entriesWithPrefix<T>(prefix: string): Promise<Array<{ key: string; value: T }>> {
  const out: Array<{ key: string; value: T }> = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<T>();
    out.push(...page.results);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
