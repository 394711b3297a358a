/**
 * The Custom UI under the policy Forge serves it with (no inline styles or scripts): the design
 * tokens apply, the settings page and its dialogs raise no violation, and the policy is real
 * (an inline <style> or <script> is refused, and the browser reports it to the host).
 */
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser';
import { startSandbox } from '../support/sandbox';
import { appFrame, frameViolations, watchCsp, type CspWatch } from '../support/csp';

jest.setTimeout(90_000);

const isResourcePage = (r: Response) => /\/forge\/ui\/[^/]+\/index\.html$/.test(new URL(r.url()).pathname);
const directive = (policy: string, name: string) => policy.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name)?.slice(1);
const token = (page: Page, name: string) => appFrame(page).evaluate((n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim(), name);

/**
 * The app frame's own reports of its violations, waited for up to 15 s in whatever document the
 * frame holds now; an empty list when the frame's document was replaced meanwhile.
 */
async function waitForOwnReports(page: Page): Promise<string[]> {
  for (let waited = 0; waited < 15_000; waited += 100) {
    const seen = await frameViolations(appFrame(page)).catch(() => [] as string[]);
    if (seen.length >= 2) return seen;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return frameViolations(appFrame(page)).catch(() => []);
}

describe('the Custom UI under Forge’s Content-Security-Policy', () => {
  let browser: Browser;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let context: BrowserContext;
  let csp: CspWatch;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  // The last case makes violations on purpose; for the others the sandbox's close fails on any.
  let cspViolations: 'fail' | 'allow' = 'fail';
  beforeEach(async () => {
    sandbox = await startSandbox({ cspViolations });
  });
  afterEach(async () => {
    await context?.close();
    await sandbox?.close();
  });
  afterAll(() => browser?.close());

  async function openSettings(page: Page, user: string): Promise<Response> {
    await page.goto(`${sandbox.url}/`);
    const [response] = await Promise.all([page.waitForResponse(isResourcePage), page.getByRole('link', { name: `space settings as ${user}` }).click()]);
    await page.frameLocator('iframe[title="Space Sync"]').getByRole('heading', { name: 'Space Sync' }).waitFor();
    return response;
  }

  it('serves index.html with a style-src without unsafe-inline, applies the tokens, and raises no violation in the page, the create and import dialogs', async () => {
    context = await browser.newContext({ acceptDownloads: true, colorScheme: 'light' });
    csp = await watchCsp(context);
    const source = await context.newPage();
    const response = await openSettings(source, 'Ada Admin');
    const policy = (await response.allHeaders())['content-security-policy'] ?? '';
    expect(directive(policy, 'style-src')).toContain("'self'");
    expect(directive(policy, 'style-src')).not.toContain("'unsafe-inline'");
    expect(directive(policy, 'script-src')).not.toContain("'unsafe-inline'");
    expect(await token(source, '--ds-text')).toMatch(/^#[0-9A-F]{6}$/i);
    expect(await token(source, '--ds-space-100')).toBe('0.5rem');
    expect(await appFrame(source).evaluate(() => document.querySelectorAll('style').length)).toBe(0);

    const acme = source.frameLocator('iframe[title="Space Sync"]');
    await acme.getByRole('button', { name: 'Create new sync' }).click();
    await acme.getByLabel('Name').fill('Handbook');
    await acme.locator('#page-sync-people').fill('Wes');
    await acme.getByText('Wes Writer', { exact: true }).click(); // the picker's menu, open and chosen from
    const bodyOverflow = () => appFrame(source).evaluate(() => getComputedStyle(document.body).overflow);
    expect(await bodyOverflow()).toBe('hidden'); // the dialog's scroll lock, as an adopted stylesheet
    await screenshot(source, 'csp-create-sync-dialog');
    await acme.getByRole('button', { name: 'Create', exact: true }).click();
    const [download] = await Promise.all([source.waitForEvent('download'), acme.getByRole('button', { name: 'Download token' }).click()]);
    await acme.getByRole('button', { name: 'Done' }).click();
    await acme.getByText('Awaiting import').waitFor();
    expect(await bodyOverflow()).not.toBe('hidden');

    const target = await context.newPage();
    await openSettings(target, 'Gil Admin');
    const globex = target.frameLocator('iframe[title="Space Sync"]');
    await globex.getByRole('button', { name: 'Import token' }).click();
    await globex.locator('#token-file').setInputFiles((await download.path()) as string);
    await globex.getByText('Handbook').first().waitFor();
    await screenshot(target, 'csp-import-dialog');
    await globex.getByRole('button', { name: 'Import', exact: true }).click();
    await globex.getByText('Active').waitFor();

    expect([...(await frameViolations(appFrame(source))), ...(await frameViolations(appFrame(target)))]).toEqual([]);
    expect(csp.violations).toEqual([]);
    expect(sandbox.host.log.of('csp-violation')).toEqual([]);
  });

  it('follows a dark OS colour scheme with the dark theme from the same static stylesheet', async () => {
    context = await browser.newContext({ colorScheme: 'dark' });
    csp = await watchCsp(context);
    const page = await context.newPage();
    await openSettings(page, 'Ada Admin');
    expect(await appFrame(page).evaluate(() => document.documentElement.dataset.colorMode)).toBe('dark');
    const dark = await token(page, '--ds-text');
    await page.emulateMedia({ colorScheme: 'light' });
    await appFrame(page).waitForFunction(() => document.documentElement.dataset.colorMode === 'light');
    const light = await token(page, '--ds-text');
    expect(dark).toMatch(/^#[0-9A-F]{6}$/i);
    expect(light).toMatch(/^#[0-9A-F]{6}$/i);
    expect(dark).not.toBe(light);
    expect(csp.violations).toEqual([]);
  });

  describe('with violations made on purpose', () => {
    beforeAll(() => {
      cspViolations = 'allow';
    });

    it('refuses an inline <style> and an inline <script> in the app frame, and the browser reports them to the host', async () => {
      context = await browser.newContext();
      csp = await watchCsp(context);
      const page = await context.newPage();
      await openSettings(page, 'Ada Admin');
      // Seen once on a loaded machine: the probe was refused, yet no report reached the frame's
      // listener in 30 s, as if the frame's document had been replaced (and its reports with it).
      // The probe is then made again in the document the frame holds, and each probe is counted.
      let probes = 0;
      let seen: string[] = [];
      while (seen.length < 2 && probes < 3) {
        probes += 1;
        const frame = appFrame(page);
        const outcome = await frame.evaluate(() => {
          const style = document.createElement('style');
          style.textContent = 'html { --csp-probe: applied; }';
          document.head.append(style);
          const script = document.createElement('script');
          script.textContent = 'window.inlineScriptRan = true;';
          document.head.append(script);
          return { probe: getComputedStyle(document.documentElement).getPropertyValue('--csp-probe'), ran: 'inlineScriptRan' in window };
        });
        expect(outcome).toEqual({ probe: '', ran: false });
        seen = await waitForOwnReports(page);
      }
      expect(seen.some((v) => v.startsWith('style-src-elem blocked inline'))).toBe(true);
      expect(seen.some((v) => v.startsWith('script-src-elem blocked inline'))).toBe(true);
      const reported = () => sandbox.host.log.of('csp-violation').map((r) => r.directive).sort();
      const expected = Array.from({ length: probes }, () => ['script-src-elem', 'style-src-elem']).flat().sort();
      for (let waited = 0; reported().length < expected.length && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(reported()).toEqual(expected);
      // Chromium's own console message, which the other cases count on seeing none of.
      expect(csp.violations.some((v) => /violates the following Content Security Policy directive/.test(v))).toBe(true);
    });
  });
});
