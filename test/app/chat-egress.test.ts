/**
 * The chat hosts the app may post to are declared as egress exactly as the URL check accepts
 * them, and the local host holds a chat post to that list as Forge does.
 */
import { join } from 'node:path';
import { loadManifest } from '../../sandbox/forge-host/manifest';
import { EgressPolicy } from '../../sandbox/forge-host/egress';
import { CHAT_HOSTS, checkWebhookUrl } from '../../src/domain/chat-webhook-url';
import { ChatStandIn } from '../../sandbox/chat/chat-service';

const manifest = loadManifest(join(__dirname, '..', '..', 'manifest.yml'));

describe('chat webhook egress', () => {
  it('declares every host the URL check accepts, and no other chat host', () => {
    const declared = manifest.egress.filter((e) => CHAT_HOSTS.some((h) => h.host === e));
    expect(declared.sort()).toEqual(CHAT_HOSTS.map((h) => h.host).sort());
  });

  it('lets through every URL the check accepts, and refuses lookalikes at the egress filter too', () => {
    const egress = new EgressPolicy(manifest.egress, () => false);
    for (const url of ['https://hooks.slack.com/services/T/B/X', 'https://prod-1.westus.logic.azure.com/workflows/x', 'https://d.1.environment.api.powerplatform.com/x', 'https://acme.webhook.office.com/webhookb2/x', 'https://chat.googleapis.com/v1/spaces/A/messages']) {
      expect(checkWebhookUrl(url).ok).toBe(true);
      expect(egress.allows(new URL(url))).toBe(true);
    }
    for (const url of ['https://hooks.slack.com.evil.test/x', 'https://evil.test/hooks.slack.com', 'https://logic.azure.com.evil.test/x']) expect(egress.allows(new URL(url))).toBe(false);
  });

  it('the stand-in answers as the services do: 400 to a body of the wrong shape, the queued 429 with its Retry-After', async () => {
    const chat = new ChatStandIn();
    const slack = new URL('https://hooks.slack.com/services/T/B/X');
    expect(chat.serve(slack, { method: 'POST', body: JSON.stringify({ blocks: [] }) })!.status).toBe(400);
    expect(chat.serve(new URL('https://x.logic.azure.com/w'), { method: 'POST', body: JSON.stringify({ text: 'Teams takes a card' }) })!.status).toBe(400);
    chat.queued.push({ status: 429, retryAfter: '7' });
    const limited = chat.serve(slack, { method: 'POST', body: JSON.stringify({ text: 'hi' }) })!;
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    expect(chat.serve(slack, { method: 'POST', body: JSON.stringify({ text: 'hi' }) })!.status).toBe(200);
    expect(chat.serve(new URL('https://example.com/x'), { method: 'POST' })).toBeUndefined();
    expect(chat.messages).toEqual([expect.objectContaining({ service: 'slack', text: 'hi', hook: 'hooks.slack.com …/B/X' })]);
  });
});
