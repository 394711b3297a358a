/**
 * The typed REST client over `requestConfluence`: every answer is parsed with a zod schema, and
 * every failure becomes a ConfluenceError that says whether and when to try again.
 */
import api, { assumeTrustedRoute, type APIResponse, type RequestInit, type Route } from '@forge/api';
import { z } from 'zod';

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

async function failure(response: APIResponse, what: string): Promise<ConfluenceError> {
  const retryAfter = Number(response.headers.get('retry-after'));
  const detail = await response.text().catch(() => '');
  const reason = errorReason(detail);
  return new ConfluenceError(response.status, `Confluence answered ${response.status} to ${what}${reason ? `: ${reason}` : ''}`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
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
  const request = (path: Route, init: RequestInit) => (as === 'user' ? api.asUser() : api.asApp()).requestConfluence(path, init);
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

/** Every result of a cursor-paginated v2 listing (250 a request, the most it allows). */
export async function allResults<T>(schema: z.ZodType<T>, first: Route, as: Principal = 'app'): Promise<T[]> {
  const out: T[] = [];
  const [path, query] = first.value.split('?');
  for (let next: Route | undefined = first; next; ) {
    const page: { results: T[]; _links?: { next?: string } } = await confluence(as).get(listOf(schema) as z.ZodType<{ results: T[]; _links?: { next?: string } }>, next);
    out.push(...page.results);
    const cursor = page._links?.next ? new URLSearchParams(page._links.next.split('?')[1] ?? '').get('cursor') : null;
    const params = new URLSearchParams(query ?? '');
    if (cursor) params.set('cursor', cursor);
    // The path was built with `route`; only the query changes here, and URLSearchParams encodes it.
    next = cursor ? assumeTrustedRoute(`${path}?${params.toString()}`) : undefined;
  }
  return out;
}
