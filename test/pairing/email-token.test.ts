import { kvs, WhereConditions } from '@forge/kvs';
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { NOT_ADMIN } from '../../src/pairing/sync-admin';
import { expiryWords, MAILTO_MAX_LENGTH, ONE_RECIPIENT, SUBJECT_PROBLEM } from '../../src/domain/token-email';
import { readPairingToken } from '../../src/pairing/pairing-token';
import { appAudience } from '../../src/platform/installation';
import type { TokenEmail } from '../../src/contract/resolvers';
import { resolverCall } from '../support/resolver-call';

/** What a mail client reads from a mailto URL (RFC 6068 §2). */
function readMailto(url: string) {
  const [to, query] = url.slice('mailto:'.length).split('?');
  return { to: decodeURIComponent(to), fields: Object.fromEntries(query.split('&').map((f) => f.split('=').map(decodeURIComponent))) as Record<string, string> };
}

describe('"Email the token": a fresh token in a message for the admin’s own mail client', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  const settings = (s: EmulatedSite, as = s.admin) => env.host.openUiModule(s.installation, 'space-sync-settings', as, { type: 'confluence:spaceSettings', space: { id: s.spaceId, key: s.site.spaces.get(s.spaceId)!.key } });
  const call = (token: string, fn: string, payload?: unknown) => resolverCall(env.host)(token, fn, payload);
  const email = (payload: Record<string, unknown>, as?: string) => call(settings(env.source, as), 'emailToken', { to: 'gil@globex.example', subject: 'Pairing our spaces', ...payload }) as Promise<TokenEmail>;
  const stored = () =>
    env.host.runInInvocation(env.source.installation, async () => (await kvs.query().where('key', WhereConditions.beginsWith('')).limit(100).getMany()).results);
  const tokenRecord = async (syncId: string) => (await stored()).find((r) => r.key === `token:${syncId}`)?.value;

  beforeEach(async () => {
    env = await startEmulatedSites();
  });
  afterEach(async () => {
    expect(env.source.emulator.contract.violations).toEqual([]);
    await env.host.close();
  });

  it('refuses anyone but a space admin before anything else: no token, no write, the current token still works', async () => {
    const source = settings(env.source);
    const sync = await call(source, 'createSync', { name: 'Handbook for Globex' });
    const current = (await call(source, 'issueToken', { syncId: sync.id })).token;
    const before = await stored();
    env.host.log.clear();
    // Whatever the payload says, a non-admin hears only that they are not an admin.
    for (const payload of [{ syncId: sync.id }, { syncId: 'no-such-sync', to: 'eve@evil.example,gil@globex.example', subject: 'x\r\nBcc: eve@evil.example' }, {}]) {
      await expect(email(payload, env.source.writer)).rejects.toThrow(NOT_ADMIN);
    }
    expect(env.host.log.of('kvs')).toEqual([]);
    expect(env.host.log.of('product').map((p) => p.path)).toEqual(Array(3).fill(`/wiki/api/v2/spaces/${env.source.spaceId}/operations`));
    expect(await stored()).toEqual(before);
    expect((await call(settings(env.dest), 'importToken', { token: current })).state).toBe('active');
  });

  it('refuses a second recipient, a header in the subject or a bad message before issuing: the current token stays valid', async () => {
    const source = settings(env.source);
    const sync = await call(source, 'createSync', { name: 'S' });
    await call(source, 'issueToken', { syncId: sync.id });
    const record = await tokenRecord(sync.id);
    for (const to of ['gil@globex.example,eve@evil.example', 'gil@globex.example\r\nBcc: eve@evil.example', 'Gil <gil@globex.example>']) {
      await expect(email({ syncId: sync.id, to })).rejects.toThrow(ONE_RECIPIENT);
    }
    for (const to of ['gil@globex.example?bcc=eve@evil.example', 'gil@globex.example&cc=eve@evil.example', 'nobody', 42]) {
      await expect(email({ syncId: sync.id, to })).rejects.toThrow('Enter the recipient’s email address');
    }
    for (const subject of ['Pairing\r\nBcc: eve@evil.example', 'Pairing\nX-Evil: 1', 'Pairing\u0000', '']) {
      await expect(email({ syncId: sync.id, subject })).rejects.toThrow(SUBJECT_PROBLEM);
    }
    await expect(email({ syncId: sync.id, message: 'hi\u0007' })).rejects.toThrow('no control characters');
    await expect(email({ syncId: 42 })).rejects.toThrow('That request is not valid.');
    expect(await tokenRecord(sync.id)).toEqual(record);
  });

  it('issues a fresh token, which revokes the one before; the mailto URL carries recipient, subject and a body with the token', async () => {
    const source = settings(env.source);
    const sync = await call(source, 'createSync', { name: 'Handbook for Globex' });
    const earlier = (await call(source, 'issueToken', { syncId: sync.id })).token;
    const sent = await email({ syncId: sync.id, to: ' gil@globex.example ', message: 'Hi Gil,\nhere it is.' });

    expect(sent).toMatchObject({ to: 'gil@globex.example', subject: 'Pairing our spaces', fileName: 'Handbook-for-Globex.spacesync-token' });
    expect(sent.token).not.toBe(earlier);
    const audience = await env.host.runInInvocation(env.source.installation, async () => appAudience());
    expect((await readPairingToken(sent.token, audience, Math.floor(Date.now() / 1000))).space.key).toBe('ENG');
    expect(sent.body.split('\n\n')).toEqual([
      'Hi Gil,\nhere it is.',
      `The token below pairs your Confluence space with "ENG" on ${env.source.site.siteUrl} through Space Sync.`,
      'Import it in your space: Space settings → Space Sync → Import token, and paste it there.',
      `It can be used once, until ${expiryWords(sent.expiresAt)}.`,
      sent.token,
    ]);
    expect(sent.mailtoUrl!.length).toBeLessThanOrEqual(MAILTO_MAX_LENGTH);
    expect(readMailto(sent.mailtoUrl!)).toEqual({ to: 'gil@globex.example', fields: { subject: 'Pairing our spaces', body: sent.body.replace(/\n/g, '\r\n') } });
    expect(sent.tooLong).toBeUndefined();

    await expect(call(settings(env.dest), 'importToken', { token: earlier })).rejects.toThrow(/replaced by a newer one|revoked/i);
    expect((await call(settings(env.dest), 'importToken', { token: sent.token })).state).toBe('active');
    await expect(email({ syncId: sync.id })).rejects.toThrow('only be issued for a sync that is awaiting import');
  });

  it('never logs or stores the token: the host’s invocation log, the app’s console and KVS hold none of it', async () => {
    const printed: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' '))));
    try {
      const source = settings(env.source);
      const sync = await call(source, 'createSync', { name: 'Quiet' });
      const sent = await email({ syncId: sync.id });
      const again = await email({ syncId: sync.id });
      const signature = sent.token.split('.')[2];
      const seen = [JSON.stringify(env.host.log.entries), printed.join('\n'), JSON.stringify(await stored())];
      for (const text of seen) for (const secret of [sent.token, again.token, signature, sent.mailtoUrl!]) expect(text).not.toContain(secret);
      expect(env.host.log.of('invocation').filter((i) => i.functionKey === 'ui-resolver').length).toBeGreaterThanOrEqual(3);
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
  });

  it('gives no link when the message would be too long for one, and the message to copy instead', async () => {
    const source = settings(env.source);
    const sync = await call(source, 'createSync', { name: 'Wordy', message: 'A long hello. '.repeat(100) });
    const sent = await email({ syncId: sync.id, message: 'See the note in the token.' });
    expect(sent.mailtoUrl).toBeUndefined();
    expect(sent.tooLong).toEqual({ length: expect.any(Number), max: MAILTO_MAX_LENGTH });
    expect(sent.tooLong!.length).toBeGreaterThan(MAILTO_MAX_LENGTH);
    expect(sent.body.endsWith(`\n\n${sent.token}`)).toBe(true);
    expect((await call(settings(env.dest), 'importToken', { token: sent.token })).state).toBe('active');
  });
});
