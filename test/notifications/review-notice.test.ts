/**
 * A version waiting for review reaches the copy's admins: one chat message per wait (a second
 * change that replaces the waiting version sends none), a "Needs your attention" notice per
 * waiting page, and answering one clears that one only.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, pageByTitle, pair, settingsOf } from '../support/replication';
import { syncOf } from '../support/pairs';
import { ChatStandIn } from '../../sandbox/chat/chat-service';
import type { Actor } from '../../sandbox/confluence/site';

const SLACK = 'https://hooks.slack.com/services/T0DST/B0DST/reviewDestHook0001';

describe('a version waiting for review, told to the copy’s admins', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let chat: ChatStandIn;
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const call = (s: EmulatedSite, fn: string, payload?: unknown) => bridgeCall(env.host)(settingsOf(env.host, s), fn, payload);
  const edit = (s: EmulatedSite, title: string, body: string) => {
    const page = pageByTitle(s.site, s.spaceId, title);
    return s.site.updatePage(as(s), page.id, { type: 'page', title, body, status: 'current', version: page.version.number + 1 });
  };
  const onCopy = (title: string) => {
    const page = pageByTitle(env.dest.site, env.dest.spaceId, title);
    return env.host.openUiModule(env.dest.installation, 'space-sync-page-action', env.dest.admin, { type: 'confluence:contentAction', space: { id: env.dest.spaceId, key: 'PARTNER' }, content: { id: page.id, type: 'page' } });
  };
  const waitingMessages = () => chat.messages.filter((m) => m.service === 'slack' && m.text.includes('A newer version is waiting for review'));

  beforeEach(async () => {
    chat = new ChatStandIn();
    env = await startEmulatedSites({ standIns: [chat] });
  });
  afterEach(() => env.host.close());

  it('sends one message per wait, shows one notice per page, and clears only the page answered', async () => {
    for (const title of ['Guide', 'Setup']) env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title, body: '<p>v1</p>' });
    await pair(env.host, { site: env.source }, { site: env.dest }, { conflictPolicy: 'review' });
    const destId = (await syncOf(env.host, env.dest, 'destination')).id;
    await call(env.dest, 'saveNotifications', { syncId: destId, webhookUrl: SLACK, digest: false, quietMinutes: 60 });
    for (const title of ['Guide', 'Setup']) edit(env.dest, title, '<p>ours</p>');
    await env.host.settled();

    edit(env.source, 'Guide', '<p>v2</p>');
    await env.host.settled();
    edit(env.source, 'Guide', '<p>v3</p>'); // replaces the waiting version: the same wait
    edit(env.source, 'Setup', '<p>v2</p>');
    await env.host.settled();

    expect(waitingMessages()).toHaveLength(2);
    expect(waitingMessages()[0].text).toContain('“Guide” was edited here and its original changed (version 2).');
    const notices = await call(env.dest, 'spaceAttention');
    expect(notices).toEqual([expect.objectContaining({ kind: 'review-waiting', syncId: destId }), expect.objectContaining({ kind: 'review-waiting', syncId: destId })]);
    expect(notices.every((n: { where: string }) => n.where === 'The copy’s page in PARTNER → ••• → Space Sync')).toBe(true);
    // The source raises nothing: the question is the copy's.
    expect(await call(env.source, 'spaceAttention')).toEqual([]);

    const [state] = await bridgeCall(env.host)(onCopy('Guide'), 'pageSyncStatus');
    await bridgeCall(env.host)(onCopy('Guide'), 'answerReview', { syncId: destId, generation: state.review.generation, answer: 'keep' });
    await env.host.settled();
    const left = await call(env.dest, 'spaceAttention');
    expect(left).toHaveLength(1);
    expect(left[0].lines[0]).toContain('“Setup”');
    expect(waitingMessages()).toHaveLength(2);
  });
});
