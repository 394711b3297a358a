/**
 * The scope's preview in the create dialog, in Chromium under Forge's CSP: chosen subtrees and a
 * label left out, the dry run's counts by reason and its paged list, axe-core clean; the sync then
 * created copies exactly what the preview said would be synced.
 */
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import { browserSession } from '../support/browser-session';
import { appFrame } from '../support/csp';
import { axeViolations } from '../support/axe';

jest.setTimeout(180_000);

describe('the scope preview in the create dialog', () => {
  const session = browserSession({ context: { viewport: { width: 1280, height: 900 }, acceptDownloads: true }, lastPages: 'scope' });

  const settings = (page: Page, user: string) => session.settings(page, user);

  it('shows what falls out and why before anything is saved, and the sync copies exactly the rest', async () => {
    const acmePage = await session.context.newPage();
    const acme = await settings(acmePage, 'Ada Admin');
    await acme.getByRole('button', { name: 'Create new sync' }).click();
    const create = acme.getByRole('dialog', { name: 'Create new sync' });
    await create.getByLabel('Name').fill('Handbook');

    await create.locator('#scope-covers').focus();
    await acmePage.keyboard.type('Chosen');
    await acmePage.keyboard.press('Enter');
    for (const title of ['Onboarding', 'Practices']) {
      await create.locator('#scope-roots').focus();
      await acmePage.keyboard.type(title);
      await acme.getByRole('option', { name: title, exact: true }).waitFor();
      await acmePage.keyboard.press('Enter');
    }
    await create.getByLabel('Leave out pages with this label').fill('process');

    await create.getByRole('button', { name: 'Preview what will be synced' }).click();
    const preview = create.getByRole('region', { name: 'Preview of the scope' });
    await preview.getByText('6 items will be synced; 3 items left out.').waitFor();
    await preview.getByText('2 items: Not under any of the chosen pages or folders.').waitFor();
    await preview.getByText('1 item: Has a label that leaves it out.').waitFor();
    const rows = preview.locator('tbody tr');
    expect(await rows.count()).toBe(9);
    const row = (title: string) => preview.locator('tbody tr', { hasText: title });
    expect(await row('Code review').innerText()).toMatch(/Left out\s*Has a label that leaves it out\./);
    expect(await row('Incident response').innerText()).toMatch(/Not under any of the chosen pages or folders\./);
    expect(await row('Editor settings').innerText()).toMatch(/Synced/);
    const frame = appFrame(acmePage);
    expect(await axeViolations(frame)).toEqual([]);
    await preview.scrollIntoViewIfNeeded();
    await screenshot(acmePage, 'scope-preview');

    // The preview follows the form as it is now: without blog posts, one item fewer.
    await create.getByLabel('Blog posts').uncheck();
    await create.getByRole('button', { name: 'Preview what will be synced' }).click();
    await preview.getByText('5 items will be synced; 3 items left out.').waitFor();
    await create.getByLabel('Blog posts').check();

    await create.getByRole('button', { name: 'Create', exact: true }).click();
    const [download] = await Promise.all([acmePage.waitForEvent('download'), acme.getByRole('button', { name: 'Download token' }).click()]);
    await acme.getByRole('button', { name: 'Done' }).click();
    const globex = await settings(await session.context.newPage(), 'Gil Admin');
    await globex.getByRole('button', { name: 'Import token' }).click();
    await globex.locator('#token-file').setInputFiles((await download.path()) as string);
    await globex.getByRole('button', { name: 'Import', exact: true }).click();
    await globex.getByText('Active').waitFor();
    await session.sandbox.host.settled();
    const site = session.sandbox.sites[1].emulator.site;
    const copies = [...site.contents.values()].filter((c) => ['page', 'blogpost', 'folder', 'whiteboard'].includes(c.type) && c.status === 'current' && c.title !== 'About this space' && c.id !== site.spaces.get(c.spaceId)?.homepageId);
    expect(copies.map((c) => c.title).sort()).toEqual(['Dev environment', 'Editor settings', 'Handbook launched', 'Onboarding', 'Practices', 'Service map']);
  });
});
