/**
 * Driving the sandbox's two demo sites through the app's real resolvers, as their admins and
 * writers would: pair Acme's handbook with Globex's space, read each side's syncs and a page's
 * status, and find the copy a status links to.
 */
import type { startSandbox } from './sandbox';
import type { DemoSite } from '../../sandbox/demo';
import type { Content } from '../../sandbox/confluence/model';
import type { PageSyncState } from '../../src/contract/resolvers';
import { resolverCall } from './resolver-call';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Call = (token: string, fn: string, payload?: unknown) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const ACME_ADMIN = '5f1a-acme-admin';
export const ACME_WRITER = '5f1a-acme-writer';
export const GLOBEX_ADMIN = '7a2b-globex-admin';

export const demoParts = (sandbox: Sandbox) => {
  const [acme, globex] = sandbox.sites;
  const call: Call = resolverCall(sandbox.host);
  const spaceOf = (demo: DemoSite) => demo.spaces[0];
  const settings = (demo: DemoSite, admin: string) =>
    sandbox.host.openUiModule(sandbox.host.installationFor(demo.cloudId), 'space-sync-settings', admin, { type: 'confluence:spaceSettings', space: { id: spaceOf(demo).id, key: spaceOf(demo).key } });
  const pageAction = (demo: DemoSite, accountId: string, page: Content) =>
    sandbox.host.openUiModule(sandbox.host.installationFor(demo.cloudId), 'space-sync-page-action', accountId, {
      type: 'confluence:contentAction',
      space: { id: spaceOf(demo).id, key: spaceOf(demo).key },
      content: { id: page.id, type: page.type },
    });
  const listSyncs = async () => ({ acme: await call(settings(acme, ACME_ADMIN), 'listSyncs'), globex: await call(settings(globex, GLOBEX_ADMIN), 'listSyncs') });
  const status = (demo: DemoSite, accountId: string, page: Content): Promise<PageSyncState[]> => call(pageAction(demo, accountId, page), 'pageSyncStatus');
  /** The pages and blog posts of a demo site's space, by title. */
  const pages = (demo: DemoSite) => [...demo.emulator.site.contents.values()].filter((c) => (c.type === 'page' || c.type === 'blogpost') && c.spaceId === spaceOf(demo).id && c.status === 'current');
  const page = (demo: DemoSite, title: string) => {
    const found = pages(demo).find((c) => c.title === title);
    if (!found) throw new Error(`No page ${title} on ${demo.name}`);
    return found;
  };
  return { acme, globex, call, settings, pageAction, listSyncs, status, pages, page };
};

/** Creates a sync of Acme's handbook, imports its token into Globex's space, and waits for the first full sync. */
export async function pairDemoSites(sandbox: Sandbox): Promise<string> {
  const { acme, globex, call, settings } = demoParts(sandbox);
  const from = settings(acme, ACME_ADMIN);
  const sync = await call(from, 'createSync', { name: 'Handbook', options: {} });
  const { token } = await call(from, 'issueToken', { syncId: sync.id });
  await call(settings(globex, GLOBEX_ADMIN), 'importToken', { token });
  await sandbox.host.settled();
  return sync.id as string;
}

/** The content id at the end of an "Open the copy" (or "Open the original") link. */
export const idInUrl = (url: string | undefined) => /\/pages\/([^/?#]+)$/.exec(url ?? '')?.[1];
