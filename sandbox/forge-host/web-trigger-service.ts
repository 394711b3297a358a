/**
 * Web triggers: `webTrigger.getUrl/queryUrls/deleteUrl` (which `@forge/api` sends as GraphQL to
 * the platform), and the loopback HTTP endpoint behind each URL, which invokes the module's
 * function with the Forge web-trigger request shape and returns its response.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppManifest } from './manifest';
import { functionContext, type Installation } from './installation';
import type { FunctionInvoker } from './function-invoker';
import type { InvocationLog } from './invocation-log';
import type { SqliteStore } from './kvs/sqlite-store';

interface UrlRecord {
  id: string;
  installationId: string;
  moduleKey: string;
}

const STATE_KEY = 'web-trigger-urls';
export const WEB_TRIGGER_PATH = '/x1/';
/** Forge's limit for a web trigger's request and response (UNCONFIRMED exact size; 5 MB as invoke responses). */
export const MAX_WEB_TRIGGER_BODY_BYTES = 5 * 1024 * 1024;

/**
 * Web trigger URL management limits: `getUrl` 1,000 requests per minute per app, environment and
 * context, creating a URL 500 per minute (forge-platform.md, limits-web-trigger). What Forge
 * answers over the limit is UNCONFIRMED; 429, which `@forge/api` turns into a thrown error.
 */
export const GET_URL_PER_MINUTE = 1000;
export const CREATE_URL_PER_MINUTE = 500;

/** Calls within the last minute, per installation (one app, environment and context each). */
class MinuteWindow {
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly now: () => number,
  ) {}

  /** Records a call; false when it is over the limit. */
  take(key: string): boolean {
    const since = this.now() - 60_000;
    const recent = (this.calls.get(key) ?? []).filter((t) => t > since);
    const allowed = recent.length < this.limit;
    if (allowed) recent.push(this.now());
    this.calls.set(key, recent);
    return allowed;
  }
}

export class WebTriggerService {
  private records: UrlRecord[];
  private readonly gets: MinuteWindow;
  private readonly creates: MinuteWindow;

  constructor(
    private readonly manifest: AppManifest,
    private readonly store: SqliteStore,
    private readonly invoke: FunctionInvoker,
    private readonly log: InvocationLog,
    private readonly installations: () => Map<string, Installation>,
    private readonly baseUrl: () => string,
    now: () => number = Date.now,
  ) {
    this.records = store.readHostState<UrlRecord[]>(STATE_KEY) ?? [];
    this.gets = new MinuteWindow(GET_URL_PER_MINUTE, now);
    this.creates = new MinuteWindow(CREATE_URL_PER_MINUTE, now);
  }

  /** Answers the GraphQL operations that `@forge/api`'s webTrigger sends. */
  graphql(installation: Installation, body: { query?: string; variables?: Record<string, any> }): Response { // eslint-disable-line @typescript-eslint/no-explicit-any
    const query = body.query ?? '';
    const vars = body.variables ?? {};
    if (query.includes('createWebTriggerUrl')) {
      const moduleKey = String(vars.input?.triggerKey);
      if (!this.manifest.webTriggers.some((w) => w.key === moduleKey)) {
        return graphqlError(`No webtrigger module '${moduleKey}' in manifest.yml`);
      }
      const existing = vars.forceCreate ? undefined : this.find(installation, moduleKey);
      // Each call is a round trip, counted against the per-minute limits; a new URL counts as a create too.
      if (!this.gets.take(installation.id) || (!existing && !this.creates.take(installation.id))) return this.limited(installation, 'get');
      const record = existing ?? this.create(installation, moduleKey);
      this.log.add({ kind: 'web-trigger-url', installationId: installation.id, op: existing ? 'get' : 'create', status: 200 });
      return json({ data: { createWebTriggerUrl: { url: this.urlOf(record) } } });
    }
    if (query.includes('deleteWebTriggerUrl')) {
      const before = this.records.length;
      this.records = this.records.filter((r) => !(r.id === vars.id && r.installationId === installation.id));
      this.persist();
      const success = this.records.length < before;
      return json({ data: { deleteWebTriggerUrl: { success, message: success ? null : 'Web trigger URL not found' } } });
    }
    if (query.includes('webTriggerUrlsByAppContext')) {
      const mine = this.records.filter((r) => r.installationId === installation.id);
      return json({ data: { webTriggerUrlsByAppContext: mine.map((r) => ({ triggerKey: r.moduleKey, url: this.urlOf(r) })) } });
    }
    return graphqlError('Unknown GraphQL operation');
  }

  private limited(installation: Installation, op: 'get'): Response {
    this.log.add({ kind: 'web-trigger-url', installationId: installation.id, op, status: 429 });
    return new Response(JSON.stringify({ errors: [{ message: 'Rate limit exceeded for web trigger URLs' }] }), { status: 429, statusText: 'Too Many Requests', headers: { 'content-type': 'application/json' } });
  }

  private answersToLose = 0;

  /**
   * Fault injection: the next `count` calls run the function to the end, then answer 500 as if
   * it had crashed before replying. The caller cannot tell whether the work was done.
   */
  loseNextAnswers(count: number): void {
    this.answersToLose = count;
  }

