/**
 * The peer protocol: every message one installation of Space Sync sends another, in one place.
 * A message is a compact JWS whose payload is an envelope (protocol version, type, the role and
 * pair address it is for, a message id and a time) around a body; each type declares who may
 * send it, its body, its reply and the refusals it may get. The envelope's fields are the part
 * every version keeps, so a peer on another version is still told, clearly, that it cannot be
 * understood (`version`), rather than refused as a stranger.
 */
import { z } from 'zod';
import { SyncOptions, type Role } from '../domain/sync';
import { ACTIVITY_OUTCOMES } from '../replication/ports';
import { ContentKind, MAX_TRANSFER_PARTS, PART_BYTES, PageSnapshot, Transfer } from '../replication/snapshot';
import { PairAddress, PeerInboxUrl, PublicJwk, WebUrl } from '../domain/identity';
import { BEHIND_PARTS, DIFFERENCE_CODES } from '../domain/verify-rules';
import { ORDER_LIMITS } from '../domain/sibling-order';

/** Bounds of Verify's messages: a batch stays far below the inbox's 256 KB, whatever the space holds. */
export const VERIFY_LIMITS = { items: 25, labels: 50, comments: 300, files: 100, replyDifferences: 200, resendItems: 200 } as const;

/** The version this build speaks, and the oldest and newest it can read. */
export const PROTOCOL_VERSION = 1;
export const SUPPORTED_VERSIONS = { min: 1, max: 1 } as const;

export type { Role };

/** What every version of the protocol keeps: enough to route, verify and refuse a message. */
export const Envelope = z.object({
  v: z.number().int().positive(),
  type: z.string().min(1).max(40),
  to: z.enum(['source', 'destination']),
  /** The receiver's own address for the pair. */
  pair: PairAddress,
  /**
   * The sender's own address for the pair. One installation signs for all its pairs with one key,
   * so the key alone does not say which of its pairs a message comes from: this does.
   */
  from: PairAddress,
  msg: z.string().uuid(),
  iat: z.number().int(),
  body: z.record(z.string(), z.unknown()),
});
export type Envelope = z.infer<typeof Envelope>;

const SiteRef = z.object({ cloudId: z.string().min(1).max(100), url: WebUrl });
const SpaceRef = z.object({ id: z.string().min(1).max(50), key: z.string().min(1).max(255), name: z.string().max(255) });

/** The refusal codes a peer may answer with, whatever the message. */
export const COMMON_REFUSALS = ['unauthorized', 'version', 'bad-request', 'state', 'busy', 'busy-storage'] as const;

/** The refusal body: a code, and for `version` what the refusing side can read. Never another system's text. */
export const Refusal = z.object({
  error: z.string().max(40),
  supported: z.object({ min: z.number().int(), max: z.number().int() }).optional(),
  retryAfter: z.number().int().positive().max(900).optional(),
});
export type Refusal = z.infer<typeof Refusal>;

const Ok = z.object({ ok: z.literal(true) });
const Empty = z.object({}).strict();

export const ClaimBody = z.object({
  token: z.string().min(20).max(20_000),
  destination: z.object({
    site: SiteRef,
    space: SpaceRef,
    inbox: PeerInboxUrl,
    key: PublicJwk,
    /** The destination's own address for this pair, which the source puts on what it sends. */
    pair: PairAddress,
    syncName: z.string().min(1).max(200),
  }),
  /** The destination takes over an earlier sync's copies with this source (inheritance.ts): the source may take over what that sync sent. */
  inherits: z.boolean().optional(),
});
export type ClaimBody = z.infer<typeof ClaimBody>;

export const ClaimReply = z.object({
  /** Active at once, or waiting until the source admin approves the pairing. */
  state: z.enum(['active', 'awaiting-approval']),
  options: SyncOptions,
});

/** `recheck` (a Verify repair): the destination checks the copy's parts against what it holds, not only its record. */
const Common = { cause: z.string().max(200), repair: z.boolean().optional(), recheck: z.boolean().optional() };
/** The snapshot inline, or (when it outgrew one message) the transfer that carried it. */
export const ApplyBody = z.union([z.object({ snapshot: PageSnapshot, ...Common }).strict(), z.object({ snapshotTransfer: Transfer, ...Common }).strict()]);
export type ApplyBody = z.infer<typeof ApplyBody>;

