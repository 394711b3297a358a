/**
 * The REST face of one emulated site, as the Forge host's product backend: every request is
 * held to the official OpenAPI documents, rate limited and charged points, then handled.
 */
import { ApiError, errorBody } from './api-error';
import type { ConfluenceSite, Actor } from './site';
import { ContractViolation, OpenApiContract, type ApiVersion, type MatchedRequest } from './openapi-contract';
import { PointsMeter, type RateLimitOptions } from './points-meter';
import type { ProductBackend, ProductRequest } from '../forge-host/product-backend';
import type { ScopeNeed } from '../forge-host/scope-audit';
import type { RestCall, RestHandler, RestResult, UploadedFile } from './rest/rest-call';
import { pageHandlers } from './rest/v2-pages';
import { spaceHandlers } from './rest/v2-spaces';
import { commentHandlers } from './rest/v2-comments';
import { contentPartHandlers } from './rest/v2-content-parts';
import { v1Handlers } from './rest/v1';
import { mediaHost } from './media-host';
import { treeNodeHandlers } from './rest/v2-tree-nodes';
import { siteListingHandlers } from './rest/v2-site-listings';
import { labelHandlers } from './rest/v2-labels';
import { searchHandlers } from './rest/v1-search';
import { sleep, type Latency } from '../forge-host/latency';

const HANDLERS: Record<string, RestHandler> = { ...pageHandlers, ...spaceHandlers, ...commentHandlers, ...contentPartHandlers, ...treeNodeHandlers, ...siteListingHandlers, ...labelHandlers, ...v1Handlers, ...searchHandlers };
const DOWNLOAD_PATH = /^\/wiki\/download\/attachments\/(\d+)\/([^/?]+)/;

interface ParsedBody {
  json?: unknown;
  fields: Record<string, string>;
  files: UploadedFile[];
}

export class ConfluenceEmulator implements ProductBackend {
  readonly meter: PointsMeter;
  /** Injected failures by operationId: the next `remaining` calls answer `status`. */
  private readonly failures = new Map<string, { remaining: number; status: number }>();
  private readonly delays = new Map<string, { remaining: number; ms: number }>();
  private readonly hooks = new Map<string, () => void>();
  /**
   * Each operation the app called through Forge (requests that carry the manifest's scopes), with
   * the scope sets that allow it: what the scope audit proves every declared scope against.
   */
  private readonly calledOperations = new Map<string, string[][]>();
  /**
   * How long each REST answer takes to arrive (the benchmark's latency model); none when unset.
   * Waited before the request is handled, as a round trip to a real site would be.
   */
  latency: Latency | undefined;

  private constructor(
    readonly site: ConfluenceSite,
    readonly contract: OpenApiContract,
    rateLimit: RateLimitOptions,
  ) {
    this.meter = new PointsMeter(rateLimit);
  }

  static async create(site: ConfluenceSite, rateLimit: RateLimitOptions = {}): Promise<ConfluenceEmulator> {
    return new ConfluenceEmulator(site, await OpenApiContract.load(), rateLimit);
  }

  /**
   * The next `count` calls of one operation fail with `status` (500: the server fell over), after
   * any earlier calls of the same job went through: a job failing part-way, for fault tests.
   */
  failNext(operationId: string, count = 1, status = 500): void {
    this.failures.set(operationId, { remaining: count, status });
  }

  /** The next `count` calls of one operation answer only after `ms` (a slow Confluence). */
  slowNext(operationId: string, ms: number, count = 1): void {
    this.delays.set(operationId, { remaining: count, ms });
  }

  /** Runs `fn` just before the next call of one operation is handled (a person acting meanwhile). */
  beforeNext(operationId: string, fn: () => void): void {
    this.hooks.set(operationId, fn);
  }

  private async injectedDelayAndHook(operationId: string): Promise<void> {
    const delay = this.delays.get(operationId);
    if (delay && delay.remaining > 0) {
      delay.remaining--;
      await new Promise((resolve) => setTimeout(resolve, delay.ms));
    }
    const hook = this.hooks.get(operationId);
    if (hook) {
      this.hooks.delete(operationId);
      hook();
    }
  }

