import { chatBody, inertText } from '../../src/domain/chat-message';

/** A page title anyone who can edit a page may write, aimed at each service's markup. */
const HOSTILE = '<!channel> <@U024BE7LH> <users/all> <https://evil.example/login|Reset your password> [Reset your password](https://evil.example/login) & more';
const notice = { title: 'Items are failing to sync', lines: [`“${HOSTILE}” was the first to fail.`] };
const ctx = { syncName: '<!here> sync', spaceName: 'Docs <users/all>', link: 'https://acme.atlassian.net/wiki/spaces/ENG/settings?a=1&b=2' };

describe('chat messages carry what people wrote as text, never as markup', () => {
  it('escapes Slack’s control characters, so nothing mentions or links', () => {
    const { text } = chatBody('slack', notice, ctx) as { text: string };
    expect(text).not.toMatch(/<[!@#]|<https?:/);
    expect(text).toContain('&lt;!channel&gt; &lt;@U024BE7LH&gt;');
    expect(text).toContain('&amp; more');
    expect(text).toContain('“&lt;!here&gt; sync”');
    // The app's own link stays a link.
    expect(text.endsWith(`Open Space Sync: ${ctx.link}`)).toBe(true);
  });

  it('leaves Google Chat no <…> to read as a mention or a link', () => {
    const { text } = chatBody('google-chat', notice, ctx) as { text: string };
    expect(text).not.toMatch(/<users\/|<https?:/);
    expect(text).toContain('‹users/all›');
    expect(text).toContain('Docs ‹users/all›');
  });

  it('puts every Teams line in a TextRun, which reads no Markdown, never in a TextBlock', () => {
    const card = (chatBody('teams', notice, ctx) as { attachments: Array<{ content: { body: Array<{ type: string; inlines?: Array<{ type: string; text: string }> }>; actions: unknown[] } }> }).attachments[0].content;
    expect(card.body.every((b) => b.type === 'RichTextBlock' && b.inlines?.every((r) => r.type === 'TextRun'))).toBe(true);
    expect(card.body.flatMap((b) => b.inlines!.map((r) => r.text))).toContain(`“${HOSTILE}” was the first to fail.`);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open Space Sync', url: ctx.link }]);
  });

  it('changes nothing in plain words', () => {
    for (const service of ['slack', 'google-chat', 'teams'] as const) expect(inertText(service, 'Guide “v2”: 3 items synced')).toBe('Guide “v2”: 3 items synced');
  });
});
