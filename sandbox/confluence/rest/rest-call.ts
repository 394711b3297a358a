/** What a REST handler gets and gives. */
import type { ConfluenceSite, Actor } from '../site';
import type { ApiVersion } from '../openapi-contract';
import { badRequest } from '../api-error';

export interface UploadedFile {
  name: string;
  mediaType: string;
  data: Buffer;
}

export interface RestCall {
  site: ConfluenceSite;
  actor: Actor;
  api: ApiVersion;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body, or the text fields of a multipart body. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- validated against the spec before the handler runs
  files: UploadedFile[];
  headers: Headers;
  /** Cursor pagination with the operation's documented default and maximum limit. */
  paginate<T>(items: T[]): { results: T[]; _links: { next?: string; base: string } };
}

export interface RestResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A binary body (downloads). */
  raw?: Buffer;
  /** Objects returned, for the points counter (reads cost 1 + objects). */
  objects?: number;
}

export type RestHandler = (call: RestCall) => RestResult;

export const ok = (body: unknown, objects = 1): RestResult => ({ status: 200, body, objects });

export function list(query: URLSearchParams, name: string): string[] {
  return query.getAll(name).flatMap((v) => v.split(',')).filter(Boolean);
}

export function bool(query: URLSearchParams, name: string): boolean {
  return query.get(name) === 'true';
}

/** The body of a page/blog/comment write: `{ representation, value }` or `{ storage: { ... } }`. */
export function storageBody(body: unknown): string {
  const b = body as { representation?: string; value?: string; storage?: { value?: string; representation?: string } } | undefined;
  const flat = b?.storage ?? b;
  if (!flat || typeof flat.value !== 'string') throw badRequest('A body with representation storage is required');
  if (flat.representation && flat.representation !== 'storage') throw badRequest(`The emulator stores bodies as storage format, not ${flat.representation}`);
  return flat.value;
}

export function sortBy<T extends { id: string; title: string; createdAt: string; version: { createdAt: string } }>(items: T[], sort: string | null): T[] {
  const key = (sort ?? 'id').replace(/^-/, '');
  const dir = sort?.startsWith('-') ? -1 : 1;
  const value = (c: T): string | number =>
    key === 'title' ? c.title.toLowerCase() : key === 'created-date' ? c.createdAt : key === 'modified-date' ? c.version.createdAt : Number(c.id);
  return [...items].sort((a, b) => (value(a) < value(b) ? -dir : value(a) > value(b) ? dir : 0));
}
