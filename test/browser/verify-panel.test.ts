import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { ARTIFACTS_DIR, screenshot } from '../support/browser';
import { browserSession } from '../support/browser-session';
import { flag, rowAction } from '../support/app-ui';

jest.setTimeout(120_000);

/** Verify in Chromium: the demo spaces match after the first sync; a copy's lost label and trashed page are listed, and repaired. */
describe('Verify in the browser', () => {
  const session = browserSession({ context: { acceptDownloads: true } });

  const settings = (page: Page, user: string) => session.settings(page, user);

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

  const globexSite = () => session.sandbox.sites[1].emulator.site;
  const copyOf = (title: string) => [...globexSite().contents.values()].find((c) => c.title === title && c.type === 'page' && c.status === 'current')!;

  it('finds the spaces matching, then lists what was changed on the copy with its cause, and Repair puts it right', async () => {
    await pairInBrowser();
    const acmePage = await session.context.newPage();
    const acme = await settings(acmePage, 'Ada Admin');
    await rowAction(acme, 'Handbook', 'Details');
    const panel = acme.getByRole('region', { name: 'Verify' });
    await panel.getByRole('button', { name: 'Verify', exact: true }).click();
    await session.sandbox.host.settled();
    await panel.getByText('The two spaces match').waitFor();
    await panel.getByText(/Checked 9 of 9 items/).waitFor();

    // On Globex someone removes a label from a copy and trashes another copy.
    const gil = { kind: 'user' as const, accountId: '7a2b-globex-admin' };
    globexSite().removeLabel(gil, copyOf('Onboarding').id, 'start-here');
    globexSite().trash(gil, copyOf('Code review').id, ['page']);
    await session.sandbox.host.settled();

    const globexPage = await session.context.newPage();
    const globex = await settings(globexPage, 'Gil Admin');
    await rowAction(globex, 'Handbook', 'Details');
    const here = globex.getByRole('region', { name: 'Verify' });
    await here.getByRole('button', { name: 'Verify', exact: true }).click();
    await session.sandbox.host.settled();
    const onboarding = here.getByRole('row', { name: /Onboarding/ });
    await onboarding.getByText('Labels missing').waitFor();
    await onboarding.getByText('Its copy lacks the label “start-here”, removed here.').waitFor();
    const review = here.getByRole('row', { name: /Code review/ });
    await review.getByText('Copy in the trash').waitFor();
    await here.screenshot({ path: join(ARTIFACTS_DIR, 'verify-differences.png') });

    await onboarding.getByRole('button', { name: 'Repair: Onboarding' }).click();
    await onboarding.getByText(/Repair queued/).waitFor();
    await here.getByRole('button', { name: 'Repair all' }).click();
    await flag(globex, /1 item queued for repair/);
    await session.sandbox.host.settled();
    expect([...copyOf('Onboarding').labels].sort()).toEqual(['onboarding', 'start-here']);
    expect(copyOf('Code review').status).toBe('current');

    await here.getByRole('button', { name: 'Verify', exact: true }).click();
    await session.sandbox.host.settled();
    await here.getByText('The two spaces match').waitFor();
    await screenshot(globexPage, 'verify-match');
  });
});
