/**
 * Who the browser is signed in as on each emulated site. In Confluence Cloud that is the
 * person's Atlassian session for the site; in the sandbox, each page of a site is opened as a
 * chosen user, and the shell remembers the last one per site in a cookie, so a link from another
 * site (the app's "Open the copy", a link in a page body) opens as that person. With no session
 * for the site, the sandbox asks which account to use, as Atlassian's account chooser does.
 */
import type { IncomingMessage } from 'node:http';
import type { DemoSite } from '../demo';

const cookieName = (demo: DemoSite) => `sandbox-as-${demo.cloudId}`;

/** The Set-Cookie header that signs the browser in on `demo` as `accountId` (for this browser session). */
export function signIn(demo: DemoSite, accountId: string): string {
  return `${cookieName(demo)}=${encodeURIComponent(accountId)}; Path=/; SameSite=Lax; HttpOnly`;
}

/** The user the browser is signed in as on `demo`, if it is one of the site's demo users. */
export function signedIn(req: IncomingMessage, demo: DemoSite): DemoSite['users'][number] | undefined {
  const cookies = (req.headers.cookie ?? '').split(';').map((c) => c.trim().split('='));
  const value = cookies.find(([name]) => name === cookieName(demo))?.[1];
  const accountId = value === undefined ? undefined : decodeURIComponent(value);
  return demo.users.find((u) => u.accountId === accountId);
}
