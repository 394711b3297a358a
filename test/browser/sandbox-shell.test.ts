import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser';
import { startSandbox } from '../support/sandbox';

describe('the sandbox in Chromium', () => {
  let browser: Browser;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;

  beforeAll(async () => {
    browser = await launchBrowser();
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.host.close();
  });

  it('opens the built space settings Custom UI, whose resolver call goes through the real @forge/bridge', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${sandbox.url}/`);
    await page.getByRole('link', { name: 'space settings as Ada Admin' }).click();
    const app = page.frameLocator('iframe[title="Space Sync"]');
    await app.getByRole('heading', { name: 'Space Sync' }).waitFor();
    await app.getByText('No synced spaces yet').waitFor();
    await app.getByText(/in step with ENG\./).waitFor();
    await screenshot(page, 'sandbox-space-settings');
    expect(errors).toEqual([]);
    const resolverCalls = sandbox.host.log.of('invocation').filter((i) => i.functionKey === 'ui-resolver');
    expect(resolverCalls).toEqual([expect.objectContaining({ moduleKey: 'space-sync-settings', outcome: 'ok' })]);
  });
});
