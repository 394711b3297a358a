/**
 * Posts a notice to a chat webhook with the runtime's `fetch`, which Forge lets reach only the
 * hosts manifest.yml declares (https://developer.atlassian.com/platform/forge/runtime-egress-permissions/).
 * The URL is checked again right before the post, no redirect is followed (a 3xx is a refusal:
 * the declared host must answer itself), time is bounded, and the URL is never logged.
 */
import { checkWebhookUrl } from '../domain/chat-webhook-url';
import type { ChatPoster, PostResult } from '../replication/notifier-ports';

const POST_TIMEOUT_MS = 10_000;

/** A Retry-After in seconds, or as an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterSeconds(value: string | null, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

export function classify(status: number, retryAfter: string | null): PostResult {
  if (status >= 200 && status < 300) return { kind: 'ok' };
  // Slack answers 429 with Retry-After to a webhook posted to too fast (https://docs.slack.dev/apis/web-api/rate-limits).
  if (status === 429 || status === 408 || status >= 500) {
    const after = retryAfterSeconds(retryAfter);
    return { kind: 'retry', status, ...(after !== undefined ? { retryAfterSeconds: after } : {}) };
  }
  return { kind: 'refused', status };
}

export const chatPoster: ChatPoster = {
  async post(url, body) {
    const check = checkWebhookUrl(url);
    if (!check.ok) return { kind: 'refused', status: 0 };
    const response = await fetch(check.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=UTF-8' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    await response.body?.cancel().catch(() => undefined);
    return classify(response.status, response.headers.get('retry-after'));
  },
};
