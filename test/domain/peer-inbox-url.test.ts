import { isPeerInboxUrl, WEB_TRIGGER_HOSTS } from '../../src/domain/identity';
import { loadManifest } from '../../sandbox/forge-host/manifest';

describe('a peer inbox URL', () => {
  it('is a web trigger on either host Forge issues them on, or the sandbox’s loopback', () => {
    for (const url of ['https://0b7e3c1a-11aa-4b2c-9d8e-123456789abc.hello.atlassian-dev.net/x1/AbC123', 'https://5f0c.webtrigger.atlassian.app/public/xyz', 'http://127.0.0.1:4100/x1/abc', 'http://localhost:9999/x1/abc']) {
      expect(isPeerInboxUrl(url)).toBe(true);
    }
  });

  it('is never a chat webhook, the media host, a lookalike, the bare parent, or a URL with credentials or a port', () => {
    for (const url of [
      'https://hooks.slack.com/services/T/B/x',
      'https://prod-1.westus.logic.azure.com/workflows/1',
      'https://api.media.atlassian.com/file/1/binary',
      'https://hello.atlassian-dev.net/x1/a',
      'https://webtrigger.atlassian.app/public/a',
      'https://x.hello.atlassian-dev.net.evil.example/x1/a',
      'https://xhello.atlassian-dev.net/x1/a',
      'https://a_b.webtrigger.atlassian.app/public/a',
      'https://user:pw@x.webtrigger.atlassian.app/public/a',
      'https://x.webtrigger.atlassian.app:8443/public/a',
      'http://x.webtrigger.atlassian.app/public/a',
      'http://10.0.0.1/x1/a',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isPeerInboxUrl(url)).toBe(false);
    }
  });

  it('names only hosts the manifest declares as egress', () => {
    const egress = loadManifest(`${__dirname}/../../manifest.yml`).egress;
    for (const host of WEB_TRIGGER_HOSTS) expect(egress).toContain(`*.${host}`);
  });
});