  private injectedFailure(operationId: string): number | undefined {
    const failure = this.failures.get(operationId);
    if (!failure || failure.remaining <= 0) return undefined;
    failure.remaining--;
    return failure.status;
  }

  async request(req: ProductRequest): Promise<Response> {
    const actor: Actor = req.as.kind === 'app' ? { kind: 'app' } : { kind: 'user', accountId: req.as.accountId };
    if (this.latency) await sleep(this.latency());
    const url = new URL(req.path, 'http://confluence.invalid');
    if (DOWNLOAD_PATH.test(url.pathname)) return this.servletDownload();
    const api: ApiVersion = url.pathname.startsWith('/wiki/rest/') ? 'v1' : 'v2';

    let parsed: ParsedBody;
    let match: MatchedRequest;
    try {
      parsed = await parseBody(req);
      match = this.contract.check({
        method: req.method,
        path: url.pathname,
        query: url.search.slice(1),
        headers: Object.fromEntries(req.headers),
        body: parsed.json ?? (parsed.files.length ? { ...parsed.fields, file: '(binary)' } : undefined),
      });
    } catch (e) {
      if (e instanceof ContractViolation || e instanceof SyntaxError) return respond(api, new ApiError(400, e.message));
      throw e;
    }

    const scopeProblem = this.missingScopes(match, req.scopes);
    if (scopeProblem) return scopeRefusal();

    const wait = this.meter.refusal();
    if (wait !== undefined) return respond(api, new ApiError(429, 'Rate limit exceeded', { 'Retry-After': String(wait), ...this.meter.quotaHeaders() }));

    await this.injectedDelayAndHook(match.operation.operationId as string);
    const injected = this.injectedFailure(match.operation.operationId as string);
    if (injected !== undefined) return respond(api, new ApiError(injected, 'Injected failure'));

    const handler = HANDLERS[match.operation.operationId as string];
    if (!handler) return respond(api, new ApiError(501, `The emulator does not implement ${match.operation.operationId}`));

    let result: RestResult;
    const pageHeaders: Record<string, string> = {};
    try {
      result = handler(this.call(actor, api, match, url, req, parsed, pageHeaders));
    } catch (e) {
      if (e instanceof ApiError) {
        this.meter.charge(match.operation.operationId as string, req.method, 0);
        Object.assign(e.headers, this.meter.quotaHeaders());
        return respond(api, e);
      }
      throw e;
    }
    this.contract.checkResponse(match, result.status, result.body);
    this.meter.charge(match.operation.operationId as string, req.method, result.objects ?? 0);
    if (result.raw) return new Response(new Uint8Array(result.raw), { status: result.status, headers: { ...result.headers, ...this.meter.quotaHeaders() } });
    const headers = { 'content-type': 'application/json', ...pageHeaders, ...result.headers, ...this.meter.quotaHeaders() };
    return new Response(result.body === undefined ? null : JSON.stringify(result.body), { status: result.status, headers });
  }

  private call(actor: Actor, api: ApiVersion, match: MatchedRequest, url: URL, req: ProductRequest, parsed: ParsedBody, responseHeaders: Record<string, string>): RestCall {
    const { default: defaultLimit, maximum } = this.contract.limitOf(match);
    return {
      site: this.site,
      actor,
      api,
      params: match.params,
      query: url.searchParams,
      body: parsed.json ?? parsed.fields,
      files: parsed.files,
      headers: req.headers,
      paginate: <T>(items: T[]) => {
        const page = paginate(items, url, Math.min(Number(url.searchParams.get('limit') ?? defaultLimit), maximum), `${this.site.siteUrl}/wiki`);
        Object.assign(responseHeaders, page.headers);
        return { results: page.results, _links: page._links };
      },
    };
  }

