/**
 * Notifications, end to end: the Notifier other features call, the delivery of each notice to
 * the chat webhook (once, retried with backoff a bounded number of times, a 429/5xx honoured),
 * the daily digest, and the notices a settings page shows as "Needs your attention".
 */
import { DEFAULT_NOTICE_SETTINGS, activeBurst, dailyDigest, occurrenceNotice, onFailure, onSuccess, retryDelaySeconds, type Notice } from '../domain/notice-rules';
import { chatBody } from '../domain/chat-message';
import { withKeyLock } from './key-lock';
import type { ActivityLog } from './stores';
import type { ChatPoster, PostResult, DeliveryJob, DeliveryQueue, NoticeRecord, NoticeStore, NoticeSync, NotificationSettings, Notifier } from './notifier-ports';

export interface NoticeDeps {
  store: NoticeStore;
  queue: DeliveryQueue;
  now(): string;
}

export interface DeliveryDeps extends NoticeDeps {
  poster: ChatPoster;
  activity: ActivityLog;
  /** The sync as this side has it now (undefined once deleted). */
  sync(spaceId: string, syncId: string): Promise<NoticeSync | undefined>;
  /** The app's space settings page for that space: where the admin acts. */
  link(sync: NoticeSync): Promise<string>;
}

export const settingsOf = async (store: NoticeStore, syncId: string): Promise<NotificationSettings> => ({ ...DEFAULT_NOTICE_SETTINGS, ...(await store.settings(syncId)) });

/** Records the notice once, and queues its delivery when this side set up a webhook. */
async function raise(deps: NoticeDeps, sync: NoticeSync, notice: Notice, open: boolean): Promise<void> {
  const settings = await settingsOf(deps.store, sync.id);
  const record: NoticeRecord = { notice, spaceId: sync.space.id, open, delivery: settings.webhook ? 'pending' : 'none', attempts: 0 };
  if (!(await deps.store.create(record))) return; // raised before: sent (or being sent) once
  if (settings.webhook) await deps.queue.pushDelivery({ type: 'notify', syncId: sync.id, spaceId: sync.space.id, key: notice.key, attempt: 1 });
}

const burstKey = (syncId: string) => `notice-state:${syncId}`;

export function notifier(deps: NoticeDeps): Notifier {
  return {
    // The burst is read, changed and written back: concurrent items of one invocation take turns (key-lock.ts).
    async itemFailed(sync, item, at) {
      const settings = await settingsOf(deps.store, sync.id);
      const notice = await withKeyLock(burstKey(sync.id), async () => {
        const next = onFailure(await deps.store.state(sync.id), sync.id, item, at, settings);
        await deps.store.putState(sync.id, next.state);
        return next.notice;
      });
      if (notice) await raise(deps, sync, notice, false);
    },
    itemSynced: (syncId, item) =>
      withKeyLock(burstKey(syncId), async () => {
        const before = await deps.store.state(syncId);
        const after = onSuccess(before, item);
        if (after !== before) await deps.store.putState(syncId, after);
      }),
    reviewWaiting: (sync, id, summary, at) => raise(deps, sync, occurrenceNotice('review-waiting', sync.id, id, at, summary), true),
    async reviewAnswered(syncId, occurrenceId) {
      const record = await deps.store.get(occurrenceNotice('review-waiting', syncId, occurrenceId, '', { title: '', lines: [] }).key);
      if (record?.open) await deps.store.put({ ...record, open: false });
    },
    massDeleteHeld: (sync, id, summary, at) => raise(deps, sync, occurrenceNotice('mass-delete-held', sync.id, id, at, summary), true),
    async resolved(syncId, kind) {
      for (const record of await deps.store.open(syncId)) if (record.notice.kind === kind) await deps.store.put({ ...record, open: false });
    },
  };
}

/** Why a delivery failed, for the activity log: the service and status, never the URL. */
function undelivered(service: string, detail: string) {
  return `The ${service} message could not be delivered (${detail}).`;
}

/**
 * One delivery attempt. `sending` is recorded before the post and `sent` after: a job retried
 * after a post that went through finds `sent` and posts nothing; one cut off between the two
 * (`sending` left from an earlier invocation) is not posted again either, as it may have arrived.
 */
