import { parseMailto } from '../../sandbox/mail/mailto';
import { mailtoUrl } from '../../src/domain/token-email';

describe('the sandbox mail client reads mailto links as a mail client does (RFC 6068)', () => {
  it('reads back what the app writes, line breaks as CRLF', () => {
    const body = 'Hi & welcome?\nsubject=nope&bcc=eve@evil.example\n\n→ token: a.b-c_d';
    const outcome = mailtoUrl({ to: "o'brien+sync@partner.example", subject: 'Space Sync: “Handbook” 100% + more', body });
    if (outcome.kind !== 'url') throw new Error('expected a URL');
    expect(parseMailto(outcome.url)).toEqual({ to: ["o'brien+sync@partner.example"], subject: 'Space Sync: “Handbook” 100% + more', body: body.replace(/\n/g, '\r\n'), otherFields: [] });
  });

  it('shows every recipient and header a hand-made link names, so an injected one would be seen', () => {
    expect(parseMailto('mailto:a@x.example,b@x.example?cc=c@x.example&subject=Hi&to=d@x.example&body=x%0D%0Ay')).toEqual({
      to: ['a@x.example', 'b@x.example', 'd@x.example'],
      subject: 'Hi',
      body: 'x\r\ny',
      otherFields: [['cc', 'c@x.example']],
    });
    expect(parseMailto('MAILTO:a@x.example')).toEqual({ to: ['a@x.example'], subject: '', body: '', otherFields: [] });
    expect(parseMailto('mailto:?subject=bad%escape')?.subject).toBe('bad%escape');
    expect(parseMailto('https://example.com')).toBeUndefined();
  });
});
