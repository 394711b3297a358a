import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { Mailbox } from '../../sandbox/mail/mailbox';

describe('sending a token by email, with SMTP settings only a Confluence admin can change', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let mailbox: Mailbox;
  let smtpPort: number;
  const settings = (s: EmulatedSite, as = s.admin) => env.host.openUiModule(s.installation, 'space-sync-settings', as, { type: 'confluence:spaceSettings', space: { id: s.spaceId, key: s.site.spaces.get(s.spaceId)!.key } });
  const global = (s: EmulatedSite, as: string) => env.host.openUiModule(s.installation, 'space-sync-global-settings', as, { type: 'confluence:globalSettings' });
  const call = (token: string, fn: string, payload?: unknown) => env.host.bridge.call(token, fn, payload) as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const smtp = () => ({ host: '127.0.0.1', port: smtpPort, username: 'space-sync', password: 'smtp-secret-1', from: 'space-sync@acme.example' });

  beforeEach(async () => {
    env = await startEmulatedSites();
    mailbox = new Mailbox();
    smtpPort = await mailbox.start();
  });
  afterEach(async () => {
    await env.host.close();
    await mailbox.close();
  });

  it('lets only a Confluence admin read or save the settings, and never returns the password', async () => {
    await expect(call(global(env.source, env.source.writer), 'getEmailSettings')).rejects.toThrow('Only Confluence admins');
    await expect(call(global(env.source, env.source.writer), 'saveEmailSettings', smtp())).rejects.toThrow('Only Confluence admins');
    expect(await call(global(env.source, env.source.admin), 'getEmailSettings')).toEqual({ settings: null, passwordSet: false });

    const saved = await call(global(env.source, env.source.admin), 'saveEmailSettings', smtp());
    expect(saved).toEqual({ settings: { host: '127.0.0.1', port: smtpPort, username: 'space-sync', from: 'space-sync@acme.example' }, passwordSet: true });
    expect(JSON.stringify(saved)).not.toContain('smtp-secret-1');
    // An empty password keeps the stored one; bad input is refused with the reason.
    expect((await call(global(env.source, env.source.admin), 'saveEmailSettings', { ...smtp(), password: '' })).passwordSet).toBe(true);
    await expect(call(global(env.source, env.source.admin), 'saveEmailSettings', { ...smtp(), from: 'not an address' })).rejects.toThrow('The sender must be an email address');
    await expect(call(global(env.source, env.source.admin), 'saveEmailSettings', { ...smtp(), port: 70000 })).rejects.toThrow('between 1 and 65535');
  });

  it('emails a fresh token as an attachment; it imports, and the token issued before it is revoked', async () => {
    const source = settings(env.source);
    const sync = await call(source, 'createSync', { name: 'Handbook for Globex' });
    await expect(call(source, 'emailToken', { syncId: sync.id, to: 'gil@globex.example', subject: 'Pairing' })).rejects.toThrow('Email is not set up yet');
    expect(await call(source, 'emailStatus')).toEqual({ configured: false });
    await call(global(env.source, env.source.admin), 'saveEmailSettings', smtp());
    expect(await call(source, 'emailStatus')).toEqual({ configured: true });

    const earlier = (await call(source, 'issueToken', { syncId: sync.id })).token;
    const sent = await call(source, 'emailToken', { syncId: sync.id, to: 'gil@globex.example', subject: 'Pairing our spaces', message: 'Here is the token.' });
    expect(sent.sentTo).toBe('gil@globex.example');

    const [mail] = await mailbox.waitFor(1);
    expect(mail).toMatchObject({ from: 'space-sync@acme.example', to: ['gil@globex.example'], subject: 'Pairing our spaces' });
    expect(mail.text).toContain('Here is the token.');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['Handbook-for-Globex.spacesync-token']);
    const token = mail.attachments[0].content.toString('utf8');
    expect(mail.text).not.toContain(token);

    await expect(call(settings(env.dest), 'importToken', { token: earlier })).rejects.toThrow(/replaced by a newer one|revoked/i);
    expect((await call(settings(env.dest), 'importToken', { token })).state).toBe('active');
    expect(env.host.log.entries.filter((e) => e.kind === 'email')).toEqual([expect.objectContaining({ to: ['gil@globex.example'], status: 200 })]);
  });

  it('says so when the mail server cannot be reached, and refuses bad recipients and other users', async () => {
    const source = settings(env.source);
    const sync = await call(source, 'createSync', { name: 'S' });
    await call(global(env.source, env.source.admin), 'saveEmailSettings', { ...smtp(), port: 1 });
    await expect(call(source, 'emailToken', { syncId: sync.id, to: 'gil@globex.example', subject: 'Pairing' })).rejects.toThrow('The email was not sent');
    await expect(call(source, 'emailToken', { syncId: sync.id, to: 'nobody', subject: 'Pairing' })).rejects.toThrow('recipient’s email address');
    await expect(call(settings(env.source, env.source.writer), 'emailToken', { syncId: sync.id, to: 'gil@globex.example', subject: 'Pairing' })).rejects.toThrow('Only admins of this space');
    expect(mailbox.messages).toEqual([]);
  });

  it('never sends the stored password to a server it was not entered for', async () => {
    const admin = global(env.source, env.source.admin);
    await call(admin, 'saveEmailSettings', smtp());
    for (const moved of [{ host: 'smtp.attacker.example' }, { port: smtpPort + 1 }, { username: 'someone-else' }]) {
      await expect(call(admin, 'saveEmailSettings', { ...smtp(), password: undefined, ...moved })).rejects.toThrow('Enter the password for the new server');
    }
    expect((await call(admin, 'getEmailSettings')).settings.host).toBe('127.0.0.1');
    // With a new password, or the old one cleared, the move is fine.
    expect(await call(admin, 'saveEmailSettings', { ...smtp(), host: 'localhost', password: 'another-secret' })).toMatchObject({ settings: { host: 'localhost' }, passwordSet: true });
    expect(await call(admin, 'saveEmailSettings', { ...smtp(), host: '127.0.0.1', password: undefined, clearPassword: true })).toMatchObject({ settings: { host: '127.0.0.1' }, passwordSet: false });
  });

  it('refuses a subject with line breaks (no header injection), and tells a non-admin nothing about email', async () => {
    const source = settings(env.source);
    const sync = await call(source, 'createSync', { name: 'S' });
    // Before email is set up, a non-admin hears they are not an admin, not that email is missing.
    await expect(call(settings(env.source, env.source.writer), 'emailToken', { syncId: sync.id, to: 'gil@globex.example', subject: 'Pairing' })).rejects.toThrow('Only admins of this space');
    await call(global(env.source, env.source.admin), 'saveEmailSettings', smtp());
    for (const subject of ['Pairing\r\nBcc: victim@example.com', 'Pairing\nX-Evil: 1', 'Pairing\u0000']) {
      await expect(call(source, 'emailToken', { syncId: sync.id, to: 'gil@globex.example', subject })).rejects.toThrow('The subject must be on one line');
    }
    expect(mailbox.messages).toEqual([]);
  });

  it('finds people and groups for the "Sync now" picker, and names those already chosen', async () => {
    const source = settings(env.source);
    expect(await call(source, 'searchPeople', { query: 'writ' })).toEqual([
      { kind: 'user', id: env.source.writer, name: 'acme Writer' },
      { kind: 'group', id: 'acme-writers', name: 'acme-writers' },
    ]);
    expect(await call(source, 'describePageSync', { users: [env.source.writer, 'gone-user'], groups: ['acme-writers'] })).toEqual([
      { kind: 'user', id: env.source.writer, name: 'acme Writer' },
      { kind: 'user', id: 'gone-user', name: 'Unknown user' },
      { kind: 'group', id: 'acme-writers', name: 'acme-writers' },
    ]);
    await expect(call(settings(env.source, env.source.writer), 'searchPeople', { query: 'a' })).rejects.toThrow('Only admins of this space');
  });
});