  /**
   * Forge's gateway refuses an operation the app's scopes do not cover (confluence-real row 72:
   * 401 "Unauthorized; scope does not match"). An operation allows each documented scope set;
   * the app needs one of them whole. Requests without declared scopes (tests calling the
   * emulator directly) are not checked.
   */
  private missingScopes(match: MatchedRequest, granted: string[] | undefined): string | undefined {
    if (!granted) return undefined;
    const sets = this.contract.scopeSetsOf(match);
    this.calledOperations.set(match.operation.operationId as string, sets);
    if (sets.length === 0 || sets.some((set) => set.every((scope) => granted.includes(scope)))) return undefined;
    const reason = `${match.operation.operationId} needs ${sets.map((set) => set.join(' + ')).join(' or ')}`;
    this.contract.violations.push(`scope: ${reason}`);
    return reason;
  }

  /**
   * The legacy download servlet that v2 `downloadLink` still names answers 401 to apps and API
   * tokens on Cloud (confluence-real row 52, download-redirect.txt part 4): only the v1 REST
   * download works.
   */
  private servletDownload(): Response {
    return new Response(null, { status: 401, headers: { 'www-authenticate': `OAuth realm="${this.site.siteUrl}/wiki"` } });
  }

  scopeNeeds(): ScopeNeed[] {
    return [...this.calledOperations].map(([by, anyOf]) => ({ by, anyOf }));
  }

  /** What this site's redirects lead to on other Atlassian origins: the media host's files. */
  external(url: URL, headers: Headers): Response | undefined {
    if (!mediaHost.handles(url)) return undefined;
    const response = mediaHost.serve(url, headers);
    if (response.ok) this.meter.charge('downloadAttachmentFile', 'GET', 1);
    return response;
  }
}

/** The gateway's refusal, in its own shape, not Confluence's (confluence-real row 72, error-not-found-and-auth.json). */
function scopeRefusal(): Response {
  return new Response(JSON.stringify({ code: 401, message: 'Unauthorized; scope does not match' }), { status: 401, headers: { 'content-type': 'application/json' } });
}

function respond(api: ApiVersion, error: ApiError): Response {
  return new Response(JSON.stringify(errorBody(error, api)), { status: error.status, headers: { 'content-type': 'application/json', ...error.headers } });
}

/**
 * Cursor pagination: an opaque cursor; envelope `_links` with `base` and, when there is more,
 * `next` (site-relative with `/wiki`, the same query, absent on the last page: confluence-real
 * rows 5, 10, 14), and the same link in a `Link` header (row 11; its syntax is INFERRED, row 12).
 */
function paginate<T>(items: T[], url: URL, limit: number, base: string): { results: T[]; _links: { next?: string; base: string }; headers: Record<string, string> } {
  const cursor = url.searchParams.get('cursor');
  const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^offset:/, '')) || 0 : 0;
  const results = items.slice(start, start + limit);
  const links: { next?: string; base: string } = { base };
  if (start + limit < items.length) {
    const next = new URL(url.href);
    next.searchParams.set('cursor', Buffer.from(`offset:${start + limit}`).toString('base64url'));
    links.next = `${next.pathname}${next.search}`;
  }
  return { results, _links: links, headers: links.next ? { link: `<${links.next}>; rel="next", <${base}>; rel="base"` } : {} };
}

async function parseBody(req: ProductRequest): Promise<ParsedBody> {
  const type = req.headers.get('content-type') ?? '';
  if (!req.body || req.body.length === 0) return { fields: {}, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(req.body), { headers: { 'content-type': type } }).formData();
    const fields: Record<string, string> = {};
    const files: UploadedFile[] = [];
    for (const [name, value] of form) {
      if (typeof value === 'string') fields[name] = value;
      else if (name === 'file') files.push({ name: value.name, mediaType: value.type || 'application/octet-stream', data: Buffer.from(await value.arrayBuffer()) });
    }
    return { fields, files };
  }
  return { json: JSON.parse(req.body.toString('utf8')), fields: {}, files: [] };
}
