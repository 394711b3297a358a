import type { FrameLocator, Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import { browserSession } from '../support/browser-session';
import { axeViolations } from '../support/axe';
import { appFrame } from '../support/csp';

jest.setTimeout(180_000);

/**
 * Review before overwrite in Chromium on the demo spaces: a sync created with the review policy;
 * a copy edited at Globex, its original edited at Acme; the copy's page action shows the waiting
 * version beside the copy, Gil keeps his edits on one page and takes the new version on another,
 * and the original's page action at Acme says the copy kept its edits. axe finds nothing
 * moderate or worse on the review.
 */
describe('the review of a waiting version in the browser', () => {
  const session = browserSession({ context: { acceptDownloads: true }, lastPages: 'review' });
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
  const expectNoViolations = async (page: Page, screen: string) => expect({ screen, violations: await axeViolations(appFrame(page)) }).toEqual({ screen, violations: [] });

  const globexSite = () => session.sandbox.sites[1].emulator.site;
  const copyOf = (title: string) => {
    const partner = [...globexSite().spaces.values()].find((s) => s.key === 'PARTNER')!.id;
    return [...globexSite().contents.values()].find((c) => c.spaceId === partner && c.title === title && c.status === 'current')!;
  };

  async function pairWithReview(): Promise<void> {
    const acmePage = await session.context.newPage();
    const acme = await session.settings(acmePage, 'Ada Admin');
    await acme.getByRole('button', { name: 'Create new sync' }).click();
    const create = acme.getByRole('dialog', { name: 'Create new sync' });
    await create.getByLabel('Name').fill('Handbook');
    await create.getByLabel('When the original changes after its copy was edited').focus();
    await acmePage.keyboard.type('Review');
    await acme.getByRole('option', { name: /^Review before overwrite/ }).waitFor();
    await acmePage.keyboard.press('Enter');
    await create.getByText(/^Review before overwrite: the change waits on the copy’s page/).waitFor();
    await acme.getByRole('button', { name: 'Create', exact: true }).click();
    const [download] = await Promise.all([acmePage.waitForEvent('download'), acme.getByRole('button', { name: 'Download token' }).click()]);
    await acme.getByRole('button', { name: 'Done' }).click();
    const globex = await session.settings(await session.context.newPage(), 'Gil Admin');
    await globex.getByRole('button', { name: 'Import token' }).click();
    await globex.locator('#token-file').setInputFiles((await download.path()) as string);
    await globex.getByRole('button', { name: 'Import', exact: true }).click();
    await globex.getByText('Active').waitFor();
    await session.sandbox.host.settled();
  }

  it('compares the copy with the waiting version, keeps the edits on one page and takes the new version on another, and the source sees it', async () => {
    await pairWithReview();
    const gil = await session.context.newPage();
    const wes = await session.context.newPage();
    for (const title of ['Onboarding', 'Code review']) {
      await openPage(gil, 'Gil Admin', title);
      await editBody(gil, `<p>${title} starts here.</p><p>Our partner checklist.</p>`);
      await openPage(wes, 'Wes Writer', title);
      await editBody(wes, `<p>${title} starts here.</p><p>The new checklist.</p>`);
    }
    expect(copyOf('Onboarding').body).toBe('<p>Onboarding starts here.</p><p>Our partner checklist.</p>');

    // Keep my edits, on Onboarding.
    await openPage(gil, 'Gil Admin', 'Onboarding');
    const onCopy = await pageAction(gil);
    const review = onCopy.getByRole('region', { name: 'A newer version is waiting' });
    await review.getByText(/^Version \d+ of the original arrived/).waitFor();
    const table = review.getByRole('table', { name: /^Your copy \(version \d+\) beside the waiting version \(\d+ of the original\): 1 line differs\.$/ });
    await table.waitFor();
    await table.getByRole('columnheader', { name: 'Your copy now' }).waitFor();
    await table.getByRole('columnheader', { name: 'The new version' }).waitFor();
    await table.getByRole('row', { name: 'Onboarding starts here. Onboarding starts here.' }).waitFor();
    const changed = table.getByRole('row').filter({ hasText: 'Our partner checklist.' });
    await changed.getByRole('cell', { name: 'Only in your copy: Our partner checklist.' }).waitFor();
    await changed.getByRole('cell', { name: 'Only in the new version: The new checklist.' }).waitFor();
    await expectNoViolations(gil, 'review of a waiting version');
    await screenshot(gil, 'review-waiting');
    await review.getByRole('button', { name: 'Keep my edits' }).click();
    await onCopy.getByRole('status').filter({ hasText: 'You kept your edits; the new version was dropped and the source space was told.' }).waitFor();
    await onCopy.getByText('Ahead', { exact: true }).waitFor();
    await expect(onCopy.getByRole('region', { name: 'A newer version is waiting' }).count()).resolves.toBe(0);
    await session.sandbox.host.settled();
    expect(copyOf('Onboarding').body).toBe('<p>Onboarding starts here.</p><p>Our partner checklist.</p>');
    await closeAction(gil);

    // Take the new version, on Code review.
    await openPage(gil, 'Gil Admin', 'Code review');
    const onSecond = await pageAction(gil);
    const second = onSecond.getByRole('region', { name: 'A newer version is waiting' });
    await second.getByRole('cell', { name: 'Only in the new version: The new checklist.' }).waitFor();
    await second.getByRole('button', { name: 'Take the new version' }).click();
    await onSecond.getByRole('status').filter({ hasText: 'You took the new version: your copy now holds it.' }).waitFor();
    await onSecond.getByText('Synced', { exact: true }).waitFor();
    await session.sandbox.host.settled();
    expect(copyOf('Code review').body).toBe('<p>Code review starts here.</p><p>The new checklist.</p>');

    // At Acme, the original's page action says the copy kept its edits, not only the versions.
    const ada = await session.context.newPage();
    await openPage(ada, 'Ada Admin', 'Onboarding');
    const onOriginal = await pageAction(ada);
    await onOriginal.getByText('Ahead', { exact: true }).waitFor();
    await onOriginal.getByText(/^The copy kept its edits \(its version \d+\): version \d+ of this page was not applied there\.$/).waitFor();
    expect(await onOriginal.getByText(/after Space Sync wrote version/).count()).toBe(0);
    await screenshot(ada, 'review-kept-at-source');
    await closeAction(ada);
    await openPage(ada, 'Ada Admin', 'Code review');
    const taken = await pageAction(ada);
    await taken.getByText('Synced', { exact: true }).waitFor();
  });
});
