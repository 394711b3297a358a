/**
 * The typed REST client over `requestConfluence`: every answer is parsed with a zod schema, and
 * every failure becomes a ConfluenceError that says whether and when to try again.
 */
import api, { assumeTrustedRoute, type APIResponse, type RequestInit, type Route } from '@forge/api';
import { z } from 'zod';
import { observeQuota } from './quota';

export type Principal = 'user' | 'app';

export class ConfluenceError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Seconds to wait before trying again (429 `Retry-After`), when Confluence said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /**
   * Rate limits, server errors and gateway timeouts pass; a version conflict (409, a concurrent
   * edit) clears on a fresh read. Anything else will fail again.
   */
  get transient(): boolean {
    return this.status === 429 || this.status === 409 || this.status >= 500;
  }
}

const JSON_HEADERS = { Accept: 'application/json' };

export interface ConfluenceClient {
  get<T>(schema: z.ZodType<T>, path: Route): Promise<T>;
  /** A GET that answers undefined for 404 (gone, or not visible to this principal). */
  find<T>(schema: z.ZodType<T>, path: Route): Promise<T | undefined>;
  send<T>(schema: z.ZodType<T>, method: 'POST' | 'PUT', path: Route, body: unknown): Promise<T>;
  /** A raw request for what is not JSON (uploads, downloads, deletes); 404 and redirects are the caller's to read. */
  raw(path: Route, init: RequestInit): Promise<APIResponse>;
}

/** The longest the platform puts a retry off: `retryAfter` and `delayInSeconds` stop at 900 s (forge-platform.md §1.5, limits). */
export const MAX_RETRY_AFTER_SECONDS = 900;

/**
 * A `Retry-After` in whole seconds the platform can schedule. A real 429 carried
 * `Retry-After: 9223372036854775807` with `X-RateLimit-Limit: 0` (confluence-real row 74): it is
 * waited as the longest retry there is, not trusted as given (a queue push refuses a delay over
 * 900 s, so the full sync would stop).
 */
export function retryAfterSeconds(header: string | null): number | undefined {
  const seconds = header === null || header.trim() === '' ? NaN : Number(header);
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  return Math.min(Math.ceil(seconds), MAX_RETRY_AFTER_SECONDS);
}

async function failure(response: APIResponse, what: string): Promise<ConfluenceError> {
  const detail = await response.text().catch(() => '');
  const reason = errorReason(detail);
  return new ConfluenceError(response.status, `Confluence answered ${response.status} to ${what}${reason ? `: ${reason}` : ''}`, retryAfterSeconds(response.headers.get('retry-after')));
}

const ErrorBody = z.union([
  z.object({ errors: z.array(z.object({ title: z.string() })).min(1) }).transform((b) => b.errors[0].title),
  z.object({ message: z.string() }).transform((b) => b.message),
]);

/** What Confluence said went wrong: v2 `errors[0].title`, v1 `message` (confluence-real rows 64, 67). */
export function errorReason(text: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = ErrorBody.safeParse(json);
  return parsed.success ? parsed.data.slice(0, 300) : undefined;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ConfluenceError(502, `Confluence answered ${what} with an unexpected shape: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export function confluence(as: Principal): ConfluenceClient {
  const request = async (path: Route, init: RequestInit) => {
    const response = await (as === 'user' ? api.asUser() : api.asApp()).requestConfluence(path, init);
    // Every answer may say how much of the points quota is left: the full sync paces itself by it.
    observeQuota(response.headers);
    return response;
  };
  const describe = (method: string, path: Route) => `${method} ${path.value.split('?')[0]}`;
  const client: ConfluenceClient = {
    async get(schema, path) {
      const response = await request(path, { headers: JSON_HEADERS });
      if (!response.ok) throw await failure(response, describe('GET', path));
      return parse(schema, await response.json(), describe('GET', path));
    },
    async find(schema, path) {
      const response = await request(path, { headers: JSON_HEADERS });
      if (response.status === 404) return undefined;
      if (!response.ok) throw await failure(response, describe('GET', path));
      return parse(schema, await response.json(), describe('GET', path));
    },
    async send(schema, method, path, body) {
      const response = await request(path, { method, headers: { ...JSON_HEADERS, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) throw await failure(response, describe(method, path));
      return parse(schema, await response.json(), describe(method, path));
    },
    async raw(path, init) {
      const response = await request(path, init);
      const redirected = response.status >= 300 && response.status < 400;
      if (!response.ok && response.status !== 404 && !redirected) throw await failure(response, describe(init.method ?? 'GET', path));
      return response;
    },
  };
  return client;
}

const listOf = <T extends z.ZodTypeAny>(item: T) => z.object({ results: z.array(item), _links: z.object({ next: z.string().optional() }).optional() });

/**
 * Empty pages in a row that still name a next page before the listing is given up on as broken.
 * Generous: a page can come back empty because everything on it is hidden from the app (the
 * likely cause of row 14), and 100 such pages are 25,000 restricted items in a row.
 */
const MAX_EMPTY_PAGES = 100;

/**
 * Every result of a cursor-paginated v2 listing (250 a request, the most it allows). An empty page
 * can still carry `next` (confluence-real row 14), so one is followed; but a cursor met twice, or
 * a run of empty pages, would page forever: that fails as a 502 (tried again later) rather than
 * answering part of the list, since a short list of comments or files would delete copies.
 */
export async function allResults<T>(schema: z.ZodType<T>, first: Route, as: Principal = 'app'): Promise<T[]> {
  const out: T[] = [];
  for await (const results of resultPages(schema, first, as)) out.push(...results);
  return out;
}

/**
 * Every result of a listing while it costs at most `maxPoints` (a read costs 1 point plus 1 per
 * object returned, forge-platform.md section 4); undefined once it would cost more, so a
 * listing that grows with the whole site is given up for the per-page reads it was to replace.
 */
export async function resultsWithin<T>(schema: z.ZodType<T>, first: Route, maxPoints: number): Promise<T[] | undefined> {
  const out: T[] = [];
  let points = 0;
  for await (const results of resultPages(schema, first, 'app')) {
    points += 1 + results.length;
    out.push(...results);
    if (points > maxPoints) return undefined;
  }
  return out;
}

/** The pages of a cursor-paginated listing, one answer at a time (see allResults). */
async function* resultPages<T>(schema: z.ZodType<T>, first: Route, as: Principal): AsyncGenerator<T[]> {
  const [path, query] = first.value.split('?');
  const followed = new Set<string>();
  let empty = 0;
  for (let next: Route | undefined = first; next; ) {
    const page: { results: T[]; _links?: { next?: string } } = await confluence(as).get(listOf(schema) as z.ZodType<{ results: T[]; _links?: { next?: string } }>, next);
    yield page.results;
    const cursor = page._links?.next ? new URLSearchParams(page._links.next.split('?')[1] ?? '').get('cursor') : null;
    empty = page.results.length ? 0 : empty + 1;
    if (cursor && (followed.has(cursor) || empty >= MAX_EMPTY_PAGES)) throw new ConfluenceError(502, `Confluence's listing ${path} did not come to an end (its next page repeats or stays empty)`);
    if (cursor) followed.add(cursor);
    const params = new URLSearchParams(query ?? '');
    if (cursor) params.set('cursor', cursor);
    // The path was built with `route`; only the query changes here, and URLSearchParams encodes it.
    next = cursor ? assumeTrustedRoute(`${path}?${params.toString()}`) : undefined;
  }
}
