/** The whole sandbox (host, demo sites, shell with its mail client) in-process, on free ports, with memory storage. */
import { join } from 'node:path';
import { ForgeHost } from '../../sandbox/forge-host/forge-host';
import { installDemoSites } from '../../sandbox/demo';
import { mountShell } from '../../sandbox/shell/shell-routes';

export interface SandboxOptions {
  /**
   * What `close()` does when the browser reported a Custom UI CSP violation to the host: `fail`
   * (the default) throws, so every browser test runs under the policy and fails on a violation it
   * causes; `allow` is for a test that causes them on purpose.
   */
  cspViolations?: 'fail' | 'allow';
}

export async function startSandbox(options: SandboxOptions = {}) {
  const host = new ForgeHost({ appRoot: join(__dirname, '..', '..'), msPerSecond: 5 });
  const sites = await installDemoSites(host);
  const mail = mountShell(host, sites);
  const url = await host.start();
  const close = async () => {
    const violations = host.log.of('csp-violation');
    await host.close();
    if (violations.length && options.cspViolations !== 'allow') {
      throw new Error(`The browser reported Content-Security-Policy violations: ${JSON.stringify(violations)}`);
    }
  };
  return { host, url, sites, mail, close };
}
