/** A Forge host running the real Space Sync app on two sites. */
import { join } from 'node:path';
import { ForgeHost, type ForgeHostOptions } from '../../sandbox/forge-host/forge-host';
import { EchoProduct } from './probe-host';

export const APP_ROOT = join(__dirname, '..', '..');

export async function startAppHost(options: Partial<ForgeHostOptions> = {}) {
  const host = new ForgeHost({ appRoot: APP_ROOT, msPerSecond: 5, ...options });
  const a = host.addInstallation({ cloudId: 'cloud-a', siteUrl: 'https://site-a.example.net', product: new EchoProduct() });
  const b = host.addInstallation({ cloudId: 'cloud-b', siteUrl: 'https://site-b.example.net', product: new EchoProduct() });
  await host.start();
  return { host, a, b };
}
