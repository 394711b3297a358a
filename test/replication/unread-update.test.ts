/**
 * An edit of the original is written to its copy against the version the app recorded, without
 * reading the copy first (src/domain/apply-plan.ts writesUnread): one destination request. The
 * copy is read first when its record does not vouch for it (someone changed it: the destination's
 * own events set `lookFirst`), and whenever the unread write does not land as asked. Events can be
 * lost, so each change made at the copy is tried both with its event and without it.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { pageByTitle, pair, HOST_MODES } from '../support/replication';
import type { Actor, ArchivedPut } from '../../sandbox/confluence/site';
import type { Content } from '../../sandbox/confluence/model';
import type { ForgeHost } from '../../sandbox/forge-host/forge-host';
import type { Installation } from '../../sandbox/forge-host/installation';
import { syncOf } from '../support/pairs';
import { kvsCopyStore } from '../../src/platform/kvs-copy-store';
import type { MapRecord } from '../../src/replication/ports';

type Env = Awaited<ReturnType<typeof startEmulatedSites>>;

describe.each(HOST_MODES)('unread updates%s', (_mode, hostOptions) => {
  let env: Env;
  let guide: Content;
  let pairId: string;
  const as = (s: EmulatedSite): Actor => ({ kind: 'user', accountId: s.writer });
  const requests = (op: string) => env.dest.emulator.meter.byOperation.get(op)?.requests ?? 0;
  const theCopy = () => pageByTitle(env.dest.site, env.dest.spaceId, 'Guide');
  const record = () => env.host.runInInvocation(env.dest.installation, () => kvsCopyStore.get(pairId, guide.id)) as Promise<MapRecord>;
  const editSource = (body: string) => {
    const now = env.source.site.contents.get(guide.id)!;
    env.source.site.updatePage(as(env.source), guide.id, { type: 'page', title: now.title, body, status: 'current', version: now.version.number + 1 });
  };

  async function start(options: Record<string, unknown> = {}) {
    env = await startEmulatedSites(hostOptions);
    guide = env.source.site.createPage(as(env.source), { type: 'page', spaceId: env.source.spaceId, title: 'Guide', body: '<p>Install the agent.</p>' });
    env.source.site.addLabels(as(env.source), guide.id, ['setup']);
    await pair(env.host, { site: env.source }, { site: env.dest }, options);
    pairId = (await syncOf(env.host, env.dest, 'destination')).pairId;
  }
  afterEach(() => env.host.close());

  /** Runs `change` at the destination with its product events dropped, as if Forge lost them. */
  async function withoutEvents(change: () => void): Promise<void> {
    const host: ForgeHost = env.host;
    const publish = host.publishProductEvent.bind(host);
    host.publishProductEvent = (installation: Installation, event) => (installation.id === env.dest.installation.id ? 0 : publish(installation, event));
    try {
      change();
    } finally {
      host.publishProductEvent = publish;
    }
    await env.host.settled();
  }

  it('writes an edit with one request and no read of the copy, and records what it wrote', async () => {
    await start();
    const [reads, puts] = [requests('getPageById'), requests('updatePage')];
    editSource('<p>Install the agent, then start it.</p>');
    await env.host.settled();

    expect(theCopy().body).toBe('<p>Install the agent, then start it.</p>');
    expect(requests('getPageById')).toBe(reads);
    expect(requests('updatePage')).toBe(puts + 1);
    expect(await record()).toMatchObject({ destVersion: theCopy().version.number, title: 'Guide', labels: ['setup'] });
  });

  it.each([
    ['with its event', false],
    ['with its event lost', true],
  ])('a copy edited here %s meets the conflict policy, not an overwrite', async (_what, lost) => {
    await start({ conflictPolicy: 'keep-destination' });
    const copy = theCopy();
    const edit = () => env.dest.site.updatePage(as(env.dest), copy.id, { type: 'page', title: 'Guide', body: '<p>Our own notes.</p>', status: 'current', version: copy.version.number + 1 });
    if (lost) await withoutEvents(edit);
    else {
      edit();
      await env.host.settled();
    }
    const conflicts = requests('updatePage');
    editSource('<p>Install the agent, then start it.</p>');
    await env.host.settled();

    expect(theCopy().body).toBe('<p>Our own notes.</p>');
    // Without the event the unread write is tried and refused for its version (409); with it, nothing is written.
    expect(requests('updatePage')).toBe(conflicts + (lost ? 1 : 0));
    expect(await record()).toMatchObject({ status: 'ahead' });
  });

  it.each([
    ['with its event', false],
    ['with its event lost', true],
  ])('a copy trashed here %s is restored with the new words', async (_what, lost) => {
    await start();
    const trash = () => env.dest.site.trash(as(env.dest), theCopy().id, ['page']);
    if (lost) await withoutEvents(trash);
    else {
      trash();
      await env.host.settled();
      expect(await record()).toMatchObject({ lookFirst: true });
    }
    editSource('<p>Install the agent, then start it.</p>');
    await env.host.settled();

    const copy = theCopy();
    expect(copy.status).toBe('current');
    // The PUT restores a trashed page without its words (v2.json): the app sees the answer and writes again.
    expect(copy.body).toBe('<p>Install the agent, then start it.</p>');
    expect(await record()).toMatchObject({ destVersion: copy.version.number });
    expect((await record()).lookFirst).toBeUndefined();
  });

  it.each<[ArchivedPut, boolean]>([
    ['unarchives', false],
    ['stays-archived', false],
    ['refused', false],
    ['stays-archived', true],
    ['refused', true],
  ])('a copy archived here stays archived (a PUT on an archived page: %s; event lost: %s)', async (archivedPut, lost) => {
    await start();
    env.dest.site.archivedPut = archivedPut;
    const archive = () => env.dest.site.archive(as(env.dest), [theCopy().id]);
    if (lost) await withoutEvents(archive);
    else {
      archive();
      await env.host.settled();
    }
    expect(theCopy().status).toBe('archived');
    editSource('<p>Install the agent, then start it.</p>');
    await env.host.settled();

    expect(theCopy().status).toBe('archived');
  });

  it.each([
    ['with its event', false],
    ['with its event lost', true],
  ])('a copy moved to another space %s is never written there; a new copy is made', async (_what, lost) => {
    await start();
    const other = env.dest.site.createSpace('ELSE', 'Elsewhere', [env.dest.admin]);
    const moved = theCopy();
    const admin: Actor = { kind: 'user', accountId: env.dest.admin };
    const move = () => env.dest.site.moveToSpace(admin, moved.id, other.id);
    if (lost) await withoutEvents(move);
    else {
      move();
      await env.host.settled();
    }
    const version = env.dest.site.contents.get(moved.id)!.version.number;
    editSource('<p>Install the agent, then start it.</p>');
    await env.host.settled();

    expect(env.dest.site.contents.get(moved.id)!.version.number).toBe(version);
    expect(env.dest.site.contents.get(moved.id)!.body).toBe('<p>Install the agent.</p>');
    expect(theCopy().id).not.toBe(moved.id);
    expect(theCopy().body).toBe('<p>Install the agent, then start it.</p>');
  });

  it('a label removed from the copy here makes the next write read the copy, as before', async () => {
    await start();
    env.dest.site.removeLabel(as(env.dest), theCopy().id, 'setup');
    await env.host.settled();
    expect(await record()).toMatchObject({ lookFirst: true });
    const reads = requests('getPageById');
    editSource('<p>Install the agent, then start it.</p>');
    await env.host.settled();

    expect(requests('getPageById')).toBeGreaterThan(reads);
    expect(theCopy().body).toBe('<p>Install the agent, then start it.</p>');
    expect((await record()).lookFirst).toBeUndefined();
  });
});
