/**
 * The source admin's side of pairing: create syncs, list them, and issue tokens. Every call is
 * made for a space the platform names (never the payload) by a user Confluence says administers it.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CreateSyncInput, ownIdentity, PageSyncPermission, SyncOptions, summarize, type SpaceRef, type Sync } from '../domain/sync';
import { newPairAddress } from '../domain/identity';
import { UserError } from '../domain/user-error';
import { versionProblem } from '../contract/peer-protocol';
import { hashJti, newJti, PublicJwk, signPairingToken, TOKEN_LIFETIME_SECONDS } from './pairing-token';
import { sendToPeer, type SendDeps } from './peer-channel';
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
export const JUST_CLAIMED = 'Another space has just claimed this sync’s token. Refresh to see who.';

/** Every space-settings use case starts here: the calling user must administer the space. */
export async function requireAdmin(deps: AdminDeps, ctx: AdminContext): Promise<void> {
  if (!(await deps.permissions.isSpaceAdmin(ctx.space.id))) throw new UserError(NOT_ADMIN);
}

export async function createSync(deps: AdminDeps, ctx: AdminContext, rawInput: unknown) {
  await requireAdmin(deps, ctx);
  const parsed = CreateSyncInput.safeParse(rawInput);
  if (!parsed.success) throw new UserError(parsed.error.issues[0]?.message ?? 'The sync settings are not valid.');
  const space: SpaceRef = { ...ctx.space, name: await deps.permissions.spaceName(ctx.space.id) };
  const sync: Sync = {
    id: randomUUID(),
    pairId: newPairAddress(),
    name: parsed.data.name,
    message: parsed.data.message,
    role: 'source',
    space,
    options: parsed.data.options,
    pageSync: parsed.data.pageSync,
    state: 'awaiting-import',
    createdAt: new Date(deps.nowSeconds() * 1000).toISOString(),
    createdBy: ctx.accountId,
    requireApproval: parsed.data.requireApproval,
  };
  if (!(await deps.syncs.create(sync))) throw new UserError('The sync could not be created. Try again.');
  return summarize(sync, deps.installation.cloudId, { own: await ownOf(deps) });
}

/** This installation as the other admin sees it (inbox host and key fingerprint). */
async function ownOf(deps: AdminDeps) {
  return ownIdentity(await deps.installation.inboxUrl(), (await deps.keys.keyPair()).publicJwk as { x: string });
}

/** The space's syncs, each with this installation's identity for the admins to compare. */
export async function listSyncs(deps: AdminDeps, ctx: AdminContext) {
  await requireAdmin(deps, ctx);
  const syncs = await deps.syncs.listBySpace(ctx.space.id);
  const own = await ownOf(deps);
  return Promise.all(
    syncs.map(async (s) =>
      summarize(s, deps.installation.cloudId, {
        own,
        ...(s.state === 'awaiting-import' ? { token: await deps.syncs.currentToken(s.id) } : {}),
        ...(s.peerProblem ? { peerProblem: versionProblem(s.peerProblem.theirs) } : {}),
      }),
    ),
  );
}

/** Issues a new token for a sync awaiting import; the previous one stops working. Shown once. */
export async function issueToken(deps: AdminDeps, ctx: AdminContext, syncId: unknown) {
  await requireAdmin(deps, ctx);
  const sync = typeof syncId === 'string' ? await deps.syncs.get(ctx.space.id, syncId) : undefined;
  if (!sync) throw new UserError('That sync does not exist in this space.');
  if (sync.role !== 'source' || sync.state !== 'awaiting-import') throw new UserError('A token can only be issued for a sync that is awaiting import.');
  await useUpToken(deps, sync.id);
  const { privateJwk, publicJwk } = await deps.keys.keyPair();
  const now = deps.nowSeconds();
  const jti = newJti();
  const token = await signPairingToken(
    privateJwk,
    {
      jti,
      iss: deps.installation.siteUrl,
      aud: deps.installation.audience,
      pair: sync.pairId,
      sync: { name: sync.name, message: sync.message },
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

/**
 * Uses up the sync's current token before it is replaced or deleted, with the conditional write a
 * claim makes: if a claim won it first, the sync is being paired and must not change under it.
 */
async function useUpToken(deps: AdminDeps, syncId: string): Promise<void> {
  const current = await deps.syncs.currentToken(syncId);
  if (current && !(await deps.syncs.markTokenUsed(current.jtiHash))) throw new UserError(JUST_CLAIMED);
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
  requireApproval: z.boolean().optional(),
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
  if (input.data.requireApproval !== undefined && (sync.role !== 'source' || sync.state !== 'awaiting-import')) throw new UserError('Approval of the pairing is chosen on the source side before the token is claimed.');
  const edited: Sync = { ...sync, ...Object.fromEntries(Object.entries(input.data).filter(([k, v]) => k !== 'syncId' && v !== undefined)) };
  await deps.syncs.put(edited);
  if (input.data.options && edited.peer) await sendToPeer(deps, edited, 'options', { options: edited.options });
  return summarize(edited, deps.installation.cloudId);
}

/** Deletes a sync that is not paired (never imported, or unpaired); a paired one must be unpaired first. */
export async function deleteSync(deps: AdminDeps, ctx: AdminContext, syncId: unknown) {
  await requireAdmin(deps, ctx);
  const sync = await ownSync(deps, ctx, syncId);
  if (sync.state === 'active' || sync.state === 'paused') throw new UserError('Unpair this sync before deleting it.');
  if (sync.state === 'awaiting-approval') throw new UserError('Approve or decline the claim before deleting this sync.');
  if (sync.state === 'awaiting-import') await useUpToken(deps, sync.id);
  await deps.syncs.remove(sync);
  return { deleted: sync.id };
}
