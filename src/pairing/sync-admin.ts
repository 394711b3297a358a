/**
 * The source admin's side of pairing: create syncs, list them, and issue tokens. Every call is
 * made for a space the platform names (never the payload) by a user Confluence says administers it.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CreateSyncInput, PageSyncPermission, SyncOptions, summarize, type SpaceRef, type Sync } from '../domain/sync';
import { UserError } from '../domain/user-error';
import { hashJti, newJti, PublicJwk, signPairingToken, TOKEN_LIFETIME_SECONDS } from './pairing-token';
import { OPTIONS_MESSAGE, sendToPeer, type SendDeps } from './peer-channel';
import type { InstallationInfo, PairingKeys, SpacePermissions, SyncStore } from './ports';

export interface AdminDeps {
  syncs: SyncStore;
  keys: PairingKeys;
  permissions: SpacePermissions;
  installation: InstallationInfo;
  nowSeconds(): number;
}

export interface AdminContext {
  accountId: string;
  space: { id: string; key: string };
}

export const NOT_ADMIN = 'Only admins of this space can manage its syncs.';

/** Every space-settings use case starts here: the calling user must administer the space. */
export async function requireAdmin(deps: AdminDeps, ctx: AdminContext): Promise<void> {
  if (!(await deps.permissions.isSpaceAdmin(ctx.space.id))) throw new UserError(NOT_ADMIN);
}

export async function createSync(deps: AdminDeps, ctx: AdminContext, rawInput: unknown) {
  await requireAdmin(deps, ctx);
  const parsed = CreateSyncInput.safeParse(rawInput);
  if (!parsed.success) throw new UserError(parsed.error.issues[0]?.message ?? 'The sync settings are not valid.');
  const space: SpaceRef = { ...ctx.space, name: await deps.permissions.spaceName(ctx.space.id) };
  const id = randomUUID();
  const sync: Sync = {
    id,
    pairId: id,
    name: parsed.data.name,
    message: parsed.data.message,
    role: 'source',
    space,
    options: parsed.data.options,
    pageSync: parsed.data.pageSync,
    state: 'awaiting-import',
    createdAt: new Date(deps.nowSeconds() * 1000).toISOString(),
    createdBy: ctx.accountId,
  };
  await deps.syncs.put(sync);
  return summarize(sync, deps.installation.cloudId);
}

export async function listSyncs(deps: AdminDeps, ctx: AdminContext) {
  await requireAdmin(deps, ctx);
  const syncs = await deps.syncs.listBySpace(ctx.space.id);
  return Promise.all(syncs.map(async (s) => summarize(s, deps.installation.cloudId, s.state === 'awaiting-import' ? await deps.syncs.currentToken(s.id) : undefined)));
}

/** Issues a new token for a sync awaiting import; the previous one stops working. Shown once. */
export async function issueToken(deps: AdminDeps, ctx: AdminContext, syncId: unknown) {
  await requireAdmin(deps, ctx);
  const sync = typeof syncId === 'string' ? await deps.syncs.get(ctx.space.id, syncId) : undefined;
  if (!sync) throw new UserError('That sync does not exist in this space.');
  if (sync.role !== 'source' || sync.state !== 'awaiting-import') throw new UserError('A token can only be issued for a sync that is awaiting import.');
  const { privateJwk, publicJwk } = await deps.keys.keyPair();
  const now = deps.nowSeconds();
  const jti = newJti();
  const token = await signPairingToken(
    privateJwk,
    {
      jti,
      iss: deps.installation.siteUrl,
      sync: { id: sync.id, name: sync.name, message: sync.message },
      space: sync.space,
      site: { cloudId: deps.installation.cloudId, url: deps.installation.siteUrl },
      inbox: await deps.installation.inboxUrl(),
      key: PublicJwk.parse(publicJwk),
    },
    now,
  );
  const expiresAt = now + TOKEN_LIFETIME_SECONDS;
  await deps.syncs.setCurrentToken({ syncId: sync.id, jtiHash: hashJti(jti), expiresAt });
  return { token, fileName: tokenFileName(sync.name), expiresAt: new Date(expiresAt * 1000).toISOString() };
}

/** `<sync name>.spacesync-token`, with only characters every file system accepts. */
export function tokenFileName(syncName: string): string {
  const base = syncName.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'space-sync';
  return `${base}.spacesync-token`;
}

const EditSyncInput = z.object({
  syncId: z.string().min(1),
  name: z.string().trim().min(1, 'Give the sync a name').max(200).optional(),
  message: z.string().trim().max(2000).optional(),
  options: SyncOptions.optional(),
  pageSync: PageSyncPermission.optional(),
});

async function ownSync(deps: AdminDeps, ctx: AdminContext, syncId: unknown): Promise<Sync> {
  const sync = typeof syncId === 'string' ? await deps.syncs.get(ctx.space.id, syncId) : undefined;
  if (!sync) throw new UserError('That sync does not exist in this space.');
  return sync;
}

/**
 * Edits this side's record. What to sync and how is the source's to decide; after pairing the
 * destination is told, so both sides show the same options. The source applies them either way
 * (it decides what it sends), so a peer that cannot be told only shows stale options.
 */
export async function editSync(deps: AdminDeps & SendDeps, ctx: AdminContext, rawInput: unknown) {
  await requireAdmin(deps, ctx);
  const input = EditSyncInput.safeParse(rawInput);
  if (!input.success) throw new UserError(input.error.issues[0]?.message ?? 'The sync settings are not valid.');
  const sync = await ownSync(deps, ctx, input.data.syncId);
  if (input.data.options && (sync.role !== 'source' || sync.state === 'unpaired')) {
    throw new UserError('What to sync is chosen on the source side of an active sync.');
  }
  if (input.data.message !== undefined && sync.role !== 'source') throw new UserError('The message belongs to the source of the sync.');
  const edited: Sync = { ...sync, ...Object.fromEntries(Object.entries(input.data).filter(([k, v]) => k !== 'syncId' && v !== undefined)) };
  await deps.syncs.put(edited);
  if (input.data.options && edited.peer) await sendToPeer(deps, edited, OPTIONS_MESSAGE, { options: edited.options });
  return summarize(edited, deps.installation.cloudId);
}

/** Deletes a sync that is not paired (never imported, or unpaired); a paired one must be unpaired first. */
export async function deleteSync(deps: AdminDeps, ctx: AdminContext, syncId: unknown) {
  await requireAdmin(deps, ctx);
  const sync = await ownSync(deps, ctx, syncId);
  if (sync.state === 'active' || sync.state === 'paused') throw new UserError('Unpair this sync before deleting it.');
  await deps.syncs.remove(sync);
  return { deleted: sync.id };
}
