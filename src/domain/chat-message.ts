/**
 * A notice as each chat service's webhook takes it: plain text (titles and counts, never a page's
 * body) and one link back to the sync's settings page.
 */
import type { ChatService } from './chat-webhook-url';
import type { Notice } from './notice-rules';

export interface MessageContext {
  syncName: string;
  /** "Engineering Handbook (ENG)": the space this side's admins look after. */
  spaceName: string;
  /** The space settings page of the app, where the admin acts. */
  link: string;
}

/** Chat services cap a message (Slack truncates text past 40,000 characters); ours stay far under. */
const MAX_LINE = 300;
const clip = (s: string) => (s.length > MAX_LINE ? `${s.slice(0, MAX_LINE - 1)}…` : s);

/**
 * What a notice carries that people wrote (page titles, sync and space names), made inert for
 * each service's markup, so a page titled `<!channel>` or `[Reset your password](https://…)` pings
 * nobody and links nowhere:
 * - Slack reads `&`, `<` and `>` as control characters (`<!channel>`, `<@U…>`, `<url|text>`) and
 *   says to send them as `&amp;`, `&lt;`, `&gt;` (https://api.slack.com/reference/surfaces/formatting#escaping,
 *   quoted at https://api.slack.com/docs/attachments/).
 * - Google Chat reads `<url|text>` as a link and `<users/all>` as a mention of everyone
 *   (https://developers.google.com/chat/format-messages) and documents no escape (UNCONFIRMED
 *   whether it decodes HTML entities), so `<` and `>` become the look-alikes ‹ and ›.
 * - Teams: a TextBlock reads Markdown (`[Title](url)` is a link), a TextRun does not ("Markdown is
 *   not supported", https://learn.microsoft.com/en-us/adaptive-cards/schema-explorer/text-run),
 *   so every line goes in a RichTextBlock's TextRun.
 */
export function inertText(service: ChatService, text: string): string {
  if (service === 'slack') return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (service === 'google-chat') return text.replace(/</g, '‹').replace(/>/g, '›');
  return text;
}

export function noticeText(notice: Pick<Notice, 'title' | 'lines'>, ctx: MessageContext, service: ChatService = 'slack'): string {
  const inert = (s: string) => inertText(service, clip(s));
  // The link is the app's own address, added after the escaping.
  return [`Space Sync: ${inert(notice.title)} (sync “${inert(ctx.syncName)}”, ${inert(ctx.spaceName)})`, ...notice.lines.map(inert), `Open Space Sync: ${ctx.link}`].join('\n');
}

/** A line of a Teams card as plain text: a TextRun, which reads no Markdown (see inertText). */
const plainLine = (text: string, bold = false) => ({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text, ...(bold ? { weight: 'Bolder' } : {}) }] });

/**
 * The JSON body each service documents:
 * - Slack: `{"text": …}` (https://api.slack.com/messaging/webhooks);
 * - Google Chat: `{"text": …}` (https://cloud.google.com/workflows/docs/notify-google-chat);
 * - Teams workflows: a `message` with an Adaptive Card attachment, which the "When a Teams webhook
 *   request is received" flow posts (https://kestra.io/plugins/io.kestra.plugin.microsoft365.teams.TeamsIncomingWebhook
 *   shows the shape); legacy connector URLs take the same card. RichTextBlock is Adaptive Cards 1.2.
 */
export function chatBody(service: ChatService, notice: Pick<Notice, 'title' | 'lines'>, ctx: MessageContext): Record<string, unknown> {
  if (service !== 'teams') return { text: noticeText(notice, ctx, service) };
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [plainLine(`Space Sync: ${clip(notice.title)}`, true), plainLine(`Sync “${clip(ctx.syncName)}”, ${clip(ctx.spaceName)}`), ...notice.lines.map((line) => plainLine(clip(line)))],
          actions: [{ type: 'Action.OpenUrl', title: 'Open Space Sync', url: ctx.link }],
        },
      },
    ],
  };
}
