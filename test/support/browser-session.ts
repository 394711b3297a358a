/**
 * The set-up every browser test of the app shares: one Chromium for the test file, and for each
 * test a fresh sandbox and a browser context, closed after it (each page's screenshot first, when
 * asked, so a failure can be read). Call it inside a `describe`: it registers Jest's hooks there.
 */
import type { Browser, BrowserContext, BrowserContextOptions, FrameLocator, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser';
import { startSandbox } from './sandbox';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export interface SessionOptions {
  /** Each test's context is made with these before it runs; without them a test makes its own with `newContext`. */
  context?: BrowserContextOptions;
  /** Screenshots every page as each test ends, as `<lastPages>-last-page-<n>`. */
  lastPages?: string;
}

export interface BrowserSession {
  readonly browser: Browser;
  readonly sandbox: Sandbox;
  /** This test's context. */
  readonly context: BrowserContext;
  /** Makes this test's context (closed after it). */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Space settings → Space Sync as `user`, from the launcher, once the app shows its heading. */
  settings(page: Page, user: string): Promise<FrameLocator>;
}

export function browserSession(options: SessionOptions = {}): BrowserSession {
  let browser: Browser | undefined;
  let sandbox: Sandbox | undefined;
  let context: BrowserContext | undefined;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`No ${what} yet: use the session inside a test`);
    return value;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  beforeEach(async () => {
    sandbox = await startSandbox();
    context = options.context ? await need(browser, 'browser').newContext(options.context) : undefined;
  });
  afterEach(async () => {
    if (options.lastPages) for (const [i, p] of (context?.pages() ?? []).entries()) await screenshot(p, `${options.lastPages}-last-page-${i}`).catch(() => undefined);
    await context?.close();
    context = undefined;
    await sandbox?.close();
  });
  afterAll(() => browser?.close());

  return {
    get browser() {
      return need(browser, 'browser');
    },
    get sandbox() {
      return need(sandbox, 'sandbox');
    },
    get context() {
      return need(context, 'browser context');
    },
    async newContext(contextOptions?: BrowserContextOptions) {
      await context?.close();
      context = await need(browser, 'browser').newContext(contextOptions);
      return context;
    },
    async settings(page: Page, user: string) {
      await page.goto(`${need(sandbox, 'sandbox').url}/`);
      await page.getByRole('link', { name: `space settings as ${user}` }).click();
      const app = page.frameLocator('iframe[title="Space Sync"]');
      await app.getByRole('heading', { name: 'Space Sync', level: 1 }).waitFor();
      return app;
    },
  };
}
