import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser';
import { startSandbox } from '../support/sandbox';
import { demoParts, pairDemoSites } from '../support/demo-sync';

jest.setTimeout(120_000);

/** The launcher's "Reset the sandbox", clicked through in Chromium. */
describe('Reset the sandbox, in the browser', () => {
  let browser: Browser;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await sandbox?.close();
    await browser?.close();
  });

  it('asks first, then leaves no sync on either site and both sites as first seeded', async () => {
    sandbox = await startSandbox();
    await pairDemoSites(sandbox);
    const d = demoParts(sandbox);
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${sandbox.url}/`);
    await page.getByRole('link', { name: 'space settings as Gil Admin' }).click();
    await page.frameLocator('iframe[title="Space Sync"]').getByText('Handbook').first().waitFor();

    await page.goto(`${sandbox.url}/`);
    await page.getByRole('link', { name: 'Reset the sandbox' }).click();
    await page.getByRole('heading', { name: 'Reset the sandbox' }).waitFor();
    // Only asking: nothing is cleared until the button is pressed.
    expect((await d.listSyncs()).globex).toHaveLength(1);
    await screenshot(page, 'sandbox-reset-confirm');
    await page.getByRole('button', { name: 'Reset the sandbox' }).click();
    await page.getByRole('status').getByText("Space Sync's storage is empty").waitFor();
    expect(await d.listSyncs()).toEqual({ acme: [], globex: [] });
    expect(d.pages(d.globex).map((p) => p.title).sort()).toEqual(['About this space', 'Partner Docs']);

    await page.getByRole('link', { name: 'Back to the demo sites' }).click();
    await page.getByRole('link', { name: 'space settings as Gil Admin' }).click();
    await page.frameLocator('iframe[title="Space Sync"]').getByText('No synced spaces yet').waitFor();
    await screenshot(page, 'sandbox-reset-done');
  });
});
