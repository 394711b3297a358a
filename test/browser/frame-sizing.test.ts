/**
 * The app's frame on the space settings page is sized to its content, as Forge's Custom UI is
 * (iframe-resizer in the frame and around it): only the Confluence page scrolls, never the frame
 * or anything in it, at 1280 px and at 400 px with a realistic number of syncs. Dialogs open where
 * the person is looking and fully inside the window (the frame fits the window while one is
 * open), the people picker's menu stays in the window near the bottom of a dialog, and the import
 * dialog shows what a token says and the name field without scrolling. With a frame the product
 * does not resize (?frame=fixed), the app still works.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import { browserSession } from '../support/browser-session';
import { appFrame } from '../support/csp';
import { ACME_ADMIN, demoParts, pairDemoSites } from '../support/demo-sync';
import { rowAction } from '../support/app-ui';
import { eventually } from '../support/eventually';

jest.setTimeout(180_000);

const WINDOW = { width: 1280, height: 800 };
const PICKER = 'Who may run “Sync now” on a page';

describe('the app frame sized to its content', () => {
  const session = browserSession({ lastPages: 'frame-sizing' });

  /** Acme with the paired Handbook and seven syncs awaiting import: more rows than a window holds. */
  async function manySyncs(): Promise<void> {
    await pairDemoSites(session.sandbox);
    const { acme, call, settings } = demoParts(session.sandbox);
    const token = settings(acme, ACME_ADMIN);
    for (let i = 1; i <= 7; i++) await call(token, 'createSync', { name: `Team space ${i}`, options: {} });
  }

  async function settings(width: number, user: string, query = ''): Promise<{ page: Page; app: FrameLocator }> {
    await session.newContext({ viewport: { width, height: WINDOW.height } });
    const page = await session.context.newPage();
    await page.goto(`${session.sandbox.url}/`);
    const link = page.getByRole('link', { name: `space settings as ${user}` });
    await page.goto(`${session.sandbox.url}${await link.getAttribute('href')}${query}`);
    const app = page.frameLocator('iframe[title="Space Sync"]');
    await app.getByRole('heading', { name: 'Space Sync', level: 1 }).waitFor();
    return { page, app };
  }

  /** The frame fills the window below the page's top bar: its bottom is the window's. */
  const fitsWindow = (page: Page) =>
    page.locator('iframe.app-frame').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { top: Math.round(r.top), bottom: Math.round(r.bottom), window: window.innerHeight };
    });
  const fitted = (f: { top: number; bottom: number; window: number }) => f.top >= 0 && f.top < 100 && f.bottom === f.window;
  const frameHeight = (page: Page) => page.locator('iframe.app-frame').evaluate((el) => Math.round(el.getBoundingClientRect().height));
  const contentHeight = (page: Page) => appFrame(page).evaluate(() => document.body.offsetHeight);
  const scrollY = (page: Page) => page.evaluate(() => Math.round(window.scrollY));

  /** Where a locator is in the window: its top and bottom in the page's viewport. */
  async function inWindow(page: Page, target: Locator): Promise<{ top: number; bottom: number; inside: boolean }> {
    const box = await target.boundingBox();
    if (!box) throw new Error(`${String(target)} has no box`);
    const height = await page.evaluate(() => window.innerHeight);
    const [top, bottom] = [Math.round(box.y), Math.round(box.y + box.height)];
    return { top, bottom, inside: top >= 0 && bottom <= height };
  }

  /** Every element in the frame that can scroll (the document itself included), as "tag.class height/client". */
  const scrollables = (page: Page) =>
    appFrame(page).evaluate(() => {
      const scrolls = (el: Element) => {
        const style = getComputedStyle(el);
        const root = el === document.scrollingElement;
        const y = el.scrollHeight > el.clientHeight + 1 && (root || /auto|scroll/.test(style.overflowY));
        const x = el.scrollWidth > el.clientWidth + 1 && (root || /auto|scroll/.test(style.overflowX));
        return y || x;
      };
      return [...document.querySelectorAll('*')].filter(scrolls).map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.scrollHeight}/${el.clientHeight} ${el.scrollWidth}/${el.clientWidth}`);
    });

  it.each([1280, 400])('at %i px only the Confluence page scrolls: nothing in the frame has a scrollable overflow', async (width) => {
    await manySyncs();
    const { page, app } = await settings(width, 'Ada Admin');
    await app.getByText('Team space 7').first().waitFor();
    const content = await eventually(() => contentHeight(page), (h) => h > WINDOW.height, 'the content is taller than the window');
    await eventually(() => frameHeight(page), (h) => h === content, 'the frame is as tall as its content');
    expect(await scrollables(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight)).toBe(true); // the page scrolls instead
    await screenshot(page, `frame-sizing-settings-${width}`);
  });

  it('opens a dialog lower down the page in the window, its picker menu inside it, and goes back after', async () => {
    await manySyncs();
    const { page, app } = await settings(WINDOW.width, 'Ada Admin');
    await app.getByText('Team space 7').first().waitFor();
    await eventually(() => frameHeight(page), (h) => h > WINDOW.height, 'the frame is taller than the window');
    await page.mouse.wheel(0, 400);
    const before = await eventually(() => scrollY(page), (y) => y >= 400, 'the page is scrolled down');
    // Playwright scrolls what it clicks into view: this row's button is already in the window.
    await rowAction(app, 'Team space 6', 'Edit');
    const dialog = app.getByRole('dialog', { name: /Edit/ });
    await dialog.waitFor();
    await eventually(() => fitsWindow(page), fitted, 'the frame fits the window');
    await eventually(() => inWindow(page, dialog), (box) => box.inside, 'the dialog is inside the window');

    // The picker is the dialog's last field, near its bottom: its menu opens upward or stays in the window.
    await dialog.getByLabel(PICKER).click();
    await page.keyboard.type('a');
    const menu = app.getByRole('listbox');
    await menu.getByRole('option').first().waitFor();
    expect(await menu.getByRole('option').count()).toBeGreaterThan(2);
    const field = await inWindow(page, dialog.getByLabel(PICKER));
    expect({ field: field.inside, menu: (await inWindow(page, menu)).inside }).toEqual({ field: true, menu: true });
    const lastOption = await menu.evaluate((el) => {
      const options = el.querySelectorAll('[role="option"]');
      const r = options[options.length - 1].getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return Boolean(hit && options[options.length - 1].contains(hit));
    });
    expect(lastOption).toBe(true); // nothing covers it: a click there chooses it
    await screenshot(page, 'frame-sizing-edit-picker');

    await page.keyboard.press('Escape'); // the menu
    await menu.waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    const content = await contentHeight(page);
    await eventually(() => frameHeight(page), (h) => h === content, 'the frame follows its content again');
    await eventually(() => scrollY(page), (y) => Math.abs(y - before) <= 2, 'the page is back where it was');
  });

  it('at 1280 × 800 shows what a pasted or chosen token says and the name field without scrolling', async () => {
    const { acme, call, settings: open } = demoParts(session.sandbox);
    const source = open(acme, ACME_ADMIN);
    const issue = async (name: string) => (await call(source, 'issueToken', { syncId: (await call(source, 'createSync', { name, options: {} })).id })).token as string;
    const { page, app } = await settings(WINDOW.width, 'Gil Admin');
    const check = async (dialog: Locator, name: string) => {
      const nameField = dialog.getByLabel('Name of the sync in this space');
      await nameField.waitFor();
      await eventually(() => fitsWindow(page), fitted, 'the frame fits the window');
      const boxes = async () => ({
        dialog: (await inWindow(page, dialog)).inside,
        syncName: (await inWindow(page, dialog.getByText(name, { exact: true }).first())).inside,
        verified: (await inWindow(page, dialog.getByText('Signed with key'))).inside,
        nameField: (await inWindow(page, nameField)).inside,
        importButton: (await inWindow(page, dialog.getByRole('button', { name: 'Import', exact: true }))).inside,
      });
      await eventually(boxes, (b) => Object.values(b).every(Boolean), `the preview of ${name} and the name field are in the window`);
      // Nothing in the dialog needs scrolling to reach them either.
      expect(await scrollables(page)).toEqual([]);
    };

    await app.getByRole('button', { name: 'Import token' }).click();
    const dialog = app.getByRole('dialog', { name: 'Import a sync token' });
    await dialog.getByLabel('Or paste the token').fill(await issue('Pasted handbook'));
    await dialog.getByRole('button', { name: 'Check token' }).click();
    await check(dialog, 'Pasted handbook');
    await screenshot(page, 'frame-sizing-import-pasted');

    await dialog.getByRole('button', { name: 'Use another token' }).click();
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'handbook.spacesync-token', mimeType: 'text/plain', buffer: Buffer.from(await issue('Chosen handbook')) });
    await check(dialog, 'Chosen handbook');
  });

  it('works in a frame the product does not resize: the frame scrolls, and a dialog opens inside it', async () => {
    await manySyncs();
    const { page, app } = await settings(WINDOW.width, 'Ada Admin', '&frame=fixed');
    await app.getByText('Team space 7').first().waitFor();
    expect(await appFrame(page).evaluate(() => 'parentIFrame' in window)).toBe(false);
    const fixed = await frameHeight(page);
    expect(await scrollables(page)).toEqual([expect.stringMatching(/^html\./)]); // the frame's own document scrolls
    await rowAction(app, 'Team space 7', 'Edit');
    const dialog = app.getByRole('dialog', { name: /Edit/ });
    await dialog.waitFor();
    const frameBox = (await page.locator('iframe.app-frame').boundingBox())!;
    const box = (await dialog.boundingBox())!;
    expect({ top: box.y >= frameBox.y, bottom: box.y + box.height <= frameBox.y + frameBox.height + 1 }).toEqual({ top: true, bottom: true });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await frameHeight(page)).toBe(fixed);
  });
});
