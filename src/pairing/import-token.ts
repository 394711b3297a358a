/**
 * The destination admin's side of pairing: preview a token (what it claims, apart from what is
 * verified), then import it, which sends the claim to the source and records the pair under an
 * address this side makes for itself.
 */
import { z } from 'zod';
import { PageSyncPermission, summarize, type Sync } from '../domain/sync';
import { importAddresses, inboxHost, keyFingerprint } from '../domain/identity';
import { UserError } from '../domain/user-error';
import type { ErrorCode } from '../contract/errors';
import type { TokenPreview } from '../contract/resolvers';
import { readAnswer, versionProblem } from '../contract/peer-protocol';
import { readPairingToken, PairingTokenError, type PairingClaims } from './pairing-token';
import { signPeerMessage } from './peer-message';
import { CLAIM } from './claim';
import type { AdminContext, AdminDeps } from './sync-admin';
import type { PairingActivity, PeerTransport } from './ports';
import { sendToPeer } from './peer-channel';
import { copiesOf, destinationEntry, inheritedBy, previewLine, type CopyCounts, type Inherited } from './inherit-earlier';

export interface ImportDeps extends AdminDeps {
  transport: PeerTransport;
  /** This installation's copy records, counted for the earlier syncs an import takes over. */
  copies: CopyCounts;
  log(entry: PairingActivity): Promise<void>;
}

export const ImportInput = z.object({
  token: z.string().max(20_000),
  name: z.string().trim().min(1, 'Give the sync a name').max(200).optional(),
  pageSync: PageSyncPermission.default({ users: [], groups: [] }),
});

export const IMPORT_ERRORS = {
  expired: 'This token has expired. Ask the source space admin for a new one.',
  used: 'This token has already been used. Ask the source space admin for a new one.',
  revoked: 'This token has been replaced by a newer one or its sync was deleted. Ask the source space admin for the current token.',
  audience: 'This token was made by another installation of Space Sync (another app or environment) and cannot be used here.',
  sameSpace: 'This token was issued by this very space. Import it in the space that should receive the content.',
  alreadyPaired: 'This space is already paired with that source space.',
  notThisSite: 'This token says it comes from this site, but this site did not sign it. Do not use it.',
  unreachable: 'The source site could not be reached. Check that Space Sync is still installed there, then try again.',
  busy: 'The source site is busy right now. Import the token again in a minute.',
  refused: 'The source did not accept this token.',
} as const;

type ImportError = keyof typeof IMPORT_ERRORS;

/** Each way an import can fail, as the UI tells them apart: by code, never by wording. */
const IMPORT_CODES: Record<ImportError, ErrorCode> = {
  expired: 'token-expired',
  used: 'token-used',
  revoked: 'token-revoked',
  audience: 'token-wrong-app',
  sameSpace: 'token-same-space',
  alreadyPaired: 'already-paired',
  notThisSite: 'token-not-this-site',
  unreachable: 'source-unreachable',
  busy: 'busy',
  refused: 'source-refused',
};
const importError = (problem: ImportError) => new UserError(IMPORT_CODES[problem], IMPORT_ERRORS[problem]);
/** A refusal code from the source's claim handler (PEER_MESSAGES.claim.refusals), or any other refusal. */
const refusalError = (code: string) => importError(Object.hasOwn(IMPORT_ERRORS, code) ? (code as ImportError) : 'refused');

const TOKEN_CODES: Record<PairingTokenError['problem'], ErrorCode> = { malformed: 'token-not-a-token', tampered: 'token-tampered', expired: 'token-expired', audience: 'token-wrong-app' };

/** The token read and checked as far as this side can: intact, for this app, not from this space. */
async function checkedClaims(deps: ImportDeps, ctx: AdminContext, token: unknown): Promise<{ claims: PairingClaims; sameSite: boolean; existing: Sync[] }> {
  let claims: PairingClaims;
  try {
    claims = await readPairingToken(typeof token === 'string' ? token : '', deps.installation.audience, deps.nowSeconds());
  } catch (e) {
    if (e instanceof PairingTokenError) throw new UserError(TOKEN_CODES[e.problem], e.message);
    throw e;
  }
  // A token naming this site must carry this installation's own key: only then is the claim true.
  const { publicJwk } = await deps.keys.keyPair();
  const sameSite = claims.key.x === publicJwk.x;
  if (claims.site.cloudId === deps.installation.cloudId && !sameSite) throw importError('notThisSite');
  if (sameSite && claims.space.id === ctx.space.id) throw importError('sameSpace');
  const existing = await deps.syncs.listBySpace(ctx.space.id);
  const paired = existing.some((s) => s.role === 'destination' && s.state !== 'unpaired' && s.peer?.key.x === claims.key.x && s.peer.space.id === claims.space.id);
  if (paired) throw importError('alreadyPaired');
  return { claims, sameSite, existing };
}

