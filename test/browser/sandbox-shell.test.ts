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
  afterEach(() => sandbox?.host.close());
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
});
