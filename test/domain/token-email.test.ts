import {
  checkMessage,
  checkRecipient,
  checkSubject,
  crlf,
  defaultSubject,
  mailtoUrl,
  MAILTO_MAX_LENGTH,
  ONE_RECIPIENT,
  percentEncode,
  RECIPIENT_PROBLEM,
  tokenEmailBody,
  expiryWords,
} from '../../src/domain/token-email';

/** What a mail client reads from the URL (RFC 6068 §2): one address part, then name=value fields. */
function parse(url: string) {
  const [to, query = ''] = url.slice('mailto:'.length).split('?');
  const fields = query.split('&').map((f) => f.split('=').map(decodeURIComponent));
  return { to: decodeURIComponent(to), fields };
}

const TOKEN = `eyJhbGciOiJFZERTQSJ9.${'x'.repeat(700)}.${'s'.repeat(86)}`;

describe('percent-encoding for mailto URLs (RFC 6068)', () => {
  it('keeps only unreserved characters and encodes UTF-8 octets in upper-case hex', () => {
    expect(percentEncode('AZaz09-._~')).toBe('AZaz09-._~');
    expect(percentEncode('a b+c')).toBe('a%20b%2Bc');
    expect(percentEncode('?&=#%/:@,;!$\'()*')).toBe('%3F%26%3D%23%25%2F%3A%40%2C%3B%21%24%27%28%29%2A');
    expect(percentEncode('café')).toBe('caf%C3%A9'); // the RFC's own example (§6.3)
    expect(percentEncode('→“”')).toBe('%E2%86%92%E2%80%9C%E2%80%9D');
    expect(percentEncode('🙂')).toBe('%F0%9F%99%82');
    expect(percentEncode('a@b', '@')).toBe('a@b');
  });

  it('writes every line break as CRLF', () => {
    expect(crlf('a\nb\r\nc\rd')).toBe('a\r\nb\r\nc\r\nd');
    expect(percentEncode(crlf('send current-issue\nsend index'))).toBe('send%20current-issue%0D%0Asend%20index'); // §6.1
  });
});

describe('the recipient: one plain address', () => {
  it.each(['gil@globex.example', 'o’brien@partner.example'.replace('’', "'"), 'g.i.l_1-2+sync@sub.globex.example', 'GIL@GLOBEX.EXAMPLE'])('accepts %s', (address) => {
    expect(checkRecipient(address)).toEqual({ ok: true, value: address });
  });

  it('drops the spaces around what was typed', () => {
    expect(checkRecipient('  gil@globex.example \t')).toEqual({ ok: true, value: 'gil@globex.example' });
  });

  it.each([
    'gil@globex.example,eve@evil.example',
    'gil@globex.example;eve@evil.example',
    'gil@globex.example eve@evil.example',
    'gil@globex.example\r\nBcc: eve@evil.example',
    'gil@globex.example\nBcc: eve@evil.example',
    'Gil <gil@globex.example>',
  ])('refuses a second recipient or a name: %j', (attempt) => {
    expect(checkRecipient(attempt)).toEqual({ ok: false, problem: ONE_RECIPIENT });
  });

  it.each([
    'gil@globex.example?bcc=eve@evil.example',
    'gil@globex.example&bcc=eve@evil.example',
    'gil@globex.example?body=other',
    'gil@globex.example#x',
    'gil%0D%0ABcc:eve@globex.example',
    'gil%2C@globex.example',
    'gil=x@globex.example',
    '"gil"@globex.example',
    'gil@[127.0.0.1]',
    'gil@127.0.0.1',
    'gil@localhost',
    'gil@globex..example',
    '.gil@globex.example',
    'gil.@globex.example',
    'gil@-globex.example',
    'a@b@globex.example',
    '@globex.example',
    'gil@',
    'gïl@globex.example',
    `${'g'.repeat(65)}@globex.example`,
    `gil@${'d'.repeat(60)}.${'d'.repeat(60)}.${'d'.repeat(60)}.${'d'.repeat(60)}.example`,
    '',
    '   ',
  ])('refuses %j', (attempt) => {
    expect(checkRecipient(attempt)).toEqual({ ok: false, problem: RECIPIENT_PROBLEM });
  });

  it('refuses what is not text', () => {
    for (const value of [undefined, null, 42, ['gil@globex.example'], { to: 'gil@globex.example' }]) expect(checkRecipient(value).ok).toBe(false);
  });
});

