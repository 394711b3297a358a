/**
 * The sandbox's two demo Confluence sites, emulated, with the app installed on each through the
 * Forge host and every content change delivered to the app's triggers.
 */
import type { ForgeHost } from './forge-host/forge-host';
import { ConfluenceSite } from './confluence/site';
import { ConfluenceEmulator } from './confluence/confluence-emulator';
import { seedDestination, seedSource, type SeededSite } from './confluence/seed';
import { PEOPLE_API, peopleApi } from './confluence/people-api';

export interface DemoSite {
  cloudId: string;
  siteUrl: string;
  name: string;
  spaces: Array<{ id: string; key: string; name: string }>;
  users: Array<{ accountId: string; displayName: string; spaceAdmin: boolean }>;
  emulator: ConfluenceEmulator;
}

const SITES = [
  { cloudId: '9c1f4a52-0d7e-4d8b-a3c1-acme00000001', siteUrl: 'https://acme.atlassian.net', name: 'Acme (source)', firstId: 100_000, seed: seedSource },
  { cloudId: '3e7b9d10-6f2a-4c55-b8e4-globex000002', siteUrl: 'https://globex.atlassian.net', name: 'Globex (destination)', firstId: 500_000, seed: seedDestination },
];

export async function installDemoSites(host: ForgeHost): Promise<DemoSite[]> {
  const demos: DemoSite[] = [];
  host.mount(PEOPLE_API, peopleApi(() => demos.map((d) => d.emulator.site)));
  for (const spec of SITES) {
    const site = new ConfluenceSite({ cloudId: spec.cloudId, siteUrl: spec.siteUrl, name: spec.name, firstId: spec.firstId });
    const seeded: SeededSite = spec.seed(site);
    const emulator = await ConfluenceEmulator.create(site);
    const installation = host.addInstallation({ cloudId: site.cloudId, siteUrl: site.siteUrl, product: emulator });
    site.onEvent((event) => host.publishProductEvent(installation, event));
    demos.push({
      cloudId: site.cloudId,
      siteUrl: site.siteUrl,
      name: site.name,
      spaces: [...site.spaces.values()].map((s) => ({ id: s.id, key: s.key, name: s.name })),
      users: seeded.users,
      emulator,
    });
  }
  return demos;
}
