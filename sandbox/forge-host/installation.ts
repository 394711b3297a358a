/** One installation of the app: one Confluence site, with its own storage and URLs. */
import type { ProductBackend } from './product-backend';

export interface Installation {
  /** Installation id (a UUID in Forge). */
  id: string;
  cloudId: string;
  siteUrl: string;
  /** The site's ARI, `installContext` in function contexts. */
  contextAri: string;
  product: ProductBackend;
}

export function siteAri(cloudId: string): string {
  return `ari:cloud:confluence::site/${cloudId}`;
}

/**
 * The second argument of every function, "the same for all modules" (function-reference/arguments,
 * https://developer.atlassian.com/platform/forge/function-reference/arguments/, updated
 * 2025-11-25): the site's ARI, the installation's ARI and contexts, and the principal when a
 * user caused the invocation. `license` is absent: the sandbox is a development environment,
 * where Forge passes none (UNCONFIRMED; the app does not read it).
 */
export function functionContext(installation: Installation, principal?: { accountId: string }) {
  const installationAri = `ari:cloud:ecosystem::installation/${installation.id}`;
  return {
    installContext: installation.contextAri,
    installation: { ari: { installationId: installation.id, toString: () => installationAri }, contexts: [installation.contextAri] },
    ...(principal ? { principal: { accountId: principal.accountId } } : {}),
  };
}
