/**
 * A sync's notification settings, as its space admins on this side set them: the chat webhook
 * (checked, kept as a secret, shown back only as its service and last 4 characters), the daily
 * digest switch and the burst's quiet time. Each side has its own; nothing here goes to the peer.
 */
import { z } from 'zod';
import { checkWebhookUrl, MAX_WEBHOOK_URL_LENGTH, SERVICE_NAMES } from '../domain/chat-webhook-url';
import { UserError } from '../domain/user-error';
import type { NotificationsView } from '../contract/resolvers';
import { attentionFor, sendTestMessage, settingsOf, type Attention, type DeliveryDeps } from './notices';
import type { NoticeStore, NoticeSync } from './notifier-ports';

export const SaveNotificationsInput = z.object({
  syncId: z.string().min(1).max(100),
  /** A new webhook URL; absent keeps the saved one. Bounded before the check reads it. */
  webhookUrl: z.string().max(MAX_WEBHOOK_URL_LENGTH * 2, `That URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters; no chat webhook URL is.`).optional(),
  removeWebhook: z.boolean().optional(),
  digest: z.boolean(),
  quietMinutes: z.number().int().min(5, 'At least 5 minutes.').max(1440, 'At most 1,440 minutes (a day).'),
});
export type SaveNotificationsInput = z.infer<typeof SaveNotificationsInput>;

export function notificationsView(settings: Awaited<ReturnType<typeof settingsOf>>): NotificationsView {
  return {
    digest: settings.digest,
    quietMinutes: settings.quietMinutes,
    ...(settings.webhook ? { webhook: { service: settings.webhook.service, serviceName: SERVICE_NAMES[settings.webhook.service], last4: settings.webhook.last4, savedAt: settings.webhook.savedAt } } : {}),
  };
}

export async function getNotifications(store: NoticeStore, sync: NoticeSync): Promise<NotificationsView> {
  return notificationsView(await settingsOf(store, sync.id));
}

/** Checks everything first; only a valid request writes (the secret, then the settings that name it). */
export async function saveNotifications(store: NoticeStore, sync: NoticeSync, input: SaveNotificationsInput, by: { accountId: string; siteUrl: string; now: string }): Promise<NotificationsView> {
  const before = await settingsOf(store, sync.id);
  const pasted = input.webhookUrl?.trim() ? checkWebhookUrl(input.webhookUrl) : undefined;
  if (pasted && !pasted.ok) throw new UserError('invalid-input', pasted.reason, 'webhookUrl');
  if (pasted && input.removeWebhook) throw new UserError('invalid-input', 'Paste a new URL or remove the webhook, not both.', 'webhookUrl');
  let webhook = input.removeWebhook ? undefined : before.webhook;
  if (pasted?.ok) {
    await store.putWebhook(sync.id, pasted.url);
    webhook = { service: pasted.service, last4: pasted.last4, savedAt: by.now, savedBy: by.accountId };
  }
  if (input.removeWebhook) await store.removeWebhook(sync.id);
  const settings = { digest: input.digest, quietMinutes: input.quietMinutes, siteUrl: by.siteUrl, ...(webhook ? { webhook } : {}) };
  await store.putSettings(sync.id, settings);
  return notificationsView({ ...before, ...settings, webhook });
}

export async function testNotification(deps: Pick<DeliveryDeps, 'poster' | 'store' | 'link'>, sync: NoticeSync) {
  const result = await sendTestMessage(deps, sync);
  if (!result.delivered) throw new UserError('notice-undelivered', result.detail);
  return result;
}

export const attention = (deps: Parameters<typeof attentionFor>[0], syncs: NoticeSync[]): Promise<Attention[]> => attentionFor(deps, syncs);
