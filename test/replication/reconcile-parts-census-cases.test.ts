/**
 * The parts census (src/domain/parts-census.ts) on two emulated sites, in the ordinary
 * situations where nothing was lost and no catch-up may follow (a left-out page trashed, a page
 * that keeps failing, a peer down for an hour, records from before the census, resolved threads
 * search leaves out), and where a lost deletion must still be repaired (soon after a catch-up,
 * beside a failing page). Found by an attack on the census; the emulated space is the one
 * reconcile-missed-changes.test.ts uses.
 */
import { startEmulatedSites } from '../support/emulated-sites';
import { bridgeCall, expectedCopy, settingsOf } from '../support/replication';
import { missedChangesView, MISS_OWNER, seedMissSpace } from '../support/missed-changes';
import { MAX_FILE_BYTES } from '../../src/replication/snapshot';

describe('the parts census in ordinary situations', () => {
  const world: { env?: Awaited<ReturnType<typeof startEmulatedSites>>; spaceId?: string } = {};
  const owner = MISS_OWNER;
  const { src, copy, source, page, thread, reconcile, activity } = missedChangesView(world);
  const catchUps = async () => (await activity()).filter((e) => e.outcome === 'caught-up');
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let spaceId: string;

  /** The seeded space paired; `scope`, the sync's scope, made once the space is there. */
  async function start(scope?: () => unknown) {
    env = world.env = await startEmulatedSites({});
    spaceId = world.spaceId = seedMissSpace(env);
    const call = bridgeCall(env.host);
    const from = settingsOf(env.host, env.source, spaceId);
    const sync = await call(from, 'createSync', { name: 'Handbook', options: {}, ...(scope ? { scope: scope() } : {}) });
    const { token } = await call(from, 'issueToken', { syncId: sync.id });
    await call(settingsOf(env.host, env.dest, env.dest.spaceId), 'importToken', { token });
    await env.host.settled();
    expect((await reconcile()).destWrites).toBe(0);
  }
  afterEach(async () => {
    await env.host.close();
  });

  it('a page the scope leaves out, with a comment, trashed with its event: no catch-up follows', async () => {
    await start(() => ({ excludedPages: [{ id: page(15).id, withChildren: false }], onLeave: 'keep' }));
    expect(copy()['page:MISS page 15']).toBeUndefined();
    const left = page(15);
    expect(src().comments(left.id, 'footer-comment').length).toBe(1);
    src().trash(owner, left.id, ['page']);
    await env.host.settled();
    for (let run = 0; run < 4; run++) await reconcile();
    expect((await catchUps()).map((e) => e.detail)).toEqual([]);
  }, 180_000);

  /** A file too large to copy, uploaded to page 7 with its event: the page fails from then on. */
  const failPage7 = async () => {
    const big = src().upload(owner, page(7).id, { name: 'video.mp4', mediaType: 'video/mp4', data: Buffer.from('x'), comment: '', minorEdit: false }, 'create');
    big.attachment!.fileSize = MAX_FILE_BYTES + 1;
    await env.host.settled();
  };

  it('a file too large to copy, uploaded with its event (the page fails): no catch-up follows', async () => {
    await start();
    await failPage7();
    for (let run = 0; run < 4; run++) await reconcile();
    expect((await catchUps()).map((e) => e.detail)).toEqual([]);
  }, 180_000);

  it('where search leaves resolved inline comments out (UNCONFIRMED), one catch-up finds so, and later resolutions cost none', async () => {
    await start();
    src().cqlComments = 'unresolved-only';
    const resolve = (n: number) => {
      const inline = src().comments(page(n).id, 'inline-comment')[0];
      src().updateComment({ kind: 'user', accountId: inline.authorId }, inline.id, 'inline-comment', { version: inline.version.number + 1, resolved: true });
    };
    resolve(20);
    await env.host.settled();
    for (let run = 0; run < 6; run++) await reconcile();
    expect((await catchUps()).length).toBe(1); // the one that finds search leaves them out
    resolve(40);
    await env.host.settled();
    expect(copy()).toEqual(expectedCopy(source()));
    for (let run = 0; run < 4; run++) await reconcile();
    expect((await catchUps()).length).toBe(1);
  }, 240_000);

  it('records written before parts were kept are read once each, with no catch-up', async () => {
    await start();
    await env.host.runInInvocation(env.source.installation, async () => {
      const { kvsSentStore } = await import('../../src/platform/kvs-sent-store');
      const syncs = await (await import('../../src/platform/kvs-sync-store')).kvsSyncStore.listAll();
      const pairId = syncs.find((s) => s.role === 'source')!.pairId;
      for (const { sourceId, record } of await kvsSentStore.all(pairId)) {
        const { parts: _parts, ...old } = record;
        await kvsSentStore.put(pairId, sourceId, old, record);
      }
    });
    for (let run = 0; run < 4; run++) await reconcile();
    expect((await catchUps()).map((e) => e.detail)).toEqual([]);
  }, 180_000);

  it('a comment deleted without its event soon after another was repaired is repaired too, not learned', async () => {
    await start();
    src().muted(() => src().deleteComment(owner, thread(10).id, 'footer-comment'));
    await reconcile();
    await reconcile();
    // Located by counting in groups (src/domain/parts-locate.ts): its page is read, no catch-up.
    expect((await catchUps()).length).toBe(0);
    expect(copy()).toEqual(expectedCopy(source()));
    // Another deletion without its event, within the hour after the catch-up.
    src().muted(() => src().deleteComment(owner, thread(30).id, 'footer-comment'));
    for (let run = 0; run < 6; run++) await reconcile();
    expect(copy()).toEqual(expectedCopy(source()));
  }, 240_000);

  it('the other space unreachable for an hour while a comment is deleted with its event: no catch-up follows', async () => {
    await start();
    env.host.takeWebTriggersDownFor(20_000); // 4,000 platform seconds at 5 ms each
    src().deleteComment(owner, thread(10).id, 'footer-comment');
    await env.host.settled();
    for (let run = 0; run < 2; run++) await reconcile();
    expect((await catchUps()).map((e) => e.detail)).toEqual([]);
  }, 180_000);

  it('a comment added with its event to a page that keeps failing does not hide a comment deleted elsewhere without its event', async () => {
    await start();
    await failPage7();
    for (let run = 0; run < 5; run++) await reconcile();
    src().createComment(owner, { containerId: page(7).id, body: '<p>On the failing page.</p>' });
    await env.host.settled();
    src().muted(() => src().deleteComment(owner, thread(15).id, 'footer-comment'));
    for (let run = 0; run < 6; run++) await reconcile();
    expect(copy()['page:MISS page 15']).toEqual(expectedCopy(source())['page:MISS page 15']);
  }, 180_000);

  it('where Cloud CQL has no `container` field (UNCONFIRMED), the census is left out and the rest of the reconcile goes on', async () => {
    await start();
    src().cqlContainerField = 'unknown';
    const edited = page(9);
    src().muted(() => src().updatePage(owner, edited.id, { type: 'page', title: edited.title, body: '<p>Edited quietly.</p>', status: 'current', version: edited.version.number + 1 }));
    src().muted(() => src().deleteComment(owner, thread(10).id, 'footer-comment'));
    for (let run = 0; run < 3; run++) await reconcile();
    // The edit is found as ever; the deletion waits for Verify or the page's next change.
    expect(copy()[`page:${edited.title}`].body).toBe('<p>Edited quietly.</p>');
    expect(copy()['page:MISS page 10']).not.toEqual(expectedCopy(source())['page:MISS page 10']);
    expect(await catchUps()).toEqual([]);
  }, 180_000);
});