/** The earlier syncs of this space paired with the very installation and space that signed this token. */
function inheritedFrom(claims: PairingClaims, ctx: AdminContext, existing: Sync[], syncId = ''): Inherited {
  return inheritedBy({ id: syncId, role: 'destination', space: { ...ctx.space, name: '' }, peer: { site: claims.site, space: claims.space, key: claims.key } }, existing);
}

export async function previewToken(deps: ImportDeps, ctx: AdminContext, input: { token: string }): Promise<TokenPreview> {
  const { claims, sameSite, existing } = await checkedClaims(deps, ctx, input.token);
  const inherited = inheritedFrom(claims, ctx, existing);
  const copies = inherited.predecessors.length ? await copiesOf(deps.copies, inherited.predecessors) : 0;
  return {
    claimed: { siteUrl: claims.site.url, spaceKey: claims.space.key, spaceName: claims.space.name, external: !sameSite },
    verified: { inboxHost: inboxHost(claims.inbox), keyFingerprint: keyFingerprint(claims.key), sameSite },
    syncName: claims.sync.name,
    message: claims.sync.message,
    expiresAt: new Date(claims.exp * 1000).toISOString(),
    ...(inherited.predecessors.length ? { inheritance: { copies, text: previewLine(copies, inherited, claims) } } : {}),
  };
}

/** `parsed` as the resolver edge read it with `ImportInput`. */
export async function importToken(deps: ImportDeps, ctx: AdminContext, parsed: z.infer<typeof ImportInput>) {
  const { claims, existing } = await checkedClaims(deps, ctx, parsed.token);
  const { privateJwk, publicJwk } = await deps.keys.keyPair();
  // Every try of this import claims with the same address (importAddresses), so a try cut off
  // after the source accepted (busy storage, a timeout) is finished by the next one.
  const { pairId, syncId: id } = importAddresses(privateJwk, parsed.token.trim(), ctx.space.id);
  const inherited = inheritedFrom(claims, ctx, existing, id);
  const name = parsed.name ?? claims.sync.name;
  const space = { ...ctx.space, name: await deps.permissions.spaceName(ctx.space.id) };
  const claim = await signPeerMessage(
    privateJwk,
    {
      type: CLAIM,
      to: 'source',
      pair: claims.pair,
      from: pairId,
      body: { token: parsed.token.trim(), destination: { site: { cloudId: deps.installation.cloudId, url: deps.installation.siteUrl }, space, inbox: await deps.installation.inboxUrl(), key: publicJwk, pair: pairId, syncName: name }, ...(inherited.predecessors.length ? { inherits: true } : {}) },
    },
    deps.nowSeconds(),
  );

  let answer;
  try {
    answer = await deps.transport.send(claims.inbox, claim);
  } catch {
    throw importError('unreachable');
  }
  const result = readAnswer(CLAIM, answer);
  // Busy (503, its storage over its rate): this very import, tried again, is finished there.
  if (result.kind === 'unreachable' && result.status === 503) throw importError('busy');
  // No inbox there any more (404) or a failing one (5xx): the source is not reachable as a peer.
  if (result.kind === 'unreachable' || (result.kind === 'refused' && result.status === 404)) throw importError('unreachable');
  if (result.kind === 'refused') throw result.code === 'version' ? new UserError('peer-version', versionProblem(result.supported ?? 0)) : refusalError(result.code);

  const sync: Sync = {
    id,
    pairId,
    name,
    message: claims.sync.message,
    role: 'destination',
    space,
    options: result.reply.options,
    pageSync: parsed.pageSync,
    state: result.reply.state,
    createdAt: new Date(deps.nowSeconds() * 1000).toISOString(),
    createdBy: ctx.accountId,
    peer: { site: claims.site, space: claims.space, inbox: claims.inbox, key: claims.key, pairId: claims.pair, syncName: claims.sync.name, pairedAt: new Date(deps.nowSeconds() * 1000).toISOString() },
    ...(inherited.predecessors.length ? { inherits: inherited.predecessors } : {}),
  };
  if (!(await deps.syncs.create(sync))) throw importError('refused');
  if (inherited.predecessors.length) await deps.log(destinationEntry(sync, await copiesOf(deps.copies, inherited.predecessors), inherited));
  // Both sides now hold the pair: ask the source to start the first full sync (an approval
  // starts it instead). If it cannot be told, the scheduled reconcile finds the never-synced pair.
  if (sync.state === 'active') await sendToPeer(deps, sync, 'ready', {});
  return summarize(sync, deps.installation.cloudId);
}
