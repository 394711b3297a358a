/** A sync between two spaces, as each side records it. Pure data and rules, no I/O. */
import { z } from 'zod';
import type { SyncSummary } from '../contract/resolvers';

export const SyncOptions = z.object({
  blogPosts: z.boolean().default(true),
  comments: z.boolean().default(true),
  labels: z.boolean().default(true),
  attachments: z.boolean().default(true),
  mode: z.enum(['automatic', 'manual']).default('automatic'),
  conflictPolicy: z.enum(['source-wins', 'keep-destination']).default('source-wins'),
});
export type SyncOptions = z.infer<typeof SyncOptions>;

/** Who may run "Sync now" on a page: account ids and group names of this site. */
export const PageSyncPermission = z.object({
  users: z.array(z.string().min(1).max(128)).max(200).default([]),
  groups: z.array(z.string().min(1).max(255)).max(200).default([]),
});
export type PageSyncPermission = z.infer<typeof PageSyncPermission>;

export const CreateSyncInput = z.object({
  name: z.string().trim().min(1, 'Give the sync a name').max(200),
  message: z.string().trim().max(2000).default(''),
  options: SyncOptions.default(SyncOptions.parse({})),
  pageSync: PageSyncPermission.default({ users: [], groups: [] }),
});
export type CreateSyncInput = z.infer<typeof CreateSyncInput>;

export type SyncState = 'awaiting-import' | 'active' | 'paused' | 'unpaired';

export interface SpaceRef {
  id: string;
  key: string;
  name: string;
}

/** The other side of a pair, as this side knows it. */
export interface PeerRef {
  site: { cloudId: string; url: string };
  space: SpaceRef;
  /** The peer's inbox web-trigger URL. */
  inbox: string;
  /** The peer's public pairing key (Ed25519 JWK); public, so kept with the sync. */
  key: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  syncName: string;
}

export interface Sync {
  id: string;
  /** Shared by the two sides of a pair (the source sync's id); each side's record has its own id. */
  pairId: string;
  name: string;
  message: string;
  role: 'source' | 'destination';
  space: SpaceRef;
  options: SyncOptions;
  pageSync: PageSyncPermission;
  state: SyncState;
  createdAt: string;
  createdBy: string;
  peer?: PeerRef;
}

/** What the settings page shows for a sync: never a token or a key. */
export function summarize(sync: Sync, ownCloudId: string, token?: { expiresAt: number }): SyncSummary {
  return {
    id: sync.id,
    name: sync.name,
    message: sync.message,
    role: sync.role,
    state: sync.state,
    options: sync.options,
    pageSync: sync.pageSync,
    createdAt: sync.createdAt,
    ...(sync.peer
      ? { peer: { siteUrl: sync.peer.site.url, spaceKey: sync.peer.space.key, spaceName: sync.peer.space.name, external: sync.peer.site.cloudId !== ownCloudId } }
      : {}),
    ...(token ? { tokenExpiresAt: new Date(token.expiresAt * 1000).toISOString() } : {}),
  };
}
