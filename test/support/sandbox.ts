/** The whole sandbox (host, demo sites, shell with its mail client) in-process, on free ports, with memory storage. */
import { join } from 'node:path';
import { ForgeHost } from '../../sandbox/forge-host/forge-host';
import { installDemoSites } from '../../sandbox/demo';
import { mountShell } from '../../sandbox/shell/shell-routes';

export async function startSandbox() {
  const host = new ForgeHost({ appRoot: join(__dirname, '..', '..'), msPerSecond: 5 });
  const sites = await installDemoSites(host);
  const mail = mountShell(host, sites);
  const url = await host.start();
  return { host, url, sites, mail, close: () => host.close() };
}
