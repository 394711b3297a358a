/**
 * The part of the Confluence Query Language the emulator understands: clauses joined by `and`
 * on `type`, `space` (or `space.key`), `id`, `container`, `label`, `lastmodified` and `created`, with `=`, `!=`, `in`,
 * `not in` and, for dates, `>`, `>=`, `<`, `<=`; and `order by` one of those fields. That is
 * what the app asks (https://developer.atlassian.com/cloud/confluence/advanced-searching-using-cql/
 * documents the fields and operators). Anything else is refused with 400, as Confluence refuses
 * a query it cannot parse (confluence-real error-v1-xsrf-and-misc.json, `cql_unknown_field`).
 *
 * Dates are `"yyyy-MM-dd"` or `"yyyy-MM-dd HH:mm"` (the CQL page's date formats), read as UTC:
 * CQL reads them in the searching user's time zone, which for the app user is UNCONFIRMED.
 */
import { badRequest } from './api-error';

export type CqlField = 'type' | 'space' | 'id' | 'container' | 'label' | 'lastmodified' | 'created';
export type CqlOp = '=' | '!=' | 'in' | 'not in' | '>' | '>=' | '<' | '<=';

export interface CqlClause {
  field: CqlField;
  op: CqlOp;
  values: string[];
}

export interface CqlQuery {
  clauses: CqlClause[];
  orderBy?: { field: CqlField; direction: 'asc' | 'desc' };
}

const FIELDS: Record<string, CqlField> = { type: 'type', space: 'space', 'space.key': 'space', id: 'id', container: 'container', label: 'label', lastmodified: 'lastmodified', created: 'created' };
const DATE_FIELDS: CqlField[] = ['lastmodified', 'created'];

/** Words, quoted strings, parentheses, commas and operators. */
function tokens(cql: string): string[] {
  const out: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|!=|>=|<=|[=<>(),]|[^\s=!<>(),"']+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = re.exec(cql))) {
    out.push(m[1]);
    at = re.lastIndex;
  }
  if (cql.slice(at).trim() !== '') throw badRequest(`Could not parse cql : ${cql}`);
  return out;
}

const unquote = (t: string) => (/^["']/.test(t) ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t);

export function parseCql(cql: string): CqlQuery {
  const t = tokens(cql);
  let i = 0;
  const peek = () => t[i]?.toLowerCase();
  const next = () => {
    if (i >= t.length) throw badRequest(`Could not parse cql : ${cql}`);
    return t[i++];
  };
  const field = (): CqlField => {
    const name = next();
    const known = FIELDS[name.toLowerCase()];
    if (!known) throw badRequest(`No field exists with the name: '${name}'`);
    return known;
  };
  const clauses: CqlClause[] = [];
  let orderBy: CqlQuery['orderBy'];
  while (i < t.length) {
    if (peek() === 'order') {
      next();
      if (peek() !== 'by') throw badRequest(`Could not parse cql : ${cql}`);
      next();
      const f = field();
      const dir = peek() === 'desc' || peek() === 'asc' ? (next().toLowerCase() as 'asc' | 'desc') : 'asc';
      orderBy = { field: f, direction: dir };
      if (i < t.length) throw badRequest(`Could not parse cql : ${cql}`);
      break;
    }
    const f = field();
    let op = next().toLowerCase() as CqlOp | 'not';
    if (op === 'not') {
      if (peek() !== 'in') throw badRequest(`Could not parse cql : ${cql}`);
      next();
      op = 'not in';
    }
    if (!['=', '!=', 'in', 'not in', '>', '>=', '<', '<='].includes(op)) throw badRequest(`Could not parse cql : ${cql}`);
    let values: string[];
    if (op === 'in' || op === 'not in') {
      if (next() !== '(') throw badRequest(`Could not parse cql : ${cql}`);
      values = [];
      for (;;) {
        values.push(unquote(next()));
        const sep = next();
        if (sep === ')') break;
        if (sep !== ',') throw badRequest(`Could not parse cql : ${cql}`);
      }
    } else values = [unquote(next())];
    if (['>', '>=', '<', '<='].includes(op) && !DATE_FIELDS.includes(f)) throw badRequest(`The operator '${op}' is not supported for field '${f}'`);
    if (DATE_FIELDS.includes(f)) for (const v of values) cqlDate(v);
    clauses.push({ field: f, op: op as CqlOp, values });
    if (i < t.length && peek() !== 'order') {
      if (peek() !== 'and') throw badRequest(`The emulator understands CQL clauses joined by "and" only: ${cql}`);
      next();
    }
  }
  if (!clauses.length) throw badRequest('query parameter is required.');
  return { clauses, ...(orderBy ? { orderBy } : {}) };
}

/** A CQL date as epoch milliseconds (UTC, see the file comment). */
export function cqlDate(value: string): number {
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:\s+(\d{2}):(\d{2}))?$/.exec(value.trim());
  if (!m) throw badRequest(`Unable to parse date: ${value}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
}

/**
 * Whether one item's field values satisfy a clause. A field with several values (`label`) matches
 * `=` and `in` when any value does, and `!=` and `not in` when none does (INFERRED from the CQL
 * page's examples, `label = "performance"` and `label not in (…)`).
 */
export function matches(clause: CqlClause, value: string | number | string[]): boolean {
  if (Array.isArray(value)) {
    const hit = value.some((v) => clause.values.some((x) => x.toLowerCase() === v.toLowerCase()));
    return clause.op === '=' || clause.op === 'in' ? hit : !hit;
  }
  if (DATE_FIELDS.includes(clause.field)) {
    const at = value as number;
    const bound = cqlDate(clause.values[0]);
    // CQL dates have minute precision: `lastmodified > "2024-01-01 10:00"` is after that minute starts (INFERRED).
    switch (clause.op) {
      case '>':
        return at > bound;
      case '>=':
        return at >= bound;
      case '<':
        return at < bound;
      case '<=':
        return at <= bound;
      case '=':
        return Math.floor(at / 60_000) === Math.floor(bound / 60_000);
      default:
        return Math.floor(at / 60_000) !== Math.floor(bound / 60_000);
    }
  }
  const v = String(value).toLowerCase();
  const hit = clause.values.some((x) => x.toLowerCase() === v);
  return clause.op === '=' || clause.op === 'in' ? hit : !hit;
}
