/**
 * Holds every request to the emulator, and every response it gives, to Atlassian's official
 * OpenAPI documents (../shared/reference/confluence-openapi). A request the spec does not allow
 * is answered 400 with the reason and recorded as a violation; so is a response that does not
 * match its schema (an emulator bug). Tests fail on any recorded violation.
 */
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { OpenAPIBackend, type Operation } from 'openapi-backend';
import addFormats from 'ajv-formats';
import { V1_SUPPLEMENT, V2_SUPPLEMENT } from './openapi-supplement';

export type ApiVersion = 'v1' | 'v2';

export const OPENAPI_DIR = process.env.CONFLUENCE_OPENAPI_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'reference', 'confluence-openapi');

export interface MatchedRequest {
  api: ApiVersion;
  operation: Operation;
  params: Record<string, string>;
}

export interface ContractRequest {
  method: string;
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  headers: Record<string, string>;
  body?: unknown;
}

export class ContractViolation extends Error {}

type Backend = OpenAPIBackend;

/**
 * Errata for the published documents, each a defect no real request could satisfy:
 * write bodies are `oneOf: [XBodyWrite, XNestedBodyWrite]`, two schemas with no required
 * properties, so every body matches both and `oneOf` rejects it. Confluence accepts either
 * shape; `anyOf` says that and still checks each property's type and enum.
 */
function applyErrata(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(applyErrata);
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  const variants = obj.oneOf as Array<{ $ref?: string }> | undefined;
  if (variants?.length === 2 && variants.every((v) => /BodyWrite$/.test(v.$ref ?? ''))) {
    obj.anyOf = variants;
    delete obj.oneOf;
  }
  Object.values(obj).forEach(applyErrata);
}

/**
 * Where real answers carry `null` but the documents declare a plain type, each from a captured
 * response (confluence-real): a page's parent and position (rows 1, 18: the home page, root
 * pages and trashed pages), a space's description and icon (row 33, v2-space.json). The
 * documents' own text says "or null" for the parent. Those properties become nullable.
 */
const NULLABLE_IN_REAL_ANSWERS: Record<string, string[]> = {
  PageBulk: ['parentId', 'parentType', 'position', 'ownerId'],
  PageSingle: ['parentId', 'parentType', 'position', 'ownerId'],
  SpaceBulk: ['description', 'icon'],
  SpaceSingle: ['description', 'icon'],
};

function applyNullableErrata(definition: unknown): void {
  const schemas = (definition as { components?: { schemas?: Record<string, { properties?: Record<string, Record<string, unknown>> }> } }).components?.schemas ?? {};
  for (const [name, properties] of Object.entries(NULLABLE_IN_REAL_ANSWERS)) {
    for (const property of properties) {
      const declared = schemas[name]?.properties?.[property];
      if (!declared) continue;
      // A $ref (an enum, an object) cannot take `nullable` beside it in OpenAPI 3.0: null becomes an alternative.
      schemas[name].properties![property] = declared.$ref || declared.enum ? { anyOf: [declared, { type: 'null' }] } : { ...declared, nullable: true };
    }
  }
}

/**
 * v1 ContentCreate's `space` is a whole Space, whose `homepage` is a Content, which holds spaces
 * again: a circular request schema the validator recurses into without end. A create names the
 * space by `key` (the schema's one required property), so the check keeps that and lets the
 * rest of the object through, as `additionalProperties: true` does throughout the document.
 */
function applyCircularRequestErrata(definition: unknown): void {
  const create = (definition as { components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> } }).components?.schemas?.ContentCreate;
  if (create?.properties?.space) create.properties.space = { type: 'object', nullable: true, required: ['key'], properties: { key: { type: 'string' } }, additionalProperties: true };
}

/** One of the published documents as stored, without errata or supplements. */
export function readDocument(file: string): unknown {
  const path = join(OPENAPI_DIR, file);
  if (!existsSync(path)) {
    throw new Error(`Confluence OpenAPI document not found at ${path}: the project expects ../shared beside it, or CONFLUENCE_OPENAPI_DIR`);
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}

async function backendFor(file: string, apiRoot: string): Promise<Backend> {
  const definition = readDocument(file) as OpenAPIBackend['definition'];
  applyErrata(definition);
  applyNullableErrata(definition);
  applyCircularRequestErrata(definition);
  if (file === 'v2.json') Object.assign(definition.paths ?? {}, V2_SUPPLEMENT);
  if (file === 'v1.json') Object.assign(definition.paths ?? {}, V1_SUPPLEMENT);
  const api = new OpenAPIBackend({
    definition,
    apiRoot,
    strict: false,
    validate: true,
    // The published documents have small schema errors (ClassificationLevel); quick mode skips
    // validating the document itself and compiles each operation's validators on first use.
    quick: true,
    ajvOpts: { strict: false, logger: false },
    customizeAjv: (ajv) => {
      addFormats(ajv);
      ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31 });
      ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
      ajv.addFormat('binary', true);
      return ajv;
    },
  });
  await api.init();
  return api;
}

