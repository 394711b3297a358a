/**
 * The KVS service behind `@forge/kvs`: the `/api/v1/...` requests that the package sends through
 * `__forge_fetch__({ type: 'kvs' })`, answered with the status codes and `{ code, message }`
 * bodies that the package turns into `ForgeKvsAPIError`s.
 */
import type { EntityDefinition } from '../manifest';
import { satisfies, testRange, type Conditions } from './entity-conditions';
import {
  checkKey,
  checkValue,
  expiryFrom,
  KvsRuleError,
  DEFAULT_QUERY_LIMIT,
  MAX_BATCH_ITEMS,
  MAX_QUERY_LIMIT,
  MAX_TRANSACTION_OPERATIONS,
} from './kvs-rules';
import type { SqliteStore, StoredItem } from './sqlite-store';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- request JSON

const PLAIN = 'kv';
const SECRET = 'secret';
const entityNs = (name: string) => `entity:${name}`;

interface SetOutcome {
  item: StoredItem;
  previous?: StoredItem;
}

export class KvsService {
  private readonly entities: Map<string, EntityDefinition>;

  constructor(
    private readonly store: SqliteStore,
    entities: EntityDefinition[],
    private readonly now: () => number = Date.now,
  ) {
    this.entities = new Map(entities.map((e) => [e.name, e]));
  }

  /** Answers one KVS request for one installation. */
  async handle(inst: string, path: string, rawBody: string): Promise<Response> {
    let body: Body;
    try {
      body = JSON.parse(rawBody) as Body;
    } catch {
      return error(400, 'BAD_REQUEST', 'Provided request body is invalid');
    }
    try {
      return this.route(inst, path, body);
    } catch (e) {
      if (e instanceof KvsRuleError) return error(e.status, e.code, e.message);
      throw e;
    }
  }

  private route(inst: string, path: string, body: Body): Response {
    switch (path) {
      case '/api/v1/get':
        return this.getOne(inst, PLAIN, body);
      case '/api/v1/secret/get':
        return this.getOne(inst, SECRET, body);
      case '/api/v1/entity/get':
        return this.getOne(inst, this.entityNamespace(body.entityName), body);
      case '/api/v1/set':
        return this.setOne(inst, PLAIN, body);
      case '/api/v1/secret/set':
        return this.setOne(inst, SECRET, body);
      case '/api/v1/entity/set':
        return this.setOne(inst, this.entityNamespace(body.entityName), body);
      case '/api/v1/delete':
        return this.deleteOne(inst, PLAIN, body);
      case '/api/v1/secret/delete':
        return this.deleteOne(inst, SECRET, body);
      case '/api/v1/entity/delete':
        return this.deleteOne(inst, this.entityNamespace(body.entityName), body);
      case '/api/v1/query':
        return this.query(inst, body);
      case '/api/v1/entity/query':
        return this.queryEntity(inst, body);
      case '/api/v1/batch/set':
        return this.batchSet(inst, body);
      case '/api/v1/batch/get':
        return this.batchGet(inst, body);
      case '/api/v1/batch/delete':
        return this.batchDelete(inst, body);
      case '/api/v1/transaction':
        return this.transaction(inst, body);
      default:
        return error(404, 'NOT_FOUND', `Unknown KVS operation ${path}`);
    }
  }

  private entityNamespace(name: unknown): string {
    if (typeof name !== 'string' || !this.entities.has(name)) {
      throw new KvsRuleError(400, 'ENTITY_NOT_FOUND', `Entity '${String(name)}' is not declared in manifest.yml`);
    }
    return entityNs(name);
  }

  private getOne(inst: string, ns: string, body: Body): Response {
    const item = this.store.get(inst, ns, checkKey(body.key), this.now());
    if (!item) return error(404, 'KEY_NOT_FOUND', 'Provided key does not exist');
    return jsonAt(200, present(item));
  }

  private setOne(inst: string, ns: string, body: Body): Response {
    const options = body.options ?? {};
    const { item, previous } = this.write(inst, ns, body.key, body.value, options);
    if (options.returnValue === 'LATEST') return jsonAt(200, present(item));
    if (options.returnValue === 'PREVIOUS') return previous ? jsonAt(200, present(previous)) : new Response(null, { status: 204 });
    return new Response(null, { status: 204 });
  }

