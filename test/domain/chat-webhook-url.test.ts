import { checkWebhookUrl, hostMatches, MAX_WEBHOOK_URL_LENGTH } from '../../src/domain/chat-webhook-url';

const SLACK = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXabcd';
const TEAMS = 'https://prod-12.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=Zz9';
const TEAMS_PP = 'https://default0a1b.2c.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?sig=Q1';
const TEAMS_LEGACY = 'https://contoso.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456';
const GCHAT = 'https://chat.googleapis.com/v1/spaces/AAAA/messages?key=K&token=T%3D';

describe('chat webhook URLs the app will post to', () => {
  it.each([
    [SLACK, 'slack'],
    [TEAMS_PP, 'teams'],
    [GCHAT, 'google-chat'],
  ])('accepts %s as %s, keeping only its last 4 characters for display', (url, service) => {
    const check = checkWebhookUrl(`  ${url}  `);
    expect(check).toEqual({ ok: true, url, service, last4: url.slice(-4) });
  });

  it('accepts a Teams workflow URL naming the default port 443 (the parser drops it)', () => {
    expect(checkWebhookUrl(TEAMS)).toMatchObject({ ok: true, service: 'teams', url: TEAMS.replace(':443', '') });
  });

  it('accepts a legacy Teams connector URL, whose path has an "@" (only one before the host is userinfo)', () => {
    expect(checkWebhookUrl(TEAMS_LEGACY)).toMatchObject({ ok: true, service: 'teams' });
  });

  it.each([
    ['http://hooks.slack.com/services/T/B/X', /https/],
    ['ftp://hooks.slack.com/services/T/B/X', /https/],
    ['https://example.com/services/T/B/X', /none of them/],
    ['https://hooks.slack.com.evil.test/services/T/B/X', /none of them/],
    ['https://evilhooks.slack.com/services/T/B/X', /none of them/],
    ['https://hooks.slack.co/services/T/B/X', /none of them/],
    ['https://logic.azure.com/workflows/x', /none of them/],
    ['https://webhook.office.com/webhookb2/x', /none of them/],
    ['https://a.logic.azure.com.evil.test/workflows/x', /none of them/],
    ['https://chat.googleapis.com.evil.test/v1/spaces/A/messages', /none of them/],
    ['https://evil.test#@hooks.slack.com/services/T/B/X', /none of them|# part/],
    ['https://user:pass@hooks.slack.com/services/T/B/X', /user name or password/],
    ['https://hooks.slack.com@evil.test/services/T/B/X', /user name or password/],
    ['https://:@hooks.slack.com/services/T/B/X', /user name or password/],
    ['https://hooks.slack.com:8443/services/T/B/X', /port/],
    ['https://127.0.0.1/services/T/B/X', /IP address/],
    ['https://2130706433/services/T/B/X', /IP address/],
    ['https://0x7f000001/services/T/B/X', /IP address/],
    ['https://[::1]/services/T/B/X', /IP address/],
    ['https://169.254.169.254/latest/meta-data', /IP address/],
    ['https://hooks.slack.com./services/T/B/X', /dot/],
    ['https://hooks.slack.com/', /no webhook path/],
    ['https://hooks.slack.com/services/T/B/X#frag', /# part/],
    ['https://hooks.slack.com/ser vices/T', /spaces/],
    ['https://hooks.slack.com\\@evil.test/x', /backslash/],
    ['hooks.slack.com/services/T/B/X', /not a URL/],
    ['', /Paste/],
    [`https://hooks.slack.com/services/${'x'.repeat(MAX_WEBHOOK_URL_LENGTH)}`, /longer than/],
  ])('refuses %s', (url, reason) => {
    const check = checkWebhookUrl(url);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
  });

  it('refuses a trailing newline inside the URL but trims surrounding whitespace', () => {
    expect(checkWebhookUrl(`${SLACK}\n`).ok).toBe(true);
    expect(checkWebhookUrl(`https://hooks.slack.com/services/T/B\n/X`).ok).toBe(false);
  });

  it('matches a wildcard on subdomains only, never the parent or a lookalike', () => {
    expect(hostMatches('a.b.logic.azure.com', '*.logic.azure.com')).toBe(true);
    expect(hostMatches('logic.azure.com', '*.logic.azure.com')).toBe(false);
    expect(hostMatches('evillogic.azure.com', '*.logic.azure.com')).toBe(false);
    expect(hostMatches('-x.logic.azure.com', '*.logic.azure.com')).toBe(false);
    expect(hostMatches('hooks.slack.com', 'hooks.slack.com')).toBe(true);
    expect(hostMatches('x.hooks.slack.com', 'hooks.slack.com')).toBe(false);
  });
});
