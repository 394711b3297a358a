/** Resolver names and shapes shared by the Custom UI apps (static/) and the backend (src/). */

export interface ModuleContextResult {
  siteUrl: string;
  moduleKey: string;
  space?: { id: string; key: string };
  content?: { id: string; type: string };
}

export interface SyncOptionsInput {
  blogPosts?: boolean;
  comments?: boolean;
  labels?: boolean;
  attachments?: boolean;
  mode?: 'automatic' | 'manual';
  conflictPolicy?: 'source-wins' | 'keep-destination' | 'review';
  /** A change trashing at least `minCopies` copies and `minPercent` % of them is held for an admin's answer. */
  massDeleteGuard?: { enabled: boolean; minCopies: number; minPercent: number; windowMinutes: number };
}

export interface CreateSyncRequest {
  name: string;
  message?: string;
  options?: SyncOptionsInput;
  pageSync?: { users?: string[]; groups?: string[] };
  /** Approve each claim of the token before anything is sent. */
  requireApproval?: boolean;
  scope?: SyncScopeInput;
}

/** What a sync covers (src/domain/sync-scope.ts); absent: the whole space. */
export interface SyncScopeInput {
  roots?: string[];
  includeLabels?: string[];
  excludeLabels?: string[];
  excludedPages?: Array<{ id: string; withChildren?: boolean }>;
  onLeave?: 'keep' | 'trash';
}
export interface ScopeTreeView {
  items: Array<{ id: string; kind: string; title: string; parentId?: string }>;
  /** More items than the picker lists: the rest are not offered (ids can still be typed in the API). */
  truncated: boolean;
}

export interface ScopePreviewRequest {
  scope: SyncScopeInput;
  /** Whether blog posts are synced at all (the sync's option). */
  blogPosts?: boolean;
  cursor?: number;
}

export type OutOfScopeReason = 'outside-roots' | 'excluded-page' | 'excluded-subtree' | 'label-excluded' | 'label-missing';

/** One batch of the dry run: its items with their verdicts; the UI adds the batches up until `next` is absent. */
export interface ScopePreviewBatch {
  total: number;
  items: Array<{ id: string; kind: string; title: string; in: boolean; reason?: OutOfScopeReason; why?: string }>;
  next?: number;
}
export type SyncScopeView = Required<Omit<SyncScopeInput, 'excludedPages'>> & { excludedPages: Array<{ id: string; withChildren: boolean }> };

/** What identifies an installation to the other admin: compare these over another channel. */
export interface InstallationIdentity {
  /** The host of its peer inbox (web trigger). */
  inboxHost: string;
  /** A short fingerprint of its pairing key. */
  keyFingerprint: string;
}

/** What an admin can do to a sync from its row (the server decides; see src/domain/sync-rules.ts). */
export type SyncAction = 'approve' | 'decline' | 'details' | 'edit' | 'notifications' | 'get-token' | 'email-token' | 'resync' | 'verify' | 'pause' | 'resume' | 'unpair' | 'delete' | 'confirm-delete' | 'undo-delete';

/** A mass delete the guard holds: what both sides' admins are asked (src/domain/mass-delete-guard.ts). */
export interface HeldDelete {
  question: string;
  at: string;
  trashes: number;
  copies: number;
  percent: number;
  items: Array<{ id: string; kind: string; title: string; parent?: string }>;
  /** Held items not listed in `items`. */
  more: number;
}

export interface AnswerMassDeleteRequest {
  syncId: string;
  question: string;
  answer: 'confirm' | 'undo';
}

export interface AnswerMassDeleteResult {
  sync: SyncSummary;
  /** What happened, in words for the admin (also in both sides' logs). */
  detail: string;
  /** The other side heard the answer; when not, it still shows the question until it does. */
  peerNotified: boolean;
}

