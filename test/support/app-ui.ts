/** Driving Space Sync's own UI in the browser: its row menus, its flags, its frame. */
import type { FrameLocator, Page } from 'playwright-core';

/**
 * Opens a sync's "•••" menu in the settings table and chooses an action. It first waits for any
 * modal to finish leaving (Atlaskit keeps one mounted, with its focus lock, while it fades out).
 * A menu that still did not open is clicked once more, with what the frame showed written to the
 * log: once on a loaded 2-core CI machine the first click opened nothing, and it never did here.
 */
export async function rowAction(app: FrameLocator, syncName: string, action: string): Promise<void> {
  await app.locator('[aria-modal="true"]').first().waitFor({ state: 'detached' });
  const trigger = app.getByRole('button', { name: `Actions for ${syncName}` });
  await trigger.click();
  const item = app.getByRole('menuitem', { name: action, exact: true });
  const opened = await item.waitFor({ timeout: 5_000 }).then(() => true, () => false);
  if (!opened) {
    const expanded = await trigger.getAttribute('aria-expanded');
    console.warn(`The menu of ${syncName} did not open at the first click`, { expanded, focused: await focusedIn(app), items: await app.getByRole('menuitem').allTextContents() });
    if (expanded !== 'true') await trigger.click();
  }
  await item.click();
}

/** Waits for a flag (an action's outcome) with this title. */
export async function flag(app: FrameLocator, title: string | RegExp): Promise<void> {
  await app.getByRole('alert').filter({ hasText: title }).first().waitFor();
}

/** What has the focus inside the app's frame: its label or text ("BODY" when the focus fell to <body>). */
export async function focusedIn(app: FrameLocator): Promise<string> {
  return app.locator('body').evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'BODY';
    return (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
  });
}

/** Waits until the focus inside the frame is on what `expected` matches (focus moves after a frame or two). */
export async function waitForFocus(app: FrameLocator, expected: RegExp): Promise<void> {
  for (let i = 0; i < 50 && !expected.test(await focusedIn(app)); i++) await new Promise((r) => setTimeout(r, 100));
  expect(await focusedIn(app)).toMatch(expected);
}

/** Holds the app's calls of one resolver until released: the server takes as long as the test needs to look. */
export async function holdCalls(page: Page, functionKey: string): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/forge/bridge/invoke', async (route) => {
    if (route.request().postDataJSON()?.functionKey === functionKey) await released;
    await route.continue();
  });
  return release;
}
