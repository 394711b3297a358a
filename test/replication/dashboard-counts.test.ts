/**
 * The dashboard's numbers through the real @forge/kvs on the host: counts kept as items change,
 * so a poll reads one value however many items a sync holds, and always what the spaces hold;
 * the hourly reconcile sets right a count left wrong; a full sync's failures
 * are kept one per item, never as one growing value.
 */
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { bridgeCall, pair, settingsOf, spaceView } from '../support/replication';
import { generateSpace } from '../../sandbox/confluence/seed';
import { entriesWithPrefix } from '../../src/platform/kvs-query';
import { kvs } from '@forge/kvs';
import { COUNTER_ENTITY } from '../../src/platform/kvs-counter';

interface Counter {
  rev: number;
  value: unknown;
}
/** The counters (entity items, changed by compare-and-set) whose key begins so. */
const counters = async (prefix: string) => (await kvs.entity<Counter>(COUNTER_ENTITY).query().index('rev').limit(100).getMany()).results.filter((r) => r.key.startsWith(prefix));
/** A wrong value, as a writer would put it (the next rev). */
const spoil = (c: { key: string; value: Counter }, value: unknown) => kvs.entity<Counter & { writer: string }>(COUNTER_ENTITY).set(c.key, { rev: c.value.rev + 1, value, writer: 'test' });