describe('the subject and the message', () => {
  it('takes a subject of one line', () => {
    expect(checkSubject(' Space Sync: “Handbook” ')).toEqual({ ok: true, value: 'Space Sync: “Handbook”' });
    for (const subject of ['Pairing\r\nBcc: eve@evil.example', 'Pairing\nX-Evil: 1', 'Pairing\rX', 'Pairing\u2028X', 'Pairing\u0085X', 'Pairing\u0000', 'Pairing\tTab', '', '  ', 'x'.repeat(201), 7]) {
      expect(checkSubject(subject).ok).toBe(false);
    }
    expect(checkSubject('x'.repeat(200)).ok).toBe(true);
  });

  it('takes a message with line breaks, but no control characters', () => {
    expect(checkMessage(undefined)).toEqual({ ok: true, value: '' });
    expect(checkMessage(' Hi Gil,\nhere it is. ')).toEqual({ ok: true, value: 'Hi Gil,\nhere it is.' });
    for (const message of ['a\u0000b', 'a\u001bb', 'x'.repeat(5001), 12]) expect(checkMessage(message).ok).toBe(false);
  });

  it('writes the message, the instructions, then the token on its own', () => {
    const body = tokenEmailBody({ message: 'Hi Gil', spaceKey: 'ENG', siteUrl: 'https://acme.atlassian.net', expiresAt: '2026-12-01T10:00:00.000Z', token: TOKEN });
    expect(body.split('\n\n')).toEqual([
      'Hi Gil',
      'The token below pairs your Confluence space with "ENG" on https://acme.atlassian.net through Space Sync.',
      'Import it in your space: Space settings → Space Sync → Import token, and paste it there.',
      'It can be used once, until 1 December 2026, 10:00 UTC.',
      TOKEN,
    ]);
    // As a person writes it, the time zone named; the minutes kept with their zero.
    expect(expiryWords('2026-12-09T19:05:35.000Z')).toBe('9 December 2026, 19:05 UTC');
    expect(expiryWords('not a date')).toBe('not a date');
    expect(tokenEmailBody({ message: '', spaceKey: 'ENG', siteUrl: 'https://acme.atlassian.net', expiresAt: 'x', token: TOKEN })).toMatch(/^The token below/);
    expect(defaultSubject('Handbook')).toBe('Space Sync: “Handbook”');
  });
});

describe('the mailto URL', () => {
  const body = tokenEmailBody({ message: 'Hi Gil,\nhere it is.', spaceKey: 'ENG', siteUrl: 'https://acme.atlassian.net', expiresAt: '2026-12-01T10:00:00.000Z', token: TOKEN });

  it('carries the recipient, subject and body, each encoded, with CRLF line breaks', () => {
    const outcome = mailtoUrl({ to: 'gil@globex.example', subject: 'Space Sync: “Handbook”', body: 'Line one\nLine two & more' });
    expect(outcome).toEqual({ kind: 'url', url: 'mailto:gil@globex.example?subject=Space%20Sync%3A%20%E2%80%9CHandbook%E2%80%9D&body=Line%20one%0D%0ALine%20two%20%26%20more' });
  });

  it('has exactly one recipient and exactly the subject and body fields, whatever the text says', () => {
    const sneaky = 'Hello&bcc=eve@evil.example&to=eve@evil.example?cc=eve@evil.example#frag\r\nBcc: eve@evil.example';
    const outcome = mailtoUrl({ to: "o'brien+sync@partner.example", subject: 'Re: ?&=#%', body: sneaky });
    if (outcome.kind !== 'url') throw new Error('expected a URL');
    expect(outcome.url).toMatch(/^mailto:[A-Za-z0-9\-._~%@]+\?subject=[A-Za-z0-9\-._~%]+&body=[A-Za-z0-9\-._~%]+$/);
    expect(outcome.url.startsWith("mailto:o%27brien%2Bsync@partner.example?")).toBe(true);
    const read = parse(outcome.url);
    expect(read.to).toBe("o'brien+sync@partner.example");
    expect(read.fields).toEqual([
      ['subject', 'Re: ?&=#%'],
      ['body', sneaky.replace(/\r?\n/g, '\r\n')],
    ]);
  });

  it('refuses to build a URL from a recipient or subject that did not pass their checks', () => {
    expect(() => mailtoUrl({ to: 'gil@globex.example,eve@evil.example', subject: 'S', body: '' })).toThrow('not checked');
    expect(() => mailtoUrl({ to: ' gil@globex.example', subject: 'S', body: '' })).toThrow('not checked');
    expect(() => mailtoUrl({ to: 'gil@globex.example', subject: 'S\r\nBcc: eve@evil.example', body: '' })).toThrow('not checked');
  });

  it('fits a token of about 800 characters with the usual text, well under the bound', () => {
    const outcome = mailtoUrl({ to: 'gil@globex.example', subject: defaultSubject('Handbook for Globex'), body });
    expect(outcome.kind).toBe('url');
    if (outcome.kind === 'url') {
      expect(outcome.url.length).toBeLessThan(MAILTO_MAX_LENGTH);
      expect(parse(outcome.url).fields[1][1]).toContain(TOKEN);
    }
  });

  it('answers too-long past the bound, counting encoded characters, and exactly at it gives the URL', () => {
    const draft = { to: 'gil@globex.example', subject: 'S' };
    const base = (mailtoUrl({ ...draft, body: '' }) as { url: string }).url.length;
    const atMax = mailtoUrl({ ...draft, body: 'a'.repeat(MAILTO_MAX_LENGTH - base) });
    expect(atMax.kind === 'url' && atMax.url.length).toBe(MAILTO_MAX_LENGTH);
    expect(mailtoUrl({ ...draft, body: 'a'.repeat(MAILTO_MAX_LENGTH - base + 1) })).toEqual({ kind: 'too-long', length: MAILTO_MAX_LENGTH + 1, max: MAILTO_MAX_LENGTH });
    // Each space takes three characters once encoded.
    expect(mailtoUrl({ ...draft, body: ' '.repeat(700) })).toEqual({ kind: 'too-long', length: base + 2100, max: MAILTO_MAX_LENGTH });
    expect(mailtoUrl({ ...draft, body }, 500).kind).toBe('too-long');
  });
});
