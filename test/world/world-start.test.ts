import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../support/sandbox';
import { demoParts, pairDemoSites } from '../support/demo-sync';
import { decideStart } from '../../sandbox/world/sandbox-world';
import { readWorldFile, WORLD_FORMAT, type StoredWorld } from '../../sandbox/world/world-file';

jest.setTimeout(60_000);

const SITES_FILE = 'confluence-sites.json';
const STORAGE_FILE = 'forge-host.sqlite';

/**
 * What a start does with what it finds in the data folder. The sites and the app's storage load
 * only together; anything else starts both fresh and says why.
 */
describe('starting on a data folder', () => {
  /** A folder left by a run that paired the demo sites and stopped. */
  let paired: string;
  let dataDir: string;
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    paired = mkdtempSync(join(tmpdir(), 'sandbox-paired-'));
    const run = await startSandbox({ dataDir: paired });
    await pairDemoSites(run);
    await run.close();
  });
  afterAll(() => rmSync(paired, { recursive: true, force: true }));
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sandbox-start-'));
    cpSync(paired, dataDir, { recursive: true });
    lines.length = 0;
  });
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    sandbox = await startSandbox({ dataDir, say: (line) => lines.push(line) });
    return demoParts(sandbox);
  };
  /** Both sides start fresh: no sync on either site, and no copy in Globex's space. */
  const expectFresh = async (d: Awaited<ReturnType<typeof start>>) => {
    expect(await d.listSyncs()).toEqual({ acme: [], globex: [] });
    expect(d.pages(d.globex).map((p) => p.title).sort()).toEqual(['About this space', 'Partner Docs']);
    expect(readWorldFile(join(dataDir, SITES_FILE)).kind).toBe('found');
  };

  it('loads both when they belong together (the paired run comes back paired)', async () => {
    const d = await start();
    expect((await d.listSyncs()).globex).toHaveLength(1);
    expect(d.pages(d.globex).length).toBeGreaterThan(2);
    expect(lines).toEqual(['Sandbox: the demo sites and the app’s storage are as they were at the last stop.']);
  });

  it('starts both fresh when the sites file is not JSON, says so, and keeps the file aside', async () => {
    writeFileSync(join(dataDir, SITES_FILE), '{"format": "space-sync-sandbox-world", "ver');
    await expectFresh(await start());
    expect(lines[0]).toMatch(/^Sandbox: the saved sites cannot be used: it is not readable JSON .*Starting fresh: the app's storage is cleared and both demo sites are seeded again\.$/);
    expect(lines[1]).toMatch(/kept beside it as confluence-sites\.json\.unusable-/);
    const aside = readdirSync(dataDir).find((f) => f.startsWith(`${SITES_FILE}.unusable-`))!;
    expect(readFileSync(join(dataDir, aside), 'utf8')).toContain('"ver');
  });

  it('starts both fresh when the sites file has another format version', async () => {
    const file = join(dataDir, SITES_FILE);
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), version: 99 }));
    await expectFresh(await start());
    expect(lines[0]).toMatch(/cannot be used: it has format version 99; this sandbox reads version 1\. Starting fresh/);
  });

  it('starts both fresh when a site in the file is damaged', async () => {
    const file = join(dataDir, SITES_FILE);
    const world = JSON.parse(readFileSync(file, 'utf8'));
    world.sites[1].site.contents[0][1].history = [];
    writeFileSync(file, JSON.stringify(world));
    await expectFresh(await start());
    expect(lines[0]).toMatch(/cannot be used: site .* content \d+ has no history\. Starting fresh/);
  });

  it('clears the app’s storage when the sites file is gone (as an older sandbox left it)', async () => {
    rmSync(join(dataDir, SITES_FILE));
    await expectFresh(await start());
    expect(lines[0]).toMatch(/the app's storage has no saved sites beside it .*Starting fresh/);
  });

  it('seeds the sites afresh when the app’s storage is gone, rather than show copies the app knows nothing of', async () => {
    for (const f of readdirSync(dataDir).filter((name) => name.startsWith(STORAGE_FILE))) rmSync(join(dataDir, f));
    await expectFresh(await start());
    expect(lines[0]).toMatch(/the app's storage that went with the saved sites is gone\. Starting fresh/);
  });

  it('starts both fresh when the sites file is from another sandbox than the app’s storage', async () => {
    const other = mkdtempSync(join(tmpdir(), 'sandbox-other-'));
    await (await startSandbox({ dataDir: other })).close();
    cpSync(join(other, SITES_FILE), join(dataDir, SITES_FILE));
    rmSync(other, { recursive: true, force: true });
    await expectFresh(await start());
    expect(lines[0]).toMatch(/the saved sites and the app's storage come from different sandboxes\. Starting fresh/);
  });

  it('says nothing but seeds on a first start in an empty folder', async () => {
    rmSync(dataDir, { recursive: true, force: true });
    dataDir = mkdtempSync(join(tmpdir(), 'sandbox-first-'));
    await expectFresh(await start());
    expect(lines).toEqual([]);
  });
});

describe('the start decision', () => {
  const world: StoredWorld = { format: WORLD_FORMAT, version: 1, worldId: 'w1', savedAt: '', sites: [] };
  it('never loads one side without the other', () => {
    expect(decideStart({ kind: 'missing' }, undefined, true)).toEqual({ kind: 'fresh', clearStorage: false });
    expect(decideStart({ kind: 'missing' }, undefined, false)).toMatchObject({ kind: 'fresh', clearStorage: true });
    expect(decideStart({ kind: 'missing' }, 'w1', false)).toMatchObject({ kind: 'fresh', clearStorage: true });
    expect(decideStart({ kind: 'unusable', problem: 'x' }, 'w1', false)).toMatchObject({ kind: 'fresh', clearStorage: true, setAside: true });
    // A world file without the demo sites is unusable even when its id matches.
    expect(decideStart({ kind: 'found', world }, 'w1', false)).toMatchObject({ kind: 'fresh', clearStorage: true, why: expect.stringMatching(/not the demo sites/) });
  });
});
