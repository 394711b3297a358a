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

export function noticeText(notice: Pick<Notice, 'title' | 'lines'>, ctx: MessageContext): string {
  return [`Space Sync: ${clip(notice.title)} (sync “${clip(ctx.syncName)}”, ${clip(ctx.spaceName)})`, ...notice.lines.map(clip), `Open Space Sync: ${ctx.link}`].join('\n');
}

/**
 * The JSON body each service documents:
 * - Slack: `{"text": …}` (https://api.slack.com/messaging/webhooks);
 * - Google Chat: `{"text": …}` (https://cloud.google.com/workflows/docs/notify-google-chat);
 * - Teams workflows: a `message` with an Adaptive Card attachment, which the "When a Teams webhook
 *   request is received" flow posts (https://kestra.io/plugins/io.kestra.plugin.microsoft365.teams.TeamsIncomingWebhook
 *   shows the shape); legacy connector URLs take the same card.
 */
export function chatBody(service: ChatService, notice: Pick<Notice, 'title' | 'lines'>, ctx: MessageContext): Record<string, unknown> {
  const text = noticeText(notice, ctx);
  if (service !== 'teams') return { text };
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', weight: 'Bolder', wrap: true, text: `Space Sync: ${clip(notice.title)}` },
            { type: 'TextBlock', wrap: true, text: `Sync “${clip(ctx.syncName)}”, ${clip(ctx.spaceName)}` },
            ...notice.lines.map((line) => ({ type: 'TextBlock', wrap: true, text: clip(line) })),
          ],
          actions: [{ type: 'Action.OpenUrl', title: 'Open Space Sync', url: ctx.link }],
        },
      },
    ],
  };
}