/** Bounded, so a peer's answer can never outgrow the record the source keeps of it. */
export const ApplyReply = z.object({
  status: z.enum(['synced', 'ahead', 'deleted', 'restricted', 'failed', 'skipped']),
  outcome: z.enum(ACTIVITY_OUTCOMES),
  destId: z.string().regex(/^\d{1,20}$/).optional(),
  destVersion: z.number().int().nonnegative().optional(),
  detail: z.string().max(1000).optional(),
});
export type ApplyReply = z.infer<typeof ApplyReply>;

/**
 * Bounds of `apply-batch`: up to 16 items (the full sync's window, sync-window.ts), and a byte
 * budget for the items' JSON that keeps the whole signed message under the inbox's limits
 * (peer-inbox.ts: the JWS may be 200,000 characters, the request 256 KiB). A JWS carries its
 * payload in base64url (4 characters per 3 bytes), so 140,000 bytes of items become about
 * 186,700 characters; the envelope's other fields, the header and the signature add under 1,000.
 * Any one inline snapshot (at most 100 KiB, send-item.ts) fits the budget alone.
 */
export const APPLY_BATCH_LIMITS = { items: 16, bytes: 140_000 } as const;

/** The bytes an item takes in a batch's JSON (UTF-8, as the JWS encodes it). */
export const batchItemBytes = (item: unknown) => Buffer.byteLength(JSON.stringify(item));

/**
 * `apply-batch`: several `apply` bodies in one message. Each item is read here only as an object:
 * the destination parses each on its own with `ApplyBody` (inbox-handlers.ts), so one malformed
 * item is refused alone (`bad-request` for that item) and the others are applied.
 */
export const ApplyBatchBody = z
  .object({
    items: z
      .array(z.record(z.string(), z.unknown()))
      .min(1)
      .max(APPLY_BATCH_LIMITS.items)
      .refine((items) => items.reduce((sum, item) => sum + batchItemBytes(item) + 1, 0) <= APPLY_BATCH_LIMITS.bytes, 'items over the byte budget'),
  })
  .strict();
export type ApplyBatchBody = z.infer<typeof ApplyBatchBody>;

/**
 * One item's answer in a batch: what a single `apply` would have been answered, as status and
 * body (an `ApplyReply` with 200, a refusal otherwise: `incomplete`, `refused`, `state`,
 * `bad-request`, or `busy` with 503 for an item to send again), so the source reads it exactly as
 * it reads a single answer (`readAnswer('apply', …)`).
 */
export const ApplyBatchItemAnswer = z.union([
  z.object({ status: z.literal(200), body: ApplyReply }).strict(),
  z.object({ status: z.number().int().min(400).max(599), body: Refusal.strict() }).strict(),
]);
export type ApplyBatchItemAnswer = z.infer<typeof ApplyBatchItemAnswer>;

/** One answer per item, in the items' order; at most 16 × about 6 KB, far under what the transport reads of an answer. */
export const ApplyBatchReply = z.object({ replies: z.array(ApplyBatchItemAnswer).min(1).max(APPLY_BATCH_LIMITS.items) }).strict();
export type ApplyBatchReply = z.infer<typeof ApplyBatchReply>;

