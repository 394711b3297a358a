import { isWebLink } from '../../src/domain/web-link';

describe('web links a copy may carry', () => {
  it('takes http and https addresses with a host', () => {
    for (const url of ['https://status.example.com/board', 'http://intranet.example/x?y=1#z', 'HTTPS://EXAMPLE.COM']) expect(isWebLink(url)).toBe(true);
  });

  it('refuses script, data and file URLs, relative ones, and any with spaces or control characters', () => {
    for (const url of ['javascript:alert(1)', ' javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'vbscript:x', '//evil.example/x', '/wiki/x', 'https://exa mple.com', 'https://example.com/\n', 'mailto:a@b.c', 'ftp://example.com/', '']) {
      expect(isWebLink(url)).toBe(false);
    }
  });
});