describe('the dashboard’s counts', () => {
  let env: Awaited<ReturnType<typeof startEmulatedSites>>;
  let spaceId: string;
  afterEach(() => env.host.close());
  const call = (s: EmulatedSite, fn: string, payload?: unknown) => bridgeCall(env.host)(settingsOf(env.host, s, s === env.source ? spaceId : undefined), fn, payload);
  const syncId = async (s: EmulatedSite) => (await call(s, 'listSyncs'))[0].id as string;
  const queries = (s: EmulatedSite) => env.host.log.of('kvs').filter((r) => r.installationId === s.installation.id && r.op === 'query').length;

  /** The details of a sync and the KVS queries they took. */
  async function details(s: EmulatedSite) {
    const id = await syncId(s);
    const before = queries(s);
    const shown = await call(s, 'syncDetails', { syncId: id });
    return { counts: shown.counts, progress: shown.progress, queries: queries(s) - before };
  }

  async function paired(pages: number) {
    env = await startEmulatedSites();
    const generated = generateSpace(env.source.site, 'CNT', pages);
    spaceId = generated.spaceId;
    env.source.site.grant(env.source.site.spaces.get(spaceId)!, env.source.admin, ['read', 'write', 'administer']);
    await pair(env.host, { site: env.source, spaceId }, { site: env.dest });
    return Object.keys(spaceView(env.source.site, spaceId)).length;
  }

  it('reads what both spaces hold in one query (the activity), at 250 items as at none', async () => {
    const items = await paired(250);
    expect(Object.keys(spaceView(env.dest.site, env.dest.spaceId))).toHaveLength(items);
    // Sent records and copy records alike take three queries to list at this size.
    const source = await details(env.source);
    expect(source.counts).toEqual({ synced: items, ahead: 0, failed: 0, restricted: 0, deleted: 0 });
    expect(source.queries).toBe(1);
    const dest = await details(env.dest);
    expect(dest.counts.synced).toBe(items);
    expect(dest.queries).toBe(1);

    // A page trashed at the source moves from synced to deleted on both counts' terms.
    const page = [...env.source.site.contents.values()].find((c) => c.spaceId === spaceId && c.type === 'page' && c.title === 'CNT page 7')!;
    env.source.site.trash({ kind: 'user', accountId: env.source.admin }, page.id, ['page']);
    await env.host.settled();
    expect((await details(env.source)).counts).toMatchObject({ synced: items - 1, deleted: 1 });
  });

  it('sets right, on the hourly reconcile, counts left wrong', async () => {
    const items = await paired(12);
    // Counts kept exact since they were made can still start wrong: from a count kept before, when racing writes could lose a change.
    const [sent] = await env.host.runInInvocation(env.source.installation, () => counters('count:sent:'));
    const [copies] = await env.host.runInInvocation(env.dest.installation, () => counters('count:copy-status:'));
    await env.host.runInInvocation(env.source.installation, () => spoil(sent, { synced: 3, ahead: 2, failed: 0, restricted: 0, deleted: 0 }));
    await env.host.runInInvocation(env.dest.installation, () => spoil(copies, { synced: 5, ahead: 0, failed: 0, restricted: 0, deleted: 0 }));
    expect((await details(env.source)).counts.synced).toBe(3);
    for (const s of [env.source, env.dest]) await env.host.runScheduledTrigger(s.installation, 'reconcile');
    await env.host.settled();
    expect((await details(env.source)).counts).toEqual({ synced: items, ahead: 0, failed: 0, restricted: 0, deleted: 0 });
    expect((await details(env.dest)).counts.synced).toBe(items);
  });

  it('counts records that predate the counts in full, once, and keeps them from then on', async () => {
    const items = await paired(8);
    const forget = async () => {
      await Promise.all((await entriesWithPrefix('count:')).map((e) => kvs.delete(e.key)));
      await Promise.all((await counters('count:')).map((c) => kvs.entity(COUNTER_ENTITY).delete(c.key)));
    };
    for (const s of [env.source, env.dest]) await env.host.runInInvocation(s.installation, forget);
    expect((await details(env.source)).counts.synced).toBe(items);
    expect((await details(env.dest)).counts.synced).toBe(items);
    // A read wrote nothing; the next write counts in full and keeps the count.
    expect(await env.host.runInInvocation(env.source.installation, () => entriesWithPrefix('count:'))).toEqual([]);
    expect(await env.host.runInInvocation(env.source.installation, () => counters('count:'))).toEqual([]);
    const as = { kind: 'user' as const, accountId: env.source.admin };
    env.source.site.createPage(as, { type: 'page', spaceId, title: 'One more', body: '<p>New.</p>' });
    await env.host.settled();
    const source = await details(env.source);
    expect(source).toMatchObject({ counts: { synced: items + 1 }, queries: 1 });
    const dest = await details(env.dest);
    expect(dest).toMatchObject({ counts: { synced: items + 1 }, queries: 1 });
  });

  it('keeps a full sync’s failures one per item; its progress holds only their number', async () => {
    env = await startEmulatedSites();
    spaceId = env.source.spaceId;
    const as = { kind: 'user' as const, accountId: env.source.writer };
    for (const name of ['One', 'Two', 'Three']) {
      const page = env.source.site.createPage(as, { type: 'page', spaceId, title: name, body: '<p>See the file.</p>' });
      const file = env.source.site.upload(as, page.id, { name: `${name}.mp4`, mediaType: 'video/mp4', data: Buffer.from('stand-in'), comment: '', minorEdit: true }, 'createOrUpdate');
      (file.attachment as { fileSize: number }).fileSize = 200 * 2 ** 20; // more than a transfer carries
    }
    await pair(env.host, { site: env.source }, { site: env.dest });
    const { progress } = await details(env.source);
    expect(progress).toMatchObject({ state: 'incomplete', total: 3, done: 3, failedCount: 3 });
    expect(progress.failed.map((f: { reason: string }) => f.reason)).toEqual([expect.stringContaining('One.mp4'), expect.stringContaining('Two.mp4'), expect.stringContaining('Three.mp4')]);
    const stored = await env.host.runInInvocation(env.source.installation, async () => ({ progress: await entriesWithPrefix<Record<string, unknown>>('progress:'), failures: await entriesWithPrefix('fail:') }));
    expect(stored.progress[0].value).not.toHaveProperty('failed');
    expect(stored.failures).toHaveLength(3);
  });
});