export const PartBody = z.object({
  transfer: z.string().regex(/^[\w.-]{1,120}$/),
  index: z.number().int().nonnegative(),
  count: z.number().int().positive().max(MAX_TRANSFER_PARTS),
  data: z.string().max(Math.ceil(PART_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/),
});

/** A page, blog post or tree node id: digits only. */
const ItemId = z.string().regex(/^\d{1,20}$/);
/** A comment or attachment id, as snapshots carry them (`att…` for attachments). */
const PartId = z.string().regex(/^[A-Za-z0-9]{1,30}$/);
const Hash = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** One item as the source holds it now, for the destination to compare with its copy (see domain/verify-rules.ts). */
export const VerifyItem = z
  .object({
    id: ItemId,
    kind: ContentKind,
    status: z.enum(['current', 'archived', 'trashed', 'moved', 'unreadable']),
    hash: Hash.optional(),
    pageHash: Hash.optional(),
    title: z.string().max(255).optional(),
    parent: ItemId.optional(),
    labels: z.array(z.string().min(1).max(255)).max(VERIFY_LIMITS.labels).optional(),
    comments: z.array(PartId).max(VERIFY_LIMITS.comments).optional(),
    files: z.array(z.object({ id: PartId, version: z.number().int().positive() }).strict()).max(VERIFY_LIMITS.files).optional(),
  })
  .strict();
export type VerifyItem = z.infer<typeof VerifyItem>;

/**
 * One batch of a Verify run. `seq` counts the run's batches from 0 (the first starts the run at
 * the destination); `last` ends it, and the destination then looks for copies no batch named.
 */
export const VerifyBody = z.object({ run: z.string().uuid(), seq: z.number().int().nonnegative().max(1_000_000), items: z.array(VerifyItem).max(VERIFY_LIMITS.items), last: z.boolean() }).strict();
export type VerifyBody = z.infer<typeof VerifyBody>;

const Facts = z
  .object({
    copyVersion: z.number().int().nonnegative().optional(),
    appVersion: z.number().int().nonnegative().optional(),
    kept: z.boolean().optional(),
    review: z.boolean().optional(),
    what: z.array(z.enum(BEHIND_PARTS)).max(BEHIND_PARTS.length).optional(),
    copyTitle: z.string().max(255).optional(),
    unmovable: z.boolean().optional(),
    names: z.array(z.string().max(100)).max(5).optional(),
    count: z.number().int().nonnegative().max(1_000_000).optional(),
  })
  .strict();

/** A difference as the destination answers it: a code and facts, never a sentence (each side words its own). */
export const WireDifference = z.object({ sourceId: ItemId, kind: ContentKind, title: z.string().max(255), code: z.enum(DIFFERENCE_CODES), facts: Facts }).strict();
export type WireDifference = z.infer<typeof WireDifference>;

/**
 * `checked`: how many of the batch's items (from its first) were compared; the source sends the
 * rest again. `done`: the run is over at the destination (the last batch was wholly checked).
 * `more`: differences found and not sent (past the bound).
 */
export const VerifyReply = z
  .object({ checked: z.number().int().nonnegative().max(VERIFY_LIMITS.items), differences: z.array(WireDifference).max(VERIFY_LIMITS.replyDifferences), more: z.number().int().nonnegative().max(1_000_000), done: z.boolean() })
  .strict();
export type VerifyReply = z.infer<typeof VerifyReply>;

/** The destination asks the source to repair items of this pair, as their differences say. */
export const ResendBody = z
  .object({ items: z.array(z.object({ sourceId: ItemId, recheck: z.boolean(), resendFiles: z.boolean() }).strict()).min(1).max(VERIFY_LIMITS.resendItems) })
  .strict();

/**
 * `order`: after a full sync, each parent's pages in the source's order (sibling-order.ts), for
 * the destination to put their copies in that order; `parent` absent for those under the home
 * page. At most 5,000 ids (about 80 KB) a message.
 */
export const OrderBody = z
  .object({
    groups: z
      .array(z.object({ parent: ItemId.optional(), children: z.array(ItemId).min(2).max(ORDER_LIMITS.children) }).strict())
      .min(1)
      .max(ORDER_LIMITS.groups)
      .refine((groups) => groups.reduce((sum, g) => sum + g.children.length, 0) <= ORDER_LIMITS.ids, 'too many ids'),
  })
  .strict();
export type OrderBody = z.infer<typeof OrderBody>;

/** `done`: how many groups (from the first) were put in order; the source sends the rest again. `moved`: the copies moved. */
export const OrderReply = z.object({ done: z.number().int().nonnegative().max(ORDER_LIMITS.groups), moved: z.number().int().nonnegative().max(ORDER_LIMITS.ids) }).strict();

/** The mass-delete guard's question, as the source tells the destination (src/domain/mass-delete-guard.ts). */
export const GuardHoldBody = z
  .object({
    question: z.string().uuid(),
    at: z.string().datetime(),
    trashes: z.number().int().positive().max(1_000_000),
    copies: z.number().int().positive().max(1_000_000),
    percent: z.number().min(0).max(100),
    items: z.array(z.object({ id: ItemId, kind: ContentKind, title: z.string().max(255), parent: ItemId.optional() }).strict()).max(50),
    more: z.number().int().nonnegative().max(1_000_000),
  })
  .strict();

/** An answer to that question: from the destination's admin (the source acts on it), or the source telling the destination it was answered. */
export const GuardAnswerBody = z.object({ question: z.string().uuid(), answer: z.enum(['confirm', 'undo']), detail: z.string().max(1000).optional() }).strict();
/** `hold`: on a stale answer, the question the source asks now (one the destination may have missed). */
export const GuardAnswerReply = z.object({ outcome: z.enum(['done', 'stale']), detail: z.string().max(1000).optional(), hold: GuardHoldBody.optional() }).strict();

/**
 * The destination's answer to a version that waited for review (review-rules.ts): taken (the
 * copy now holds `sourceVersion`, at its `destVersion`) or the copy kept its edits (`copyVersion`).
 */
export const ReviewAnswerBody = z
  .object({ sourceId: ItemId, answer: z.enum(['take', 'keep']), sourceVersion: z.number().int().positive(), copyVersion: z.number().int().nonnegative(), destVersion: z.number().int().nonnegative().optional() })
  .strict();

interface MessageSpec {
  /** Who may send it. */
  from: Role | 'either';
  body: z.ZodType<Record<string, unknown>>;
  reply: z.ZodType<Record<string, unknown>>;
  /** Refusals besides the common ones. */
  refusals: readonly string[];
}

/** Every message type, with who sends it, its body, its reply and its own refusals. */
export const PEER_MESSAGES = {
  /** The destination redeems a token (signed with the key it announces). */
  claim: { from: 'destination', body: ClaimBody, reply: ClaimReply, refusals: ['used', 'revoked', 'expired', 'audience'] },
  /** The destination has recorded the pair: the source may start the first full sync. */
  ready: { from: 'destination', body: Empty, reply: Ok, refusals: [] },
  /** The source admin approved a claimed pairing: the destination becomes active. */
  approve: { from: 'source', body: Empty, reply: Ok, refusals: [] },
  /** The source admin declined a claimed pairing: the destination's side ends. */
  decline: { from: 'source', body: Empty, reply: Ok, refusals: [] },
  pause: { from: 'either', body: Empty, reply: Ok, refusals: [] },
  resume: { from: 'either', body: Empty, reply: Ok, refusals: [] },
  unpair: { from: 'either', body: Empty, reply: Ok, refusals: [] },
  /** The source changed what to sync. */
  options: { from: 'source', body: z.object({ options: SyncOptions }), reply: Ok, refusals: [] },
  /** The source sends one page's snapshot for the destination to apply. */
  apply: { from: 'source', body: ApplyBody, reply: ApplyReply, refusals: ['incomplete', 'refused'] },
  /**
   * Several applies in one message (a full sync's items under way at once): one inbox invocation
   * and one egress request instead of one per item. Added within protocol 1: a peer that does not
   * know it answers `bad-request` (as to any type it cannot read, peer-channel.ts), and the source
   * then sends that sync single `apply` messages (apply-batcher.ts).
   */
  'apply-batch': { from: 'source', body: ApplyBatchBody, reply: ApplyBatchReply, refusals: [] },
  /** The destination's copy of a page was edited there: the source shows it AHEAD too. */
  drift: { from: 'destination', body: z.object({ sourceId: z.string().regex(/^\d{1,20}$/), version: z.number().int().positive() }).strict(), reply: Ok, refusals: [] },
  /** After a full sync: the destination puts the copies in their originals' sibling order. */
  order: { from: 'source', body: OrderBody, reply: OrderReply, refusals: [] },
  /** Bytes sent ahead of an apply. */
  part: { from: 'source', body: PartBody, reply: Ok, refusals: ['quota'] },
  /** A batch of a Verify run: the destination compares each item with its copy and answers the differences. */
  verify: { from: 'source', body: VerifyBody, reply: VerifyReply, refusals: ['sequence'] },
  /** The destination's admin asks for a Verify run (the source runs it). */
  'verify-request': { from: 'destination', body: Empty, reply: z.object({ run: z.string().uuid() }).strict(), refusals: ['syncing'] },
  /** The destination's admin repairs differences: the source sends those items again. */
  /** The source's mass-delete guard holds trashes: the destination pauses and asks its admin too. */
  'guard-hold': { from: 'source', body: GuardHoldBody, reply: Ok, refusals: [] },
  /** An admin answered the guard's question (confirm the deletion, or undo it at the source). */
  'guard-answer': { from: 'either', body: GuardAnswerBody, reply: GuardAnswerReply, refusals: [] },
  /** A person at the destination answered a waiting review: the source shows and logs it. */
  'review-answer': { from: 'destination', body: ReviewAnswerBody, reply: Ok, refusals: [] },
  resend: { from: 'destination', body: ResendBody, reply: z.object({ queued: z.number().int().nonnegative().max(VERIFY_LIMITS.resendItems) }).strict(), refusals: [] },
} as const satisfies Record<string, MessageSpec>;

export type MessageType = keyof typeof PEER_MESSAGES;
export type BodyOf<T extends MessageType> = z.input<(typeof PEER_MESSAGES)[T]['body']>;
export type ParsedBodyOf<T extends MessageType> = z.infer<(typeof PEER_MESSAGES)[T]['body']>;
export type ReplyOf<T extends MessageType> = z.infer<(typeof PEER_MESSAGES)[T]['reply']>;
export type RefusalCode<T extends MessageType> = (typeof COMMON_REFUSALS)[number] | (typeof PEER_MESSAGES)[T]['refusals'][number];

export const isMessageType = (type: string): type is MessageType => Object.hasOwn(PEER_MESSAGES, type);

/** May a peer in `peerRole` send this message to us? */
export function sentByRightRole(type: MessageType, peerRole: Role): boolean {
  const from = PEER_MESSAGES[type].from;
  return from === 'either' || from === peerRole;
}

export const versionSupported = (v: number) => v >= SUPPORTED_VERSIONS.min && v <= SUPPORTED_VERSIONS.max;

/** What an answer means to the sender: a typed reply, a coded refusal, or no usable answer. */
export type PeerResult<T extends MessageType> =
  | { kind: 'ok'; reply: ReplyOf<T> }
  | { kind: 'refused'; status: number; code: RefusalCode<T> | 'unknown'; supported?: { min: number; max: number }; retryAfter?: number }
  /** `storage`: the peer's own storage is over its rate (`busy-storage`), not Confluence or the peer's load. */
  | { kind: 'unreachable'; status?: number; retryAfter?: number; storage?: true };

/** Reads a peer's raw answer as the protocol says it must look; anything else is a refusal `unknown`. */
export function readAnswer<T extends MessageType>(type: T, answer: { status: number; body: Record<string, unknown> } | undefined): PeerResult<T> {
  if (!answer) return { kind: 'unreachable' };
  const refusal = Refusal.safeParse(answer.body);
  const retryAfter = refusal.success ? refusal.data.retryAfter : undefined;
  if (answer.status >= 500) return { kind: 'unreachable', status: answer.status, ...(retryAfter ? { retryAfter } : {}), ...(refusal.success && refusal.data.error === 'busy-storage' ? { storage: true } : {}) };
  if (answer.status === 200) {
    const reply = (PEER_MESSAGES[type].reply as unknown as z.ZodType<ReplyOf<T>>).safeParse(answer.body);
    return reply.success ? { kind: 'ok', reply: reply.data } : { kind: 'refused', status: answer.status, code: 'unknown' };
  }
  const known: readonly string[] = [...COMMON_REFUSALS, ...PEER_MESSAGES[type].refusals];
  const code = refusal.success && known.includes(refusal.data.error) ? (refusal.data.error as RefusalCode<T>) : 'unknown';
  return { kind: 'refused', status: answer.status, code, ...(refusal.success && refusal.data.supported ? { supported: refusal.data.supported } : {}), ...(retryAfter ? { retryAfter } : {}) };
}

/** The receiving side's refusals, as HTTP-like statuses and bodies. `unauthorized` is the one answer to anything unsigned, forged, replayed or unknown: it tells the caller nothing. */
export const refuse = {
  unauthorized: () => ({ status: 401, body: { error: 'unauthorized' } }),
  version: () => ({ status: 426, body: { error: 'version', supported: { ...SUPPORTED_VERSIONS } } }),
  badRequest: () => ({ status: 400, body: { error: 'bad-request' } }),
  state: () => ({ status: 409, body: { error: 'state' } }),
  busy: (retryAfter?: number) => ({ status: 503, body: { error: 'busy', ...(retryAfter ? { retryAfter: Math.min(900, Math.ceil(retryAfter)) } : {}) } }),
  /**
   * Busy because this side's Forge storage is over its rate: the sender waits it out as it waits
   * out its own (STORAGE_WAITS), without counting a try. A code of its own, with 503, so that a
   * sender that does not know it reads it as plain busy.
   */
  storageBusy: (retryAfter: number) => ({ status: 503, body: { error: 'busy-storage', retryAfter: Math.min(900, Math.ceil(retryAfter)) } }),
  code: (code: string, status = 409) => ({ status, body: { error: code } }),
};

/** The sentence both UIs show when the peers speak different versions of the protocol. */
export function versionProblem(peer: { min: number; max: number } | number): string {
  const theirs = typeof peer === 'number' ? peer : peer.max;
  const direction = theirs > PROTOCOL_VERSION ? 'a newer' : 'an older';
  const fix = theirs > PROTOCOL_VERSION ? 'Update Space Sync on this site to keep syncing.' : 'Ask the other space’s admin to update Space Sync there.';
  return `The other space runs ${direction} version of Space Sync that cannot exchange messages with this one (it speaks protocol ${theirs}; this site speaks ${PROTOCOL_VERSION}). ${fix}`;
}
