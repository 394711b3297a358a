import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { startSandbox } from '../support/sandbox';
import { ACME_ADMIN, ACME_WRITER, GLOBEX_ADMIN, demoParts, pairDemoSites } from '../support/demo-sync';
import { spaceView } from '../support/replication';
import { ConfluenceSite } from '../../sandbox/confluence/site';
import { seedDestination, seedSource } from '../../sandbox/confluence/seed';
import { readWorldFile } from '../../sandbox/world/world-file';
import { RESET_PATH } from '../../sandbox/shell/reset-page';
import type { DemoSite } from '../../sandbox/demo';

jest.setTimeout(60_000);

/** Both demo sites as a first start seeds them. */
const seededViews = () => {
  const acme = seedSource(new ConfluenceSite({ cloudId: 'a', siteUrl: 'https://a.atlassian.net', name: 'a', firstId: 100_000 }));
  const globex = seedDestination(new ConfluenceSite({ cloudId: 'g', siteUrl: 'https://g.atlassian.net', name: 'g', firstId: 500_000 }));
  return [acme, globex].map((s) => ({ ids: [...s.site.contents.keys()], view: spaceView(s.site, s.site.spaceByKey(s.spaceKey)!.id) }));
};
const viewOf = (demo: DemoSite) => ({ ids: [...demo.emulator.site.contents.keys()], view: spaceView(demo.emulator.site, demo.spaces[0].id) });
/** Rows of the app's storage, of every installation, read from the host's SQLite file. */
const appRows = (dataDir: string) => {
  const db = new DatabaseSync(join(dataDir, 'forge-host.sqlite'));
  try {
    return Number((db.prepare('SELECT COUNT(*) AS n FROM kv').get() as { n: number }).n);
  } finally {
    db.close();
  }
};

/** The launcher's "Reset the sandbox": the app's storage and both sites start over, together. */
describe('resetting the sandbox', () => {
  let dataDir: string;
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sandbox-reset-'));
  });
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (path: string, headers: Record<string, string> = {}) => fetch(`${sandbox!.url}${path}`, { method: 'POST', headers, redirect: 'manual' });

  it('clears the app’s storage and seeds both sites again, so the two agree; a restart keeps the reset, and a new sync works', async () => {
    sandbox = await startSandbox({ dataDir });
    await pairDemoSites(sandbox);
    let d = demoParts(sandbox);
    d.acme.emulator.site.createPage({ kind: 'user', accountId: ACME_WRITER }, { type: 'page', spaceId: d.acme.spaces[0].id, title: 'Made before the reset', body: '<p>x</p>' });
    await sandbox.host.settled();
    expect((await d.listSyncs()).globex).toHaveLength(1);
    expect(appRows(dataDir)).toBeGreaterThan(0);
    expect(viewOf(d.globex)).not.toEqual(seededViews()[1]);

    const answer = await post(RESET_PATH);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('The sandbox is reset');

    expect(appRows(dataDir)).toBe(0);
    expect(await d.listSyncs()).toEqual({ acme: [], globex: [] });
    expect(sandbox.sites.map(viewOf)).toEqual(seededViews());
    const saved = readWorldFile(join(dataDir, 'confluence-sites.json'));
    expect(saved.kind === 'found' && saved.world.sites.map((s) => s.site.contents.map(([id]) => id))).toEqual(seededViews().map((s) => s.ids));

    const port = Number(new URL(sandbox.url).port);
    await sandbox.close();
    const lines: string[] = [];
    sandbox = await startSandbox({ dataDir, port, say: (line) => lines.push(line) });
    d = demoParts(sandbox);
    expect(lines.join('\n')).toMatch(/as they were at the last stop/);
    expect(sandbox.sites.map(viewOf)).toEqual(seededViews());
    expect(await d.listSyncs()).toEqual({ acme: [], globex: [] });

    await pairDemoSites(sandbox);
    const copies = spaceView(d.globex.emulator.site, d.globex.spaces[0].id);
    expect(Object.keys(copies)).toEqual(expect.arrayContaining(['page:Onboarding', 'page:Incident response', 'folder:Runbooks']));
    expect(Object.keys(copies)).not.toContain('page:Made before the reset');
  });

  it('drops the work still queued for the old world: an edit made just before the reset never reaches the new one', async () => {
    sandbox = await startSandbox();
    await pairDemoSites(sandbox);
    const d = demoParts(sandbox);
    const onboarding = d.page(d.acme, 'Onboarding');
    const mark = sandbox.host.log.entries.length;
    d.acme.emulator.site.updatePage({ kind: 'user', accountId: ACME_WRITER }, onboarding.id, { type: 'page', title: 'Onboarding', body: '<p>Edited just before.</p>', status: 'current', version: onboarding.version.number + 1 });
    d.acme.emulator.site.createPage({ kind: 'user', accountId: ACME_WRITER }, { type: 'page', spaceId: d.acme.spaces[0].id, title: 'Also just before', body: '<p>x</p>' });
    await sandbox.world.reset();
    await sandbox.host.settled();
    // The two events were dropped, not delivered to an app whose storage is gone.
    expect(sandbox.host.log.entries.slice(mark).filter((e) => e.kind === 'product-event' || e.kind === 'invocation')).toEqual([]);
    expect(sandbox.sites.map(viewOf)).toEqual(seededViews());
    expect(await d.listSyncs()).toEqual({ acme: [], globex: [] });
  });

  it('leaves nothing of a pairing made just before the reset, its first full sync included', async () => {
    sandbox = await startSandbox();
    const d = demoParts(sandbox);
    const from = d.settings(d.acme, ACME_ADMIN);
    const sync = await d.call(from, 'createSync', { name: 'Handbook', options: {} });
    const { token } = await d.call(from, 'issueToken', { syncId: sync.id });
    await d.call(d.settings(d.globex, GLOBEX_ADMIN), 'importToken', { token });
    // The import may already have set part of the sync running: that part finishes before the
    // reset clears anything; what it and the import queued is dropped, so nothing runs after.
    await sandbox.world.reset();
    const mark = sandbox.host.log.entries.length;
    await sandbox.host.settled();
    expect(sandbox.host.log.entries.slice(mark)).toEqual([]);
    expect(sandbox.sites.map(viewOf)).toEqual(seededViews());
    expect(await d.listSyncs()).toEqual({ acme: [], globex: [] });
  });

  it('is refused when another web page posts it from the browser, and then nothing is cleared', async () => {
    sandbox = await startSandbox();
    await pairDemoSites(sandbox);
    const answer = await post(RESET_PATH, { 'sec-fetch-site': 'cross-site', origin: 'https://elsewhere.example' });
    expect(answer.status).toBe(403);
    expect((await demoParts(sandbox).listSyncs()).globex).toHaveLength(1);
  });
});
