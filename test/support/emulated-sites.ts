/**
 * Two emulated Confluence sites with the app installed on a Forge host: site events go to the
 * host's triggers, and every request is held to the OpenAPI documents.
 */
import { join } from 'node:path';
import api, { assumeTrustedRoute } from '@forge/api';
import { ForgeHost, type ForgeHostOptions } from '../../sandbox/forge-host/forge-host';
import { ConfluenceSite, SITE_ADMINS_GROUP } from '../../sandbox/confluence/site';
import { ConfluenceEmulator } from '../../sandbox/confluence/confluence-emulator';
import type { Installation } from '../../sandbox/forge-host/installation';
import { latencyOf } from '../../sandbox/forge-host/latency';

export interface EmulatedSite {
  site: ConfluenceSite;
  emulator: ConfluenceEmulator;
  installation: Installation;
  events: Array<Record<string, unknown> & { eventType: string }>;
  admin: string;
  writer: string;
  spaceId: string;
  homeId: string;
}

export async function emulatedSite(host: ForgeHost, name: string, key: string, firstId: number): Promise<EmulatedSite> {
  const site = new ConfluenceSite({ cloudId: `cloud-${name}`, siteUrl: `https://${name}.atlassian.net`, name, firstId });
  const admin = `acc-${name}-admin`;
  const writer = `acc-${name}-writer`;
  site.addUser({ accountId: admin, displayName: `${name} Admin`, accountType: 'atlassian' });
  site.addUser({ accountId: writer, displayName: `${name} Writer`, accountType: 'atlassian' });
  site.addGroup(SITE_ADMINS_GROUP, [admin]);
  site.addGroup(`${name}-writers`, [writer]);
  const space = site.createSpace(key, `${name} space`, [admin]);
  site.grant(space, writer, ['read', 'write']);
  const emulator = await ConfluenceEmulator.create(site);
  const installation = host.addInstallation({ cloudId: site.cloudId, siteUrl: site.siteUrl, product: emulator });
  const events: EmulatedSite['events'] = [];
  site.onEvent((event) => {
    events.push(event);
    host.publishProductEvent(installation, event);
  });
  return { site, emulator, installation, events, admin, writer, spaceId: space.id, homeId: space.homepageId };
}

export async function startEmulatedSites(options: Partial<ForgeHostOptions> = {}) {
  const host = new ForgeHost({ appRoot: join(__dirname, '..', '..'), msPerSecond: 5, ...options });
  const source = await emulatedSite(host, 'acme', 'ENG', 10_000);
  const dest = await emulatedSite(host, 'globex', 'PARTNER', 50_000);
  await host.start();
  return { host, source, dest };
}

/**
 * Two sites with a little seeded latency on every REST and KVS call, so items under way at once
 * reach their calls at different moments and interleave as they would on Forge.
 */
export async function startInterleavedSites(options: Partial<ForgeHostOptions> = {}) {
  const env = await startEmulatedSites({ ...options, latency: { kvs: latencyOf({ min: 0, max: 6 }, 3) } });
  env.source.emulator.latency = latencyOf({ min: 1, max: 12 }, 5);
  env.dest.emulator.latency = latencyOf({ min: 1, max: 12 }, 7);
  return env;
}

export interface RestAnswer {
  status: number;
  headers: { get(name: string): string | null };
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- whatever the API answered
}

/** A REST call made the way the app makes it: inside an invocation, through @forge/api. */
export function rest(host: ForgeHost, s: EmulatedSite, method: string, path: string, options: { body?: unknown; as?: string; headers?: Record<string, string>; form?: FormData } = {}): Promise<RestAnswer> {
  return host.runInInvocation(
    s.installation,
    async () => {
      const requester = options.as ? api.asUser() : api.asApp();
      const init: Parameters<typeof requester.requestConfluence>[1] & Record<string, unknown> = { method, headers: { Accept: 'application/json', ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...options.headers } };
      if (options.body !== undefined) init.body = JSON.stringify(options.body);
      if (options.form) init.body = options.form as never;
      const res = await requester.requestConfluence(assumeTrustedRoute(path), init);
      const text = await res.text();
      let json: unknown = text;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        // binary or plain text body
      }
      return { status: res.status, headers: res.headers, json };
    },
    options.as ? { accountId: options.as } : undefined,
  );
}
