import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { launchBrowser, readmeScreenshot, screenshot } from '../support/browser';
import { startSandbox } from '../support/sandbox';
import { unwrapResult } from '../../src/contract/errors';
import { rowAction } from '../support/app-ui';
import { watchCsp, type CspWatch } from '../support/csp';
import { demoParts, pairDemoSites } from '../support/demo-sync';

/** The page cases pair the two demo sites and walk several pages; on a 2-core CI machine that takes a while. */
jest.setTimeout(90_000);

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
    // The launcher's links each stand apart, " · " between them.
    await page.goto(`${sandbox.url}/`);
    expect(await page.locator('li', { hasText: 'Engineering Handbook' }).first().innerText()).toMatch(/pages as Wes Writer · space settings as Ada Admin · space settings as Wes Writer/);
    await page.goBack();
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
    await globex.getByTestId('sync-row-Handbook for Globex').getByText('Engineering Handbook (ENG) on acme.atlassian.net').waitFor();
    await screenshot(dest, 'destination-active');

    await source.reload();
    const acmeAgain = source.frameLocator('iframe[title="Space Sync"]');
    await acmeAgain.getByText('Active').waitFor();
    await acmeAgain.getByText('Partner Docs (PARTNER) on globex.atlassian.net').waitFor();
    await screenshot(source, 'source-active');

    await rowAction(acmeAgain, 'Handbook for Globex', 'Unpair');
    await acmeAgain.getByText('Unpair “Handbook for Globex”?').waitFor();
    await acmeAgain.getByRole('dialog').getByRole('button', { name: 'Unpair' }).click();
    await acmeAgain.getByText('Unpaired', { exact: true }).waitFor();
    await dest.reload();
    await dest.frameLocator('iframe[title="Space Sync"]').getByText('Unpaired', { exact: true }).waitFor();
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
    await rowAction(acme, name, 'Email the token');
    await acme.getByRole('textbox', { name: 'To', exact: true }).fill('gil@globex.example');
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
    await globex.getByRole('heading', { name, level: 2 }).waitFor();
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
    await mail.getByText('To gil@globex.example, just now').waitFor(); // when it was sent, in words
    const received = await mail.locator('pre').innerText();
    expect(received.trim().split(/\r?\n/).pop()).toBe(token);
    await screenshot(page, 'mailbox');

    await importOnGlobex(page, token, 'Emailed sync');
    const listed = unwrapResult(await sandbox.host.bridge.call(sandbox.host.openUiModule(sandbox.host.installationFor(sandbox.sites[0].cloudId), 'space-sync-settings', '5f1a-acme-admin', { type: 'confluence:spaceSettings', space: sandbox.sites[0].spaces[0] }), 'listSyncs', undefined)) as Array<{ state: string; pageSync: unknown }>;
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
    await acme.getByRole('button', { name: 'Copied', exact: true }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(body.trim().split('\n').pop()).toBe(copied);
    await acme.getByRole('button', { name: 'Copy message' }).click();
    // The clipboard write is asynchronous: wait (bounded) for it to land, then hold it to the message.
    await page.waitForFunction(async (expected) => (await navigator.clipboard.readText()) === expected, body, { polling: 100, timeout: 5000 }).catch(() => undefined);
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

/**
 * The Confluence page around the app, as the shell stands in for it: the "•••" menu and the
 * content action's modal, bodies with links that lead within the sandbox, the app's links to the
 * other site, inline comments, relative times, and the bridge calls the page answers.
 */
describe('the sandbox’s Confluence pages in Chromium', () => {
  let browser: Browser;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let context: BrowserContext;
  let csp: CspWatch;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  beforeEach(async () => {
    sandbox = await startSandbox();
    context = await browser.newContext();
    csp = await watchCsp(context);
  });
  afterEach(async () => {
    await context?.close();
    await sandbox?.close();
    // The shell's own pages run under a policy without inline scripts, styles or handlers: any it refused fails the case.
    expect(csp.violations).toEqual([]);
  });
  afterAll(() => browser?.close());

  const openPage = async (page: Page, user: string, title: string) => {
    await page.goto(`${sandbox.url}/`);
    await page.getByRole('link', { name: `pages as ${user}` }).click();
    await page.getByRole('navigation', { name: 'Page tree' }).getByRole('link', { name: title, exact: true }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  };
  const modal = (page: Page) => page.getByRole('dialog', { name: 'Space Sync' });
  const openAction = async (page: Page): Promise<FrameLocator> => {
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Space Sync' }).click();
    await modal(page).waitFor();
    return page.frameLocator('iframe[title="Space Sync page action"]');
  };
  /** Marks the page's window, so a reload (which makes a new one) shows. */
  const markWindow = (page: Page) => page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  const sameWindow = (page: Page) => page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere === true);
  type Bridge = { __bridge: { callBridge(type: string, payload: unknown): Promise<unknown> } };
  /** Calls the bridge from inside the open page action, as @forge/bridge would for the app. */
  const bridgeOf = async (page: Page) => {
    await page.frameLocator('iframe[title="Space Sync page action"]').getByRole('heading', { name: 'Space Sync' }).waitFor();
    const frame = (await (await page.locator('iframe[title="Space Sync page action"]').elementHandle())?.contentFrame())!;
    return (type: string, payload?: unknown) => frame.evaluate(([t, p]) => (window as unknown as Bridge).__bridge.callBridge(t as string, p), [type, payload] as const);
  };
  /** Starts a bridge call without waiting for its answer: a same-tab navigation replaces the frame before it could answer. */
  const startBridgeCall = async (page: Page, type: string, payload: unknown) => {
    const frame = (await (await page.locator('iframe[title="Space Sync page action"]').elementHandle())?.contentFrame())!;
    await frame
      .evaluate(([t, p]) => void (window as unknown as Bridge).__bridge.callBridge(t as string, p), [type, payload] as const)
      .catch((e: Error) => {
        if (!/Execution context was destroyed/.test(e.message)) throw e;
      });
  };
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim());

  it('opens the app’s page action from the "•••" dropdown as a medium modal, and Close, Escape and the blanket close it without reloading the page', async () => {
    const page = await context.newPage();
    await openPage(page, 'Wes Writer', 'Onboarding');
    await markWindow(page);
    const trigger = page.getByRole('button', { name: 'More actions' });
    expect(await trigger.getAttribute('aria-haspopup')).toBe('true');
    expect(await page.getByRole('menu').count()).toBe(0); // closed: hidden from everyone
    expect(await page.getByRole('link', { name: 'Space Sync', exact: true }).count()).toBe(0); // no inline link any more

    await trigger.click();
    expect(await trigger.getAttribute('aria-expanded')).toBe('true');
    const menu = page.getByRole('menu', { name: 'More actions' });
    await menu.getByRole('group', { name: 'Apps' }).getByRole('menuitem', { name: 'Space Sync' }).waitFor();
    await screenshot(page, 'page-more-actions-menu');
    await menu.getByRole('menuitem', { name: 'Space Sync' }).click();
    expect(await page.getByRole('menu').count()).toBe(0);
    const app = page.frameLocator('iframe[title="Space Sync page action"]');
    await app.getByText('This page is not synced').waitFor();
    expect(await modal(page).getAttribute('aria-modal')).toBe('true');
    const box = (await modal(page).boundingBox())!;
    expect(Math.round(box.width)).toBe(600); // Forge's medium: 600 px wide, 40vh high but at least 520 px
    expect(box.height).toBeGreaterThanOrEqual(520);
    await screenshot(page, 'page-action-modal');

    await modal(page).getByRole('button', { name: 'Close' }).click();
    await modal(page).waitFor({ state: 'hidden' });
    expect(await sameWindow(page)).toBe(true);
    expect(await page.locator('iframe[title="Space Sync page action"]').getAttribute('src')).toBe('about:blank');
    expect(await focused(page)).toBe('More actions');

    // By keyboard: Enter opens the menu on its first item, Escape closes it back to the button;
    // Enter on the item opens the modal, Escape closes it.
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('Space Sync');
    await page.keyboard.press('ArrowDown'); // one item: it wraps to itself
    expect(await focused(page)).toBe('Space Sync');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('menu').count()).toBe(0);
    expect(await focused(page)).toBe('More actions');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await app.getByText('This page is not synced').waitFor();
    await page.keyboard.press('Escape');
    await modal(page).waitFor({ state: 'hidden' });

    // A click on the blanket around the dialog closes it too; each opening is a new render session.
    const sessions = () => sandbox.host.log.of('invocation').filter((i) => i.functionKey === 'ui-resolver').length;
    const before = sessions();
    await openAction(page);
    await app.getByText('This page is not synced').waitFor();
    expect(sessions()).toBeGreaterThan(before);
    await page.mouse.click(40, 700);
    await modal(page).waitFor({ state: 'hidden' });
    expect(await sameWindow(page)).toBe(true);
  });

  it('closes the modal on the app’s view.close(), shows its flags, and follows router.navigate to an emulated site within the sandbox', async () => {
    await pairDemoSites(sandbox);
    const d = demoParts(sandbox);
    const copy = d.page(d.globex, 'Onboarding');
    const page = await context.newPage();
    await openPage(page, 'Ada Admin', 'Onboarding');
    await markWindow(page);
    await openAction(page);
    const bridge = await bridgeOf(page);

    await bridge('showFlag', { id: 'done', title: 'Queued', description: 'It arrives in a few seconds.', type: 'success' });
    const flag = page.getByRole('region', { name: 'Flags' }).getByRole('status');
    await flag.getByText('Queued').waitFor();
    await flag.getByText('It arrives in a few seconds.').waitFor();
    await bridge('closeFlag', { id: 'done' });
    await flag.waitFor({ state: 'detached' });

    await bridge('close', undefined);
    await modal(page).waitFor({ state: 'hidden' });
    expect(await sameWindow(page)).toBe(true);

    await openAction(page);
    await bridgeOf(page);
    await Promise.all([page.waitForURL(/\/sandbox\/go\?/), startBridgeCall(page, 'navigate', { url: `https://globex.atlassian.net/wiki/spaces/PARTNER/pages/${copy.id}`, type: 'same-tab' })]);
    // Nobody is signed in on Globex in this browser yet: the sandbox asks who to be.
    await page.getByRole('link', { name: 'Continue as Gil Admin' }).click();
    await page.getByRole('heading', { name: 'Onboarding', level: 1 }).waitFor();
    await page.getByRole('banner').getByText('Globex (destination)').waitFor();
  });

  it('renders links in page bodies, and each leads to its page in the sandbox: by title, by Confluence URL, and on the copy', async () => {
    await pairDemoSites(sandbox);
    const d = demoParts(sandbox);
    const review = d.page(d.acme, 'Code review');
    const page = await context.newPage();
    await openPage(page, 'Wes Writer', 'Onboarding');
    const body = page.locator('.body');
    expect(await body.getByRole('link').allInnerTexts()).toEqual(['Dev environment', 'Code review']);
    await body.getByRole('link', { name: 'Dev environment' }).click();
    await page.getByRole('heading', { name: 'Dev environment', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sandbox/space');

    // A plain anchor with the page's Confluence Cloud URL, as people paste them.
    await openPage(page, 'Wes Writer', 'Practices');
    await page.getByLabel('Body (storage format)').fill(`<p>Read <a href="https://acme.atlassian.net/wiki/spaces/ENG/pages/${review.id}/Code+review">the review rules</a> and <a href="javascript:alert(1)">this</a>.</p>`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await sandbox.host.settled();
    expect(await body.getByRole('link').allInnerTexts()).toEqual(['the review rules']);
    await body.getByRole('link', { name: 'the review rules' }).click();
    await page.getByRole('heading', { name: 'Code review', level: 1 }).waitFor();
    await page.getByRole('banner').getByText('Acme (source)').waitFor();

    // On Globex the copy's link points at the copy (site-relative, as the app rewrites it), and leads there.
    const gil = await context.newPage();
    await openPage(gil, 'Gil Admin', 'Practices');
    await gil.locator('.body').getByRole('link', { name: 'the review rules' }).click();
    await gil.getByRole('heading', { name: 'Code review', level: 1 }).waitFor();
    expect(new URL(gil.url()).searchParams.get('page')).toBe(d.page(d.globex, 'Code review').id);
    expect(new URL(gil.url()).searchParams.get('user')).toBe('7a2b-globex-admin');
  });

  it('keeps "Open the copy" and "Open the original" as the app builds them, and opens them within the sandbox', async () => {
    await pairDemoSites(sandbox);
    const d = demoParts(sandbox);
    const copy = d.page(d.globex, 'Onboarding');
    const wes = await context.newPage();
    await openPage(wes, 'Wes Writer', 'Onboarding');
    const action = await openAction(wes);
    const openCopy = action.getByRole('link', { name: 'Open the copy' });
    expect(await openCopy.getAttribute('href')).toBe(`https://globex.atlassian.net/wiki/spaces/PARTNER/pages/${copy.id}`);
    const [tab] = await Promise.all([context.waitForEvent('page'), openCopy.click()]);
    await tab.waitForLoadState();
    expect(new URL(tab.url()).origin).toBe(sandbox.url);
    await tab.getByRole('heading', { name: 'Choose an account' }).waitFor();
    await tab.getByRole('link', { name: 'Continue as Gil Admin' }).click();
    await tab.getByRole('heading', { name: 'Onboarding', level: 1 }).waitFor();
    expect(new URL(tab.url()).searchParams.get('page')).toBe(copy.id);
    expect(await wes.getByRole('heading', { name: 'Onboarding', level: 1 }).isVisible()).toBe(true); // the original stays open behind

    // Back from the copy: Wes is signed in on Acme in this browser, so the original opens as him.
    const back = await openAction(tab);
    const openOriginal = back.getByRole('link', { name: 'Open the original' });
    expect(await openOriginal.getAttribute('href')).toBe(`https://acme.atlassian.net/wiki/spaces/ENG/pages/${d.page(d.acme, 'Onboarding').id}`);
    const [original] = await Promise.all([context.waitForEvent('page'), openOriginal.click()]);
    await original.getByRole('heading', { name: 'Onboarding', level: 1 }).waitFor();
    expect(new URL(original.url()).searchParams.get('user')).toBe('5f1a-acme-writer');
    await original.getByRole('banner').getByRole('img', { name: 'Signed in as Wes Writer' }).waitFor();
  });

  it('shows inline comments as Confluence does, adds one on selected text in the editor, and gives times in words', async () => {
    await pairDemoSites(sandbox);
    const page = await context.newPage();
    await openPage(page, 'Gil Admin', 'Dev environment');
    const body = page.locator('.body');
    const mark = body.locator('mark.inline-comment.open');
    expect(await mark.innerText()).toBe('Install Node.js 22');
    const panel = page.getByRole('complementary', { name: 'Inline comments' });
    const card = panel.getByRole('article', { name: 'Inline comment on “Install Node.js 22”' });
    await card.getByText('Which version exactly?').waitFor();
    expect(await card.locator('.comment-author').innerText()).toBe('Space Sync'); // the copy's comment is the app's, as Confluence would show it
    expect(await mark.getAttribute('aria-describedby')).toBe(await card.getAttribute('id'));
    await mark.click();
    expect(await card.getAttribute('class')).toContain('selected');
    expect(await mark.getAttribute('class')).toContain('selected');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Inline comment on “Install Node.js 22”');
    await readmeScreenshot(page, 'sandbox-inline-comment');

    // Select "npm ci" in the body: the Comment button by the selection fills the inline-comment form.
    await body.locator('code', { hasText: 'npm ci' }).selectText();
    await page.getByRole('button', { name: 'Comment on selection' }).click();
    const form = page.locator('#add-inline-comment');
    expect(await form.getByLabel('Text on the page').inputValue()).toBe('npm ci');
    expect(await form.getByLabel('Occurrence').inputValue()).toBe('1');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('comment');
    await page.keyboard.type('Or npm install?');
    await form.getByRole('button', { name: 'Add inline comment' }).click();
    await body.locator('mark.inline-comment.open', { hasText: 'npm ci' }).waitFor();
    await panel.getByRole('article', { name: 'Inline comment on “npm ci”' }).getByText('Or npm install?').waitFor();
    expect(await panel.getByRole('article').count()).toBe(2);

    // Text that is not on the page is refused with the reason, and nothing is added.
    await form.getByLabel('Text on the page').fill('Install Python');
    await form.getByLabel('Inline comment').fill('Which one?');
    await form.getByRole('button', { name: 'Add inline comment' }).click();
    await page.getByRole('alert').getByText('“Install Python” is not in the page\'s text').waitFor();

    // Resolve takes the highlight away and moves the thread behind "Resolved".
    await panel.getByRole('article', { name: 'Inline comment on “npm ci”' }).getByRole('button', { name: 'Resolve' }).click();
    await body.locator('mark.inline-comment.resolved', { hasText: 'npm ci' }).waitFor();
    await panel.getByText('Resolved and detached (1)').waitFor();

    // Times in words: the byline, each comment and each file; never an ISO timestamp on the page.
    await page.getByText(/^Last updated just now by /).waitFor();
    const site = sandbox.sites[1].emulator.site;
    const question = [...site.contents.values()].find((c) => c.type === 'inline-comment' && c.body.includes('Which version exactly?'))!;
    question.createdAt = new Date(Date.now() - 5 * 60_000 - 10_000).toISOString();
    await page.reload();
    const when = card.locator('time');
    expect(await when.innerText()).toBe('5 minutes ago');
    expect(await when.getAttribute('datetime')).toBe(question.createdAt);
    expect(await page.locator('main').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  });
});