export interface SyncSummary {
  id: string;
  name: string;
  message: string;
  role: 'source' | 'destination';
  /** `awaiting-approval`: claimed, and the source admin has still to approve the pairing. */
  state: 'awaiting-import' | 'awaiting-approval' | 'active' | 'paused' | 'unpaired';
  options: Required<SyncOptionsInput>;
  pageSync: { users: string[]; groups: string[] };
  createdAt: string;
  requireApproval: boolean;
  /** Absent: the whole space. */
  scope?: SyncScopeView;
  /** Which sides hold a pause: each side lifts only its own. */
  pausedBy?: Array<'source' | 'destination'>;
  /** Why it ended, when the other side ended it. */
  endedBecause?: 'declined' | 'unpaired-by-peer';
  /** Held: the mass-delete guard paused the sync and asks this side's admin too. */
  hold?: HeldDelete;
  tokenExpiresAt?: string;
  /**
   * The other space, once paired or claimed. Site and space are what it *claimed*; the inbox host
   * and key fingerprint are what was verified (it signed with that key). `external` when it is on
   * another site (the EXT badge).
   */
  peer?: InstallationIdentity & { siteUrl: string; spaceKey: string; spaceName: string; external: boolean; pairedAt?: string };
  /** This installation, as the other admin sees it in their preview or row. */
  own?: InstallationIdentity;
  /** A problem talking to the other space that an admin must act on (another protocol version). */
  peerProblem?: string;
  /** Once paired: items synced and failed, items a running full sync has still to send, and when it last moved. */
  overview?: SyncOverview;
  /** What this side's admin may do now, in menu order. */
  actions: SyncAction[];
  /** Why each other action is not offered, in words for the admin. */
  notOffered: Partial<Record<SyncAction, string>>;
  /** What Edit may change on this side besides the name and who may run Sync now. */
  editable: { message: boolean; options: boolean; requireApproval: boolean };
  /** Which panels Details shows for this sync (Verify: its report and button, offered or not). */
  shows: { verify: boolean };
}

export type FullSyncRunKind = 'first' | 'resync' | 'catch-up';

export interface SyncOverview {
  /** Items (pages, blog posts, folders, whiteboards…) whose copy is up to date, as the details count them. */
  synced: number;
  /** Source: items whose copy was edited at the destination (counted apart from synced). */
  ahead: number;
  failed: number;
  pending: number;
  /** While a full sync is queued or running: which one (pending counts what it has still to check). */
  run?: FullSyncRunKind;
  lastSyncAt?: string;
}

export interface IssuedTokenResult {
  /** The token, shown to the admin this once and never again. */
  token: string;
  fileName: string;
  expiresAt: string;
}

export interface TokenPreview {
  /** What the token claims about where it comes from: anyone can write these words. */
  claimed: { siteUrl: string; spaceKey: string; spaceName: string; external: boolean };
  /**
   * What is verified: the token is signed by the key with this fingerprint, and its claim goes to
   * this inbox host. The source admin sees the same on their row; comparing them is the proof.
   * `sameSite`: the key is this very installation's, so the claimed site is this one for certain.
   */
  verified: InstallationIdentity & { sameSite: boolean };
  syncName: string;
  message: string;
  expiresAt: string;
  /** An earlier sync of this space with the very same installation and space: its copies are kept (issue 15). */
  inheritance?: { copies: number; text: string };
}

export interface ImportTokenRequest {
  token: string;
  /** The sync's name on this side; the source's name when absent. */
  name?: string;
  pageSync?: { users?: string[]; groups?: string[] };
}

/** A user or group who may be allowed to run "Sync now"; groups are identified by name. */
export interface PersonOption {
  kind: 'user' | 'group';
  id: string;
  name: string;
}

export interface EmailTokenRequest {
  syncId: string;
  /** One address: no name, no second recipient. */
  to: string;
  /** One line. */
  subject: string;
  /** The admin's own words above the instructions. */
  message?: string;
}

/**
 * A fresh token in a message the admin sends from their own mail client. `mailtoUrl` opens it
 * there; it is absent (with `tooLong`) when the message is too long for a link, and the admin
 * copies `body` (or just `token`) instead. Shown this once, like any issued token.
 */
export interface TokenEmail extends IssuedTokenResult {
  to: string;
  subject: string;
  body: string;
  mailtoUrl?: string;
  tooLong?: { length: number; max: number };
}