export async function deliverNotice(deps: DeliveryDeps, job: DeliveryJob): Promise<'sent' | 'retrying' | 'undelivered' | 'skipped'> {
  const record = await deps.store.get(job.key);
  if (!record || record.delivery === 'sent' || record.delivery === 'undelivered' || record.delivery === 'none') return 'skipped';
  if (record.delivery === 'sending' && record.attempts >= job.attempt) return 'skipped';
  const [sync, settings, url] = [await deps.sync(job.spaceId, job.syncId), await settingsOf(deps.store, job.syncId), await deps.store.webhook(job.syncId)];
  if (!sync || !settings.webhook || !url) {
    await deps.store.put({ ...record, delivery: 'none' });
    return 'skipped';
  }
  await deps.store.put({ ...record, delivery: 'sending', attempts: job.attempt });
  const body = chatBody(settings.webhook.service, record.notice, { syncName: sync.name, spaceName: `${sync.space.name} (${sync.space.key})`, link: await deps.link(sync) });
  const result = await deps.poster.post(url, body).catch((): PostResult => ({ kind: 'retry', status: 0 }));
  if (result.kind === 'ok') {
    await deps.store.put({ ...record, delivery: 'sent', attempts: job.attempt });
    return 'sent';
  }
  const service = settings.webhook.service === 'slack' ? 'Slack' : settings.webhook.service === 'teams' ? 'Microsoft Teams' : 'Google Chat';
  const delay = result.kind === 'retry' ? retryDelaySeconds(job.attempt, result.retryAfterSeconds) : undefined;
  const status = result.status ? `HTTP ${result.status}` : 'no answer';
  if (delay !== undefined) {
    await deps.store.put({ ...record, delivery: 'pending', attempts: job.attempt });
    await deps.queue.pushDelivery({ ...job, attempt: job.attempt + 1 }, delay);
    await deps.activity.log({ at: deps.now(), syncId: job.syncId, sourceId: '', title: record.notice.title, cause: 'notification', outcome: 'notice-undelivered', detail: `${undelivered(service, status)} It is tried again in ${delay} s (attempt ${job.attempt}).` });
    return 'retrying';
  }
  await deps.store.put({ ...record, delivery: 'undelivered', attempts: job.attempt });
  await deps.activity.log({ at: deps.now(), syncId: job.syncId, sourceId: '', title: record.notice.title, cause: 'notification', outcome: 'notice-undelivered', detail: `${undelivered(service, status)} ${result.kind === 'refused' ? 'The service refused it: check the webhook in Notifications.' : 'No more tries.'}` });
  return 'undelivered';
}

/** A test message, sent now and not retried: the admin sees the outcome at once. */
export async function sendTestMessage(deps: Pick<DeliveryDeps, 'poster' | 'store' | 'link'>, sync: NoticeSync): Promise<{ delivered: boolean; detail: string }> {
  const [settings, url] = [await settingsOf(deps.store, sync.id), await deps.store.webhook(sync.id)];
  if (!settings.webhook || !url) return { delivered: false, detail: 'Save a webhook URL first.' };
  const notice = { title: 'Test message', lines: ['Notifications for this sync will arrive here.'] };
  const result = await deps.poster.post(url, chatBody(settings.webhook.service, notice, { syncName: sync.name, spaceName: `${sync.space.name} (${sync.space.key})`, link: await deps.link(sync) })).catch((): PostResult => ({ kind: 'retry', status: 0 }));
  if (result.kind === 'ok') return { delivered: true, detail: 'The test message was delivered.' };
  return { delivered: false, detail: result.status ? `The service answered HTTP ${result.status}.` : 'The service did not answer.' };
}

export interface DigestDeps extends NoticeDeps {
  /** What this sync's activity log says of the last 24 hours, and what fails and waits now. */
  facts(sync: NoticeSync, since: string): Promise<{ synced: number; failed: number; failingNow: number }>;
}

/** The daily run: one digest per sync per day, only where switched on and something happened. */
export async function sendDigests(deps: DigestDeps, syncs: NoticeSync[]): Promise<number> {
  const now = deps.now();
  const since = new Date(Date.parse(now) - 86_400_000).toISOString();
  let raised = 0;
  for (const sync of syncs) {
    const settings = await settingsOf(deps.store, sync.id);
    if (!settings.digest) continue;
    const waiting = (await deps.store.open(sync.id)).filter((r) => r.notice.kind !== 'failure-burst').length;
    const digest = dailyDigest(sync.id, now, { ...(await deps.facts(sync, since)), waiting }, settings);
    if (!digest) continue;
    await raise(deps, sync, digest, false);
    raised++;
  }
  return raised;
}

/** What a settings page shows under "Needs your attention" for these syncs. */
export interface Attention {
  syncId: string;
  syncName: string;
  spaceKey: string;
  kind: 'failure-burst' | 'review-waiting' | 'mass-delete-held';
  title: string;
  lines: string[];
  at: string;
  /** Where to act, in words: the page the admin opens. */
  where: string;
}

export async function attentionFor(deps: Pick<NoticeDeps, 'store' | 'now'>, syncs: NoticeSync[]): Promise<Attention[]> {
  const out: Attention[] = [];
  for (const sync of syncs) {
    const settings = await settingsOf(deps.store, sync.id);
    const burst = activeBurst(await deps.store.state(sync.id), deps.now(), settings);
    const base = { syncId: sync.id, syncName: sync.name, spaceKey: sync.space.key };
    if (burst) {
      const count = burst.overflow ? `${burst.failing.length}+` : String(burst.failing.length);
      out.push({ ...base, kind: 'failure-burst', title: 'Items are failing to sync', lines: [`${count} ${burst.failing.length === 1 ? 'item is' : 'items are'} failing since ${burst.startedAt.slice(0, 16).replace('T', ' ')} UTC (${burst.failures} failures in all).`], at: burst.lastFailureAt, where: `Space settings of ${sync.space.key} → Space Sync → “${sync.name}” → Details` });
    }
    for (const r of await deps.store.open(sync.id)) {
      if (r.notice.kind === 'review-waiting' || r.notice.kind === 'mass-delete-held') out.push({ ...base, kind: r.notice.kind, title: r.notice.title, lines: r.notice.lines, at: r.notice.at, where: r.notice.kind === 'review-waiting' ? `The copy’s page in ${sync.space.key} → ••• → Space Sync` : `Space settings of ${sync.space.key} → Space Sync → “${sync.name}”` });
    }
  }
  return out.sort((a, b) => b.at.localeCompare(a.at));
}
