import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { readmeScreenshot, screenshot } from '../support/browser';
import { browserSession } from '../support/browser-session';
import { flag, holdCalls, rowAction, waitForFocus } from '../support/app-ui';

/** Each case walks several screens on two sites; on a 2-core CI machine that takes a while. */
jest.setTimeout(120_000);

/** The whole experience in Chromium: pair, watch the first sync, edit, read each page's status, retry a failure. */
describe('syncing two demo sites in the browser', () => {
  const session = browserSession({ context: { acceptDownloads: true } });

  const settings = (page: Page, user: string) => session.settings(page, user);
  const openPage = async (page: Page, user: string, title: string) => {
    await page.goto(`${session.sandbox.url}/`);
    await page.getByRole('link', { name: `pages as ${user}` }).click();
    await page.getByRole('navigation', { name: 'Page tree' }).getByRole('link', { name: title, exact: true }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  };
  /** ••• → Space Sync: the page action, in its modal over the page. */
  const pageAction = async (page: Page) => {
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Space Sync' }).click();
    await page.getByRole('dialog', { name: 'Space Sync' }).waitFor();
    return page.frameLocator('iframe[title="Space Sync page action"]');
  };
  const closeAction = async (page: Page) => {
    await page.getByRole('dialog', { name: 'Space Sync' }).getByRole('button', { name: 'Close' }).click();
    await page.getByRole('dialog', { name: 'Space Sync' }).waitFor({ state: 'hidden' });
  };
  const editBody = async (page: Page, body: string) => {
    await page.getByLabel('Body (storage format)').fill(body);
    await page.getByRole('button', { name: 'Save' }).click();
    await session.sandbox.host.settled();
  };

  async function pairInBrowser(): Promise<Page> {
    const acmePage = await session.context.newPage();
    const acme = await settings(acmePage, 'Ada Admin');
    await acme.getByRole('button', { name: 'Create new sync' }).click();
    // The dialog opens on its first field: typing at once fills the name (it does not press ×).
    await acme.getByRole('dialog').getByLabel('Name').waitFor();
    await acmePage.keyboard.type('Handbook');
    expect(await acme.getByLabel('Name').inputValue()).toBe('Handbook');
    await acme.getByRole('button', { name: 'Create', exact: true }).click();
    const [download] = await Promise.all([acmePage.waitForEvent('download'), acme.getByRole('button', { name: 'Download token' }).click()]);
    await acme.getByRole('button', { name: 'Done' }).click();
    const globexPage = await session.context.newPage();
    const globex = await settings(globexPage, 'Gil Admin');
    await globex.getByRole('button', { name: 'Import token' }).click();
    await globex.locator('#token-file').setInputFiles((await download.path()) as string);
    await globex.getByRole('button', { name: 'Import', exact: true }).click();
    await globex.getByText('Active').waitFor();
    await session.sandbox.host.settled(); // the first full sync
    // The receiving side shows the copies as they arrive, without a reload.
    await globex.getByText(/^[1-9]\d* items? copied here/).waitFor();
    return acmePage;
  }

  it('shows the first full sync complete, then SYNCED with the new version on the copy after an edit; Sync now only for permitted users; AHEAD after editing the copy', async () => {
    const acmePage = await pairInBrowser();
    const acme = await settings(acmePage, 'Ada Admin');
    // One count, in items (pages, blog posts, folders…), the same in the table, the progress and the details.
    await acme.getByText('9 items synced', { exact: true }).waitFor();
    await rowAction(acme, 'Handbook', 'Details');
    await waitForFocus(acme, /^Details of “Handbook”$/); // opening Details moves the focus to it
    await acme.getByRole('heading', { name: 'Full sync complete' }).waitFor();
    await acme.getByText('9 of 9 items checked: 9 synced').waitFor();
    await acme.getByText(/^9 items: 9 synced\./).waitFor();
    await acme.getByText('Synced: 6 pages, 1 blog post, 1 folder and 1 whiteboard.').waitFor();
    await screenshot(acmePage, 'dashboard-full-sync-complete');
    await readmeScreenshot(acmePage, 'sandbox-sync-details');
    await acme.getByRole('button', { name: 'Close details' }).click();
    await waitForFocus(acme, /^Actions for Handbook$/); // back where Details was chosen

    const wes = await session.context.newPage();
    await openPage(wes, 'Wes Writer', 'Onboarding');
    await editBody(wes, '<p>Start here, now with a checklist.</p>');
    const asWes = await pageAction(wes);
    // One statement on versions: this page's number, and the copy's own named as the copy's.
    await asWes.getByText('Synced', { exact: true }).waitFor();
    await asWes.getByText(/^The copy has version 2 of this page, its latest( \(in its own space, the copy is at its version \d+\))?\.$/).waitFor();
    await asWes.getByText('Open the copy').waitFor();
    expect(await asWes.getByRole('button', { name: 'Sync now' }).count()).toBe(0); // Wes is not listed by the sync
    await asWes.getByText(/^This sync does not let you sync pages now: only the users and groups it lists, and space admins, may\./).waitFor();
    await screenshot(wes, 'page-action-source-no-sync-now');

    const ada = await session.context.newPage();
    await openPage(ada, 'Ada Admin', 'Onboarding');
    const asAda = await pageAction(ada);
    await asAda.getByRole('button', { name: 'Sync now' }).waitFor();
    // Sync now keeps the focus somewhere: on the "Queued" line while it runs, then back on the button.
    const polls = await holdCalls(ada, 'pageSyncStatus'); // the page stays pending while its status is not read
    await asAda.getByRole('button', { name: 'Sync now' }).click();
    await waitForFocus(asAda, /^(Queued this page|Sync now$)/);
    // The Queued line says it once: the Pending lozenge beside it adds no sentence of its own.
    await asAda.getByText('Queued this page. It arrives in a few seconds.').waitFor();
    await asAda.getByText('Pending', { exact: true }).waitFor();
    expect(await asAda.getByText(/arrives in a few seconds/).count()).toBe(1);
    polls();
    await session.sandbox.host.settled();
    await waitForFocus(asAda, /^Sync now$/);

    const gil = await session.context.newPage();
    await openPage(gil, 'Gil Admin', 'Onboarding');
    expect(await gil.locator('.body').innerText()).toContain('Start here, now with a checklist.');
    const onCopy = await pageAction(gil);
    await onCopy.getByText('Your copy, from Engineering Handbook (ENG) on acme.atlassian.net').waitFor();
    await onCopy.getByText('Synced', { exact: true }).waitFor();
    // Both versions: the copy's own (its header's), and the original's it was synced from.
    const globexSite = session.sandbox.sites[1].emulator.site;
    const partnerId = [...globexSite.spaces.values()].find((sp) => sp.key === 'PARTNER')!.id;
    const copyVersion = [...globexSite.contents.values()].find((c) => c.spaceId === partnerId && c.title === 'Onboarding')!.version.number;
    await onCopy.getByText(`Your copy is at version ${copyVersion}, synced from version 2 of the original.`).waitFor();
    await onCopy.getByText('EXT').first().waitFor();
    await onCopy.getByText('EXT: the other space is on another Confluence site, so what it receives comes from outside this site.').waitFor(); // the receiving side's words
    await onCopy.getByText(/^This page is a copy: it is updated from its original in Engineering Handbook on acme\.atlassian\.net/).waitFor();
    await screenshot(gil, 'page-action-copy-synced');
    await readmeScreenshot(gil, 'sandbox-page-action');

    await closeAction(gil);
    await editBody(gil, '<p>Our own notes.</p>');
    const afterEdit = await pageAction(gil);
    await afterEdit.getByText('Ahead', { exact: true }).waitFor();
    await afterEdit.getByText(/^Your copy was edited here \(now its version \d+\) after Space Sync wrote version 2 of the original into it\.$/).waitFor();
    await screenshot(gil, 'page-action-copy-ahead');

    // The source counts the edited copy apart, the same in the table and the details, and names the page.
    await session.sandbox.host.settled();
    // Its page action says the copy was edited there, in one sentence, without "the copy has version 2".
    await openPage(ada, 'Ada Admin', 'Onboarding');
    const aheadAtSource = await pageAction(ada);
    await aheadAtSource.getByText('Ahead', { exact: true }).waitFor();
    await aheadAtSource.getByText(/^The copy was edited in its own space \(now its version \d+\) after Space Sync wrote version 2 of this page into it\.$/).waitFor();
    expect(await aheadAtSource.getByText(/The copy has version/).count()).toBe(0);
    // Escape with the focus inside the app's frame closes the modal (the app calls view.close()), as Confluence's modals do.
    await aheadAtSource.getByRole('link', { name: 'Open the copy' }).focus();
    await ada.keyboard.press('Escape');
    await ada.getByRole('dialog', { name: 'Space Sync' }).waitFor({ state: 'hidden' });
    await acmePage.reload();
    const again = await settings(acmePage, 'Ada Admin');
    await again.getByText('8 items synced · 1 ahead (edited at the copy)', { exact: true }).waitFor();
    await rowAction(again, 'Handbook', 'Details');
    await again.getByText(/^9 items: 8 synced · 1 ahead \(edited at the copy\)\./).waitFor();
    await again.getByRole('row', { name: /Onboarding/ }).filter({ hasText: 'edited at the copy' }).first().waitFor();
    expect(await again.getByText(/^Item \d+/).count()).toBe(0);

    // The destination keeps no full-sync record: its details say what it knows, nothing false.
    const globexSettings = await settings(gil, 'Gil Admin');
    await rowAction(globexSettings, 'Handbook', 'Details');
    await globexSettings.getByText('Copies arrive as the source sends them; its full sync runs there.').waitFor();
    expect(await globexSettings.getByText('The first full sync has not started yet.').count()).toBe(0);
  });

  it('shows folders and whiteboards in both trees, inline comments highlighted, files that download, and a new folder followed', async () => {
    const acmePage = await pairInBrowser();
    const acme = await settings(acmePage, 'Ada Admin');
    await rowAction(acme, 'Handbook', 'Details');
    await acme.getByRole('row', { name: /Service map/ }).getByText('Partly copied').waitFor();

    // The copy's tree: the folder with its page, the whiteboard under Practices.
    const gil = await session.context.newPage();
    const errors: string[] = [];
    gil.on('pageerror', (e) => errors.push(e.message));
    await openPage(gil, 'Gil Admin', 'Dev environment');
    const tree = gil.getByRole('navigation', { name: 'Page tree' });
    const runbooks = tree.locator('li').filter({ has: gil.locator(':scope > .node[data-type="folder"]', { hasText: 'Runbooks' }) });
    await runbooks.getByRole('link', { name: 'Incident response', exact: true }).waitFor();
    const practices = tree.locator('li').filter({ has: gil.getByRole('link', { name: 'Practices', exact: true }) });
    await practices.locator('.node[data-type="whiteboard"]', { hasText: 'Service map' }).waitFor();

    // The copy's inline comment: its text highlighted, the comment listed, no markup shown.
    const body = gil.locator('.body');
    expect(await body.locator('mark.inline-comment.open').innerText()).toBe('Install Node.js 22');
    expect(await body.innerText()).not.toMatch(/inline-comment-marker|ac:|<\/?\w/);
    const thread = gil.getByRole('complementary', { name: 'Inline comments' }).getByRole('article', { name: 'Inline comment on “Install Node.js 22”' });
    await thread.getByText('Which version exactly?').waitFor();

    // The copy's attachment (an att… id, copied through the media host) downloads with its bytes.
    const [download] = await Promise.all([gil.waitForEvent('download'), gil.getByRole('link', { name: 'setup.sh', exact: true }).click()]);
    expect(readFileSync((await download.path()) as string, 'utf8')).toBe('#!/bin/sh\nnpm ci\n');
    await screenshot(gil, 'copy-folder-inline-comment');

    // A new folder on Acme, and a page moved into it: the copy follows both.
    const wes = await session.context.newPage();
    await wes.goto(`${session.sandbox.url}/`);
    await wes.getByRole('link', { name: 'pages as Wes Writer' }).click();
    await wes.getByRole('link', { name: '+ New folder' }).click();
    await wes.getByLabel('Folder name').fill('Guides');
    await wes.getByRole('button', { name: 'Create folder' }).click();
    await wes.getByRole('navigation', { name: 'Page tree' }).getByText('Guides').waitFor();
    await openPage(wes, 'Wes Writer', 'Editor settings');
    await wes.getByLabel('Parent').selectOption({ label: 'Guides (folder)' });
    await wes.getByRole('button', { name: 'Save' }).click();
    await session.sandbox.host.settled();
    await gil.reload();
    const guides = tree.locator('li').filter({ has: gil.locator(':scope > .node[data-type="folder"]', { hasText: 'Guides' }) });
    await guides.getByRole('link', { name: 'Editor settings', exact: true }).waitFor();
    await screenshot(gil, 'copy-new-folder');
    expect(errors).toEqual([]);
  });

  it('shows a failed page in the activity log, and Retry sends it once the cause is fixed', async () => {
    const acmePage = await pairInBrowser();
    const globex = session.sandbox.sites[1].emulator.site;
    const partner = [...globex.spaces.values()].find((s) => s.key === 'PARTNER')!;
    const appGrants = partner.permissions.get(globex.appAccountId)!;
    appGrants.delete('write'); // an admin took the app's write permission away

    const wes = await session.context.newPage();
    await openPage(wes, 'Wes Writer', 'Practices');
    await editBody(wes, '<p>How we work, revised.</p>');

    const acme = await settings(acmePage, 'Ada Admin');
    await rowAction(acme, 'Handbook', 'Details');
    await acme.getByText('Failed', { exact: true }).first().waitFor();
    await acme.getByText('Page updated by Wes Writer').waitFor();
    // The source reads our sentence; Confluence's own answer stays in the destination's log.
    await acme.getByText(/could not write this page/).first().waitFor();
    await screenshot(acmePage, 'activity-failed');

    appGrants.add('write');
    await acme.getByRole('button', { name: 'Retry' }).click();
    await flag(acme, '“Practices” is queued again');
    await session.sandbox.host.settled();
    await acme.getByRole('button', { name: 'Close details' }).click();
    await rowAction(acme, 'Handbook', 'Details');
    await acme.getByRole('cell', { name: 'Retry by Ada Admin', exact: true }).waitFor();
    await acme.getByText(/^\d+ items: \d+ synced\./).waitFor(); // nothing failed is counted any more
    await screenshot(acmePage, 'activity-retried');
    const copy = [...globex.contents.values()].find((c) => c.spaceId === partner.id && c.title === 'Practices');
    expect(copy?.body).toBe('<p>How we work, revised.</p>');
  });

  it('follows a page trashed and restored in the editor, comments and files included', async () => {
    await pairInBrowser();
    const wes = await session.context.newPage();
    await openPage(wes, 'Wes Writer', 'Incident response');
    await wes.getByLabel('Add a comment').fill('Who is on call this week?');
    await wes.getByRole('button', { name: 'Comment', exact: true }).click();
    await wes.getByLabel('Attach a file').setInputFiles({ name: 'rota.txt', mimeType: 'text/plain', buffer: Buffer.from('Mon: Ada') });
    await wes.getByRole('button', { name: 'Upload' }).click();
    await session.sandbox.host.settled();
    const gil = await session.context.newPage();
    await openPage(gil, 'Gil Admin', 'Incident response');
    await gil.getByText('Who is on call this week?').waitFor();
    await gil.getByRole('listitem').filter({ has: gil.getByRole('link', { name: 'rota.txt' }) }).getByText(/^8 bytes · version 1 · just now$/).waitFor();

    await openPage(wes, 'Wes Writer', 'Incident response');
    await wes.getByRole('button', { name: 'Move to trash' }).click();
    await session.sandbox.host.settled();
    await gil.reload();
    await gil.getByRole('heading', { name: 'Trash' }).waitFor();
    expect(await gil.getByRole('navigation', { name: 'Page tree' }).getByRole('link', { name: 'Incident response' }).count()).toBe(0);

    await wes.getByRole('button', { name: 'Restore' }).click();
    await session.sandbox.host.settled();
    await openPage(gil, 'Gil Admin', 'Incident response');
    await gil.getByText('Who is on call this week?').waitFor();
    await screenshot(gil, 'copy-restored');
  });

  it('shows titles with markup and script as text, in the page action and the activity log', async () => {
    await pairInBrowser();
    const alerts: string[] = [];
    const title = '<img src=x onerror=alert(1)> <b>Bold</b> & “more”';
    const wes = await session.context.newPage();
    wes.on('dialog', (d) => {
      alerts.push(d.message());
      void d.dismiss();
    });
    await wes.goto(`${session.sandbox.url}/`);
    await wes.getByRole('link', { name: 'pages as Wes Writer' }).click();
    await wes.getByRole('link', { name: '+ Create a page' }).click();
    await wes.getByLabel('Title').fill(title);
    await wes.getByLabel('Body (storage format)').fill('<p>Hello <script>alert(2)</script></p>');
    await wes.getByRole('button', { name: 'Create' }).click();
    await wes.getByRole('heading', { name: title, level: 1 }).waitFor();
    await session.sandbox.host.settled();

    const action = await pageAction(wes);
    await action.getByText(/^The copy has version 1 of this page, its latest/).waitFor();
    const acmePage = await session.context.newPage();
    acmePage.on('dialog', (d) => {
      alerts.push(d.message());
      void d.dismiss();
    });
    const acme = await settings(acmePage, 'Ada Admin');
    await rowAction(acme, 'Handbook', 'Details');
    await acme.getByRole('cell', { name: title, exact: true }).waitFor();
    expect(alerts).toEqual([]);
  });
});
