/**
 * The mass-delete guard's hold reaches both sides' admins: one chat message per held delete and
 * per side with a webhook, a "Needs your attention" notice on both settings pages and in global
 * settings, gone once an admin answers.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, pair, settingsOf } from '../support/replication';
import { syncOf } from '../support/pairs';
import { ChatStandIn } from '../../sandbox/chat/chat-service';
import type { Actor } from '../../sandbox/confluence/site';

const SLACK = 'https://hooks.slack.com/services/T0SRC/B0SRC/heldSourceHook0001';
const TEAMS = 'https://prod-02.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=heldDest0002';

describe('a held mass delete, told to both sides', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let chat: ChatStandIn;
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const call = (s: EmulatedSite, fn: string, payload?: unknown) => bridgeCall(env.host)(settingsOf(env.host, s), fn, payload);
  const held = (service: string) => chat.messages.filter((m) => m.service === service && m.text.includes('A mass delete is held'));

  beforeEach(async () => {
    chat = new ChatStandIn();
    env = await startEmulatedSites({ standIns: [chat] });
  });
  afterEach(() => env.host.close());

  it('sends one message per side, shows the notice on both sides and site-wide, and clears it when answered', async () => {
    const old = env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Old handbook', body: '<p>x</p>' });
    for (let i = 1; i < 25; i++) env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: `Old chapter ${i}`, body: '<p>x</p>', parentId: old.id });
    for (let i = 1; i <= 5; i++) env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: `Current ${i}`, body: '<p>x</p>' });
    const syncId = await pair(env.host, { site: env.source }, { site: env.dest });
    const destId = (await syncOf(env.host, env.dest, 'destination')).id;
    await call(env.source, 'saveNotifications', { syncId, webhookUrl: SLACK, digest: false, quietMinutes: 60 });
    await call(env.dest, 'saveNotifications', { syncId: destId, webhookUrl: TEAMS, digest: false, quietMinutes: 60 });

    env.source.site.trash(as(env.source), old.id, ['page']);
    await env.host.settled();
    await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
    await env.host.settled();
    // The reconcile runs again (and tells a destination that missed the question): still one message each.
    await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
    await env.host.settled();

    expect(held('slack')).toHaveLength(1);
    expect(held('teams')).toHaveLength(1);
    expect(held('slack')[0].text).toMatch(/25 of 30 copies \(83\.3 %\)/);
    expect(held('teams')[0].text).toMatch(/the source space’s admins are asked too/);
    for (const [s, id] of [[env.source, syncId], [env.dest, destId]] as const) {
      expect(await call(s, 'spaceAttention')).toEqual([expect.objectContaining({ kind: 'mass-delete-held', syncId: id, title: 'A mass delete is held' })]);
    }
    const global = env.host.openUiModule(env.source.installation, 'space-sync-global-settings', env.source.admin, { type: 'confluence:globalSettings' });
    expect(await bridgeCall(env.host)(global, 'siteAttention')).toEqual([expect.objectContaining({ kind: 'mass-delete-held', syncId })]);

    const [row] = await call(env.dest, 'listSyncs');
    await call(env.dest, 'answerMassDelete', { syncId: destId, question: row.hold.question, answer: 'confirm' });
    await env.host.settled();
    expect(await call(env.source, 'spaceAttention')).toEqual([]);
    expect(await call(env.dest, 'spaceAttention')).toEqual([]);
    expect(held('slack')).toHaveLength(1);
  });
});
