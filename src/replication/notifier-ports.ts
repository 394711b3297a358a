/**
 * Notifications: what other features call (`Notifier`), and what it keeps and reaches (stores,
 * the chat poster, the queue); src/platform implements them.
 */
import type { ChatService } from '../domain/chat-webhook-url';
import type { Notice, NoticeSettings, NoticeState } from '../domain/notice-rules';

/** The sync a notice is about, as the Notifier needs it (no page content). */
export interface NoticeSync {
  id: string;
  name: string;
  space: { id: string; key: string; name: string };
}

/**
 * What features call when a sync needs its admins. Each call is cheap (one or two KVS reads) and
 * idempotent: the same occurrence reported twice is recorded and sent once.
 */
export interface Notifier {
  /** An item failed (the activity log's `failed`): the first of a burst becomes a notice. */
  itemFailed(sync: NoticeSync, item: { id: string; title: string }, at: string): Promise<void>;
  /** An item synced: a burst ends when none of its items fails any more. */
  itemSynced(syncId: string, item: { id: string }): Promise<void>;
  /**
   * Review before overwrite: a source change waits at the destination for a decision.
   * `occurrenceId` names this wait (e.g. `<sourceId>:<source version>`); the same id sends once.
   */
  reviewWaiting(sync: NoticeSync, occurrenceId: string, summary: { title: string; lines: string[] }, at: string): Promise<void>;
  /** Mass-delete guard: trashes are held and both sides are asked. `occurrenceId` names the hold. */
  massDeleteHeld(sync: NoticeSync, occurrenceId: string, summary: { title: string; lines: string[] }, at: string): Promise<void>;
  /** One waiting review was answered (or settled by a later change): its notice alone goes away. */
  reviewAnswered(syncId: string, occurrenceId: string): Promise<void>;
  /** The review or hold was decided: its in-product notice goes away (every open one of that kind for the sync). */
  resolved(syncId: string, kind: 'review-waiting' | 'mass-delete-held'): Promise<void>;
}

/** This side's notification settings for one sync: never the webhook URL itself. */
export interface NotificationSettings extends NoticeSettings {
  /** This site's URL, as the admin's settings page knew it: links in messages point back here. */
  siteUrl?: string;
  webhook?: { service: ChatService; last4: string; savedAt: string; savedBy: string };
}

/** A notice as kept: `sending` is written before the post and `sent` after (the journal of a delivery). */
export interface NoticeRecord {
  notice: Notice;
  spaceId: string;
  /** Shown as "Needs your attention" until resolved (a digest never is). */
  open: boolean;
  delivery: 'none' | 'pending' | 'sending' | 'sent' | 'undelivered';
  attempts: number;
}

export interface NoticeStore {
  settings(syncId: string): Promise<NotificationSettings | undefined>;
  putSettings(syncId: string, settings: NotificationSettings): Promise<void>;
  /** The webhook URL, kept as a KVS secret under its own key. */
  webhook(syncId: string): Promise<string | undefined>;
  putWebhook(syncId: string, url: string): Promise<void>;
  removeWebhook(syncId: string): Promise<void>;
  state(syncId: string): Promise<NoticeState>;
  putState(syncId: string, state: NoticeState): Promise<void>;
  /** Creates the notice once: false when a record of that key exists already. */
  create(record: NoticeRecord): Promise<boolean>;
  get(key: string): Promise<NoticeRecord | undefined>;
  put(record: NoticeRecord): Promise<void>;
  /** A sync's open notices, newest first. */
  open(syncId: string): Promise<NoticeRecord[]>;
  /** Everything a sync's notices and settings keep, for when the sync is deleted. */
  removeAll(syncId: string): Promise<void>;
}

export type PostResult = { kind: 'ok' } | { kind: 'retry'; status: number; retryAfterSeconds?: number } | { kind: 'refused'; status: number };

/** Posts one JSON body to a webhook URL: no redirect followed, bounded time, the URL never logged. */
export interface ChatPoster {
  post(url: string, body: Record<string, unknown>): Promise<PostResult>;
}

export interface DeliveryJob {
  type: 'notify';
  syncId: string;
  spaceId: string;
  key: string;
  attempt: number;
}

export interface DeliveryQueue {
  pushDelivery(job: DeliveryJob, delaySeconds?: number): Promise<void>;
}
