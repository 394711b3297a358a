/**
 * The admin's experience in Chromium, under Forge's Content-Security-Policy: every dialog walked
 * by keyboard (at 1280 px) and by mouse (at 400 px), with axe-core reporting no violation of
 * moderate impact or worse on each screen, and each finding of issue 17 about the app's UI shown
 * gone: the "•••" row menu, labelled fields, the portalled people picker whose Escape closes only
 * its menu, the drop zone that refuses an image and the paste that finds the token in an email,
 * Flags for outcomes, spinners, headings, no horizontal overflow, the primary action on the right,
 * and Verify waiting on a paused sync with the sentence why.
 */
import { readFileSync } from 'node:fs';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import { browserSession } from '../support/browser-session';
import { appFrame } from '../support/csp';
import { axeViolations, settleMotion } from '../support/axe';
import { flag, holdCalls, rowAction, waitForFocus } from '../support/app-ui';
import { ACME_ADMIN, demoParts } from '../support/demo-sync';

jest.setTimeout(180_000);

const WIDTHS = { wide: 1280, narrow: 400 } as const;

describe('the space settings page, its dialogs and its row menu', () => {
  const session = browserSession({ lastPages: 'admin' });

  const open = (width: number) => session.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  const settings = (page: Page, user: string) => session.settings(page, user);

  /** No axe violation of moderate impact or worse, and nothing wider than the frame. */
  async function checkScreen(page: Page, name: string) {
    const frame = appFrame(page);
    expect({ screen: name, violations: await axeViolations(frame) }).toEqual({ screen: name, violations: [] });
    const [scroll, client] = await frame.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect({ screen: name, overflow: scroll - client }).toEqual({ screen: name, overflow: 0 });
    await screenshot(page, `admin-${name}`);
  }

  /** Presses Tab (or Shift+Tab) until `target` has the focus: the way a keyboard user gets there. */
  async function tabTo(page: Page, target: Locator, backwards = false) {
    for (let presses = 0; presses < 40; presses++) {
      if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)).catch(() => false)) return;
      await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    }
    throw new Error(`Tab never reached ${String(target)}`);
  }

  /** The message as Gil's mail client shows it in a reply: headers, then the body quoted, its long lines wrapped. */
  const tokenEmail = (body: string) =>
    ['From: Ada Admin <ada@acme.example>', 'Subject: Space Sync: “Handbook”', '', ...body.split(/\r?\n/).flatMap((line) => line.match(/.{1,70}/g) ?? ['']).map((line) => `> ${line}`)].join('\n');

  async function pngFile(): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
    return { name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') };
  }

  it('walks every dialog by keyboard at 1280 px, with no axe violation on any screen', async () => {
    await open(WIDTHS.wide);
    const acmePage = await session.context.newPage();
    const acme = await settings(acmePage, 'Ada Admin');
    await acme.getByText('No synced spaces yet').waitFor();
    await checkScreen(acmePage, 'settings-empty-wide');

    // Create: keyboard only, from the page's primary action.
    await acme.getByRole('button', { name: 'Create new sync' }).focus();
    await acmePage.keyboard.press('Enter');
    const create = acme.getByRole('dialog', { name: 'Create new sync' });
    await create.waitFor();
    await tabTo(acmePage, create.getByLabel('Name'));
    await acmePage.keyboard.type('Handbook');
    await create.getByText('Both spaces see it; the other admin may rename their side.').waitFor(); // helper text under the label
    await tabTo(acmePage, create.getByLabel('Who may run “Sync now” on a page'));
    await acmePage.keyboard.type('Wes');
    const menu = acme.getByRole('listbox');
    await menu.getByText('Wes Writer').waitFor();
    // The menu opens over the dialog, not clipped by its scroll area below the fold: its last
    // option is within the frame and is what a click there would reach.
    const reachable = await menu.evaluate((el) => {
      const last = el.querySelector('[role="option"]:last-of-type') ?? el;
      const r = last.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return { inFrame: r.bottom <= window.innerHeight && r.top >= 0, hit: Boolean(hit && last.contains(hit)) };
    });
    expect(reachable).toEqual({ inFrame: true, hit: true });
    await checkScreen(acmePage, 'create-picker-open-wide');
    // Escape closes the menu only: the dialog and what was typed stay.
    await acmePage.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await settleMotion(appFrame(acmePage));
    expect(await create.isVisible()).toBe(true);
    expect(await create.getByLabel('Name').inputValue()).toBe('Handbook');
    await acmePage.keyboard.type('Wes');
    await menu.getByText('Wes Writer').waitFor();
    await acmePage.keyboard.press('Enter');
    await create.getByText('Wes Writer', { exact: true }).waitFor();
    await checkScreen(acmePage, 'create-dialog-wide');
    await tabTo(acmePage, create.getByRole('button', { name: 'Create', exact: true }));
    await acmePage.keyboard.press('Enter');

    // The token: its primary action is the rightmost; download and close by keyboard.
    const tokenDialog = acme.getByRole('dialog', { name: 'Hand this token to the other space’s admin' });
    await tokenDialog.waitFor();
    const buttons = await tokenDialog.getByRole('button').allInnerTexts();
    expect(buttons[buttons.length - 1]).toBe('Download token');
    await checkScreen(acmePage, 'token-dialog-wide');
    await tabTo(acmePage, tokenDialog.getByRole('button', { name: 'Download token' }));
    const [download] = await Promise.all([acmePage.waitForEvent('download'), acmePage.keyboard.press('Enter')]);
    expect(readFileSync((await download.path()) as string, 'utf8')).toMatch(/^eyJ/);
    await tabTo(acmePage, tokenDialog.getByRole('button', { name: 'Done' }), true);
    await acmePage.keyboard.press('Enter');
    await tokenDialog.waitFor({ state: 'detached' });

    // The row: its state explained, its actions behind "•••", reached and chosen by keyboard.
    await acme.getByText('Awaiting import').waitFor();
    await acme.getByText(/^Waiting for the other space’s admin to import the token, valid until/).waitFor();
    await checkScreen(acmePage, 'row-awaiting-import-wide');
    await acme.getByRole('button', { name: 'Actions for Handbook', exact: true }).focus();
    await acmePage.keyboard.press('Enter');
    await acme.getByRole('menuitem', { name: 'Edit' }).waitFor();
    expect(await acme.getByRole('menuitem').allInnerTexts()).toEqual(['Edit', 'Get token', 'Email the token', 'Delete']);
    await checkScreen(acmePage, 'row-menu-wide');
    await acmePage.keyboard.press('Enter'); // the first item has the focus: Edit
    const edit = acme.getByRole('dialog', { name: 'Edit “Handbook”' });
    await edit.getByText('Wes Writer', { exact: true }).waitFor(); // the chosen people, by name
    await checkScreen(acmePage, 'edit-dialog-wide');
    await acmePage.keyboard.press('Escape');
    await edit.waitFor({ state: 'detached' });

    await acme.getByRole('button', { name: 'Actions for Handbook', exact: true }).focus();
    await acmePage.keyboard.press('Enter');
    await acme.getByRole('menuitem', { name: 'Edit' }).waitFor();
    for (let i = 0; i < 2; i++) await acmePage.keyboard.press('ArrowDown');
    await acmePage.keyboard.press('Enter'); // Email the token
    const email = acme.getByRole('dialog', { name: 'Email the token' });
    await tabTo(acmePage, email.getByRole('textbox', { name: 'To', exact: true }));
    await acmePage.keyboard.type('gil@globex.example');
    await checkScreen(acmePage, 'email-dialog-wide');
    await acmePage.keyboard.press('Enter'); // submits the form
    await email.getByText('The message is in your mail client').waitFor();
    await checkScreen(acmePage, 'email-composed-wide');
    // The emailed token replaced the downloaded one: Gil pastes the whole message.
    await tabTo(acmePage, email.getByRole('button', { name: 'Show the message to copy' }));
    await acmePage.keyboard.press('Enter');
    const emailed = await email.getByRole('textbox', { name: 'Message' }).inputValue();
    await tabTo(acmePage, email.getByRole('button', { name: 'Done' }));
    await acmePage.keyboard.press('Enter');
    await email.waitFor({ state: 'detached' });

    // Import on Globex by keyboard: an image refused, then the token found in a pasted email.
    const globexPage = await session.context.newPage();
    const globex = await settings(globexPage, 'Gil Admin');
    await globex.getByRole('button', { name: 'Import token' }).focus();
    await globexPage.keyboard.press('Enter');
    const importing = globex.getByRole('dialog', { name: 'Import a sync token' });
    await importing.getByRole('button', { name: 'Choose the token file' }).waitFor();
    await checkScreen(globexPage, 'import-dialog-wide');
    await globex.locator('#token-file').setInputFiles(await pngFile());
    await importing.getByText('“logo.png” is a PNG image, not a Space Sync token.', { exact: false }).waitFor();
    expect(await importing.getByLabel('Or paste the token').inputValue()).toBe(''); // nothing dumped into the text box
    await tabTo(globexPage, importing.getByLabel('Or paste the token'));
    await importing.getByLabel('Or paste the token').fill(tokenEmail(emailed)); // a paste of the whole email, quoted
    expect(await importing.getByText('is a PNG image, not a Space Sync token', { exact: false }).count()).toBe(0); // the refusal went with the new try
    await tabTo(globexPage, importing.getByRole('button', { name: 'Check token' }));
    await globexPage.keyboard.press('Enter');
    // The preview first: what the token says, then the name field, then Import.
    await importing.getByRole('heading', { name: 'Handbook', level: 2 }).waitFor();
    await importing.getByText('Engineering Handbook (ENG) on acme.atlassian.net').waitFor();
    await checkScreen(globexPage, 'import-preview-wide');
    await tabTo(globexPage, importing.getByRole('button', { name: 'Import', exact: true }));
    await globexPage.keyboard.press('Enter');
    await flag(globex, 'Paired with Engineering Handbook (ENG) on acme.atlassian.net');
    await globex.getByText('Active').waitFor();
    await checkScreen(globexPage, 'imported-with-flag-wide');
    await session.sandbox.host.settled();

    // Details, pause, resume and unpair from the row menu by keyboard, each with its flag.
    await acmePage.reload();
    await acme.getByText('9 items synced', { exact: true }).waitFor();
    const choose = async (action: string) => {
      // The exact name waits out the spinner of the last action ("…, loading"): a loading button ignores keys.
      await acme.getByRole('button', { name: 'Actions for Handbook', exact: true }).focus();
      await acmePage.keyboard.press('Enter');
      const item = acme.getByRole('menuitem', { name: action, exact: true });
      await item.waitFor();
      for (let i = 0; i < 10 && !(await item.evaluate((el) => el === document.activeElement)); i++) await acmePage.keyboard.press('ArrowDown');
      await acmePage.keyboard.press('Enter');
    };
    await choose('Details');
    await acme.getByRole('heading', { name: 'Details of “Handbook”' }).waitFor();
    await waitForFocus(acme, /^Details of “Handbook”$/); // focus moved to the panel, once the menu has given it back to its button
    await checkScreen(acmePage, 'details-wide');
    await choose('Pause');
    await flag(acme, '“Handbook” is paused');
    await acme.getByText('Paused here: nothing moves until you resume it.').waitFor();
    // Verify waits too, and the open details say why, in the server's words for the state.
    const verify = acme.getByRole('button', { name: 'Verify', exact: true });
    const verifyWaits = acme.getByText('Verify needs an active sync: it can run again once you resume it.');
    await verifyWaits.waitFor();
    expect(await verify.isDisabled()).toBe(true);
    await checkScreen(acmePage, 'paused-wide');
    await choose('Resume');
    await flag(acme, '“Handbook” is running again');
    await verifyWaits.waitFor({ state: 'detached' });
    expect(await verify.isEnabled()).toBe(true);
    await choose('Unpair');
    const unpair = acme.getByRole('dialog', { name: 'Unpair “Handbook”?' });
    await checkScreen(acmePage, 'unpair-confirm-wide');
    await tabTo(acmePage, unpair.getByRole('button', { name: 'Unpair' }));
    await acmePage.keyboard.press('Enter');
    await flag(acme, '“Handbook” is unpaired');
    await acme.getByText('Unpaired', { exact: true }).waitFor();
    expect(await acme.getByText('not paired yet', { exact: false }).count()).toBe(0);
    // The open details drop the Verify panel, as the unpaired sync's summary says (shows.verify).
    await acme.getByRole('region', { name: 'Verify' }).waitFor({ state: 'detached' });
    await checkScreen(acmePage, 'unpaired-wide');
  });

  it('walks the same dialogs by mouse at 400 px: nothing overflows the frame, and no axe violation', async () => {
    await open(WIDTHS.narrow);
    const acmePage = await session.context.newPage();
    const acme = await settings(acmePage, 'Ada Admin');
    await checkScreen(acmePage, 'settings-empty-narrow');
    await acme.getByRole('button', { name: 'Create new sync' }).click();
    const create = acme.getByRole('dialog', { name: 'Create new sync' });
    await create.getByLabel('Name').fill('Handbook');
    await create.getByLabel('Who may run “Sync now” on a page').fill('Wes');
    await acme.getByRole('listbox').getByText('Wes Writer').click();
    await checkScreen(acmePage, 'create-dialog-narrow');
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    const tokenDialog = acme.getByRole('dialog', { name: 'Hand this token to the other space’s admin' });
    await tokenDialog.waitFor();
    await checkScreen(acmePage, 'token-dialog-narrow');
    const [download] = await Promise.all([acmePage.waitForEvent('download'), tokenDialog.getByRole('button', { name: 'Download token' }).click()]);
    await tokenDialog.getByRole('button', { name: 'Done' }).click();
    await acme.getByText('Awaiting import').waitFor();
    await checkScreen(acmePage, 'row-awaiting-import-narrow');
    await acme.getByRole('button', { name: 'Actions for Handbook', exact: true }).click();
    await checkScreen(acmePage, 'row-menu-narrow');
    await acme.getByRole('menuitem', { name: 'Email the token' }).click();
    const email = acme.getByRole('dialog', { name: 'Email the token' });
    await email.getByRole('textbox', { name: 'To', exact: true }).fill('gil@globex.example');
    await checkScreen(acmePage, 'email-dialog-narrow');
    await email.getByRole('button', { name: 'Open in mail client' }).click();
    await email.getByText('The message is in your mail client').waitFor();
    await checkScreen(acmePage, 'email-composed-narrow');
    await email.getByRole('button', { name: 'Done' }).click();

    // The token emailed revoked the downloaded one: the import dialog says so by its code.
    const globexPage = await session.context.newPage();
    const globex = await settings(globexPage, 'Gil Admin');
    await globex.getByRole('button', { name: 'Import token' }).click();
    const importing = globex.getByRole('dialog', { name: 'Import a sync token' });
    await globex.locator('#token-file').setInputFiles((await download.path()) as string);
    await importing.getByRole('heading', { name: 'Handbook', level: 2 }).waitFor();
    await checkScreen(globexPage, 'import-preview-narrow');
    await importing.getByRole('button', { name: 'Import', exact: true }).click();
    await importing.getByText('This token was replaced').waitFor();
    await importing.getByText('This token has been replaced by a newer one or its sync was deleted.', { exact: false }).waitFor();
    await checkScreen(globexPage, 'import-refused-narrow');
    await importing.getByRole('button', { name: 'Cancel' }).click();

    // A fresh token, pasted wrapped across lines: paired, and the table folds at 400 px. Each
    // page is brought to the front before it is used, as a person switches tabs: a dialog fits the
    // app's frame to the window, and a tab in the background does not lay out its frames.
    await acmePage.bringToFront();
    await rowAction(acme, 'Handbook', 'Get token');
    const fresh = await acme.getByLabel('Token', { exact: true }).inputValue();
    await acme.getByRole('button', { name: 'Done' }).click();
    await globexPage.bringToFront();
    await globex.getByRole('button', { name: 'Import token' }).click();
    await importing.getByLabel('Or paste the token').fill(fresh.match(/.{1,60}/g)!.join('\n'));
    await importing.getByRole('button', { name: 'Check token' }).click();
    await importing.getByRole('button', { name: 'Import', exact: true }).click();
    await flag(globex, /^Paired with/);
    await session.sandbox.host.settled();
    await acmePage.bringToFront();
    await acmePage.reload();
    await acme.getByText(/^9 items synced · Last sync/).waitFor();
    await checkScreen(acmePage, 'row-active-narrow');

    await rowAction(acme, 'Handbook', 'Details');
    await acme.getByText('9 of 9 items checked: 9 synced').waitFor();
    await checkScreen(acmePage, 'details-narrow');
    // Lozenges in the folded tables are as wide as their words, not stretched across the cell.
    const widths = (el: Element) => {
      const words = document.createRange();
      words.selectNodeContents(el);
      return { box: Math.round(el.getBoundingClientRect().width), words: Math.round(words.getBoundingClientRect().width) };
    };
    for (const lozenge of [acme.getByTestId('sync-state-Handbook'), acme.getByTestId('activity-outcome').first()]) {
      const { box, words } = await lozenge.evaluate(widths);
      expect(box).toBeLessThanOrEqual(words + 16); // its padding, either side
    }
    await rowAction(acme, 'Handbook', 'Edit');
    const edit = acme.getByRole('dialog', { name: 'Edit “Handbook”' });
    await edit.getByRole('group', { name: 'What to sync' }).waitFor();
    await checkScreen(acmePage, 'edit-dialog-narrow');
    await edit.getByLabel('Labels').uncheck();
    await edit.getByRole('button', { name: 'Save' }).click();
    await flag(acme, '“Handbook” is saved');
    await rowAction(acme, 'Handbook', 'Unpair');
    await checkScreen(acmePage, 'unpair-confirm-narrow');
    await acme.getByRole('dialog', { name: 'Unpair “Handbook”?' }).getByRole('button', { name: 'Unpair' }).click();
    await flag(acme, '“Handbook” is unpaired');
    await checkScreen(acmePage, 'unpaired-narrow');
    await rowAction(acme, 'Handbook', 'Delete');
    await acme.getByRole('dialog', { name: 'Delete “Handbook”?' }).getByRole('button', { name: 'Delete' }).click();
    await flag(acme, '“Handbook” is deleted');
    await acme.getByText('No synced spaces yet').waitFor();
  });


  it('turns Check token and Import into spinners while the server answers, not only greyed buttons', async () => {
    await open(WIDTHS.wide);
    const { acme, call, settings: module } = demoParts(session.sandbox);
    const sync = await call(module(acme, ACME_ADMIN), 'createSync', { name: 'Handbook' });
    const { token } = await call(module(acme, ACME_ADMIN), 'issueToken', { syncId: sync.id });
    const page = await session.context.newPage();
    const globex = await settings(page, 'Gil Admin');
    await globex.getByRole('button', { name: 'Import token' }).click();
    const importing = globex.getByRole('dialog', { name: 'Import a sync token' });
    // An image dropped on the zone is read and refused: the drop below is one the zone would take.
    const zone = importing.getByTestId('token-drop-zone');
    const dropPng = async () => {
      const dataTransfer = await appFrame(page).evaluateHandle(() => {
        const files = new DataTransfer();
        files.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], 'logo.png', { type: 'image/png' }));
        return files;
      });
      await zone.dispatchEvent('drop', { dataTransfer });
    };
    const refusal = importing.getByText('“logo.png” is a PNG image, not a Space Sync token.', { exact: false });
    await dropPng();
    await refusal.waitFor();
    await importing.getByLabel('Or paste the token').fill(token);
    await refusal.waitFor({ state: 'detached' });

    const previewAnswers = await holdCalls(page, 'previewToken');
    await importing.getByRole('button', { name: 'Check token' }).click();
    await importing.getByRole('button', { name: /^Check token ?, Loading$/ }).waitFor(); // Atlaskit's spinner names the button as loading
    // Only the button pressed spins; the other way in waits, greyed, and so does the drop zone.
    expect(await importing.getByRole('button', { name: 'Choose the token file', exact: true }).isDisabled()).toBe(true);
    expect(await zone.getAttribute('data-disabled')).toBe('true');
    await dropPng(); // a file taken would be read and refused long before the held answer comes
    previewAnswers();
    await importing.getByRole('heading', { name: 'Handbook', level: 2 }).waitFor();
    expect(await refusal.count()).toBe(0); // the pasted token's preview, with nothing from the drop

    const importAnswers = await holdCalls(page, 'importToken');
    await importing.getByRole('button', { name: 'Import', exact: true }).click();
    await importing.getByRole('button', { name: /^Import ?, Loading$/ }).waitFor();
    // The import completes on the server whatever the dialog does: it cannot be cancelled or closed meanwhile.
    expect(await importing.getByRole('button', { name: 'Cancel' }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    const closeButton = importing.getByRole('button', { name: /^Close/ });
    expect(await closeButton.count()).toBe(1);
    await closeButton.click();
    await page.waitForTimeout(300); // a close would unmount the dialog within a frame or two
    expect(await importing.isVisible()).toBe(true);
    importAnswers();
    await flag(globex, 'Paired with Engineering Handbook (ENG) on acme.atlassian.net');
  });

  it.each(Object.entries(WIDTHS))('shows a non-admin Create and Import disabled, with the sentence why, before any form (%s)', async (name, width) => {
    await open(width);
    const page = await session.context.newPage();
    const app = await settings(page, 'Wes Writer');
    await app.getByText('Only admins of this space can manage its syncs.').waitFor();
    await app.getByRole('heading', { name: 'You are not an admin of this space' }).waitFor();
    expect(await app.getByRole('button', { name: 'Create new sync' }).isDisabled()).toBe(true);
    expect(await app.getByRole('button', { name: 'Import token' }).isDisabled()).toBe(true);
    await checkScreen(page, `settings-not-admin-${name}`);
  });
});

