/**
 * sendItem's page-only reads (src/domain/page-only-read.ts) with the ports faked: what is read,
 * what travels, what is recorded, and the whole re-read after a stale answer.
 */
import { sendItem, type SourceDeps } from '../../src/replication/send-item';
import { canonicalSnapshot, partsKey, snapshotHash, type PageSnapshot } from '../../src/replication/snapshot';
import type { SentRecord, SnapshotParts } from '../../src/replication/ports';
import type { ApplyBody, ApplyReply } from '../../src/contract/peer-protocol';
import type { Sync } from '../../src/domain/sync';

const sync = { id: 's1', pairId: 'p1', role: 'source', state: 'active', space: { id: '9', key: 'ENG', name: 'Eng' }, peer: { site: { cloudId: 'c2' }, space: { id: '7' } }, options: { blogPosts: true, labels: true, comments: true, attachments: true } } as unknown as Sync;
const comment = { sourceId: '501', location: 'footer' as const, body: '<p>Which agent?</p>' };
const page = (version: number, body: string, comments = [comment]): PageSnapshot => ({ sourceId: '101', kind: 'page', status: 'current', title: 'Guide', body, labels: [], version, sourceSpaceKey: 'ENG', comments, attachments: [] });
const withoutParts = ({ comments: _c, attachments: _a, ...s }: PageSnapshot): PageSnapshot => s;

interface World {
  /** The page as Confluence has it now. */
  now: PageSnapshot;
  sent?: SentRecord;
  answers: ApplyReply['outcome'][];
}

function fake(world: World) {
  const reads: SnapshotParts[] = [];
  const sentBodies: PageSnapshot[] = [];
  const deps = {
    content: {
      space: async () => ({ key: 'ENG', homepageId: '100' }),
      snapshot: async (_id: string, _kind: string, _space: unknown, parts: SnapshotParts) => {
        reads.push(parts);
        return parts.comments ? world.now : withoutParts(world.now);
      },
    },
    sent: { get: async () => world.sent, put: async (_p: string, _i: string, record: SentRecord) => void (world.sent = record) },
    copies: { origin: async () => undefined },
    syncs: {},
    activity: { log: async () => undefined },
    applies: {
      send: async (_s: Sync, body: ApplyBody) => {
        if (!('snapshot' in body)) throw new Error('inline snapshots only here');
        sentBodies.push(body.snapshot);
        const outcome = world.answers.shift() ?? 'updated';
        return { kind: 'ok', reply: { status: 'synced', outcome, destId: '901', destVersion: 3 } };
      },
    },
    now: () => new Date().toISOString(),
  } as unknown as SourceDeps;
  return { deps, reads, sentBodies };
}

/** What the source held when it last read the page whole (send-item.ts partsOf). */
const held = { comments: 1, resolved: 0, attachments: 0 };

/** The record a whole send of `s` leaves, as sendItem writes it. */
const deliveredWhole = (s: PageSnapshot): SentRecord => ({ kind: 'page', hash: snapshotHash(canonicalSnapshot(s)), partsKey: partsKey(canonicalSnapshot(s)), version: s.version, destId: '901', destVersion: 2, status: 'synced', at: '2026-01-01T00:00:00.000Z', parts: held, files: { '601': '1:f-1' } });

