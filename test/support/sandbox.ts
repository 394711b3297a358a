/** The whole sandbox (host, demo sites, shell) in-process, on a free port, with memory storage. */
import { join } from 'node:path';
import { ForgeHost } from '../../sandbox/forge-host/forge-host';
import { DEMO_SITES } from '../../sandbox/demo-sites';
import { ConfluenceStandIn } from '../../sandbox/confluence-standin';
import { mountShell } from '../../sandbox/shell/shell-routes';

export async function startSandbox() {
  const host = new ForgeHost({ appRoot: join(__dirname, '..', '..'), msPerSecond: 5 });
  for (const site of DEMO_SITES) host.addInstallation({ cloudId: site.cloudId, siteUrl: site.siteUrl, product: new ConfluenceStandIn() });
  mountShell(host, DEMO_SITES);
  const url = await host.start();
  return { host, url, sites: DEMO_SITES };
}
