/** A sync between two spaces, as each side records it. Pure data and rules, no I/O. */
import { z } from 'zod';
import type { SyncSummary } from '../contract/resolvers';
import { inboxHost, keyFingerprint } from './identity';
import { allowedActions, editableFields, showsVerify } from './sync-rules';
import { siteHost } from './side-words';
import type { Predecessor } from './inheritance';
import { SyncScope } from './sync-scope';
import { guardOf, MassDeleteGuard, type GuardHold } from './mass-delete-guard';

export const SyncOptions = z.object({
  blogPosts: z.boolean().default(true),
  comments: z.boolean().default(true),
  labels: z.boolean().default(true),
  attachments: z.boolean().default(true),
  mode: z.enum(['automatic', 'manual']).default('automatic'),
  /** `review`: a change that meets an edited copy waits there for a person to take it or keep the edits (review-rules.ts). */
  conflictPolicy: z.enum(['source-wins', 'keep-destination', 'review']).default('source-wins'),
  /** Many copies trashed at once pause the sync and ask both sides' admins (mass-delete-guard.ts); absent: its defaults (guardOf). */
  massDeleteGuard: MassDeleteGuard.optional(),
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
  /** The source admin approves each claim of the token before anything is sent. */
  requireApproval: z.boolean().default(false),
  /** What the sync covers (sync-scope.ts); absent: the whole space. */
  scope: SyncScope.optional(),
});
export type CreateSyncInput = z.infer<typeof CreateSyncInput>;

/** `awaiting-approval`: the token was claimed and the source admin has still to approve the pairing. */
export type SyncState = 'awaiting-import' | 'awaiting-approval' | 'active' | 'paused' | 'unpaired';
export type Role = 'source' | 'destination';

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
  /** The peer's own address for the pair: what this side puts on every message it sends. */
  pairId: string;
  syncName: string;
  /** When the pairing was made (the source: when the token was claimed). */
  pairedAt?: string;
}

export interface Sync {
  id: string;
  /**
   * This side's address for the pair, generated here and never shown to anyone: peers address
   * messages to it, and this side's replication records are kept under it. Each side has its own.
   */
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
  /** Source: a claim waits for the admin's approval before the pairing starts. */
  requireApproval?: boolean;
  /** Who paused it: each side lifts only its own pause. */
  pausedBy?: Role[];
  /** Why it ended, when the other side ended it. */
  endedBecause?: 'declined' | 'unpaired-by-peer';
  /** The last exchange found the two sides on protocol versions that cannot talk. */
  peerProblem?: { code: 'version'; theirs: number; at: string };
  /**
   * Earlier syncs of this space with the very same other installation and space whose records
   * this one took over (inheritance.ts): their copies' marks count as this sync's own.
   */
  inherits?: Predecessor[];
  /** What the source sends (sync-scope.ts); absent: the whole space. */
  scope?: SyncScope;
  /** The mass-delete guard holds trashes until an admin of either side answers its question. */
  hold?: GuardHold;
}

/** "Partner Docs (PARTNER) on globex.atlassian.net": the peer as it claimed to be, its site by host as admins read it. */
export function peerName(peer: Pick<PeerRef, 'site' | 'space'>): string {
  return `${peer.space.name} (${peer.space.key}) on ${siteHost(peer.site.url)}`;
}

/** This installation as the other admin sees it: what the two admins compare. */
export interface OwnIdentity {
  inboxHost: string;
  keyFingerprint: string;
}

export function ownIdentity(inboxUrl: string, publicKey: { x: string }): OwnIdentity {
  return { inboxHost: inboxHost(inboxUrl), keyFingerprint: keyFingerprint(publicKey) };
}

/** The peer as the settings page shows it: what it claimed, and what was verified (its key, its inbox host). */
function peerView(peer: PeerRef, ownCloudId: string): NonNullable<SyncSummary['peer']> {
  return {
    siteUrl: peer.site.url,
    spaceKey: peer.space.key,
    spaceName: peer.space.name,
    external: peer.site.cloudId !== ownCloudId,
    inboxHost: inboxHost(peer.inbox),
    keyFingerprint: keyFingerprint(peer.key),
    ...(peer.pairedAt ? { pairedAt: peer.pairedAt } : {}),
  };
}

/** What the settings page shows for a sync: never a token, a key or a pair address. */
export function summarize(sync: Sync, ownCloudId: string, extra: { token?: { expiresAt: number }; own?: OwnIdentity; peerProblem?: string } = {}): SyncSummary {
  return {
    id: sync.id,
    name: sync.name,
    message: sync.message,
    role: sync.role,
    state: sync.state,
    options: { ...sync.options, massDeleteGuard: guardOf(sync.options) },
    pageSync: sync.pageSync,
    createdAt: sync.createdAt,
    requireApproval: sync.requireApproval ?? false,
    ...(sync.scope ? { scope: sync.scope } : {}),
    ...(sync.pausedBy?.length ? { pausedBy: sync.pausedBy } : {}),
    ...(sync.endedBecause ? { endedBecause: sync.endedBecause } : {}),
    ...(sync.hold ? { hold: sync.hold } : {}),
    ...(sync.peer ? { peer: peerView(sync.peer, ownCloudId) } : {}),
    ...(extra.own ? { own: extra.own } : {}),
    ...(extra.peerProblem ? { peerProblem: extra.peerProblem } : {}),
    ...(extra.token ? { tokenExpiresAt: new Date(extra.token.expiresAt * 1000).toISOString() } : {}),
    ...allowedActions(sync),
    editable: Object.fromEntries(Object.entries(editableFields(sync)).map(([field, rule]) => [field, rule.ok])) as SyncSummary['editable'],
    shows: { verify: showsVerify(sync) },
  };
}

const PARTS = ['blogPosts', 'comments', 'labels', 'attachments'] as const;

/**
 * Why the source must catch up after a change to its sync, if it must: it ran again after a
 * pause, or it now sends something it did not (a part switched on, or manual made automatic),
 * so what changed meanwhile was never sent. Or its scope changed. Nothing else leaves the destination behind.
 */
export function catchUpReason(before: Sync, after: Sync): 'resumed' | 'options' | 'scope' | undefined {
  if (after.role !== 'source' || after.state !== 'active') return undefined;
  if (before.state === 'paused') return 'resumed';
  // A scope changed: items that entered it are sent, items that left it kept or trashed (send-item.ts).
  if (JSON.stringify(before.scope ?? null) !== JSON.stringify(after.scope ?? null)) return 'scope';
  const switchedOn = PARTS.some((part) => !before.options[part] && after.options[part]);
  const nowAutomatic = before.options.mode === 'manual' && after.options.mode === 'automatic';
  return switchedOn || nowAutomatic ? 'options' : undefined;
}
