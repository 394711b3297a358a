/**
 * `npm start`: the local Forge host with the app installed on two demo sites, KVS persisted
 * under .sandbox-data/, and the shell (with its stand-in mail client and mailbox) on
 * http://127.0.0.1:<port>/ (PORT, default 4100).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ForgeHost } from './forge-host/forge-host';
import { SandboxWorld, WORLD_FILE } from './world/sandbox-world';
import { mountShell } from './shell/shell-routes';
import { SandboxMail } from './mail/mailbox';
import { ChatStandIn } from './chat/chat-service';

async function main(): Promise<void> {
  const appRoot = join(__dirname, '..');
  const dataDir = join(appRoot, '.sandbox-data');
  mkdirSync(dataDir, { recursive: true });
  // The chat services' stand-in answers the app's posts to the declared chat hosts.
  const chat = new ChatStandIn();
  const host = new ForgeHost({ appRoot, storageFile: join(dataDir, 'forge-host.sqlite'), standIns: [chat] });
  // The demo sites are saved beside the app's storage (KVS) and restored with it at the next
  // start; the launcher's "Reset the sandbox" clears both together (sandbox/world/).
  const world = await SandboxWorld.open(host, { file: join(dataDir, WORLD_FILE) });
  process.on('exit', () => world.close());
  mountShell(host, world.sites, new SandboxMail(), chat);
  const url = await host.start(Number(process.env.PORT ?? 4100));
  host.startSchedules();
  console.log(`Space Sync sandbox running: ${url}/`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
