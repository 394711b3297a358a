/**
 * The sandbox's world: the two demo Confluence sites and the app's storage, kept together. With a
 * file, the sites are saved beside the host's storage file (shortly after each change, and on
 * shutdown) and restored at the next start instead of being seeded again; Reset clears the app's
 * storage and seeds the sites afresh in one step. The two always go together: a world id is kept
 * in both, and when they do not match (or the saved sites cannot be read) both start fresh.
 * Sandbox infrastructure, not a Confluence or Forge behaviour.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { ForgeHost } from '../forge-host/forge-host';
import { DEMO_CLOUD_IDS, installDemoSites, reseedDemoSites, storedDemoSites, type DemoSite } from '../demo';
import { siteFromSnapshot, SnapshotError } from '../confluence/site-snapshot';
import { mountReset } from '../shell/reset-page';
import { readWorldFile, setAside, writeWorldFile, WORLD_FORMAT, WORLD_FORMAT_VERSION, type StoredWorld, type WorldRead } from './world-file';

/** The sites' file name, beside the host's storage file in the sandbox's data folder. */
export const WORLD_FILE = 'confluence-sites.json';
/** The host-state record that names the world the app's storage belongs with. */
const MARKER = 'sandbox-world';
/** How long after a change the sites are written (changes meanwhile go in the same write). */
export const SAVE_AFTER_MS = 500;

export interface WorldOptions {
  /** Where the sites are kept; without one they live in memory only (tests), and Reset still works. */
  file?: string;
  /** Where the world reports what it did at start and on reset (the console by default). */
  say?: (line: string) => void;
}

/** What the start finds, decided before anything is installed. */
export type WorldStart = { kind: 'load'; world: StoredWorld } | { kind: 'fresh'; clearStorage: boolean; why?: string; setAside?: boolean };

/** Whether the saved sites and the app's storage belong together, and so whether to load or start fresh. */
export function decideStart(read: WorldRead, storageWorldId: string | undefined, storageEmpty: boolean): WorldStart {
  if (read.kind === 'unusable') return { kind: 'fresh', clearStorage: true, setAside: true, why: `the saved sites cannot be used: ${read.problem}` };
  if (read.kind === 'missing') {
    return storageEmpty ? { kind: 'fresh', clearStorage: false } : { kind: 'fresh', clearStorage: true, why: "the app's storage has no saved sites beside it (kept by an older sandbox, or the sites file was deleted)" };
  }
  const problem = unusableSites(read.world);
  if (problem) return { kind: 'fresh', clearStorage: true, setAside: true, why: `the saved sites cannot be used: ${problem}` };
  if (storageWorldId === undefined) return { kind: 'fresh', clearStorage: true, why: "the app's storage that went with the saved sites is gone" };
  if (storageWorldId !== read.world.worldId) return { kind: 'fresh', clearStorage: true, why: "the saved sites and the app's storage come from different sandboxes" };
  return { kind: 'load', world: read.world };
}

/** Every demo site present once and each snapshot one a site can be restored from, or what is wrong. */
function unusableSites(world: StoredWorld): string | undefined {
  const ids = world.sites.map((s) => (s as { site?: { cloudId?: unknown } })?.site?.cloudId);
  if (ids.length !== DEMO_CLOUD_IDS.length || !DEMO_CLOUD_IDS.every((id) => ids.includes(id))) return 'they are not the demo sites this sandbox runs';
  try {
    for (const stored of world.sites) {
      if (!Array.isArray(stored.users)) throw new SnapshotError(`site ${stored.site.cloudId} has no list of people`);
      siteFromSnapshot(stored.site);
    }
  } catch (e) {
    if (e instanceof SnapshotError) return e.message;
    throw e;
  }
  return undefined;
}

export class SandboxWorld {
  private timer?: NodeJS.Timeout;
  private savedSites?: string;
  private resetting?: Promise<void>;
  private closed = false;

  private constructor(
    private readonly host: ForgeHost,
    readonly sites: DemoSite[],
    private readonly file: string | undefined,
    private worldId: string,
    private readonly say: (line: string) => void,
  ) {}

  /** Installs the demo sites on the host, restored from `file` when it belongs with the host's storage. */
  static async open(host: ForgeHost, options: WorldOptions = {}): Promise<SandboxWorld> {
    const say = options.say ?? ((line: string) => console.log(line));
    const read: WorldRead = options.file ? readWorldFile(options.file) : { kind: 'missing' };
    const start = decideStart(read, host.readHostState<{ worldId: string }>(MARKER)?.worldId, host.storageIsEmpty());
    if (start.kind === 'fresh') {
      if (start.why) say(`Sandbox: ${start.why}. Starting fresh: the app's storage is cleared and both demo sites are seeded again.`);
      if (start.setAside && options.file) say(`Sandbox: the unusable sites file is kept beside it as ${basename(setAside(options.file) ?? '')}.`);
      if (start.clearStorage) host.clearStorage();
    }
    const sites = await installDemoSites(host, start.kind === 'load' ? start.world.sites : []);
    const worldId = start.kind === 'load' ? start.world.worldId : randomUUID();
    const world = new SandboxWorld(host, sites, options.file, worldId, say);
    if (start.kind === 'load') {
      world.savedSites = JSON.stringify(storedDemoSites(sites));
      say('Sandbox: the demo sites and the app’s storage are as they were at the last stop.');
    } else {
      host.writeHostState(MARKER, { worldId });
      world.save();
    }
    world.watch();
    mountReset(host, world);
    return world;
  }

  /** Saves shortly after whatever may have changed a site: its events, REST calls to it, people's edits. */
  private watch(): void {
    if (!this.file) return;
    for (const demo of this.sites) demo.emulator.site.onEvent(() => this.changed());
    this.host.log.onEntry((entry) => entry.kind === 'product' && this.changed());
    this.host.http.onHandled((method) => method !== 'GET' && this.changed());
  }

  /** Something may have changed: the sites are written within SAVE_AFTER_MS. */
  changed(): void {
    if (!this.file || this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save();
    }, SAVE_AFTER_MS);
    this.timer.unref();
  }

  /** Writes the sites now if they differ from what was last written. Synchronous, so it can run at process exit. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.save();
  }

  /** Writes what is pending and stops saving (after the host has closed, so nothing changes any more). */
  close(): void {
    this.flush();
    this.closed = true;
  }

  /**
   * Clears the app's storage and seeds both sites afresh, together: first every delivery not yet
   * started is dropped and running invocations finish, then both change in one step, so no work
   * meant for the old world reaches the new one.
   */
  reset(): Promise<void> {
    this.resetting ??= (async () => {
      await this.host.dropPendingWork();
      this.host.clearStorage();
      reseedDemoSites(this.sites);
      this.worldId = randomUUID();
      this.host.writeHostState(MARKER, { worldId: this.worldId });
      this.flush();
      this.say("Sandbox: reset. The app's storage is cleared and both demo sites are seeded again.");
    })().finally(() => (this.resetting = undefined));
    return this.resetting;
  }

  private save(): void {
    if (!this.file || this.closed) return;
    const sites = storedDemoSites(this.sites);
    const text = JSON.stringify(sites);
    if (text === this.savedSites) return;
    const world: StoredWorld = { format: WORLD_FORMAT, version: WORLD_FORMAT_VERSION, worldId: this.worldId, savedAt: new Date().toISOString(), sites };
    try {
      writeWorldFile(this.file, JSON.stringify(world));
      this.savedSites = text;
    } catch (e) {
      console.error(`Sandbox: the demo sites could not be saved (${e instanceof Error ? e.message : String(e)}); trying again at the next change.`);
    }
  }
}
