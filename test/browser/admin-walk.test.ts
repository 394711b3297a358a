/**
 * What a new admin's walk through the settings page still met after the Atlaskit rework, each
 * shown gone in Chromium: where the focus goes in the import dialog once a token is read (and
 * after "Use another token"), the token's facts laid out as one aligned list, an Unpair
 * confirmation that names what it unpairs and tells each side how to sync again (and a Delete
 * worded per side), Escape and Enter kept in the people picker and every other select of a dialog, why Verify waits on a paused sync, worded for who can resume it, a refusal
 * that says what to do (a token of a source already paired), brought into view in a dialog
 * scrolled to its end, the focus in the Notifications dialog's first field once it has loaded, an
 * approved pairing followed until its copies arrive, Tab kept within the page action's modal, and
 * the sandbox's own pages clear of axe violations (links told apart from text by more than colour,
 * avatars' initials legible).
 */
import type { Page } from 'playwright-core';
import { browserSession } from '../support/browser-session';
import { appFrame } from '../support/csp';
import { axeViolations } from '../support/axe';
import { flag, focusedIn, rowAction, waitForFocus } from '../support/app-ui';
import { ACME_ADMIN, demoParts } from '../support/demo-sync';

jest.setTimeout(180_000);

describe('a new admin’s walk: focus, layout and wording the earlier rework left', () => {
  const session = browserSession({ lastPages: 'admin-walk' });
  const settings = (page: Page, user: string) => session.settings(page, user);

  /** A token of a new sync of Acme's handbook, made through the app's own resolvers. */
  /** Acme's Create dialog at 1280 px, named "Handbook". */
  async function createDialog() {
    await session.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await session.context.newPage();
    const acme = await settings(page, 'Ada Admin');
    await acme.getByRole('button', { name: 'Create new sync' }).click();
    const create = acme.getByRole('dialog', { name: 'Create new sync' });
    await create.getByLabel('Name').fill('Handbook');
    return { page, acme, create };
  }

  /** A 1280 px context, with Acme's "Handbook" imported by Globex's admin and its first sync done. */
  async function pairedHandbook(): Promise<void> {
    await session.newContext({ viewport: { width: 1280, height: 900 } });
    const token = await acmeToken();
    const { globex, call, settings: ui } = demoParts(session.sandbox);
    await call(ui(globex, '7a2b-globex-admin'), 'importToken', { token });
    await session.sandbox.host.settled();
  }

  async function acmeToken(name = 'Handbook'): Promise<string> {
    const { acme, call, settings: ui } = demoParts(session.sandbox);
    const from = ui(acme, ACME_ADMIN);
    const sync = await call(from, 'createSync', { name, options: {} });
    return (await call(from, 'issueToken', { syncId: sync.id })).token as string;
  }

  it('moves the focus to what the token says once it is read, never leaving it on Import or the EXT lozenge', async () => {
    await session.newContext({ viewport: { width: 1280, height: 900 } });
    const token = await acmeToken();
    const page = await session.context.newPage();
    const globex = await settings(page, 'Gil Admin');
    await globex.getByRole('button', { name: 'Import token' }).focus();
    await page.keyboard.press('Enter');
    const dialog = globex.getByRole('dialog', { name: 'Import a sync token' });
    await waitForFocus(globex, /^eyJ|^$/); // the paste field, empty
    await page.keyboard.insertText(token.match(/.{1,60}/g)!.join('\n'));
    // By keyboard: Tab to Check token (past Cancel) and press Enter.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedIn(globex)).toBe('Check token');
    await page.keyboard.press('Enter');
    await dialog.getByRole('heading', { name: 'Handbook' }).waitFor();
    // The focus is on the preview's heading, so it is read first; a second Enter imports nothing.
    await waitForFocus(globex, /^Handbook$/);
    await page.keyboard.press('Enter');
    await new Promise((r) => setTimeout(r, 500));
    expect(await dialog.isVisible()).toBe(true);
    expect(await globex.getByText('Active').count()).toBe(0);
    // Tab goes on through what it says (the EXT lozenge, whose tooltip explains it) to the name field.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await globex.locator(':focus').getAttribute('name')).toBe('name');

    // Use another token: back to the paste field, not the footer.
    await dialog.getByRole('button', { name: 'Use another token' }).focus();
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Check token' }).waitFor();
    await waitForFocus(globex, /^eyJ/);
    expect(await globex.locator(':focus').getAttribute('id')).toBe('token-paste');

    // The file way: the file input that had the focus goes with the drop zone; the focus goes to the preview.
    await globex.locator('#token-file').setInputFiles({ name: 'Handbook.spacesync-token', mimeType: 'application/octet-stream', buffer: Buffer.from(token) });
    await dialog.getByRole('heading', { name: 'Handbook' }).waitFor();
    await waitForFocus(globex, /^Handbook$/);
  });

  it('lays out what the token claims and what is verified as one list, flush with its heading, at 1280 and 400 px', async () => {
    const token = await acmeToken();
    for (const width of [1280, 400]) {
      await session.newContext({ viewport: { width, height: 900 } });
      const page = await session.context.newPage();
      const globex = await settings(page, 'Gil Admin');
      await globex.getByRole('button', { name: 'Import token' }).click();
      const dialog = globex.getByRole('dialog', { name: 'Import a sync token' });
      await dialog.getByLabel('Or paste the token').fill(token);
      await dialog.getByRole('button', { name: 'Check token' }).click();
      const preview = dialog.getByTestId('token-preview');
      await preview.getByText('Signed with key').waitFor();
      const left = async (text: string) => (await preview.getByText(text, { exact: true }).first().boundingBox())!.x;
      const heading = await left('Handbook');
      // Each label starts where the heading does (no list indent from the CSS reset) ...
      for (const label of ['Says it comes from', 'Valid until', 'Signed with key', 'Pairs with the inbox at']) expect({ width, label, x: Math.round(await left(label)) }).toEqual({ width, label, x: Math.round(heading) });
      // ... and at 1280 px the values of both lists stand in one column.
      if (width === 1280) {
        const values = await preview.locator('dd').evaluateAll((dds) => dds.map((dd) => Math.round(dd.getBoundingClientRect().x)));
        expect(new Set(values).size).toBe(1);
      }
      expect(await axeViolations(appFrame(page))).toEqual([]);
    }
  });

  it('names the sync and the other space in the Unpair confirmation, with each side’s way to sync again, and words Delete per side', async () => {
    await pairedHandbook();

    const acmePage = await session.context.newPage();
    const acme = await settings(acmePage, 'Ada Admin');
    await rowAction(acme, 'Handbook', 'Unpair');
    const fromSource = acme.getByRole('dialog', { name: 'Unpair “Handbook”?' });
    await fromSource.getByText('Nothing more will be synced between this space and Partner Docs (PARTNER) on globex.atlassian.net.', { exact: false }).waitFor();
    await fromSource.getByText(/To sync again, create a new sync and hand its token to the other space’s admin\./).waitFor();
    expect(await axeViolations(appFrame(acmePage))).toEqual([]);
    await fromSource.getByRole('button', { name: 'Cancel' }).click();
    await fromSource.waitFor({ state: 'detached' });

    const globexPage = await session.context.newPage();
    const gil = await settings(globexPage, 'Gil Admin');
    await rowAction(gil, 'Handbook', 'Unpair');
    const fromDestination = gil.getByRole('dialog', { name: 'Unpair “Handbook”?' });
    await fromDestination.getByText(/between this space and Engineering Handbook \(ENG\) on acme\.atlassian\.net\./).waitFor();
    await fromDestination.getByText(/To sync again, import a new token from the source space’s admin\./).waitFor();
    await fromDestination.getByRole('button', { name: 'Unpair' }).click();
    await flag(gil, '“Handbook” is unpaired');

    // Delete, afterwards, speaks of tokens only on the side that issues them.
    await rowAction(gil, 'Handbook', 'Delete');
    const deleteHere = gil.getByRole('dialog', { name: 'Delete “Handbook”?' });
    await deleteHere.getByText('The sync and its history are removed from this space. The pages it copied here stay as they are.').waitFor();
    expect(await deleteHere.getByText(/token/).count()).toBe(0);
    await deleteHere.getByRole('button', { name: 'Cancel' }).click();
    const acmeAgain = await settings(acmePage, 'Ada Admin'); // opened before Gil unpaired
    await rowAction(acmeAgain, 'Handbook', 'Delete');
    await acmeAgain.getByRole('dialog', { name: 'Delete “Handbook”?' }).getByText(/any token issued for it are removed/).waitFor();
  });

  it('says who can resume a paused sync where Verify waits, on each side', async () => {
    await pairedHandbook();

    const acmePage = await session.context.newPage();
    const acme = await settings(acmePage, 'Ada Admin');
    await rowAction(acme, 'Handbook', 'Pause');
    await flag(acme, '“Handbook” is paused');
    await rowAction(acme, 'Handbook', 'Details');
    await acme.getByText('Verify needs an active sync: it can run again once you resume it.').waitFor();

    const gil = await settings(await session.context.newPage(), 'Gil Admin');
    await rowAction(gil, 'Handbook', 'Details');
    await gil.getByText('Verify needs an active sync: it can run again once the source space’s admins resume it.').waitFor();
  });

  it('brings a refusal into view in a dialog scrolled to its end, at 400 px', async () => {
    await session.newContext({ viewport: { width: 400, height: 700 } });
    const token = await acmeToken();
    const { globex, call, settings: ui } = demoParts(session.sandbox);
    // Used once already, by a pairing since ended (a live one is refused before the preview).
    const imported = await call(ui(globex, '7a2b-globex-admin'), 'importToken', { token });
    await session.sandbox.host.settled();
    await call(ui(globex, '7a2b-globex-admin'), 'changePair', { syncId: imported.id, action: 'unpair' });
    await session.sandbox.host.settled();
    const page = await session.context.newPage();
    const gil = await settings(page, 'Gil Admin');
    await gil.getByRole('button', { name: 'Import token' }).click();
    const dialog = gil.getByRole('dialog', { name: 'Import a sync token' });
    await dialog.getByLabel('Or paste the token').fill(token);
    await dialog.getByRole('button', { name: 'Check token' }).click();
    // The admin scrolls to the last field, as they would to fill it in, and imports.
    await dialog.getByLabel('Who may run “Sync now” on a page').scrollIntoViewIfNeeded();
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const alert = dialog.getByRole('alert').filter({ hasText: 'This token has already been used' });
    await alert.waitFor();
    await new Promise((r) => setTimeout(r, 300));
    // Seen where it is: inside the frame's window and not under the dialog's header or footer.
    const seen = await alert.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + Math.min(20, r.width / 2), r.top + r.height / 2);
      return { inWindow: r.top >= 0 && r.bottom <= window.innerHeight, hit: Boolean(hit && el.contains(hit)) };
    });
    expect(seen).toEqual({ inWindow: true, hit: true });
  });

  it('says what to do with a token of a source this space is already paired with', async () => {
    await session.newContext({ viewport: { width: 1280, height: 900 } });
    const { globex, call, settings: ui } = demoParts(session.sandbox);
    await call(ui(globex, '7a2b-globex-admin'), 'importToken', { token: await acmeToken() });
    await session.sandbox.host.settled();
    const second = await acmeToken('Handbook again');
    const page = await session.context.newPage();
    const gil = await settings(page, 'Gil Admin');
    await gil.getByRole('button', { name: 'Import token' }).click();
    const dialog = gil.getByRole('dialog', { name: 'Import a sync token' });
    await dialog.getByLabel('Or paste the token').fill(second);
    await dialog.getByRole('button', { name: 'Check token' }).click();
    await dialog.getByText('Already paired', { exact: true }).waitFor();
    await dialog.getByText(/unpair the sync that pairs them now \(in its ••• menu\), then import it\./).waitFor();
    // Set apart from the text under it.
    const [box, next] = await Promise.all([dialog.locator('.ss-problem').boundingBox(), dialog.getByText('This space receives the other space’s pages.', { exact: false }).boundingBox()]);
    expect(next!.y - (box!.y + box!.height)).toBeGreaterThanOrEqual(12);
    expect(await axeViolations(appFrame(page))).toEqual([]);
  });

  it('keeps Enter in the people picker while a typed search has nothing to choose, instead of submitting the dialog', async () => {
    const { page, acme, create } = await createDialog();
    const picker = create.getByLabel('Who may run “Sync now” on a page');
    await picker.fill('Nobody by this name');
    await acme.getByText('No users or groups match').waitFor();
    await page.keyboard.press('Enter');
    await new Promise((r) => setTimeout(r, 1000));
    // Still the create dialog, with what was typed; no sync was made.
    expect(await create.isVisible()).toBe(true);
    expect(await acme.getByRole('dialog', { name: 'Hand this token to the other space’s admin' }).count()).toBe(0);
    expect(await picker.inputValue()).toBe('Nobody by this name');
    const { acme: acmeSite, call, settings: ui } = demoParts(session.sandbox);
    expect(await call(ui(acmeSite, ACME_ADMIN), 'listSyncs')).toEqual([]);
    // Choosing a person with Enter still works, and Enter in the emptied picker submits as before.
    await picker.fill('Wes');
    await acme.getByRole('option', { name: 'Wes Writer' }).waitFor();
    await page.keyboard.press('Enter');
    await create.getByText('Wes Writer', { exact: true }).waitFor();
    await page.keyboard.press('Enter');
    await acme.getByRole('dialog', { name: 'Hand this token to the other space’s admin' }).waitFor();
  });

  it('keeps Escape and Enter in every select of the Create dialog, not only the people picker', async () => {
    const { page, acme, create } = await createDialog();
    for (const label of ['When the original changes after its copy was edited', 'Sync', 'Pages to leave out', 'Pages that leave the scope later']) {
      const select = create.getByLabel(label, { exact: true });
      await select.focus();
      await page.keyboard.press('ArrowDown'); // opens its menu
      await acme.getByRole('listbox').waitFor();
      await page.keyboard.press('Escape'); // closes the menu only
      await acme.getByRole('listbox').waitFor({ state: 'detached' });
      await new Promise((r) => setTimeout(r, 300));
      expect({ label, open: await create.isVisible(), name: await create.getByLabel('Name').inputValue() }).toEqual({ label, open: true, name: 'Handbook' });
    }
    // A search with nothing to choose: Enter stays in the select.
    await create.getByLabel('Pages to leave out', { exact: true }).fill('No page by this title');
    await acme.getByText('No options').waitFor();
    await page.keyboard.press('Enter');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await create.isVisible()).toBe(true);
    const { acme: acmeSite, call, settings: ui } = demoParts(session.sandbox);
    expect(await call(ui(acmeSite, ACME_ADMIN), 'listSyncs')).toEqual([]);
  });

  it('puts the focus in the Notifications dialog’s first field once its settings have loaded', async () => {
    await pairedHandbook();
    const page = await session.context.newPage();
    const gil = await settings(page, 'Gil Admin');
    await gil.getByRole('button', { name: 'Actions for Handbook' }).focus();
    await page.keyboard.press('Enter');
    await gil.getByRole('menuitem', { name: 'Notifications' }).focus();
    await page.keyboard.press('Enter');
    const dialog = gil.getByRole('dialog', { name: 'Notifications for “Handbook”' });
    await dialog.getByLabel('Chat webhook URL (optional)').waitFor();
    await waitForFocus(gil, /^$/); // an empty field, not the frame's body ("BODY")
    expect(await dialog.getByLabel('Chat webhook URL (optional)').evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('follows an approved pairing on the receiving side until its copies arrive, without a reload', async () => {
    await session.newContext({ viewport: { width: 1280, height: 900 } });
    const { acme, globex, call, settings: ui } = demoParts(session.sandbox);
    const from = ui(acme, ACME_ADMIN);
    const created = await call(from, 'createSync', { name: 'Handbook', options: {}, requireApproval: true });
    const { token } = await call(from, 'issueToken', { syncId: created.id });
    await call(ui(globex, '7a2b-globex-admin'), 'importToken', { token });
    await session.sandbox.host.settled();
    const page = await session.context.newPage();
    const gil = await settings(page, 'Gil Admin');
    const row = gil.getByTestId('sync-row-Handbook');
    await row.getByText('Awaiting approval').waitFor();
    await call(from, 'decideClaim', { syncId: created.id, decision: 'approve' });
    // Active with nothing copied yet: the row says the first full sync is on its way ...
    await row.getByText('Active').waitFor();
    // ... and keeps looking until the copies are there (the page is not reloaded).
    await row.getByText('9 items copied here').waitFor({ timeout: 60_000 });
    await row.getByText('Changes to the original space arrive here as they happen.').waitFor();
  });

  it('keeps Tab within the page action’s modal, past its Close button and back into the app', async () => {
    await session.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await session.context.newPage();
    await page.goto(`${session.sandbox.url}/`);
    await page.getByRole('link', { name: 'pages as Wes Writer' }).click();
    await page.getByRole('navigation', { name: 'Page tree' }).getByRole('link', { name: 'Onboarding', exact: true }).click();
    await page.getByRole('heading', { name: 'Onboarding', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'More actions' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    const modal = page.getByRole('dialog', { name: 'Space Sync' });
    const app = page.frameLocator('iframe[title="Space Sync page action"]');
    await app.getByText('This page is not synced').waitFor();
    const inModal = () => modal.evaluate((el) => el.contains(document.activeElement));
    const close = modal.getByRole('button', { name: 'Close' });
    for (let i = 0; i < 10 && !(await close.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await close.evaluate((el) => el === document.activeElement)).toBe(true);
    // Past Close: still in the dialog, and the next Tab is in the app's frame again.
    await page.keyboard.press('Tab');
    expect(await inModal()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('IFRAME');
    // And back: Shift+Tab out of the frame's first element, then once more, reaches Close.
    await page.keyboard.press('Shift+Tab');
    expect(await inModal()).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect(await close.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('keeps the sandbox’s own pages clear of axe violations: the launcher, and a page with its avatars and files', async () => {
    await session.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await session.context.newPage();
    await page.goto(`${session.sandbox.url}/`);
    // The global settings links stand apart, as the space's links do.
    expect(await page.locator('li', { hasText: 'Space Sync global settings' }).first().innerText()).toBe('Space Sync global settings: as Ada Admin · as Wes Writer');
    expect(await axeViolations(page.mainFrame())).toEqual([]);
    await page.getByRole('link', { name: 'pages as Wes Writer' }).click();
    await page.getByRole('navigation', { name: 'Page tree' }).getByRole('link', { name: 'Dev environment', exact: true }).click();
    await page.getByRole('heading', { name: 'Dev environment', level: 1 }).waitFor();
    await page.locator('a[download]').first().waitFor(); // its file
    expect(await axeViolations(page.mainFrame())).toEqual([]);
  });
});
