/**
 * The whole sandbox (host, demo sites, shell with its mail client) in-process, on free ports,
 * with memory storage; or, given a data folder, with the host's storage and the sites kept there
 * as `npm start` keeps them (start again on the same folder and port to restart: the app's stored
 * web trigger URLs name the port, as they do under `npm start`'s fixed PORT).
 */
import { join } from 'node:path';
import { ForgeHost } from '../../sandbox/forge-host/forge-host';
import { mountShell } from '../../sandbox/shell/shell-routes';
import { SandboxWorld, WORLD_FILE } from '../../sandbox/world/sandbox-world';

export async function startSandbox(options: { dataDir?: string; port?: number; say?: (line: string) => void } = {}) {
  const { dataDir } = options;
  const host = new ForgeHost({ appRoot: join(__dirname, '..', '..'), msPerSecond: 5, ...(dataDir ? { storageFile: join(dataDir, 'forge-host.sqlite') } : {}) });
  const world = await SandboxWorld.open(host, { file: dataDir ? join(dataDir, WORLD_FILE) : undefined, say: options.say ?? (() => undefined) });
  const sites = world.sites;
  const mail = mountShell(host, sites);
  const url = await host.start(options.port);
  const close = async () => {
    await host.close();
    world.close();
  };
  return { host, url, sites, world, mail, close };
}
