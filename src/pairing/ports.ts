/** What the pairing use cases need from the platform; src/platform implements them over Forge. */
import type { JWK } from 'jose';
import type { Sync } from '../domain/sync';
import type { PAIRING_OUTCOMES } from '../replication/ports';

export interface IssuedToken {
  syncId: string;
  /** sha256 of the current token's jti: the token itself is never stored. */
  jtiHash: string;
  expiresAt: number;
}

export interface SyncStore {
  get(spaceId: string, syncId: string): Promise<Sync | undefined>;
  /** This installation's side of a pair, by pair id and role (what a peer's message names). */
  findByPair(pairId: string, role: Sync['role']): Promise<Sync | undefined>;
  listBySpace(spaceId: string): Promise<Sync[]>;
  /** Every sync of this installation, all spaces (the scheduled reconcile). */
  listAll(): Promise<Sync[]>;
  /** Records a new pair; false when its address is taken (an import never overwrites or joins a pair). */
  create(sync: Sync): Promise<boolean>;
  put(sync: Sync): Promise<void>;
  /** Removes the sync, its index entry and its token record together. */
  remove(sync: Sync): Promise<void>;
  currentToken(syncId: string): Promise<IssuedToken | undefined>;
  /** Replaces any earlier token of the sync, which is thereby revoked. */
  setCurrentToken(token: IssuedToken): Promise<void>;
  /**
   * Marks a token used, by the claimant when a claim uses it; false when it already was (a
   * conditional write, so only one claim, deletion or new token wins).
   */
  markTokenUsed(jtiHash: string, use: TokenUse): Promise<boolean>;
  /** How the token was used up (the mark is kept a day past the token's expiry). */
  tokenUse(jtiHash: string): Promise<TokenUse | undefined>;
  /** Records a peer message id; false when it was seen before (a replay). */
  markMessageSeen(messageId: string): Promise<boolean>;
}

/** When a token was used up (seconds; absent from marks older than this field), and by which claim if a claim did. */
export interface TokenUse {
  usedAt?: number;
  claimant?: TokenClaimant;
}

/** The claim that used a token up: the claimant's own address for the pair, its key and its space. */
export interface TokenClaimant {
  pair: string;
  keyX: string;
  spaceId: string;
}

export interface PeerReply {
  status: number;
  body: Record<string, unknown>;
}

/** What the peer inbox needs to accept a claim or a pair message. */
export interface InboxDeps {
  syncs: SyncStore;
  keys: PairingKeys;
  /** Who this installation is: the claim checks the token's audience against it. */
  audience(): string;
  /** The activity log, for what the admins must see (a claim, a refusal for another version). */
  log(entry: PairingActivity): Promise<void>;
  nowSeconds(): number;
}

/** A pairing event for a sync's activity log. */
export interface PairingActivity {
  syncId: string;
  outcome: (typeof PAIRING_OUTCOMES)[number];
  detail: string;
  /** Who decided, when a person did. */
  by?: string;
}

/** Sends a signed message to a peer inbox and returns its answer; throws when it cannot be reached. */
export interface PeerTransport {
  send(inboxUrl: string, message: string): Promise<PeerReply>;
}

export interface PairingKeys {
  /** This installation's pairing key pair, created on first use and kept as a secret. */
  keyPair(): Promise<{ privateJwk: JWK; publicJwk: JWK }>;
  /** The key pair if this installation has made one; never creates it. */
  existingKeyPair(): Promise<{ privateJwk: JWK; publicJwk: JWK } | undefined>;
}

export interface SpacePermissions {
  /** Whether the calling user administers the space, asked of Confluence as that user. */
  isSpaceAdmin(spaceId: string): Promise<boolean>;
  /** The space's display name, as the calling user sees it. */
  spaceName(spaceId: string): Promise<string>;
}

export interface InstallationInfo {
  cloudId: string;
  siteUrl: string;
  /** The app and environment this installation belongs to: a token's audience. */
  audience: string;
  inboxUrl(): Promise<string>;
}