  private downUntil = 0;

  /** Fault injection: every call answers 503 without running the function, for `ms` from now. */
  takeDownFor(ms: number): void {
    this.downUntil = Date.now() + ms;
  }

  private readonly foreign = new Map<string, ForeignInbox>();

  /**
   * A web-trigger URL whose answers come from the caller's code instead of an installation this
   * host runs: another party's inbox (a test playing an attacker, or a peer on another version of
   * the app). It lives on the same host as the real ones, so egress treats it alike.
   */
  foreignInbox(handler: ForeignInbox): string {
    const id = randomBytes(16).toString('hex');
    this.foreign.set(id, handler);
    return `${this.baseUrl()}${WEB_TRIGGER_PATH}${id}`;
  }

  isWebTriggerUrl(url: URL): boolean {
    const base = new URL(this.baseUrl());
    return url.host === base.host && url.pathname.startsWith(WEB_TRIGGER_PATH);
  }

  /** HTTP handler for `/x1/<id>[/<userPath>]`. */
  async serve(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl());
    const [id, ...rest] = url.pathname.slice(WEB_TRIGGER_PATH.length).split('/');
    const foreign = this.foreign.get(id);
    if (foreign) {
      const answer = await foreign(body.toString('utf8'));
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.raw ?? JSON.stringify(answer.body));
      return;
    }
    const record = this.records.find((r) => r.id === id);
    const installation = record && this.installations().get(record.installationId);
    const module = record && this.manifest.webTriggers.find((w) => w.key === record.moduleKey);
    if (!record || !installation || !module) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Web trigger not found' }));
      return;
    }
    const request = {
      method: req.method,
      path: url.pathname,
      userPath: rest.length ? `/${rest.join('/')}` : '',
      headers: headersAsArrays(req),
      queryParameters: queryAsArrays(url),
      body: body.toString('utf8'),
    };
    if (Date.now() < this.downUntil) {
      this.log.add({ kind: 'web-trigger', installationId: installation.id, moduleKey: module.key, method: String(req.method), status: 503, bytes: body.length });
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Service unavailable' }));
      return;
    }
    const outcome = await this.invoke({
      installation,
      functionKey: module.function,
      moduleKey: module.key,
      args: [request, functionContext(installation)],
    });
    const lost = outcome.status === 'ok' && this.answersToLose > 0 && this.answersToLose-- > 0;
    const response = outcome.status === 'ok' && !lost ? toHttpResponse(outcome.value) : undefined;
    const status = response?.statusCode ?? 500;
    this.log.add({ kind: 'web-trigger', installationId: installation.id, moduleKey: module.key, method: String(req.method), status, bytes: body.length });
    if (!response) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Web trigger function failed' }));
      return;
    }
    res.writeHead(status, response.statusText, flattenHeaders(response.headers)).end(response.body ?? '');
  }

  private find(installation: Installation, moduleKey: string): UrlRecord | undefined {
    return this.records.find((r) => r.installationId === installation.id && r.moduleKey === moduleKey);
  }

  private create(installation: Installation, moduleKey: string): UrlRecord {
    const record = { id: randomBytes(16).toString('hex'), installationId: installation.id, moduleKey };
    this.records.push(record);
    this.persist();
    return record;
  }

  /** After the host's storage was cleared: no URL exists any more (sandbox infrastructure, see ForgeHost.clearStorage). */
  forgetAll(): void {
    this.records = [];
  }

  private persist(): void {
    this.store.writeHostState(STATE_KEY, this.records);
  }

  private urlOf(record: UrlRecord): string {
    return `${this.baseUrl()}${WEB_TRIGGER_PATH}${record.id}`;
  }
}

/** `headers`: what a hostile web trigger may add to its answer (a redirect's Location); `raw`: a body sent as it is, not as JSON. */
export type ForeignInbox = (body: string) => Promise<{ status: number; body: unknown; headers?: Record<string, string>; raw?: string }>;

interface WebTriggerResponse {
  statusCode: number;
  statusText?: string;
  headers?: Record<string, string[]>;
  body?: string;
}

/** The platform answers 500 when the function's result is not a valid web-trigger response. */
function toHttpResponse(value: unknown): WebTriggerResponse | undefined {
  const r = value as WebTriggerResponse;
  if (typeof r !== 'object' || r === null || !Number.isInteger(r.statusCode)) return undefined;
  if (r.body !== undefined && typeof r.body !== 'string') return undefined;
  if (r.headers !== undefined && (typeof r.headers !== 'object' || !Object.values(r.headers).every(Array.isArray))) return undefined;
  return r;
}

function headersAsArrays(req: IncomingMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(req.headersDistinct)) if (value) out[name.toLowerCase()] = value;
  return out;
}

function queryAsArrays(url: URL): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) (out[name] ??= []).push(value);
  return out;
}

function flattenHeaders(headers: Record<string, string[]> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(headers ?? {})) out[name] = values.join(', ');
  return out;
}

const json = (body: unknown): Response => Response.json(body);

const graphqlError = (message: string): Response => json({ data: null, errors: [{ message }] });
