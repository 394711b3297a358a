/**
 * Notifications between two emulated sites: failure bursts (one message per burst and per side
 * that set up a webhook), the daily digest, once-only delivery, retries honouring 429/5xx, and
 * the webhook URL kept as a secret that no answer, log or other KVS value shows.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, pageByTitle, pair, settingsOf } from '../support/replication';
import { syncOf } from '../support/pairs';
import { ChatStandIn } from '../../sandbox/chat/chat-service';
import type { Actor } from '../../sandbox/confluence/site';
import { deliverNotice } from '../../src/replication/notices';
import { deliveryDeps } from '../../src/entry/notice-deps';

const SLACK = 'https://hooks.slack.com/services/T0SOURCE/B0SOURCE/SecretSourcePart1234';
const GCHAT = 'https://chat.googleapis.com/v1/spaces/AAAADEST/messages?key=KeyDest&token=SecretDestToken9876';

describe('notifications on two emulated sites', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let chat: ChatStandIn;
  let consoleText: string[];
  const call = () => bridgeCall(env.host);
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const createPage = (title: string) => env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title, body: `<p>${title} body text</p>` });
  const bursts = (service: string) => chat.messages.filter((m) => m.service === service && m.text.includes('Items are failing'));
  const digests = (service: string) => chat.messages.filter((m) => m.service === service && m.text.includes('Daily summary'));
  let syncId: string;
  let destSyncId: string;

  beforeEach(async () => {
    chat = new ChatStandIn();
    consoleText = [];
    for (const level of ['log', 'info', 'warn', 'error'] as const) jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void consoleText.push(args.map(String).join(' ')));
    env = await startEmulatedSites({ standIns: [chat] });
    syncId = await pair(env.host, { site: env.source }, { site: env.dest });
    destSyncId = (await syncOf(env.host, env.dest, 'destination')).id;
    await call()(settingsOf(env.host, env.source), 'saveNotifications', { syncId, webhookUrl: SLACK, digest: true, quietMinutes: 60 });
    await call()(settingsOf(env.host, env.dest), 'saveNotifications', { syncId: destSyncId, webhookUrl: GCHAT, digest: true, quietMinutes: 60 });
  });
  afterEach(async () => {
    await env.host.close();
    jest.restoreAllMocks();
  });

  it('sends one message per side for a burst of 30 failures, and a second after recovery and a new failure', async () => {
    env.dest.emulator.failNext('createPage', 30, 400);
    const pages = Array.from({ length: 30 }, (_, i) => createPage(`Failing ${i}`));
    await env.host.settled();
    expect(bursts('slack')).toHaveLength(1);
    expect(bursts('google-chat')).toHaveLength(1);
    expect(bursts('slack')[0].text).toMatch(/“Failing 0” was the first to fail/);
    // Titles and counts only: no page body travels.
    expect(chat.messages.map((m) => m.text).join('\n')).not.toContain('body text');

    // Both settings pages say it needs attention while it lasts.
    const attention = await call()(settingsOf(env.host, env.source), 'spaceAttention');
    expect(attention).toEqual([expect.objectContaining({ kind: 'failure-burst', syncId, lines: [expect.stringMatching(/^30 items are failing/)] })]);
    expect(await call()(settingsOf(env.host, env.dest), 'spaceAttention')).toEqual([expect.objectContaining({ kind: 'failure-burst', syncId: destSyncId })]);

    // Recovery: every page synced again (the reconcile retries failed items).
    await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
    await env.host.settled();
    for (const p of pages) expect(pageByTitle(env.dest.site, env.dest.spaceId, p.title).status).toBe('current');
    expect(await call()(settingsOf(env.host, env.source), 'spaceAttention')).toEqual([]);
    expect(await call()(settingsOf(env.host, env.dest), 'spaceAttention')).toEqual([]);
    expect(bursts('slack')).toHaveLength(1);

    env.dest.emulator.failNext('createPage', 1, 400);
    createPage('Failing again');
    await env.host.settled();
    expect(bursts('slack')).toHaveLength(2);
    expect(bursts('google-chat')).toHaveLength(2);
  });

  it('sends the daily digest once a day, and not when switched off or when nothing happened', async () => {
    createPage('Synced today');
    await env.host.settled();
    await env.host.runScheduledTrigger(env.source.installation, 'daily-digest');
    await env.host.settled();
    // A page synced today: both sides have something to say.
    expect(digests('slack')).toHaveLength(1);
    expect(digests('slack')[0].text).toMatch(/items? synced in the last 24 hours/);
    await env.host.runScheduledTrigger(env.source.installation, 'daily-digest');
    await env.host.runScheduledTrigger(env.dest.installation, 'daily-digest');
    await env.host.settled();
    expect(digests('slack')).toHaveLength(1);
    expect(digests('google-chat')).toHaveLength(1);

    // Switched off on a fresh pair of a space where nothing happened: nothing is sent either way.
    await call()(settingsOf(env.host, env.source), 'saveNotifications', { syncId, digest: false, quietMinutes: 60 });
    await env.host.runInInvocation(env.source.installation, async () => {
      for (const key of (await kvs.query().where('key', WhereConditions.beginsWith(`notice:${syncId}:`)).getMany()).results.map((r) => r.key)) await kvs.delete(key);
    });
    await env.host.runScheduledTrigger(env.source.installation, 'daily-digest');
    await env.host.settled();
    expect(digests('slack')).toHaveLength(1);
  });

  it('sends nothing in a digest for a sync where nothing happened', async () => {
    const { sendDigests } = await import('../../src/replication/notices');
    const { noticeDeps } = await import('../../src/entry/notice-deps');
    const sync = await syncOf(env.host, env.source, 'source');
    const raised = await env.host.runInInvocation(env.source.installation, () => sendDigests({ ...noticeDeps(), facts: async () => ({ synced: 0, failed: 0, failingNow: 0 }) }, [sync]));
    expect(raised).toBe(0);
  });

  it('a retried delivery job posts once; a 429 is waited out and a 500 retried, bounded, logged without the URL', async () => {
    chat.queued.push({ status: 429, retryAfter: '1', service: 'slack' }, { status: 503, service: 'slack' });
    env.dest.emulator.failNext('createPage', 1, 400);
    const failing = createPage('Failing once');
    await env.host.settled();
    expect(bursts('slack')).toHaveLength(1);
    const details = await call()(settingsOf(env.host, env.source), 'syncDetails', { syncId });
    const undelivered = details.activity.filter((e: { outcome: string }) => e.outcome === 'notice-undelivered');
    expect(undelivered.map((e: { detail: string }) => e.detail)).toEqual([expect.stringMatching(/HTTP 503.*attempt 2/), expect.stringMatching(/HTTP 429.*attempt 1/)]);

    // The same job again (the platform retried it): nothing more is posted.
    const key = await env.host.runInInvocation(env.source.installation, async () => (await kvs.query().where('key', WhereConditions.beginsWith(`notice:${syncId}:burst-`)).getMany()).results[0].key.slice('notice:'.length));
    const again = await env.host.runInInvocation(env.source.installation, () => deliverNotice(deliveryDeps(), { type: 'notify', syncId, spaceId: env.source.spaceId, key, attempt: 3 }));
    expect(again).toBe('skipped');
    expect(bursts('slack')).toHaveLength(1);

    // A service that keeps failing: tried a bounded number of times, then left undelivered.
    chat.queued.push(...Array.from({ length: 10 }, () => ({ status: 500, service: 'slack' as const })));
    await call()(settingsOf(env.host, env.source), 'retryItem', { syncId, sourceId: failing.id });
    await env.host.settled();
    env.dest.emulator.failNext('createPage', 1, 400);
    createPage('Failing in a new burst');
    await env.host.settled();
    expect(bursts('slack')).toHaveLength(1);
    const later = (await call()(settingsOf(env.host, env.source), 'syncDetails', { syncId })).activity.filter((e: { outcome: string }) => e.outcome === 'notice-undelivered');
    expect(later[0].detail).toMatch(/HTTP 500\)\. No more tries\./);
    expect(later).toHaveLength(2 + 5);
    expect(chat.queued).toHaveLength(5);
  });

  it('never shows the URL again: not in any resolver answer, log or KVS value but the secret', async () => {
    const answers = [
      await call()(settingsOf(env.host, env.source), 'getNotifications', { syncId }),
      await call()(settingsOf(env.host, env.source), 'listSyncs'),
      await call()(settingsOf(env.host, env.source), 'syncDetails', { syncId }),
      await call()(settingsOf(env.host, env.source), 'sendTestNotification', { syncId }),
    ];
    expect(answers[0]).toEqual({ digest: true, quietMinutes: 60, webhook: { service: 'slack', serviceName: 'Slack', last4: '1234', savedAt: expect.any(String) } });
    expect(answers[3]).toEqual({ delivered: true, detail: 'The test message was delivered.' });
    expect(chat.messages.at(-1)).toMatchObject({ service: 'slack', text: expect.stringContaining('Test message') });
    env.dest.emulator.failNext('createPage', 1, 400);
    createPage('Failing for the log');
    await env.host.settled();
    for (const [s, url] of [[env.source, SLACK], [env.dest, GCHAT]] as const) {
      const values = await env.host.runInInvocation(s.installation, async () => {
        const out: string[] = [];
        let cursor: string | undefined;
        do {
          let q = kvs.query().limit(100);
          if (cursor) q = q.cursor(cursor);
          const page = await q.getMany();
          out.push(...page.results.map((r) => JSON.stringify(r)));
          cursor = page.nextCursor;
        } while (cursor);
        return out;
      });
      expect(values.length).toBeGreaterThan(5);
      for (const secretPart of [url, url.slice(-20), new URL(url).pathname]) expect(values.filter((v) => v.includes(secretPart))).toEqual([]);
      const id = s === env.source ? syncId : destSyncId;
      expect(await env.host.runInInvocation(s.installation, () => kvs.getSecret(`notify-webhook:${id}`))).toBe(url);
    }
    const everything = JSON.stringify(answers) + consoleText.join('\n');
    for (const url of [SLACK, GCHAT]) expect(everything).not.toContain(url.slice(-20));
  });

  it('refuses a bad URL with a clear error and changes nothing', async () => {
    for (const bad of ['http://hooks.slack.com/services/T/B/X', 'https://hooks.slack.com.evil.test/services/T/B/X', 'https://u:p@hooks.slack.com/services/T/B/X', 'https://10.0.0.1/services/x']) {
      await expect(call()(settingsOf(env.host, env.source), 'saveNotifications', { syncId, webhookUrl: bad, digest: false, quietMinutes: 5 })).rejects.toMatchObject({ code: 'invalid-input', field: 'webhookUrl' });
    }
    expect(await call()(settingsOf(env.host, env.source), 'getNotifications', { syncId })).toMatchObject({ digest: true, quietMinutes: 60, webhook: { last4: '1234' } });
    expect(await env.host.runInInvocation(env.source.installation, () => kvs.getSecret(`notify-webhook:${syncId}`))).toBe(SLACK);
  });

  it('lets only the space admins of that side read or change it', async () => {
    const writerPage = env.host.openUiModule(env.source.installation, 'space-sync-settings', env.source.writer, { type: 'confluence:spaceSettings', space: { id: env.source.spaceId, key: 'ENG' } });
    await expect(call()(writerPage, 'getNotifications', { syncId })).rejects.toMatchObject({ code: 'not-space-admin' });
    await expect(call()(writerPage, 'saveNotifications', { syncId, webhookUrl: SLACK, digest: true, quietMinutes: 60 })).rejects.toMatchObject({ code: 'not-space-admin' });
    // The other site's admin cannot name this side's sync either.
    await expect(call()(settingsOf(env.host, env.dest), 'getNotifications', { syncId })).rejects.toMatchObject({ code: 'sync-not-found' });
  });
});