describe('sendItem page-only reads', () => {
  it('an edit reads and sends the page alone, naming the parts it stands on; the record keeps files, parts and the key', async () => {
    const before = page(2, '<p>Install.</p>');
    const world: World = { now: page(3, '<p>Install, then start.</p>'), sent: deliveredWhole(before), answers: [] };
    const { deps, reads, sentBodies } = fake(world);
    expect(await sendItem(deps, sync, { id: '101', kind: 'page' }, 'avi:confluence:updated:page')).toMatchObject({ status: 'synced', sent: true });
    expect(reads).toEqual([{ comments: false, attachments: false }]);
    expect(sentBodies).toHaveLength(1);
    expect(sentBodies[0]).toMatchObject({ version: 3, body: '<p>Install, then start.</p>', partsFrom: deliveredWhole(before).partsKey });
    expect(sentBodies[0].comments).toBeUndefined();
    expect(sentBodies[0].attachments).toBeUndefined();
    // The whole it stands for: the same hash a whole read of the page now gives.
    expect(world.sent).toMatchObject({ hash: snapshotHash(canonicalSnapshot(world.now)), partsKey: deliveredWhole(before).partsKey, files: { '601': '1:f-1' }, parts: { comments: 1, resolved: 0, attachments: 0 }, version: 3 });
  });

  it('the same edit delivered again sends nothing, and a whole read of the unchanged page after it sends nothing either', async () => {
    const world: World = { now: page(3, '<p>Install, then start.</p>'), sent: deliveredWhole(page(2, '<p>Install.</p>')), answers: [] };
    const { deps, sentBodies } = fake(world);
    await sendItem(deps, sync, { id: '101', kind: 'page' }, 'avi:confluence:updated:page');
    expect(await sendItem(deps, sync, { id: '101', kind: 'page' }, 'avi:confluence:updated:page')).toEqual({ status: 'synced', sent: false });
    expect(await sendItem(deps, sync, { id: '101', kind: 'page' }, 'reconcile')).toEqual({ status: 'synced', sent: false });
    expect(sentBodies).toHaveLength(1);
  });

  it('a page moved to another space, read page-only, names no parts: a whole read of it hashes the same', async () => {
    const moved: PageSnapshot = { sourceId: '101', kind: 'page', status: 'moved', title: 'Guide', body: '', labels: [], version: 3, sourceSpaceKey: 'ENG' };
    const world: World = { now: moved, sent: deliveredWhole(page(2, '<p>Install.</p>')), answers: [] };
    const { deps, reads, sentBodies } = fake(world);
    await sendItem(deps, sync, { id: '101', kind: 'page' }, 'avi:confluence:moved:page');
    expect(reads).toEqual([{ comments: false, attachments: false }]);
    expect(sentBodies[0].partsFrom).toBeUndefined();
    expect(world.sent?.hash).toBe(snapshotHash(canonicalSnapshot(moved)));
  });

  it('reads everything for a comment event, a person, and a record without the parts key', async () => {
    const cases: Array<[string, Partial<SentRecord>, { request?: string }]> = [
      ['avi:confluence:created:comment', {}, {}],
      ['avi:confluence:updated:page', {}, { request: 'r-1' }],
      ['avi:confluence:updated:page', { partsKey: undefined }, {}],
      ['avi:confluence:updated:page', { status: 'ahead' }, {}],
    ];
    for (const [cause, change, item] of cases) {
      const world: World = { now: page(3, '<p>Edited.</p>'), sent: { ...deliveredWhole(page(2, '<p>Install.</p>')), ...change }, answers: [] };
      const { deps, reads } = fake(world);
      await sendItem(deps, sync, { id: '101', kind: 'page', ...item }, cause);
      expect({ cause, change, reads }).toEqual({ cause, change, reads: [{ comments: true, attachments: true }] });
    }
  });

  it('a whole read answered stale (the copy holds a newer version, perhaps page-only) is read whole again and sent once more', async () => {
    const world: World = { now: page(3, '<p>Install, then start.</p>', [comment, { ...comment, sourceId: '502', body: '<p>The Linux one.</p>' }]), sent: deliveredWhole(page(2, '<p>Install.</p>')), answers: ['stale', 'updated'] };
    const { deps, reads, sentBodies } = fake(world);
    expect(await sendItem(deps, sync, { id: '101', kind: 'page' }, 'avi:confluence:created:comment')).toMatchObject({ status: 'synced', sent: true });
    expect(reads).toEqual([
      { comments: true, attachments: true },
      { comments: true, attachments: true },
    ]);
    expect(sentBodies.map((s) => s.comments?.length)).toEqual([2, 2]);
    expect(world.sent).toMatchObject({ hash: snapshotHash(canonicalSnapshot(world.now)), partsKey: partsKey(canonicalSnapshot(world.now)) });
  });

  it('a page-only send answered stale is not read again (it carried no parts), and a re-read answered stale stops there', async () => {
    const edited: World = { now: page(3, '<p>Edited.</p>'), sent: deliveredWhole(page(2, '<p>Install.</p>')), answers: ['stale'] };
    const first = fake(edited);
    await sendItem(first.deps, sync, { id: '101', kind: 'page' }, 'avi:confluence:updated:page');
    expect(first.reads).toHaveLength(1);

    const commented: World = { now: page(3, '<p>Edited.</p>'), sent: deliveredWhole(page(2, '<p>Install.</p>')), answers: ['stale', 'stale'] };
    const second = fake(commented);
    await sendItem(second.deps, sync, { id: '101', kind: 'page' }, 'avi:confluence:created:comment');
    expect(second.reads).toHaveLength(2);
    expect(second.sentBodies).toHaveLength(2);
  });
});
