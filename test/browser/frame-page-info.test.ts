/**
 * The app asks the page around its frame for page info once per load, however many dialogs open.
 * iframe-resizer 4.4.5's page side adds a pair of `scroll`/`resize` listeners on the page's window
 * for every `pageInfo` message (iframeResizer.js `startPageInfoMonitor`), and its `stop` removes
 * none of them, so each request the frame made would stay on the page for good. Here the page's
 * `window.addEventListener` is wrapped before its scripts run, and the listeners the resizer's page
 * script adds for both `scroll` and `resize` (its `sendPageInfo`, renamed by the minifier) are
 * counted while dialogs open and close.
 */
import type { Page } from 'playwright-core';
import { browserSession } from '../support/browser-session';
import { eventually } from '../support/eventually';

jest.setTimeout(180_000);

declare global {
  interface Window {
    pageInfoListeners?: () => number;
  }
}

/** Runs in the page before its scripts: keeps the window's listeners added from the resizer's page script. */
function countResizerListeners(): void {
  if (window !== window.top) return;
  const live = new Map<EventListenerOrEventListenerObject, Set<string>>();
  const fromResizer = () => /\/iframe-resizer\.js/.test(new Error().stack ?? '');
  const add = window.addEventListener;
  const remove = window.removeEventListener;
  window.addEventListener = function (this: Window, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
    if (listener && (type === 'scroll' || type === 'resize') && fromResizer()) live.set(listener, (live.get(listener) ?? new Set()).add(type));
    return add.call(this, type, listener as EventListenerOrEventListenerObject, options);
  } as typeof window.addEventListener;
  window.removeEventListener = function (this: Window, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) {
    if (listener) live.get(listener)?.delete(type);
    return remove.call(this, type, listener as EventListenerOrEventListenerObject, options);
  } as typeof window.removeEventListener;
  window.pageInfoListeners = () => [...live.values()].filter((types) => types.has('scroll') && types.has('resize')).length;
}

describe('page info from the page around the app frame', () => {
  const session = browserSession({ context: { viewport: { width: 1280, height: 800 } }, lastPages: 'frame-page-info' });

  const pairs = (page: Page) => page.evaluate(() => window.pageInfoListeners?.() ?? -1);
  const frameHeight = (page: Page) => page.locator('iframe.app-frame').evaluate((el) => Math.round(el.getBoundingClientRect().height));

  it('adds one pair of scroll and resize listeners on the page, however many dialogs open and close', async () => {
    await session.context.addInitScript(countResizerListeners);
    const page = await session.context.newPage();
    const app = await session.settings(page, 'Gil Admin');
    await eventually(() => pairs(page), (n) => n >= 1, 'the app follows the page');
    const resting = await frameHeight(page);

    for (let i = 0; i < 4; i++) {
      await app.getByRole('button', { name: 'Import token' }).click();
      const dialog = app.getByRole('dialog', { name: 'Import a sync token' });
      await dialog.waitFor();
      await eventually(() => frameHeight(page), (h) => h !== resting, 'the frame fits the window');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      await eventually(() => frameHeight(page), (h) => h === resting, 'the frame follows its content again');
    }
    expect(await pairs(page)).toBe(1);
  });
});