/** A sync anywhere on this site, as the global settings list shows it to a Confluence admin. */
export interface SiteSyncRow {
  id: string;
  name: string;
  space: { key: string; name: string };
  role: SyncSummary['role'];
  state: SyncSummary['state'];
  /** The other space, once paired or claimed: what it claimed to be. */
  peer?: { siteUrl: string; spaceKey: string; spaceName: string; external: boolean };
}

/** One sync of a page's space, as the page's "Space Sync" action shows it. */
export interface PageSyncState {
  syncId: string;
  name: string;
  /** Outgoing: this page is sent to the peer. Incoming: this page is a copy the peer sent. */
  direction: 'outgoing' | 'incoming';
  peer?: { siteUrl: string; spaceKey: string; spaceName: string; external: boolean };
  mode: 'automatic' | 'manual';
  state: SyncSummary['state'];
  /**
   * `not-synced`: never sent (new, or outside what the sync includes); `behind`: edited since it was
   * sent; `unpaired` (outgoing): sent by a sync since unpaired, whose copy stays in the other space.
   */
  status: 'synced' | 'ahead' | 'deleted' | 'restricted' | 'failed' | 'skipped' | 'not-synced' | 'behind' | 'unpaired';
  reason?: string;
  syncedAt?: string;
  /** This page's own version now. */
  pageVersion: number;
  /** The original's version the copy was last synced from (outgoing: this page's; incoming: the original's). */
  syncedVersion?: number;
  /** The copy's own version as Space Sync last wrote it (outgoing: the copy on the other side; incoming: this page). */
  copyVersion?: number;
  /** Outgoing and AHEAD: the copy's version that was edited in its own space. */
  aheadVersion?: number;
  /** The page on the other side: the copy (outgoing) or the original (incoming). */
  otherPageUrl?: string;
  /** Incoming: a newer version of the original waits for review beside this edited copy, and whether this user may answer (the server checks again). */
  review?: { generation: string; waitingVersion: number; since: string; answer: { offered: true } | { offered: false; message: string } };
  /** Outgoing: what the copy did with this page's version in review: it waits there, or the copy kept its edits. */
  copyReview?: { state: 'waiting' | 'kept'; sourceVersion: number; copyVersion: number };
  /** Whether this user may run "Sync now" (the server checks again when they do), and why not. */
  syncNow: { offered: true } | { offered: false; reason: SyncNowUnavailable; message: string };
}

/** Why "Sync now" is not offered: a copy (synced from its original), a paused or ended sync, or a user the sync does not list. */
export type SyncNowUnavailable = 'copy' | 'paused' | 'unpaired' | 'not-paired' | 'not-listed';

/** One row of the side-by-side difference: `skipped` stands for unchanged lines not shown. */
export type DiffRowView = { kind: 'same' | 'changed'; left: string; right: string } | { kind: 'removed'; left: string } | { kind: 'added'; right: string } | { kind: 'skipped'; count: number };

export interface ReviewDifferenceView {
  generation: string;
  copy: { version: number; title: string };
  waiting: { version: number; title: string };
  rows: DiffRowView[];
  /** Only the first lines of a long page were compared. */
  truncated: boolean;
  changes: number;
}

export interface FullSyncView {
  state: 'queued' | 'running' | 'complete' | 'incomplete' | 'failed';
  total: number;
  done: number;
  failed: Array<{ sourceId: string; reason: string }>;
  /** Which run: the first full sync, "Re-sync everything", or a catch-up after the sync stood still. */
  run: FullSyncRunKind;
  /** This run's items by what came of each, so "done" adds up: synced, ahead, skipped… */
  outcomes: Partial<Record<'synced' | 'ahead' | 'deleted' | 'restricted' | 'failed' | 'skipped', number>>;
  startedAt: string;
  finishedAt?: string;
  /** Paused until then to leave Confluence's points quota to edits; it goes on by itself. */
  quotaWaitUntil?: string;
}

