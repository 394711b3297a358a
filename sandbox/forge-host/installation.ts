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
