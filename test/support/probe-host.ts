/** A Forge host running the probe app, with a product backend that echoes each request. */
import { join } from 'node:path';
import { ForgeHost, type ForgeHostOptions } from '../../sandbox/forge-host/forge-host';
import type { ProductBackend, ProductRequest } from '../../sandbox/forge-host/product-backend';

export const PROBE_APP = join(__dirname, '..', 'fixtures', 'probe-app');

export class EchoProduct implements ProductBackend {
  readonly requests: ProductRequest[] = [];
  async request(req: ProductRequest): Promise<Response> {
    this.requests.push(req);
    return new Response(JSON.stringify({ method: req.method, path: req.path, as: req.as, body: req.body?.toString('utf8') ?? null }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }
}

export async function startProbeHost(options: Partial<ForgeHostOptions> = {}) {
  const host = new ForgeHost({ appRoot: PROBE_APP, msPerSecond: 5, ...options });
  const siteA = new EchoProduct();
  const siteB = new EchoProduct();
  const a = host.addInstallation({ cloudId: 'cloud-a', siteUrl: 'https://site-a.example.net', product: siteA });
  const b = host.addInstallation({ cloudId: 'cloud-b', siteUrl: 'https://site-b.example.net', product: siteB });
  await host.start();
  return { host, a, b, siteA, siteB };
}
