/**
 * Hands a `mailto:` URL to the user's own mail client, through the Confluence page around the app.
 *
 * `router.open` (@forge/bridge 7.2.0) "allows you to open a new window to a given URL. If you're
 * linking to an external site, the user is prompted before opening the link in a new window. If
 * the user declines to proceed, the returned Promise is rejected"
 * (https://developer.atlassian.com/platform/forge/custom-ui-bridge/router/). Whether Forge opens a
 * `mailto:` URL at all is UNCONFIRMED, so a rejection (or a throw) is an answer, not a failure:
 * the caller shows the message to copy instead.
 */
import { router } from '@forge/bridge';
import { errorMessage } from './error-message';

export type MailClientOutcome = { opened: true } | { opened: false; reason: string };

export async function openInMailClient(mailtoUrl: string): Promise<MailClientOutcome> {
  try {
    await router.open(mailtoUrl);
    return { opened: true };
  } catch (e) {
    return { opened: false, reason: errorMessage(e) };
  }
}
