import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../support/sandbox';
import { ACME_WRITER, GLOBEX_ADMIN, demoParts, idInUrl, pairDemoSites } from '../support/demo-sync';
import { storedDemoSites } from '../../sandbox/demo';
import { spaceView } from '../support/replication';

jest.setTimeout(60_000);

/** Restarting `npm start` on the same data folder: the sites come back with the app's storage, and the two agree. */
describe('the sandbox keeps its world across a restart', () => {
  let dataDir: string;
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sandbox-world-'));
  });
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('brings back the copies, ids and versions, and the app sees them as it left them; edits after the restart still arrive', async () => {
    const lines: string[] = [];
    sandbox = await startSandbox({ dataDir, say: (line) => lines.push(line) });
    await pairDemoSites(sandbox);
    let d = demoParts(sandbox);
    const as = { kind: 'user' as const, accountId: ACME_WRITER };
    const onboarding = d.page(d.acme, 'Onboarding');
    d.acme.emulator.site.updatePage(as, onboarding.id, { type: 'page', title: 'Onboarding', body: '<p>Start here, with a checklist.</p>', status: 'current', version: onboarding.version.number + 1 });
    d.acme.emulator.site.createComment(as, { containerId: onboarding.id, body: '<p>Is the checklist current?</p>' });
    d.acme.emulator.site.addLabels(as, onboarding.id, ['checklist']);
    d.acme.emulator.site.upload(as, onboarding.id, { name: 'checklist.txt', mediaType: 'text/plain', data: Buffer.from('1. laptop\n2. badge\n'), comment: '', minorEdit: true }, 'create');
    await sandbox.host.settled();

    const home = d.acme.emulator.site.spaces.get(d.acme.spaces[0].id)!.homepageId;
    const sourcePages = d.pages(d.acme).filter((p) => p.id !== home);
    const before = {
      world: JSON.stringify(storedDemoSites(sandbox.sites)),
      syncs: await d.listSyncs(),
      outgoing: await Promise.all(sourcePages.map((p) => d.status(d.acme, ACME_WRITER, p))),
      incoming: await Promise.all(d.pages(d.globex).map((p) => d.status(d.globex, GLOBEX_ADMIN, p))),
      copy: spaceView(d.globex.emulator.site, d.globex.spaces[0].id),
    };
    // The first sync really happened: a copy of every page, Synced, linked to the right copy.
    expect(before.syncs.acme[0]).toMatchObject({ state: 'active' });
    expect(before.outgoing.flat().map((s) => s.status)).toEqual(sourcePages.map(() => 'synced'));
    expect(before.copy['page:Onboarding']).toMatchObject({ body: '<p>Start here, with a checklist.</p>', labels: ['checklist', 'onboarding', 'start-here'] });
    expect(before.copy['page:Onboarding'].files.map((f) => f.title)).toEqual(['checklist.txt', 'welcome.txt']);
    const port = Number(new URL(sandbox.url).port);
    await sandbox.close();
    sandbox = undefined;
    expect(readdirSync(dataDir).sort()).toEqual(expect.arrayContaining(['confluence-sites.json', 'forge-host.sqlite']));
    expect(readdirSync(dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    lines.length = 0;
    sandbox = await startSandbox({ dataDir, port, say: (line) => lines.push(line) });
    d = demoParts(sandbox);
    expect(lines.join('\n')).toMatch(/as they were at the last stop/);
    // The whole world is as it was: every site, every content id, version, comment, file and counter.
    expect(JSON.stringify(storedDemoSites(sandbox.sites))).toBe(before.world);
    // And the app's view of it too: its syncs, each page's status, each copy's status.
    expect(await d.listSyncs()).toEqual(before.syncs);
    const outgoing = await Promise.all(sourcePages.map((p) => d.status(d.acme, ACME_WRITER, d.acme.emulator.site.contents.get(p.id)!)));
    expect(outgoing).toEqual(before.outgoing);
    expect(await Promise.all(d.pages(d.globex).map((p) => d.status(d.globex, GLOBEX_ADMIN, p)))).toEqual(before.incoming);
    // "Open the copy" leads to the copy of that page, on the destination.
    for (const [i, [state]] of outgoing.entries()) {
      const copy = d.globex.emulator.site.contents.get(idInUrl(state.otherPageUrl) ?? '');
      expect({ source: sourcePages[i].title, copy: copy?.title, space: copy?.spaceId }).toEqual({ source: sourcePages[i].title, copy: sourcePages[i].title, space: d.globex.spaces[0].id });
    }

    // An edit and a new page after the restart reach the copy: newer, not "Older, ignored", with ids that go on.
    const again = d.page(d.acme, 'Onboarding');
    d.acme.emulator.site.updatePage(as, again.id, { type: 'page', title: 'Onboarding', body: '<p>Start here, after the restart.</p>', status: 'current', version: again.version.number + 1 });
    const fresh = d.acme.emulator.site.createPage(as, { type: 'page', spaceId: d.acme.spaces[0].id, title: 'After the restart', body: '<p>New.</p>' });
    await sandbox.host.settled();
    expect(Number(fresh.id)).toBeGreaterThan(Math.max(...sourcePages.map((p) => Number(p.id))));
    const [edited] = await d.status(d.acme, ACME_WRITER, again);
    expect(edited).toMatchObject({ status: 'synced', syncedVersion: again.version.number });
    const copy = d.globex.emulator.site.contents.get(idInUrl(edited.otherPageUrl)!)!;
    expect(copy.body).toBe('<p>Start here, after the restart.</p>');
    expect(copy.id).toBe(idInUrl(before.outgoing[sourcePages.findIndex((p) => p.id === again.id)][0].otherPageUrl));
    const [created] = await d.status(d.acme, ACME_WRITER, fresh);
    expect(created.status).toBe('synced');
    expect(d.globex.emulator.site.contents.get(idInUrl(created.otherPageUrl)!)?.title).toBe('After the restart');
    expect(await Promise.all([copy].map((p) => d.status(d.globex, GLOBEX_ADMIN, p)))).toEqual([[expect.objectContaining({ direction: 'incoming', status: 'synced', syncedVersion: again.version.number })]]);
  });

  it('saves the sites shortly after a change, without waiting for the stop (a crash loses at most that moment)', async () => {
    sandbox = await startSandbox({ dataDir });
    const d = demoParts(sandbox);
    const page = d.acme.emulator.site.createPage({ kind: 'user', accountId: ACME_WRITER }, { type: 'page', spaceId: d.acme.spaces[0].id, title: 'Saved soon', body: '<p>x</p>' });
    await sandbox.host.settled();
    await new Promise((resolve) => setTimeout(resolve, 800));
    const { readWorldFile } = await import('../../sandbox/world/world-file');
    const read = readWorldFile(join(dataDir, 'confluence-sites.json'));
    expect(read.kind).toBe('found');
    const acme = read.kind === 'found' ? read.world.sites.find((s) => s.site.cloudId === d.acme.cloudId) : undefined;
    expect(acme?.site.contents.map(([id]) => id)).toContain(page.id);
  });
});
