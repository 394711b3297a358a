/**
 * The file that keeps the sandbox's emulated Confluence sites between runs of `npm start`, beside
 * the Forge host's storage file. Sandbox infrastructure, not a Confluence or Forge behaviour.
 * It is written whole to a temporary file that then replaces the old one (a rename is atomic on
 * one file system), so a crash mid-write leaves the previous world, never half of one.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SiteSnapshot } from '../confluence/site-snapshot';
import type { DemoUser } from '../demo';

/** What the file says it is; anything else is not ours. */
export const WORLD_FORMAT = 'space-sync-sandbox-world';
/** Raise when a saved world can no longer be read as the sites now are (the sandbox then starts fresh). */
export const WORLD_FORMAT_VERSION = 1;

export interface StoredDemoSite {
  site: SiteSnapshot;
  /** The people the launcher lists for this site (the seed chose them; the site does not say). */
  users: DemoUser[];
}

export interface StoredWorld {
  format: typeof WORLD_FORMAT;
  version: number;
  /** Names the app storage this world belongs with: the host's storage keeps the same id. */
  worldId: string;
  savedAt: string;
  sites: StoredDemoSite[];
}

export type WorldRead =
  | { kind: 'missing' }
  | { kind: 'found'; world: StoredWorld }
  /** Not JSON, not a world, or a world of another format version: `problem` says which, for the console. */
  | { kind: 'unusable'; problem: string };

export function readWorldFile(file: string): WorldRead {
  if (!existsSync(file)) return { kind: 'missing' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { kind: 'unusable', problem: `it is not readable JSON (${(e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ')})` };
  }
  const world = parsed as Partial<StoredWorld> | null;
  if (typeof world !== 'object' || world === null || world.format !== WORLD_FORMAT) return { kind: 'unusable', problem: 'it is not a sandbox world file' };
  if (world.version !== WORLD_FORMAT_VERSION) return { kind: 'unusable', problem: `it has format version ${String(world.version)}; this sandbox reads version ${WORLD_FORMAT_VERSION}` };
  if (typeof world.worldId !== 'string' || !Array.isArray(world.sites)) return { kind: 'unusable', problem: 'it has no world id or no sites' };
  return { kind: 'found', world: world as StoredWorld };
}

/** Writes `text` to a temporary file beside `file`, then renames it over `file`. */
export function writeWorldFile(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

/** Moves an unusable world aside (kept for a look, never read again) so the fresh one can take its name. */
export function setAside(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const aside = `${file}.unusable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, aside);
  return aside;
}