  /** One validated write; throws KvsRuleError without writing anything when a rule fails. */
  private write(inst: string, ns: string, key: unknown, value: unknown, options: Body, conditions?: Conditions): SetOutcome {
    checkKey(key);
    checkValue(value);
    const now = this.now();
    const expireAt = expiryFrom(options.ttl, now);
    const k = key as string;
    const existing = this.store.get(inst, ns, k, now);
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && existing) {
      // UNCONFIRMED: the platform's code for this collision (forge-platform.md section 7, item 7).
      throw new KvsRuleError(409, 'KEY_ALREADY_EXISTS', 'The key already exists and keyPolicy is FAIL_IF_EXISTS');
    }
    if (conditions && !satisfies(existing?.value as Record<string, unknown>, conditions)) {
      throw new KvsRuleError(409, 'CONDITION_FAILED', `Conditions on '${k}' are not met`);
    }
    const previous = this.store.put(inst, ns, k, value, expireAt, now);
    return { item: this.store.get(inst, ns, k, now) as StoredItem, previous };
  }

  private deleteOne(inst: string, ns: string, body: Body): Response {
    this.store.delete(inst, ns, checkKey(body.key));
    return new Response(null, { status: 204 });
  }

  private query(inst: string, body: Body): Response {
    const limit = queryLimit(body.limit);
    const where = (body.where ?? []) as Array<{ property: string; condition: string; values: unknown[] }>;
    const prefix = where.find((w) => w.property === 'key' && w.condition === 'BEGINS_WITH')?.values[0];
    if (where.length > 1 || (where.length === 1 && prefix === undefined)) {
      throw new KvsRuleError(400, 'BAD_REQUEST', "Only where('key', beginsWith(...)) is supported");
    }
    const afterKey = body.after ? decodeCursor(body.after) : undefined;
    const items = this.store.scan(inst, PLAIN, { prefix: prefix as string | undefined, afterKey, limit: limit + 1 }, this.now());
    const page = items.slice(0, limit);
    const cursor = items.length > limit ? encodeCursor(page[page.length - 1].key) : undefined;
    return jsonAt(200, { data: page.map(present), cursor });
  }

  private queryEntity(inst: string, body: Body): Response {
    const ns = this.entityNamespace(body.entityName);
    const definition = this.entities.get(body.entityName) as EntityDefinition;
    const index = findIndex(definition, body.indexName);
    const limit = queryLimit(body.limit);
    const partitionValues = (body.partition ?? []) as unknown[];
    const rangeAttr = index.range[0];
    const matches = this.store
      .scan(inst, ns, { limit: Number.MAX_SAFE_INTEGER }, this.now())
      .filter((item) => {
        const v = item.value as Record<string, unknown>;
        return (
          (index.partition ?? []).every((attr, i) => v[attr] === partitionValues[i]) &&
          (!body.range || testRange(v[rangeAttr], body.range)) &&
          satisfies(v, body.filters)
        );
      })
      .sort((a, b) => compareBy(a, b, rangeAttr) * (body.sort === 'DESC' ? -1 : 1));
    const start = body.cursor ? Number(decodeCursor(body.cursor)) : 0;
    const page = matches.slice(start, start + limit);
    const cursor = start + limit < matches.length ? encodeCursor(String(start + limit)) : undefined;
    return jsonAt(200, { data: page.map(present), cursor });
  }

  private batchSet(inst: string, items: Body): Response {
    const list = batchList(items);
    const successfulKeys: Body[] = [];
    const failedKeys: Body[] = [];
    for (const it of list) {
      const ns = it.entityName ? this.entityNamespace(it.entityName) : PLAIN;
      try {
        this.write(inst, ns, it.key, it.value, it.options ?? {});
        successfulKeys.push(keyRef(it));
      } catch (e) {
        if (!(e instanceof KvsRuleError)) throw e;
        failedKeys.push({ ...keyRef(it), error: { code: e.code, message: e.message } });
      }
    }
    return jsonAt(200, { successfulKeys, failedKeys });
  }

  private batchGet(inst: string, items: Body): Response {
    const successfulKeys: Body[] = [];
    const failedKeys: Body[] = [];
    for (const it of batchList(items)) {
      const ns = it.entityName ? this.entityNamespace(it.entityName) : PLAIN;
      const item = this.store.get(inst, ns, checkKey(it.key), this.now());
      if (item) successfulKeys.push({ ...keyRef(it), ...present(item) });
      else failedKeys.push({ ...keyRef(it), error: { code: 'KEY_NOT_FOUND', message: 'Provided key does not exist' } });
    }
    return jsonAt(200, { successfulKeys, failedKeys });
  }

  private batchDelete(inst: string, items: Body): Response {
    const successfulKeys: Body[] = [];
    for (const it of batchList(items)) {
      const ns = it.entityName ? this.entityNamespace(it.entityName) : PLAIN;
      this.store.delete(inst, ns, checkKey(it.key));
      successfulKeys.push(keyRef(it));
    }
    return jsonAt(200, { successfulKeys, failedKeys: [] });
  }

  /** All steps or none: any failed rule or condition rolls the whole transaction back. */
  private transaction(inst: string, body: Body): Response {
    const sets = (body.set ?? []) as Body[];
    const deletes = (body.delete ?? []) as Body[];
    const checks = (body.check ?? []) as Body[];
    const all = [...sets, ...deletes, ...checks];
    if (all.length === 0) throw new KvsRuleError(400, 'BAD_REQUEST', 'A transaction needs at least one operation');
    if (all.length > MAX_TRANSACTION_OPERATIONS) {
      throw new KvsRuleError(400, 'TOO_MANY_OPERATIONS', `A transaction has at most ${MAX_TRANSACTION_OPERATIONS} operations`);
    }
    const ids = all.map((op) => `${op.entityName ?? ''}/${op.key}`);
    if (new Set(ids).size !== ids.length) throw new KvsRuleError(400, 'DUPLICATE_KEYS', 'Each key may appear once per transaction');

    this.store.atomically(() => {
      const now = this.now();
      for (const c of checks) {
        const current = this.store.get(inst, this.entityNamespace(c.entityName), checkKey(c.key), now);
        if (!satisfies(current?.value as Record<string, unknown>, c.conditions)) {
          throw new KvsRuleError(409, 'CONDITION_FAILED', `Check on '${c.key}' failed`);
        }
      }
      for (const s of sets) {
        const ns = s.entityName ? this.entityNamespace(s.entityName) : PLAIN;
        this.write(inst, ns, s.key, s.value, s.options ?? {}, s.conditions);
      }
      for (const d of deletes) {
        const ns = d.entityName ? this.entityNamespace(d.entityName) : PLAIN;
        const current = this.store.get(inst, ns, checkKey(d.key), now);
        if (d.conditions && !satisfies(current?.value as Record<string, unknown>, d.conditions)) {
          throw new KvsRuleError(409, 'CONDITION_FAILED', `Conditions on '${d.key}' are not met`);
        }
        this.store.delete(inst, ns, d.key);
      }
    });
    return new Response(null, { status: 204 });
  }
}

