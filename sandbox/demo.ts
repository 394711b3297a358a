/**
 * The sandbox's two demo Confluence sites, emulated, with the app installed on each through the
 * Forge host and every content change delivered to the app's triggers. Each site is seeded, or
 * restored from a saved world (sandbox/world/), and can be seeded again in place on reset.
 */
import type { ForgeHost } from './forge-host/forge-host';
import { ConfluenceSite } from './confluence/site';
import { ConfluenceEmulator } from './confluence/confluence-emulator';
import { seedDestination, seedSource, type SeededSite } from './confluence/seed';
import { PEOPLE_API, peopleApi } from './confluence/people-api';
import { restoreSite, snapshotSite } from './confluence/site-snapshot';
import type { StoredDemoSite } from './world/world-file';

export interface DemoUser {
  accountId: string;
  displayName: string;
  spaceAdmin: boolean;
}

export interface DemoSite {
  cloudId: string;
  siteUrl: string;
  name: string;
  spaces: Array<{ id: string; key: string; name: string }>;
  users: DemoUser[];
  emulator: ConfluenceEmulator;
}

const SITES = [
  { cloudId: '9c1f4a52-0d7e-4d8b-a3c1-acme00000001', siteUrl: 'https://acme.atlassian.net', name: 'Acme (source)', firstId: 100_000, seed: seedSource },
  { cloudId: '3e7b9d10-6f2a-4c55-b8e4-globex000002', siteUrl: 'https://globex.atlassian.net', name: 'Globex (destination)', firstId: 500_000, seed: seedDestination },
];

/** The demo sites' cloud ids, in launcher order: a saved world must hold exactly these. */
export const DEMO_CLOUD_IDS = SITES.map((s) => s.cloudId);

const spacesOf = (site: ConfluenceSite) => [...site.spaces.values()].map((s) => ({ id: s.id, key: s.key, name: s.name }));

/** A site seeded as the demo spec says, on its own (no one hears its events). */
function seeded(spec: (typeof SITES)[number]): SeededSite {
  return spec.seed(new ConfluenceSite({ cloudId: spec.cloudId, siteUrl: spec.siteUrl, name: spec.name, firstId: spec.firstId }));
}

/** Installs the app on both demo sites: each restored from `stored` when it holds the site, else seeded. */
export async function installDemoSites(host: ForgeHost, stored: StoredDemoSite[] = []): Promise<DemoSite[]> {
  const demos: DemoSite[] = [];
  host.mount(PEOPLE_API, peopleApi(() => demos.map((d) => d.emulator.site)));
  for (const spec of SITES) {
    const site = new ConfluenceSite({ cloudId: spec.cloudId, siteUrl: spec.siteUrl, name: spec.name, firstId: spec.firstId });
    const kept = stored.find((s) => s.site.cloudId === spec.cloudId);
    let users: DemoUser[];
    if (kept) {
      restoreSite(site, kept.site);
      users = kept.users;
    } else {
      users = spec.seed(site).users;
    }
    const emulator = await ConfluenceEmulator.create(site);
    const installation = host.addInstallation({ cloudId: site.cloudId, siteUrl: site.siteUrl, product: emulator });
    site.onEvent((event) => host.publishProductEvent(installation, event));
    demos.push({ cloudId: site.cloudId, siteUrl: site.siteUrl, name: site.name, spaces: spacesOf(site), users, emulator });
  }
  return demos;
}

/**
 * Seeds every demo site afresh, in place (its emulator, installation and event wiring stay), as
 * the first start did. The seed runs on a site of its own, so the app hears no events of it.
 */
export function reseedDemoSites(demos: DemoSite[]): void {
  for (const demo of demos) {
    const spec = SITES.find((s) => s.cloudId === demo.cloudId);
    if (!spec) throw new Error(`No demo site ${demo.cloudId}`);
    const fresh = seeded(spec);
    restoreSite(demo.emulator.site, JSON.parse(JSON.stringify(snapshotSite(fresh.site))));
    demo.users = fresh.users;
    demo.spaces = spacesOf(demo.emulator.site);
  }
}

/** What the world file keeps of the demo sites. */
export function storedDemoSites(demos: DemoSite[]): StoredDemoSite[] {
  return demos.map((d) => ({ site: snapshotSite(d.emulator.site), users: d.users }));
}