let shared: Promise<{ v1: Backend; v2: Backend }> | undefined;

/** The two documents, parsed once per process. */
function loadBackends(): Promise<{ v1: Backend; v2: Backend }> {
  shared ??= Promise.all([backendFor('v1.json', '/'), backendFor('v2.json', '/wiki/api/v2')]).then(([v1, v2]) => ({ v1, v2 }));
  return shared;
}

/**
 * The query as the validator reads it: a repeated parameter is an array, a single one a string.
 * Parsed here rather than by openapi-backend's `qs`, which turns a parameter repeated more than
 * 20 times into an object (qs's default arrayLimit) where the documents allow more (getPages
 * `id`: maxItems 250).
 */
function queryObject(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    const held = out[name];
    out[name] = held === undefined ? value : Array.isArray(held) ? [...held, value] : [held, value];
  }
  return out;
}

export class OpenApiContract {
  readonly violations: string[] = [];

  private constructor(private readonly backends: { v1: Backend; v2: Backend }) {}

  static async load(): Promise<OpenApiContract> {
    return new OpenApiContract(await loadBackends());
  }

  /** Finds the operation and checks path, method, parameters and JSON body; throws ContractViolation. */
  check(req: ContractRequest): MatchedRequest {
    const api: ApiVersion | undefined = req.path.startsWith('/wiki/api/v2/') ? 'v2' : req.path.startsWith('/wiki/rest/api/') ? 'v1' : undefined;
    if (!api) return this.fail(`${req.method} ${req.path}: not a Confluence REST path`);
    const backend = this.backends[api];
    const request = { method: req.method.toLowerCase(), path: req.path, query: queryObject(req.query), headers: req.headers, body: req.body };
    const operation = backend.matchOperation(request);
    if (!operation) return this.fail(`${req.method} ${req.path}: the ${api} spec has no such operation`);
    const result = backend.validateRequest(request, operation);
    if (!result.valid) {
      const reasons = (result.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
      return this.fail(`${req.method} ${req.path} (${operation.operationId}): ${reasons.join('; ')}`);
    }
    const params = backend.router.parseRequest(request, operation).params as Record<string, string>;
    return { api, operation, params };
  }

  /**
   * Checks a successful JSON response against the documented schema for its status; records a
   * violation if not. Error statuses are not checked: the documents give them no schema and
   * leave out several that Confluence sends (409 on a stale version, 429).
   */
  checkResponse(match: MatchedRequest, status: number, body: unknown): void {
    if (status >= 400) return;
    const documented = match.operation.responses?.[String(status)] ?? match.operation.responses?.default;
    if (!documented) {
      this.violations.push(`${match.operation.operationId}: status ${status} is not documented`);
      return;
    }
    if (status >= 300 || body === undefined) return;
    const result = this.backends[match.api].validateResponse(body, match.operation, status);
    if (!result.valid) {
      const reasons = (result.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).slice(0, 5);
      this.violations.push(`${match.operation.operationId} response ${status}: ${reasons.join('; ')}`);
    }
  }

  /**
   * The scope sets that each allow an operation, from its OAuth security requirements and
   * `x-atlassian-oauth2-scopes` (basic auth is not an app's way in). Empty: the document names none.
   */
  scopeSetsOf(match: MatchedRequest): string[][] {
    const op = match.operation as { security?: Array<Record<string, string[]>>; 'x-atlassian-oauth2-scopes'?: Array<{ scopes?: string[] }> };
    const fromSecurity = (op.security ?? []).flatMap((req) => (req.oAuthDefinitions ? [req.oAuthDefinitions] : []));
    const fromExtension = (op['x-atlassian-oauth2-scopes'] ?? []).flatMap((x) => (x.scopes?.length ? [x.scopes] : []));
    const sets = [...fromSecurity, ...fromExtension];
    return sets.filter((set, i) => sets.findIndex((other) => other.join(' ') === set.join(' ')) === i);
  }

  /** The documented default and maximum of an operation's `limit` parameter. */
  limitOf(match: MatchedRequest): { default: number; maximum: number } {
    const param = (match.operation.parameters ?? []).find((p) => 'name' in p && p.name === 'limit') as { schema?: { default?: number; maximum?: number } } | undefined;
    return { default: param?.schema?.default ?? 25, maximum: param?.schema?.maximum ?? 250 };
  }

  private fail(reason: string): never {
    this.violations.push(reason);
    throw new ContractViolation(reason);
  }
}
