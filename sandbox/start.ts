/**
 * `npm start`: the local Forge host with the app installed on two demo sites, KVS persisted
 * under .sandbox-data/, the shell on http://127.0.0.1:<port>/ (PORT, default 4100), and a local
 * SMTP mailbox (SMTP_PORT, default 2525).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ForgeHost } from './forge-host/forge-host';
import { SandboxWorld, WORLD_FILE } from './world/sandbox-world';
import { mountShell } from './shell/shell-routes';
import { Mailbox } from './mail/mailbox';

async function main(): Promise<void> {
  const appRoot = join(__dirname, '..');
  const dataDir = join(appRoot, '.sandbox-data');
  mkdirSync(dataDir, { recursive: true });
  const host = new ForgeHost({ appRoot, storageFile: join(dataDir, 'forge-host.sqlite') });
  // The demo sites are saved beside the app's storage (KVS) and restored with it at the next
  // start; the launcher's "Reset the sandbox" clears both together (sandbox/world/).
  const world = await SandboxWorld.open(host, { file: join(dataDir, WORLD_FILE) });
  process.on('exit', () => world.close());
  const mailbox = new Mailbox();
  const smtpPort = await mailbox.start(Number(process.env.SMTP_PORT ?? 2525));
  mountShell(host, world.sites, { mailbox, smtpPort });
  const url = await host.start(Number(process.env.PORT ?? 4100));
  host.startSchedules();
  console.log(`Space Sync sandbox running: ${url}/`);
  console.log(`Local mailbox (SMTP) on 127.0.0.1:${smtpPort}; enter it in Space Sync's global settings to email tokens.`);
  const stop = () => void Promise.all([host.close(), mailbox.close()]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