export interface ActivityView {
  at: string;
  sourceId: string;
  title: string;
  /** An event type, "full sync", "reconcile", "Sync now", "Retry"… */
  cause: string;
  /** Who caused it (a display name), when a person did. */
  by?: string;
  outcome: string;
  detail?: string;
  /** A failed or restricted outgoing item that "Retry" may send again. */
  retryable: boolean;
}

export interface SyncDetails {
  syncId: string;
  progress?: FullSyncView;
  /** Outgoing syncs: items by their last outcome. Incoming: copies made here (as synced). */
  counts: { synced: number; ahead: number; failed: number; restricted: number; deleted: number };
  /** Outgoing syncs: the synced items by kind (page, blogpost, folder, whiteboard, database, embed). */
  syncedByKind?: Partial<Record<string, number>>;
  lastSyncAt?: string;
  activity: ActivityView[];
}

/** One difference Verify found, worded for this side's admin. */
export interface VerifyDifferenceView {
  sourceId: string;
  kind: string;
  /** The original's title (the copy's, for an orphan). */
  title: string;
  /** missing, copy-deleted, copy-trashed, copy-archived, ahead, behind, title, place, labels, comment-missing, comment-changed, file-missing, file-changed, orphan, unreadable. */
  code: string;
  /** The difference and its cause, in plain words. */
  cause: string;
  /** What Repair does here: the source sends the item again, or (orphans, at the destination) the copy goes to the trash. Absent: nothing the app can do. */
  repair?: 'resend' | 'trash';
  /** When a repair of the item was last queued. */
  repairQueuedAt?: string;
}

/** The latest Verify run of a sync, as this side keeps it. */
export interface VerifyReportView {
  syncId: string;
  /** Absent: never run. `requested`: asked of the source, which has not started yet. */
  state?: 'requested' | 'queued' | 'running' | 'complete' | 'failed';
  startedAt?: string;
  finishedAt?: string;
  /** Who started it (a display name), when someone on this side did. */
  by?: string;
  checked: number;
  total?: number;
  differences: VerifyDifferenceView[];
  /** Differences found past those listed. */
  more: number;
  reason?: string;
  /** The latest hourly check, the cheap part of Verify that reads no item. */
  scheduled?: ScheduledCheckView;
}

/**
 * Source: items the hourly reconcile queued to be sent if they changed (new or changed without an
 * event, gone from the listing, nodes no listing has), and how many stand AHEAD or unreadable. Destination: the copies edited here since Space Sync wrote them.
 */
export interface ScheduledCheckView {
  at: string;
  checked: number;
  differences: VerifyDifferenceView[];
  more: number;
  queued?: number;
  ahead?: number;
  unreadable?: number;
}

/**
 * Every resolver, with the value it answers: the wire carries it in a `ResolverResult` envelope
 * (src/contract/errors.ts), which static/shared/backend.ts unwraps.
 */
/** A sync's notification settings on this side: the webhook only as its service and last 4 characters. */
export interface NotificationsView {
  digest: boolean;
  quietMinutes: number;
  webhook?: { service: 'slack' | 'teams' | 'google-chat'; serviceName: string; last4: string; savedAt: string };
}

/** Something a sync's admins should act on: shown under "Needs your attention". */
export interface AttentionItem {
  syncId: string;
  syncName: string;
  spaceKey: string;
  kind: 'failure-burst' | 'review-waiting' | 'mass-delete-held';
  title: string;
  lines: string[];
  at: string;
  where: string;
}

