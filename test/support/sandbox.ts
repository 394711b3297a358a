/** The whole sandbox (host, demo sites, shell, mailbox) in-process, on free ports, with memory storage. */
import { join } from 'node:path';
import { ForgeHost } from '../../sandbox/forge-host/forge-host';
import { installDemoSites } from '../../sandbox/demo';
import { mountShell } from '../../sandbox/shell/shell-routes';
import { Mailbox } from '../../sandbox/mail/mailbox';

export async function startSandbox() {
  const host = new ForgeHost({ appRoot: join(__dirname, '..', '..'), msPerSecond: 5 });
  const sites = await installDemoSites(host);
  const mailbox = new Mailbox();
  const smtpPort = await mailbox.start();
  mountShell(host, sites, { mailbox, smtpPort });
  const url = await host.start();
  const close = () => Promise.all([host.close(), mailbox.close()]);
  return { host, url, sites, mailbox, smtpPort, close };
}