describe('the page action and global settings', () => {
  const session = browserSession();

  const openPage = async (page: Page, user: string, title: string) => {
    await page.goto(`${session.sandbox.url}/`);
    await page.getByRole('link', { name: `pages as ${user}` }).click();
    await page.getByRole('navigation', { name: 'Page tree' }).getByRole('link', { name: title, exact: true }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  };
  const pageAction = async (page: Page): Promise<FrameLocator> => {
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Space Sync' }).click();
    await page.getByRole('dialog', { name: 'Space Sync' }).waitFor();
    const action = page.frameLocator('iframe[title="Space Sync page action"]');
    await action.getByRole('heading', { name: 'Space Sync', level: 1 }).waitFor();
    return action;
  };
  const noViolations = async (page: Page, name: string) => {
    const frame = appFrame(page);
    expect({ screen: name, violations: await axeViolations(frame) }).toEqual({ screen: name, violations: [] });
    const [scroll, client] = await frame.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect({ screen: name, overflow: scroll - client }).toEqual({ screen: name, overflow: 0 });
  };

  /** Pairs Acme's ENG with Globex's PARTNER through the resolvers (the dialogs have their own tests above). */
  async function pairDemoSpaces() {
    const { resolverCall } = await import('../support/resolver-call');
    const call = resolverCall(session.sandbox.host);
    const [acme, globex] = session.sandbox.sites;
    const moduleFor = (site: (typeof session.sandbox.sites)[number], accountId: string) =>
      session.sandbox.host.openUiModule(session.sandbox.host.installationFor(site.cloudId), 'space-sync-settings', accountId, { type: 'confluence:spaceSettings', space: site.spaces[0] });
    const adminOf = (site: (typeof session.sandbox.sites)[number]) => site.users.find((u) => /Admin/.test(u.displayName))!.accountId;
    const sync = await call(moduleFor(acme, adminOf(acme)), 'createSync', { name: 'Handbook' });
    const { token } = await call(moduleFor(acme, adminOf(acme)), 'issueToken', { syncId: sync.id });
    const imported = await call(moduleFor(globex, adminOf(globex)), 'importToken', { token });
    await session.sandbox.host.settled();
    return {
      pauseAtSource: () => call(moduleFor(acme, adminOf(acme)), 'changePair', { syncId: sync.id, action: 'pause' }),
      unpairAtDestination: () => call(moduleFor(globex, adminOf(globex)), 'changePair', { syncId: imported.id, action: 'unpair' }),
    };
  }

  it.each(Object.entries(WIDTHS))('explains each state of a page and why Sync now is missing, with no axe violation (%s)', async (name, width) => {
    await session.newContext({ viewport: { width, height: 900 } });
    const page = await session.context.newPage();
    await openPage(page, 'Wes Writer', 'Onboarding');
    let action = await pageAction(page);
    await action.getByText('This page is not synced').waitFor();
    await noViolations(page, `page-action-empty-${name}`);

    const { pauseAtSource, unpairAtDestination } = await pairDemoSpaces();
    await openPage(page, 'Wes Writer', 'Onboarding');
    action = await pageAction(page);
    await action.getByText('Synced', { exact: true }).waitFor();
    await action.getByText(/^The copy has version 1 of this page, its latest/).waitFor();
    await action.getByText(/^This sync does not let you sync pages now/).waitFor();
    await noViolations(page, `page-action-source-${name}`);
    await screenshot(page, `page-action-source-${name}`);

    await openPage(page, 'Gil Admin', 'Onboarding');
    action = await pageAction(page);
    await action.getByText(/^Your copy is at version \d+, synced from version 1 of the original\.$/).waitFor();
    await action.getByText(/^This page is a copy: it is updated from its original/).waitFor();
    await noViolations(page, `page-action-copy-${name}`);

    // A paused or an unpaired sync is said once, not once by its state and again by Sync now.
    await pauseAtSource();
    await openPage(page, 'Wes Writer', 'Onboarding');
    action = await pageAction(page);
    await action.getByText('This sync is paused in this space; Sync now comes back when it is resumed.').waitFor();
    expect(await action.getByText(/^This sync is paused/).count()).toBe(1);
    await noViolations(page, `page-action-paused-${name}`);

    await unpairAtDestination();
    await openPage(page, 'Gil Admin', 'Onboarding');
    action = await pageAction(page);
    await action.getByText('This sync was unpaired: your copy stays as it is and is no longer updated.').first().waitFor();
    expect(await action.getByText(/^This sync was unpaired/).count()).toBe(1);
    expect(await action.getByText('not paired yet', { exact: false }).count()).toBe(0);
    await noViolations(page, `page-action-unpaired-${name}`);
    // The original says where its copy stayed, not "not synced".
    await openPage(page, 'Wes Writer', 'Onboarding');
    action = await pageAction(page);
    await action.getByText('No longer synced', { exact: true }).waitFor();
    await action.getByText('This sync was unpaired: the copy in Partner Docs on globex.atlassian.net stays as it is and is no longer updated.').waitFor();
    expect(await action.getByText('This page is not synced').count()).toBe(0);
    await noViolations(page, `page-action-source-unpaired-${name}`);
  });

  it.each(Object.entries(WIDTHS))('lists the site’s syncs in global settings, and tells a non-admin why not, with no axe violation (%s)', async (name, width) => {
    await session.newContext({ viewport: { width, height: 900 } });
    const page = await session.context.newPage();
    await pairDemoSpaces();
    await page.goto(`${session.sandbox.url}/`);
    await page.getByRole('link', { name: 'as Ada Admin', exact: true }).click();
    const app = page.frameLocator('iframe[title="Space Sync settings"]');
    await app.getByRole('heading', { name: 'Space Sync on this site', level: 1 }).waitFor();
    await app.getByTestId('site-sync-Handbook').waitFor();
    await noViolations(page, `global-settings-${name}`);
    await screenshot(page, `global-settings-${name}`);

    await page.goto(`${session.sandbox.url}/`);
    await page.getByRole('link', { name: 'as Wes Writer', exact: true }).click();
    await app.getByRole('heading', { name: 'Only Confluence admins see this list' }).waitFor();
    await noViolations(page, `global-settings-not-admin-${name}`);
  });
});
