/**
 * The source admin's side of pairing: create syncs, list them, and issue tokens. Every call is
 * made for a space the platform names (never the payload) by a user Confluence says administers
 * it: the use cases take an `AdminContext`, which only `verifySpaceAdmin` makes, and the resolver
 * edge calls it once per call (src/entry/resolver-declaration.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SyncScope } from '../domain/sync-scope';
import { type CreateSyncInput, ownIdentity, PageSyncPermission, SyncOptions, summarize, type SpaceRef, type Sync } from '../domain/sync';
import { newPairAddress } from '../domain/identity';
import { abandoned, ABANDONED_AFTER_SECONDS } from '../domain/claim-window';
import { UserError } from '../domain/user-error';
import { editableFields, enforce, tokenRule, deleteRule, compareSyncs } from '../domain/sync-rules';
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

declare const verifiedSpaceAdmin: unique symbol;

/** A user Confluence says administers `space`: made only by `verifySpaceAdmin`. */
export interface AdminContext {
  accountId: string;
  space: { id: string; key: string };
  readonly [verifiedSpaceAdmin]: true;
}

export const NOT_ADMIN = 'Only admins of this space can manage its syncs.';
export const JUST_CLAIMED = 'Another space has just claimed this sync’s token. Refresh to see who.';
/** A claim used the token up and has not finished (yet): it may within minutes (claim-window.ts). */
export const CLAIM_UNDER_WAY = `Another space’s claim of this sync’s token is under way, or was cut off. Refresh in a minute to see whether it paired the spaces; if it did not, you can delete the sync or issue a new token ${ABANDONED_AFTER_SECONDS / 60} minutes after it claimed.`;

/** The one admin check: asks Confluence, as the calling user, whether they administer the space. */
export async function verifySpaceAdmin(permissions: Pick<SpacePermissions, 'isSpaceAdmin'>, caller: { accountId: string; space: { id: string; key: string } }): Promise<AdminContext> {
  if (!(await permissions.isSpaceAdmin(caller.space.id))) throw new UserError('not-space-admin', NOT_ADMIN);
  return { accountId: caller.accountId, space: caller.space } as AdminContext;
}

/** `input` as the resolver edge parsed it with `CreateSyncInput`. */
export async function createSync(deps: AdminDeps, ctx: AdminContext, input: CreateSyncInput) {
  const space: SpaceRef = { ...ctx.space, name: await deps.permissions.spaceName(ctx.space.id) };
  const sync: Sync = {
    id: randomUUID(),
    pairId: newPairAddress(),
    name: input.name,
    message: input.message,
    role: 'source',
    space,
    options: input.options,
    pageSync: input.pageSync,
    state: 'awaiting-import',
    createdAt: new Date(deps.nowSeconds() * 1000).toISOString(),
    createdBy: ctx.accountId,
    requireApproval: input.requireApproval,
    ...(input.scope ? { scope: input.scope } : {}),
  };
  if (!(await deps.syncs.create(sync))) throw new UserError('internal', 'The sync could not be created. Try again.');
  return summarize(sync, deps.installation.cloudId, { own: await ownOf(deps) });
}

/** This installation as the other admin sees it (inbox host and key fingerprint). */
async function ownOf(deps: AdminDeps) {
  return ownIdentity(await deps.installation.inboxUrl(), (await deps.keys.keyPair()).publicJwk as { x: string });
}

/** The space's syncs, paired ones first and by name (`compareSyncs`), each with this installation's identity for the admins to compare. */
export async function listSyncs(deps: AdminDeps, ctx: AdminContext) {
  const syncs = (await deps.syncs.listBySpace(ctx.space.id)).sort(compareSyncs);
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
  const sync = await ownSync(deps, ctx, syncId);
  enforce(tokenRule(sync));
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
  const now = deps.nowSeconds();
  if (!current || (await deps.syncs.markTokenUsed(current.jtiHash, { usedAt: now }))) return;
  // A claim that used the token up and was cut off long ago can no longer finish (claim-window.ts).
  const use = await deps.syncs.tokenUse(current.jtiHash);
  if (use?.claimant && abandoned(use.usedAt, now)) return;
  throw new UserError('token-just-claimed', use?.claimant ? CLAIM_UNDER_WAY : JUST_CLAIMED);
}

/** `<sync name>.spacesync-token`, with only characters every file system accepts. */
export function tokenFileName(syncName: string): string {
  const base = syncName.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'space-sync';
  return `${base}.spacesync-token`;
}

export const EditSyncInput = z.object({
  syncId: z.string().min(1),
  name: z.string().trim().min(1, 'Give the sync a name').max(200).optional(),
  message: z.string().trim().max(2000).optional(),
  options: SyncOptions.optional(),
  pageSync: PageSyncPermission.optional(),
  requireApproval: z.boolean().optional(),
  scope: SyncScope.optional(),
});

/** A sync of the admin's own space (the space comes from the context, the id from the payload). */
export async function ownSync(deps: Pick<AdminDeps, 'syncs'>, ctx: AdminContext, syncId: unknown): Promise<Sync> {
  const sync = typeof syncId === 'string' ? await deps.syncs.get(ctx.space.id, syncId) : undefined;
  if (!sync) throw new UserError('sync-not-found', 'That sync does not exist in this space.');
  return sync;
}

/**
 * Edits this side's record. What to sync and how is the source's to decide; after pairing the
 * destination is told, so both sides show the same options. The source applies them either way
 * (it decides what it sends), so a peer that cannot be told only shows stale options.
 */
/** `edit` as the resolver edge parsed it with `EditSyncInput`. */
export async function editSync(deps: AdminDeps & SendDeps, ctx: AdminContext, edit: z.infer<typeof EditSyncInput>) {
  const sync = await ownSync(deps, ctx, edit.syncId);
  const editable = editableFields(sync);
  // What the source sends is the source's to choose, as the options are.
  if (edit.options || edit.scope) enforce(editable.options);
  if (edit.message !== undefined) enforce(editable.message);
  if (edit.requireApproval !== undefined) enforce(editable.requireApproval);
  const edited: Sync = { ...sync, ...Object.fromEntries(Object.entries(edit).filter(([k, v]) => k !== 'syncId' && v !== undefined)) };
  await deps.syncs.put(edited);
  if (edit.options && edited.peer) await sendToPeer(deps, edited, 'options', { options: edited.options });
  return summarize(edited, deps.installation.cloudId);
}

/** Deletes a sync that is not paired (never imported, or unpaired); a paired one must be unpaired first. */
export async function deleteSync(deps: AdminDeps, ctx: AdminContext, syncId: unknown) {
  const sync = await ownSync(deps, ctx, syncId);
  enforce(deleteRule(sync));
  if (sync.state === 'awaiting-import') await useUpToken(deps, sync.id);
  await deps.syncs.remove(sync);
  return { deleted: sync.id };
}
