/**
 * Notifications in KVS, per sync and per side: `notify-settings:<sync>` (never the URL),
 * the webhook URL as the secret `notify-webhook:<sync>` (kvs.setSecret: encrypted, and read only
 * with getSecret), `notice-state:<sync>` (the burst under way) and `notice:<sync>:<key>` (each
 * notice and its delivery, kept 30 days).
 */
import { kvs } from './kvs-client';
import { entriesWithPrefix } from './kvs-query';
import type { NoticeState } from '../domain/notice-rules';
import type { NoticeRecord, NoticeStore, NotificationSettings } from '../replication/notifier-ports';

const NOTICE_TTL = { value: 30, unit: 'DAYS' } as const;
const noticeKey = (key: string) => `notice:${key}`;

export const kvsNoticeStore: NoticeStore = {
  settings: (syncId) => kvs.get<NotificationSettings>(`notify-settings:${syncId}`),
  putSettings: (syncId, settings) => kvs.set(`notify-settings:${syncId}`, settings),
  webhook: (syncId) => kvs.getSecret<string>(`notify-webhook:${syncId}`),
  putWebhook: (syncId, url) => kvs.setSecret(`notify-webhook:${syncId}`, url),
  removeWebhook: (syncId) => kvs.deleteSecret(`notify-webhook:${syncId}`),
  state: async (syncId) => (await kvs.get<NoticeState>(`notice-state:${syncId}`)) ?? {},
  putState: (syncId, state) => kvs.set(`notice-state:${syncId}`, state),
  async create(record) {
    try {
      await kvs.set(noticeKey(record.notice.key), record, { keyPolicy: 'FAIL_IF_EXISTS', ttl: NOTICE_TTL });
      return true;
    } catch (e) {
      // UNCONFIRMED: the platform's code for a FAIL_IF_EXISTS collision; read back to tell it from other failures.
      if (await kvs.get(noticeKey(record.notice.key))) return false;
      throw e;
    }
  },
  get: (key) => kvs.get<NoticeRecord>(noticeKey(key)),
  put: (record) => kvs.set(noticeKey(record.notice.key), record, { ttl: NOTICE_TTL }),
  open: async (syncId) =>
    (await entriesWithPrefix<NoticeRecord>(`notice:${syncId}:`))
      .map((e) => e.value)
      .filter((r) => r.open)
      .sort((a, b) => b.notice.at.localeCompare(a.notice.at)),
  async removeAll(syncId) {
    for (const e of await entriesWithPrefix<NoticeRecord>(`notice:${syncId}:`)) await kvs.delete(e.key);
    await kvs.transact().delete(`notify-settings:${syncId}`).delete(`notice-state:${syncId}`).execute();
    await kvs.deleteSecret(`notify-webhook:${syncId}`);
  },
};
