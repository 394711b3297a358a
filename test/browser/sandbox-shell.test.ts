import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser';
import { startSandbox } from '../support/sandbox';

describe('the sandbox in Chromium', () => {
  let browser: Browser;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox?.close());
  afterAll(() => browser?.close());

  async function openSettings(page: Page, user: string) {
    await page.goto(`${sandbox.url}/`);
    await page.getByRole('link', { name: `space settings as ${user}` }).click();
    return page.frameLocator('iframe[title="Space Sync"]');
  }

  it('opens the built space settings Custom UI, whose resolver calls go through the real @forge/bridge', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const app = await openSettings(page, 'Ada Admin');
    await app.getByRole('heading', { name: 'Space Sync' }).waitFor();
    await app.getByText('No synced spaces yet').waitFor();
    await screenshot(page, 'space-settings-empty');
    expect(errors).toEqual([]);
    expect(sandbox.host.log.of('invocation').filter((i) => i.functionKey === 'ui-resolver' && i.outcome !== 'ok')).toEqual([]);
  });

  it('shows a non-admin a clear refusal, not a stack', async () => {
    const page = await browser.newPage();
    const app = await openSettings(page, 'Wes Writer');
    await app.getByText('Only admins of this space can manage its syncs.').waitFor();
    expect(await app.locator('body').innerText()).not.toMatch(/at .*\.ts:\d+/);
  });

  it('creates a sync, downloads its token, imports it on the other site, and both rows show Active', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const source = await context.newPage();
    const acme = await openSettings(source, 'Ada Admin');
    await acme.getByRole('button', { name: 'Create new sync' }).click();
    await acme.getByLabel('Name').fill('Handbook for Globex');
    await acme.getByLabel('Message for the person who imports it').fill('Hello from Acme');
    await acme.getByRole('button', { name: 'Create', exact: true }).click();
    await acme.getByText('Hand this token to the other space’s admin').waitFor();
    await screenshot(source, 'token-dialog');
    const [download] = await Promise.all([source.waitForEvent('download'), acme.getByRole('button', { name: 'Download token' }).click()]);
    expect(download.suggestedFilename()).toBe('Handbook-for-Globex.spacesync-token');
    const file = await download.path();
    expect(readFileSync(file as string, 'utf8')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await acme.getByRole('button', { name: 'Done' }).click();
    await acme.getByText('Awaiting import').waitFor();

    const dest = await context.newPage();
    const globex = await openSettings(dest, 'Gil Admin');
    await globex.getByRole('button', { name: 'Import token' }).click();
    await globex.locator('#token-file').setInputFiles(file as string);
    await globex.getByText('Hello from Acme').waitFor();
    await globex.getByText('EXT').first().waitFor();
    await screenshot(dest, 'import-preview');
    await globex.getByRole('button', { name: 'Import', exact: true }).click();
    await globex.getByText('Active').waitFor();
    await globex.getByText('Engineering Handbook (ENG) on acme.atlassian.net').waitFor();
    await screenshot(dest, 'destination-active');

    await source.reload();
    const acmeAgain = source.frameLocator('iframe[title="Space Sync"]');
    await acmeAgain.getByText('Active').waitFor();
    await acmeAgain.getByText('Partner Docs (PARTNER) on globex.atlassian.net').waitFor();
    await screenshot(source, 'source-active');

    await acmeAgain.getByRole('button', { name: 'Unpair' }).click();
    await acmeAgain.getByText('Unpair these spaces?').waitFor();
    await acmeAgain.getByRole('dialog').getByRole('button', { name: 'Unpair' }).click();
    await acmeAgain.getByText('Unpaired').waitFor();
    await dest.reload();
    await dest.frameLocator('iframe[title="Space Sync"]').getByText('Unpaired').waitFor();
    await context.close();
  });

  /** Ada creates a sync on Acme and asks to email its token to Gil; answers the app's frame. */
  async function emailTokenFromAcme(page: Page, name: string) {
    const acme = await openSettings(page, 'Ada Admin');
    await acme.getByRole('button', { name: 'Create new sync' }).click();
    await acme.getByLabel('Name').fill(name);
    await acme.locator('#page-sync-people').fill('Wes');
    await acme.getByText('Wes Writer', { exact: true }).click();
    await acme.getByRole('button', { name: 'Create', exact: true }).click();
    const shown = await acme.getByRole('textbox', { name: 'Token' }).inputValue();
    await acme.getByRole('button', { name: 'Done' }).click();
    await acme.getByRole('button', { name: 'Email the token' }).click();
    await acme.getByLabel('To', { exact: true }).fill('gil@globex.example');
    await acme.getByLabel('Message').fill('Hi Gil,\nhere is our handbook.');
    await acme.getByRole('button', { name: 'Open in mail client' }).click();
    return { acme, shown };
  }

  /** Gil pastes a token into Globex's import dialog and imports it. */
  async function importOnGlobex(page: Page, token: string, name: string) {
    const globex = await openSettings(page, 'Gil Admin');
    await globex.getByRole('button', { name: 'Import token' }).click();
    await globex.getByRole('textbox', { name: 'Or paste the token' }).fill(token);
    await globex.getByRole('button', { name: 'Check token' }).click();
    await globex.getByText(`Sync: ${name}`).waitFor();
    await globex.getByRole('button', { name: 'Import', exact: true }).click();
    await globex.getByText('Active').waitFor();
  }

  it('emails the token through the mail client: compose prefilled from the mailto link, send, the mailbox shows it, and it imports', async () => {
    const page = await browser.newPage();
    const { acme, shown } = await emailTokenFromAcme(page, 'Emailed sync');
    await acme.getByText('The message is in your mail client').waitFor();

    const client = page.frameLocator('iframe[title="Mail client"]');
    await client.getByRole('heading', { name: 'New message' }).waitFor();
    expect(await client.getByRole('textbox', { name: 'To', exact: true }).inputValue()).toBe('gil@globex.example');
    expect(await client.getByRole('textbox', { name: 'Subject', exact: true }).inputValue()).toBe('Space Sync: “Emailed sync”');
    const body = await client.getByRole('textbox', { name: 'Body', exact: true }).inputValue();
    expect(body).toMatch(/^Hi Gil,\r?\nhere is our handbook\.\r?\n\r?\nThe token below pairs your Confluence space with "ENG" on https:\/\/acme\.atlassian\.net through Space Sync\./);
    const token = body.trim().split(/\r?\n/).pop() as string;
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(token).not.toBe(shown);
    await screenshot(page, 'mail-client-compose');
    await client.getByRole('button', { name: 'Send' }).click();
    await client.getByText('went to gil@globex.example').waitFor();
    // The token is in the message only: the app's dialog offers copying, but shows it only when asked.
    expect(await acme.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
    await page.evaluate(() => window.scrollTo(0, 0)); // the mail client opened below the app, and scrolled to it
    await acme.getByRole('button', { name: 'Done' }).click();

    await client.getByRole('link', { name: 'Open the mailbox' }).click();
    await page.getByRole('heading', { name: 'Mailbox' }).waitFor();
    const mail = page.getByTestId('mail-1');
    await mail.getByRole('heading', { name: 'Space Sync: “Emailed sync”' }).waitFor();
    await mail.getByText('To gil@globex.example').waitFor();
    const received = await mail.locator('pre').innerText();
    expect(received.trim().split(/\r?\n/).pop()).toBe(token);
    await screenshot(page, 'mailbox');

    await importOnGlobex(page, token, 'Emailed sync');
    const listed = (await sandbox.host.bridge.call(sandbox.host.openUiModule(sandbox.host.installationFor(sandbox.sites[0].cloudId), 'space-sync-settings', '5f1a-acme-admin', { type: 'confluence:spaceSettings', space: sandbox.sites[0].spaces[0] }), 'listSyncs', undefined)) as Array<{ state: string; pageSync: unknown }>;
    expect(listed[0]).toMatchObject({ state: 'active', pageSync: { users: ['5f1a-acme-writer'], groups: [] } });
    // The one message is the one the sandbox mail client sent: the app sends none itself.
    expect(sandbox.mail.mailbox.messages).toHaveLength(1);
  });

  it('shows the message to copy when Confluence refuses to open the mailto link, and the copied token imports', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sandbox.url });
    const page = await context.newPage();
    await page.goto(`${sandbox.url}/`);
    await page.getByLabel(/refuses it/).check();
    await page.getByRole('button', { name: 'Save' }).click();
    expect(sandbox.mail.mailtoLinks).toBe('refuse');

    const { acme } = await emailTokenFromAcme(page, 'Copied sync');
    await acme.getByText('Your mail client did not open').waitFor();
    await acme.getByText('Confluence did not open the mailto: link. Copy the message into any mail client and send it to gil@globex.example.').waitFor();
    const body = await acme.getByRole('textbox', { name: 'Message' }).inputValue();
    expect(body).toContain('Import it in your space: Space settings → Space Sync → Import token, and paste it there.');
    expect(await page.locator('iframe[title="Mail client"]').getAttribute('src')).toBeNull();
    expect(await page.getByRole('dialog', { name: 'Mail client' }).isVisible()).toBe(false);
    await screenshot(page, 'email-token-copy');

    await acme.getByRole('button', { name: 'Copy token' }).click();
    await acme.getByRole('button', { name: 'Copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(body.trim().split('\n').pop()).toBe(copied);
    await acme.getByRole('button', { name: 'Copy message' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(body);
    await acme.getByRole('button', { name: 'Done' }).click();
    expect(sandbox.mail.mailbox.messages).toEqual([]);

    await importOnGlobex(page, copied, 'Copied sync');
    await context.close();
  });

  it('lists every sync of the site in the global settings, read-only, for a Confluence admin', async () => {
    const page = await browser.newPage();
    const acme = await openSettings(page, 'Ada Admin');
    await acme.getByRole('button', { name: 'Create new sync' }).click();
    await acme.getByLabel('Name').fill('Handbook for Globex');
    await acme.getByRole('button', { name: 'Create', exact: true }).click();
    await acme.getByRole('button', { name: 'Done' }).click();
    await acme.getByText('Awaiting import').waitFor();

    await page.goto(`${sandbox.url}/`);
    await page.getByRole('link', { name: 'as Ada Admin', exact: true }).first().click();
    const global = page.frameLocator('iframe[title="Space Sync settings"]');
    await global.getByRole('heading', { name: 'Space Sync on this site' }).waitFor();
    const row = global.getByTestId('site-sync-Handbook for Globex');
    await row.getByText('Engineering Handbook (ENG)').waitFor();
    await row.getByText('Source').waitFor();
    await row.getByText('Awaiting import').waitFor();
    await row.getByText('Not paired yet').waitFor();
    expect(await global.getByRole('button').count()).toBe(0);
    await screenshot(page, 'global-settings-syncs');
  });

  it('refuses the global settings to someone who is not a Confluence admin', async () => {
    const page = await browser.newPage();
    await page.goto(`${sandbox.url}/`);
    await page.getByRole('link', { name: 'as Wes Writer', exact: true }).first().click();
    await page.frameLocator('iframe[title="Space Sync settings"]').getByText('Only Confluence admins can see the syncs of the whole site.').waitFor();
  });
});
