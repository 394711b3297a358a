import type { FrameLocator, Page } from 'playwright-core';
import { screenshot } from '../support/browser';
import { browserSession } from '../support/browser-session';
import { flag, rowAction } from '../support/app-ui';
import { axeViolations } from '../support/axe';
import { appFrame } from '../support/csp';

jest.setTimeout(120_000);

/**
 * The mass-delete guard in Chromium on the demo spaces: with its threshold lowered in Edit, a
 * subtree trashed at Acme is held; both sides show the question, Undo (from Acme) restores it and
 * Confirm (from Globex) lets the next one go; axe finds nothing on the question or its dialog.
 */
describe('the mass-delete guard in the browser', () => {
  const session = browserSession({ context: { acceptDownloads: true }, lastPages: 'guard' });

  const settings = (page: Page, user: string) => session.settings(page, user);
  const expectNoViolations = async (page: Page, screen: string) => expect({ screen, violations: await axeViolations(appFrame(page)) }).toEqual({ screen, violations: [] });

  async function pairInBrowser(): Promise<void> {
    const acmePage = await session.context.newPage();
    const acme = await settings(acmePage, 'Ada Admin');
    await acme.getByRole('button', { name: 'Create new sync' }).click();
    await acme.getByLabel('Name').fill('Handbook');
    await acme.getByRole('button', { name: 'Create', exact: true }).click();
    const [download] = await Promise.all([acmePage.waitForEvent('download'), acme.getByRole('button', { name: 'Download token' }).click()]);
    await acme.getByRole('button', { name: 'Done' }).click();
    const globex = await settings(await session.context.newPage(), 'Gil Admin');
    await globex.getByRole('button', { name: 'Import token' }).click();
    await globex.locator('#token-file').setInputFiles((await download.path()) as string);
    await globex.getByRole('button', { name: 'Import', exact: true }).click();
    await globex.getByText('Active').waitFor();
    await session.sandbox.host.settled();
  }

  const acmeSite = () => session.sandbox.sites[0].emulator.site;
  const globexSite = () => session.sandbox.sites[1].emulator.site;
  const ada = () => ({ kind: 'user' as const, accountId: [...acmeSite().users.values()].find((u) => u.displayName === 'Ada Admin')!.accountId });
  const pageOf = (site: ReturnType<typeof acmeSite>, title: string, status = 'current') => [...site.contents.values()].find((c) => c.title === title && c.type === 'page' && c.status === status);
  const question = (app: FrameLocator) => app.getByRole('region', { name: /is held: mass delete/ }).or(app.locator('section').filter({ hasText: 'is held: mass delete' })).first();

  it('shows the question on both sides, and answers it with Undo and with Confirm', async () => {
    await pairInBrowser();
    const acmePage = await session.context.newPage();
    const acme = await settings(acmePage, 'Ada Admin');
    // The demo space is small: the guard's threshold is lowered to 2 copies in Edit.
    await rowAction(acme, 'Handbook', 'Edit');
    await acme.getByLabel('At least this many copies').fill('0');
    await acme.getByRole('button', { name: 'Save' }).click();
    await acme.getByText('Enter a whole number from 1 to 100,000').waitFor();
    await acme.getByLabel('At least this many copies').fill('2');
    await acme.getByRole('button', { name: 'Save' }).click();
    await flag(acme, '“Handbook” is saved');

    // Onboarding goes to the trash with its two child pages: 3 of 9 copies.
    acmeSite().trash(ada(), pageOf(acmeSite(), 'Onboarding')!.id, ['page']);
    await session.sandbox.host.settled();
    expect(pageOf(globexSite(), 'Onboarding')).toBeDefined();
    expect(pageOf(globexSite(), 'Editor settings')).toBeDefined();

    const globexPage = await session.context.newPage();
    const globex = await settings(globexPage, 'Gil Admin');
    for (const app of [globex, acme]) {
      if (app === acme) await acmePage.reload();
      const asked = question(app);
      await asked.getByText('3 of 9 copies (33.3 %) would go to the trash at once.', { exact: false }).waitFor();
      await asked.getByText('Editor settings').waitFor();
      await asked.getByRole('button', { name: 'Confirm the deletion' }).waitFor();
      await asked.getByRole('button', { name: 'Undo' }).waitFor();
    }
    await expectNoViolations(globexPage, 'guard question');
    await screenshot(globexPage, 'guard-question');

    // Undo, from Acme: behind a confirm dialog; Acme's pages come back from its trash.
    await question(acme).getByRole('button', { name: 'Undo' }).click();
    const dialog = acme.getByRole('dialog', { name: 'Undo the deletion?' });
    await dialog.waitFor();
    await expectNoViolations(acmePage, 'guard undo dialog');
    await dialog.getByRole('button', { name: 'Undo' }).click();
    await flag(acme, 'Deletion undone for “Handbook”');
    await session.sandbox.host.settled();
    expect(pageOf(acmeSite(), 'Onboarding')).toBeDefined();
    expect(pageOf(acmeSite(), 'Editor settings')).toBeDefined();
    expect(pageOf(globexSite(), 'Onboarding', 'trashed')).toBeUndefined();

    // Practices with Code review: 2 of 9. Confirm, from Globex.
    acmeSite().trash(ada(), pageOf(acmeSite(), 'Practices')!.id, ['page']);
    await session.sandbox.host.settled();
    await globexPage.reload();
    const again = question(globex);
    await again.getByText('2 of 9 copies', { exact: false }).waitFor();
    await again.getByRole('button', { name: 'Confirm the deletion' }).click();
    const confirm = globex.getByRole('dialog', { name: 'Confirm the deletion?' });
    await confirm.getByRole('button', { name: 'Confirm the deletion' }).click();
    await flag(globex, 'Deletion confirmed for “Handbook”');
    await session.sandbox.host.settled();
    expect(pageOf(globexSite(), 'Practices', 'trashed')).toBeDefined();
    expect(pageOf(globexSite(), 'Code review', 'trashed')).toBeDefined();
    await globexPage.reload();
    await globex.getByText('Active').first().waitFor();
    await expect(question(globex).count()).resolves.toBe(0);
  });
});
