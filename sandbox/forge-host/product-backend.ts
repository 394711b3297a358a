/**
 * What the host needs from a Confluence site: answer a REST request made as the app or as a
 * user. The Confluence Cloud emulator implements it; tests may pass a small stand-in.
 */
import type { ScopeNeed } from './scope-audit';

export type ProductIdentity = { kind: 'app' } | { kind: 'user'; accountId: string };

export interface ProductRequest {
  method: string;
  /** Path and query, e.g. `/wiki/api/v2/pages/123?body-format=storage`. */
  path: string;
  headers: Headers;
  body?: Buffer;
  as: ProductIdentity;
  /** The scopes the app's manifest declares; the product refuses an operation none of whose required scopes sets they cover. */
  scopes?: string[];
}

export interface ProductBackend {
  request(req: ProductRequest): Promise<Response>;
  /**
   * A URL on another Atlassian origin that the product's answers redirect to (Confluence's media
   * host for downloads), or undefined when the product does not serve it.
   */
  external?(url: URL, headers: Headers): Response | undefined;
  /** The operations the app has called so far, each with the scope sets that allow it. */
  scopeNeeds?(): ScopeNeed[];
}
