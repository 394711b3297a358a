/** Reads back what the probe app recorded (see fixtures/probe-app/src/index.ts). */
import { kvs, WhereConditions } from '@forge/kvs';
import type { ForgeHost } from '../../sandbox/forge-host/forge-host';
import type { Installation } from '../../sandbox/forge-host/installation';

export function readRecords<T>(host: ForgeHost, installation: Installation, key: string): Promise<T[]> {
  return host.runInInvocation(installation, async () => {
    const out: T[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.query().where('key', WhereConditions.beginsWith(`${key}:`)).limit(100);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany<T>();
      out.push(...page.results.map((r) => r.value));
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  });
}