function present(item: StoredItem): Body {
  return {
    key: item.key,
    value: item.value,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    ...(item.expireAt !== null ? { expireTime: new Date(item.expireAt).toISOString() } : {}),
  };
}

function keyRef(it: Body): Body {
  return it.entityName ? { key: it.key, entityName: it.entityName } : { key: it.key };
}

function batchList(items: Body): Body[] {
  if (!Array.isArray(items) || items.length === 0) throw new KvsRuleError(400, 'BAD_REQUEST', 'A batch needs at least one item');
  if (items.length > MAX_BATCH_ITEMS) throw new KvsRuleError(400, 'TOO_MANY_ITEMS', `A batch has at most ${MAX_BATCH_ITEMS} items`);
  return items;
}

function queryLimit(limit: unknown): number {
  if (limit === undefined) return DEFAULT_QUERY_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) {
    // UNCONFIRMED: whether the service rejects or clamps an out-of-range limit.
    throw new KvsRuleError(400, 'BAD_REQUEST', `limit must be an integer from 1 to ${MAX_QUERY_LIMIT}`);
  }
  return limit;
}

function findIndex(definition: EntityDefinition, indexName: string): { partition?: string[]; range: string[] } {
  for (const index of definition.indexes) {
    if (typeof index === 'string' && index === indexName) return { range: [index] };
    if (typeof index === 'object' && index.name === indexName) return index;
  }
  throw new KvsRuleError(400, 'INDEX_NOT_FOUND', `Index '${indexName}' is not declared for entity '${definition.name}'`);
}

function compareBy(a: StoredItem, b: StoredItem, attr: string): number {
  const x = (a.value as Record<string, string | number>)[attr];
  const y = (b.value as Record<string, string | number>)[attr];
  if (x === y) return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  return x < y ? -1 : 1;
}

const encodeCursor = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
function decodeCursor(cursor: unknown): string {
  if (typeof cursor !== 'string') throw new KvsRuleError(400, 'INVALID_CURSOR', 'Cursor must be a string');
  return Buffer.from(cursor, 'base64url').toString('utf8');
}


function error(status: number, code: string, message: string): Response {
  return jsonAt(status, { code, message });
}

/** Response.json, status first. */
const jsonAt = (status: number, body: unknown): Response => Response.json(body, { status });
