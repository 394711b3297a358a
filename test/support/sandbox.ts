/**
 * The whole sandbox (host, demo sites, shell with its mail client) in-process, on free ports,
 * with memory storage; or, given a data folder, with the host's storage and the sites kept there
 * as `npm start` keeps them (start again on the same folder and port to restart: the app's stored
 * web trigger URLs name the port, as they do under `npm start`'s fixed PORT).
 */
import { join } from 'node:path';
import { ForgeHost } from '../../sandbox/forge-host/forge-host';
import { mountShell } from '../../sandbox/shell/shell-routes';
import { SandboxMail } from '../../sandbox/mail/mailbox';
import { ChatStandIn } from '../../sandbox/chat/chat-service';
import { SandboxWorld, WORLD_FILE } from '../../sandbox/world/sandbox-world';

export interface SandboxOptions {
  /**
   * What `close()` does when the browser reported a Custom UI CSP violation to the host: `fail`
   * (the default) throws, so every browser test runs under the policy and fails on a violation it
   * causes; `allow` is for a test that causes them on purpose.
   */
  cspViolations?: 'fail' | 'allow';
  /** A folder for the host's storage and the sites file; memory when absent. */
  dataDir?: string;
  /** The port to listen on (a restart takes the previous run's); a free one when absent. */
  port?: number;
  /** Hears what the world says at start and on reset; silent when absent. */
  say?: (line: string) => void;
}

export async function startSandbox(options: SandboxOptions = {}) {
  const { dataDir } = options;
  const chat = new ChatStandIn();
  const host = new ForgeHost({ appRoot: join(__dirname, '..', '..'), msPerSecond: 5, standIns: [chat], ...(dataDir ? { storageFile: join(dataDir, 'forge-host.sqlite') } : {}) });
  const world = await SandboxWorld.open(host, { file: dataDir ? join(dataDir, WORLD_FILE) : undefined, say: options.say ?? (() => undefined) });
  const sites = world.sites;
  const mail = mountShell(host, sites, new SandboxMail(), chat);
  const url = await host.start(options.port);
  const close = async () => {
    const violations = host.log.of('csp-violation');
    await host.close();
    world.close();
    if (violations.length && options.cspViolations !== 'allow') {
      throw new Error(`The browser reported Content-Security-Policy violations: ${JSON.stringify(violations)}`);
    }
  };
  return { host, url, sites, world, mail, chat, close };
}