export type ResolverDefinitions = {
  /** Where the UI module is open, as the platform reports it (never as the page claims). */
  getModuleContext: () => ModuleContextResult;
  listSyncs: () => SyncSummary[];
  createSync: (payload: CreateSyncRequest) => SyncSummary;
  issueToken: (payload: { syncId: string }) => IssuedTokenResult;
  previewToken: (payload: { token: string }) => TokenPreview;
  importToken: (payload: ImportTokenRequest) => SyncSummary;
  editSync: (payload: { syncId: string; name?: string; message?: string; options?: SyncOptionsInput; pageSync?: { users?: string[]; groups?: string[] }; scope?: SyncScopeInput }) => SyncSummary;
  /** The space's pages and folders with their titles and parents, for the scope's page picker. */
  scopeTree: () => ScopeTreeView;
  /** A dry run of a scope over this space, one bounded batch at a time (from `cursor`): nothing is written. */
  previewScope: (payload: ScopePreviewRequest) => ScopePreviewBatch;
  deleteSync: (payload: { syncId: string }) => { deleted: string };
  /** Pause, resume or unpair; `peerNotified` is false when the other side could not be told, and `peerProblem` says why when it matters. */
  changePair: (payload: { syncId: string; action: 'pause' | 'resume' | 'unpair' }) => { sync: SyncSummary; peerNotified: boolean; peerProblem?: string };
  /** Source admins: approve or decline a claimed pairing (syncs that require approval). */
  decideClaim: (payload: { syncId: string; decision: 'approve' | 'decline' }) => SyncSummary;
  /** Either side's admin answers the mass-delete guard's question. */
  answerMassDelete: (payload: AnswerMassDeleteRequest) => AnswerMassDeleteResult;
  /** Users and groups matching the text, for the "who may run Sync now" picker. */
  searchPeople: (payload: { query: string }) => PersonOption[];
  /** Names for a sync's chosen users and groups. */
  describePageSync: (payload: { users: string[]; groups: string[] }) => PersonOption[];
  /** Issues a new token (revoking the previous one) in a message for the admin's own mail client. */
  emailToken: (payload: EmailTokenRequest) => TokenEmail;
  /** Global settings (Confluence admins only): every sync of this site, read-only. */
  listSiteSyncs: () => SiteSyncRow[];
  /** The page's action: the page and space come from the module context. */
  pageSyncStatus: () => PageSyncState[];
  syncPageNow: (payload: { syncId: string; withChildren?: boolean }) => { queued: number };
  /** The copy's page, for those the sync lets answer: the copy now beside the version waiting for review. */
  reviewDifference: (payload: { syncId: string }) => ReviewDifferenceView;
  /** The copy's page: take the waiting version, or keep the edits (the server checks who may). */
  answerReview: (payload: { syncId: string; generation: string; answer: 'take' | 'keep' }) => { status: 'synced' | 'ahead'; peerNotified: boolean };
  /** Space admins: a sync's progress, counts and latest activity. */
  syncDetails: (payload: { syncId: string }) => SyncDetails;
  /** Space admins: sends a failed or restricted page again. */
  retryItem: (payload: { syncId: string; sourceId: string }) => { queued: number };
  /** Space admins: the whole space again, re-making copies that went missing. */
  resyncEverything: (payload: { syncId: string }) => FullSyncView;
  /** Space admins of either side: compares the two spaces item by item (the source runs it). */
  startVerify: (payload: { syncId: string }) => VerifyReportView;
  verifyReport: (payload: { syncId: string }) => VerifyReportView;
  /** Space admins: repairs one item of the latest report. */
  repairDifference: (payload: { syncId: string; sourceId: string }) => { queued: number };
  /** Space admins: repairs every item of the latest report that can be repaired. */
  repairAllDifferences: (payload: { syncId: string }) => { queued: number };
  /** Space admins: this side's notification settings for a sync. */
  getNotifications: (payload: { syncId: string }) => NotificationsView;
  /** Space admins: saves them; a pasted webhook URL is checked and kept as a secret, never answered back. */
  saveNotifications: (payload: { syncId: string; webhookUrl?: string; removeWebhook?: boolean; digest: boolean; quietMinutes: number }) => NotificationsView;
  /** Space admins: posts a test message to the saved webhook now. */
  sendTestNotification: (payload: { syncId: string }) => { delivered: boolean; detail: string };
  /** Space admins: what this space's syncs need of them. */
  spaceAttention: () => AttentionItem[];
  /** Confluence admins: what every sync of the site needs of its admins. */
  siteAttention: () => AttentionItem[];
};

export type ResolverName = keyof ResolverDefinitions;
