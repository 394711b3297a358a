/**
 * Notifications in Chromium, under Forge's CSP: an admin saves a Slack webhook for a sync, the
 * dialog shows it again only as its service and last 4 characters, and "Send a test message"
 * arrives at the sandbox's chat stand-in; axe-core finds nothing on the dialog.
 */

import { screenshot } from '../support/browser';
import { browserSession } from '../support/browser-session';
import { flag, rowAction } from '../support/app-ui';
import { pairDemoSites } from '../support/demo-sync';
import { axeViolations, settleMotion } from '../support/axe';
import { appFrame } from '../support/csp';

jest.setTimeout(120_000);

const WEBHOOK = 'https://hooks.slack.com/services/T0SANDBOX/B0SANDBOX/browserSecretAbcd';

describe('notifications in the browser', () => {
  const session = browserSession({ context: { viewport: { width: 1280, height: 900 } } });

  it('saves a webhook, shows only its service and last 4 characters, and sends a test message', async () => {
    await pairDemoSites(session.sandbox);
    const page = await session.context.newPage();
    await page.goto(`${session.sandbox.url}/`);
    await page.getByRole('link', { name: 'space settings as Ada Admin' }).click();
    const app = page.frameLocator('iframe[title="Space Sync"]');
    await app.getByRole('heading', { name: 'Space Sync', level: 1 }).waitFor();

    await rowAction(app, 'Handbook', 'Notifications');
    const dialog = app.getByRole('dialog', { name: 'Notifications for “Handbook”' });
    await dialog.getByLabel('Chat webhook URL (optional)').fill('http://hooks.slack.com/services/T/B/X');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('The webhook URL must start with https://.').waitFor();

    await dialog.getByLabel('Chat webhook URL (optional)').fill(WEBHOOK);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await flag(app, '“Handbook” is saved');

    await rowAction(app, 'Handbook', 'Notifications');
    await dialog.getByText('Saved: a Slack webhook ending in …abcd. Leave empty to keep it.').waitFor();
    expect(await dialog.getByLabel('Replace the webhook URL').inputValue()).toBe('');
    expect(await app.locator('body').innerHTML()).not.toContain('browserSecret');
    await dialog.getByRole('button', { name: 'Send a test message' }).click();
    await dialog.getByRole('status').getByText('The test message was delivered.').waitFor();
    expect(session.sandbox.chat.messages).toEqual([expect.objectContaining({ service: 'slack', text: expect.stringContaining('Space Sync: Test message') })]);

    const frame = appFrame(page);
    await settleMotion(frame);
    expect(await axeViolations(frame)).toEqual([]);
    await screenshot(page, 'notifications-dialog');

    // The stand-in's page shows what arrived.
    const chatPage = await session.context.newPage();
    await chatPage.goto(`${session.sandbox.url}/sandbox/chat`);
    await chatPage.getByText('Space Sync: Test message', { exact: false }).first().waitFor();
  });
});
