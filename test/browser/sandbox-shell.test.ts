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

  it('emails a token through SMTP settings a Confluence admin saved; the mailbox shows it and it imports', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${sandbox.url}/`);
    await page.getByRole('link', { name: 'as Ada Admin', exact: true }).first().click();
    const global = page.frameLocator('iframe[title="Space Sync settings"]');
    await global.getByLabel('SMTP server').fill('127.0.0.1');
    await global.getByLabel('Port').fill(String(sandbox.smtpPort));
    await global.getByLabel('Sender address').fill('space-sync@acme.example');
    await global.getByRole('button', { name: 'Save' }).click();
    await global.getByText('Saved. Space admins can now send tokens by email.').waitFor();
    await screenshot(page, 'global-settings-email');

    const acme = await openSettings(page, 'Ada Admin');
    await acme.getByRole('button', { name: 'Create new sync' }).click();
    await acme.getByLabel('Name').fill('Emailed sync');
    await acme.locator('#page-sync-people').fill('Wes');
    await acme.getByText('Wes Writer', { exact: true }).click();
    await acme.getByRole('button', { name: 'Create', exact: true }).click();
    await acme.getByRole('button', { name: 'Done' }).click();
    await acme.getByRole('button', { name: 'Send token by email' }).click();
    await acme.getByLabel('To', { exact: true }).fill('gil@globex.example');
    await acme.getByRole('button', { name: 'Send', exact: true }).click();
    await acme.getByText('The token was sent to gil@globex.example.').waitFor();
    const sync = (await sandbox.host.bridge.call(sandbox.host.openUiModule(sandbox.host.installationFor(sandbox.sites[0].cloudId), 'space-sync-settings', '5f1a-acme-admin', { type: 'confluence:spaceSettings', space: sandbox.sites[0].spaces[0] }), 'listSyncs', undefined)) as Array<{ pageSync: unknown }>;
    expect(sync[0].pageSync).toEqual({ users: ['5f1a-acme-writer'], groups: [] });

    await page.goto(`${sandbox.url}/`);
    await page.getByRole('link', { name: 'Local mailbox' }).click();
    await page.getByRole('heading', { name: 'Space Sync: “Emailed sync”' }).waitFor();
    await screenshot(page, 'mailbox');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Emailed-sync.spacesync-token' }).click()]);
    const file = (await download.path()) as string;

    const globex = await openSettings(page, 'Gil Admin');
    await globex.getByRole('button', { name: 'Import token' }).click();
    await globex.locator('#token-file').setInputFiles(file);
    await globex.getByText('Emailed sync').first().waitFor();
    await globex.getByRole('button', { name: 'Import', exact: true }).click();
    await globex.getByText('Active').waitFor();
    await context.close();
  });

  it('refuses the global settings to someone who is not a Confluence admin', async () => {
    const page = await browser.newPage();
    await page.goto(`${sandbox.url}/`);
    await page.getByRole('link', { name: 'as Wes Writer', exact: true }).first().click();
    await page.frameLocator('iframe[title="Space Sync settings"]').getByText('Only Confluence admins can change Space Sync’s email settings.').waitFor();
  });
});
