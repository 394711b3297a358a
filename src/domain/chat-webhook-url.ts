/**
 * Which chat webhook URLs the app will post to: the hosts the chat services document, and only
 * those (manifest.yml declares the same list as egress). An admin pastes the URL, so it is an
 * SSRF surface: anything but https on the exact host (or a documented wildcard's subdomain) on the
 * default port, with no credentials in it and no IP literal, is refused with the reason.
 */

export type ChatService = 'slack' | 'teams' | 'google-chat';

/**
 * Hosts per service. Sources:
 * - Slack incoming webhooks are `https://hooks.slack.com/services/…`
 *   (https://api.slack.com/messaging/webhooks).
 * - Microsoft Teams Workflows webhooks ("When a Teams webhook request is received") are issued on
 *   `*.logic.azure.com` and `*.environment.api.powerplatform.com`
 *   (https://databrickslabs.github.io/dqx/docs/reference/api/actions/destinations/teams/ lists
 *   both; https://docs.novu.co/platform/integrations/chat/ms-teams-workflows describes the flow);
 *   legacy Office 365 connector webhooks are `https://<tenant>.webhook.office.com/…`
 *   (https://docs.testkube.io/articles/teams-integration). UNCONFIRMED from Microsoft's own page.
 * - Google Chat space webhooks are `https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…`
 *   (https://developers.google.com/workspace/chat/quickstart/webhooks, as cited by
 *   https://docs.gitguardian.com/secrets-detection/secrets-detection-engine/detectors/specifics/google_chat_webhook_url).
 * A wildcard covers subdomains only, never its parent, as Forge's egress matching does.
 */
export const CHAT_HOSTS: ReadonlyArray<{ service: ChatService; host: string }> = [
  { service: 'slack', host: 'hooks.slack.com' },
  { service: 'teams', host: '*.logic.azure.com' },
  { service: 'teams', host: '*.environment.api.powerplatform.com' },
  { service: 'teams', host: '*.webhook.office.com' },
  { service: 'google-chat', host: 'chat.googleapis.com' },
];

/** Webhook URLs are well under this (a Teams workflow URL with its signature is about 300). */
export const MAX_WEBHOOK_URL_LENGTH = 1000;

export const SERVICE_NAMES: Record<ChatService, string> = { slack: 'Slack', teams: 'Microsoft Teams', 'google-chat': 'Google Chat' };

export type WebhookCheck = { ok: true; url: string; service: ChatService; last4: string } | { ok: false; reason: string };

const refuse = (reason: string): WebhookCheck => ({ ok: false, reason });

/** A DNS label as hosts are written: letters, digits and inner hyphens. */
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function hostMatches(host: string, pattern: string): boolean {
  if (!pattern.startsWith('*.')) return host === pattern;
  const parent = pattern.slice(1); // ".logic.azure.com"
  return host.endsWith(parent) && host.length > parent.length && host.slice(0, -parent.length).split('.').every((l) => LABEL.test(l));
}

export function serviceOfHost(host: string): ChatService | undefined {
  return CHAT_HOSTS.find((h) => hostMatches(host, h.host))?.service;
}

export function checkWebhookUrl(raw: string): WebhookCheck {
  const text = raw.trim();
  if (!text) return refuse('Paste the webhook URL your chat service gave you.');
  if (text.length > MAX_WEBHOOK_URL_LENGTH) return refuse(`That URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters; no chat webhook URL is.`);
  // Control characters and spaces would be dropped or encoded by the parser: refuse, never guess.
  if (/[\s\u0000-\u001f\u007f\\]/.test(text)) return refuse('That URL has spaces, backslashes or control characters in it.');
  if (!URL.canParse(text)) return refuse('That is not a URL.');
  const url = new URL(text);
  if (url.protocol !== 'https:') return refuse('The webhook URL must start with https://.');
  if (url.username || url.password || text.slice(8).split(/[/?#]/)[0].includes('@')) return refuse('The webhook URL must not carry a user name or password.');
  if (url.port) return refuse('The webhook URL must not name a port.');
  const host = url.hostname;
  if (/^\[|^\d+(\.\d+){3}$|^\d+$|^0x/i.test(host) || /^[\d.]+$/.test(host)) return refuse('The webhook URL must name the service’s host, not an IP address.');
  if (host.endsWith('.')) return refuse('The webhook URL’s host must not end with a dot.');
  const service = serviceOfHost(host);
  if (!service) return refuse(`Space Sync posts only to Slack (hooks.slack.com), Microsoft Teams workflows and Google Chat (chat.googleapis.com) webhooks; “${host}” is none of them.`);
  if (url.pathname.length < 2) return refuse('That URL has no webhook path: copy the whole URL the service gave you.');
  if (url.hash) return refuse('The webhook URL must not have a # part.');
  return { ok: true, url: url.href, service, last4: url.href.slice(-4) };
}
