/**
 * The destination admin's side of pairing: preview a token (where it comes from, its message and
 * expiry), then import it, which sends the claim to the source and records the pair.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PageSyncPermission, SyncOptions, summarize, type Sync } from '../domain/sync';
import { UserError } from '../domain/user-error';
import { readPairingToken, PairingTokenError, type PairingClaims } from './pairing-token';
import { signPeerMessage } from './peer-message';
import { CLAIM } from './claim';
import type { AdminContext, AdminDeps } from './sync-admin';
import { requireAdmin } from './sync-admin';
import type { PeerTransport } from './ports';
import { READY_MESSAGE, sendToPeer } from './peer-channel';

export interface ImportDeps extends AdminDeps {
  transport: PeerTransport;
}

const ImportInput = z.object({
  token: z.string().max(20_000),
  name: z.string().trim().min(1, 'Give the sync a name').max(200).optional(),
  pageSync: PageSyncPermission.default({ users: [], groups: [] }),
});

export const IMPORT_ERRORS = {
  expired: 'This token has expired. Ask the source space admin for a new one.',
  used: 'This token has already been used. Ask the source space admin for a new one.',
  revoked: 'This token has been replaced by a newer one or its sync was deleted. Ask the source space admin for the current token.',
  sameSpace: 'This token was issued by this very space. Import it in the space that should receive the content.',
  alreadyPaired: 'This space is already paired with that source space.',
  unreachable: 'The source site could not be reached. Check that Space Sync is still installed there, then try again.',
  refused: 'The source did not accept this token.',
} as const;

async function checkedClaims(deps: ImportDeps, ctx: AdminContext, token: unknown): Promise<PairingClaims> {
  await requireAdmin(deps, ctx);
  let claims: PairingClaims;
  try {
    claims = await readPairingToken(typeof token === 'string' ? token : '', deps.nowSeconds());
  } catch (e) {
    if (e instanceof PairingTokenError) throw new UserError(e.message);
    throw e;
  }
  if (claims.site.cloudId === deps.installation.cloudId && claims.space.id === ctx.space.id) throw new UserError(IMPORT_ERRORS.sameSpace);
  const existing = await deps.syncs.listBySpace(ctx.space.id);
  const paired = existing.some((s) => s.role === 'destination' && s.state !== 'unpaired' && s.peer?.site.cloudId === claims.site.cloudId && s.peer.space.id === claims.space.id);
  if (paired) throw new UserError(IMPORT_ERRORS.alreadyPaired);
  return claims;
}

export async function previewToken(deps: ImportDeps, ctx: AdminContext, input: unknown) {
  const claims = await checkedClaims(deps, ctx, (input as { token?: unknown } | undefined)?.token);
  return {
    source: { siteUrl: claims.site.url, spaceKey: claims.space.key, spaceName: claims.space.name, external: claims.site.cloudId !== deps.installation.cloudId },
    syncName: claims.sync.name,
    message: claims.sync.message,
    expiresAt: new Date(claims.exp * 1000).toISOString(),
  };
}

export async function importToken(deps: ImportDeps, ctx: AdminContext, rawInput: unknown) {
  const input = ImportInput.safeParse(rawInput);
  if (!input.success) throw new UserError(input.error.issues[0]?.message ?? 'The import settings are not valid.');
  const claims = await checkedClaims(deps, ctx, input.data.token);
  const name = input.data.name ?? claims.sync.name;
  const space = { ...ctx.space, name: await deps.permissions.spaceName(ctx.space.id) };
  const { privateJwk, publicJwk } = await deps.keys.keyPair();
  const claim = await signPeerMessage(
    privateJwk,
    {
      type: CLAIM,
      pair: claims.sync.id,
      body: { token: input.data.token.trim(), destination: { site: { cloudId: deps.installation.cloudId, url: deps.installation.siteUrl }, space, inbox: await deps.installation.inboxUrl(), key: publicJwk, syncName: name } },
    },
    deps.nowSeconds(),
  );

  let reply;
  try {
    reply = await deps.transport.send(claims.inbox, claim);
  } catch {
    throw new UserError(IMPORT_ERRORS.unreachable);
  }
  if (reply.status === 409) {
    const reason = reply.body.error as keyof typeof IMPORT_ERRORS;
    throw new UserError(reason in IMPORT_ERRORS ? IMPORT_ERRORS[reason] : IMPORT_ERRORS.refused);
  }
  // No inbox there any more (404) or a failing one (5xx): the source is not reachable as a peer.
  if (reply.status === 404 || reply.status >= 500) throw new UserError(IMPORT_ERRORS.unreachable);
  const accepted = z.object({ pair: z.literal(claims.sync.id), options: SyncOptions }).safeParse(reply.body);
  if (reply.status !== 200 || !accepted.success) throw new UserError(IMPORT_ERRORS.refused);

  const sync: Sync = {
    id: randomUUID(),
    pairId: claims.sync.id,
    name,
    message: claims.sync.message,
    role: 'destination',
    space,
    options: accepted.data.options,
    pageSync: input.data.pageSync,
    state: 'active',
    createdAt: new Date(deps.nowSeconds() * 1000).toISOString(),
    createdBy: ctx.accountId,
    peer: { site: claims.site, space: claims.space, inbox: claims.inbox, key: claims.key, syncName: claims.sync.name },
  };
  await deps.syncs.put(sync);
  // Both sides now hold the pair: ask the source to start the first full sync. If it cannot be
  // told, the scheduled reconcile finds the never-synced pair and starts it.
  await sendToPeer(deps, sync, READY_MESSAGE);
  return summarize(sync, deps.installation.cloudId);
}
