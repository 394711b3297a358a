/**
 * Compares an answer with a captured real one by shape: the same keys, null where the capture
 * has null, the same value types, and the same id and link formats. Values themselves differ
 * (the captures' ids and titles are made up), so they are not compared.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CONFLUENCE_REAL_DIR = process.env.CONFLUENCE_REAL_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'reference', 'confluence-real');

/** One captured example, by file and a path inside its `example` (e.g. `create_reply.response`). */
export function captured(file: string, path = ''): any {
  const json = JSON.parse(readFileSync(join(CONFLUENCE_REAL_DIR, file), 'utf8'));
  return path.split('.').filter(Boolean).reduce((node, key) => node?.[key], json.example);
}

/** What a string is, where its form matters: ids, att ids, dates, absolute URLs, paths. */
function stringClass(value: string): string {
  if (/^\d+$/.test(value)) return 'digits';
  if (/^att\d+$/.test(value)) return 'att-id';
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)) return 'datetime';
  if (/^https:\/\/[^/]+\/wiki$/.test(value)) return 'site-wiki-url';
  if (/^https:\/\//.test(value)) return 'https-url';
  if (/^\/[^/]/.test(value)) return 'path';
  return 'string';
}

function classOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return stringClass(value);
  return typeof value;
}

/**
 * The differences between a captured value and an answer, as `path: what`. `skip` lists paths
 * (with `[]` for any array index) whose difference is known and explained by the caller.
 */
export function shapeDiff(expected: unknown, actual: unknown, skip: string[] = [], path = ''): string[] {
  const at = path || '(root)';
  if (skip.includes(path)) return [];
  const want = classOf(expected);
  const got = classOf(actual);
  if (want !== got) {
    // A captured plain string stands for any string; a specific form must be matched.
    if (!(want === 'string' && typeof actual === 'string')) return [`${at}: captured ${want}, answered ${got}`];
    return [];
  }
  if (want === 'array') return arrayDiff(expected as unknown[], actual as unknown[], skip, path);
  if (want !== 'object') return [];
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const out: string[] = [];
  for (const key of Object.keys(e)) {
    const child = path ? `${path}.${key}` : key;
    if (skip.includes(child)) continue;
    if (!(key in a)) out.push(`${child}: captured, missing from the answer`);
    else out.push(...shapeDiff(e[key], a[key], skip, child));
  }
  for (const key of Object.keys(a)) {
    const child = path ? `${path}.${key}` : key;
    if (!(key in e) && !skip.includes(child)) out.push(`${child}: answered, not in the capture`);
  }
  return out;
}

/** Each answered element must have the shape of some captured element (rows differ in nullness). */
function arrayDiff(expected: unknown[], actual: unknown[], skip: string[], path: string): string[] {
  if (expected.length === 0) return [];
  if (actual.length === 0) return [`${path}: captured items, answered none`];
  const child = `${path}[]`;
  const out: string[] = [];
  for (const item of actual) {
    const tries = expected.map((e) => shapeDiff(e, item, skip, child));
    if (!tries.some((t) => t.length === 0)) out.push(...tries[0]);
  }
  return [...new Set(out)];
}
