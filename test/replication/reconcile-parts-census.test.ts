/**
 * Where the parts census runs (src/replication/reconcile.ts partsCensus): only where search's
 * counts of comments and attachments can be held to this sync's records. A sync without blog
 * posts has their comments in the counts and in no record; so does a space that also receives
 * copies; a sync copying neither part has nothing to count.
 */
import { PARTS_BASELINE_PER_RUN, reconcileSync, type ReconcileDeps } from '../../src/replication/reconcile';
import { GROUPED_EVERY_RUNS } from '../../src/domain/parts-locate';
import { ConfluenceError } from '../../src/confluence/client';
import type { Sync } from '../../src/domain/sync';
import type { ReconcileState } from '../../src/replication/change-finder';
import type { SentRecord } from '../../src/replication/ports';

const options = { blogPosts: true, labels: false, comments: true, attachments: true, mode: 'automatic' };
const syncWith = (o: Partial<typeof options>) => ({ id: 's1', pairId: 'p1', role: 'source', state: 'active', space: { id: '9', key: 'ENG', name: 'Eng' }, options: { ...options, ...o } }) as unknown as Sync;
const record: SentRecord = { kind: 'page', hash: 'h', version: 1, status: 'synced', at: '2026-01-01T00:00:00.000Z', parts: { comments: 2, attachments: 1 } };

/** `countPartsIn`: search's comments per item, for locating by groups (src/domain/parts-locate.ts); without it, no locating. */
function depsWith(counted: { comments: number; attachments: number } | Error, receivesCopies = false, records: Array<{ sourceId: string; record: SentRecord }> = [{ sourceId: '101', record }], commentsIn?: Record<string, number>) {
  const pushed: string[] = [];
  const asked: Array<{ comments: boolean; attachments: boolean }> = [];
  const states: ReconcileState[] = [];
  let state: ReconcileState = { watermark: '2026-01-01T00:00:00.000Z', runsSinceFull: 1 };
  const catchUps: string[] = [];
  const deps: ReconcileDeps = {
    content: { space: async () => ({ key: 'ENG', homepageId: '100' }) } as unknown as ReconcileDeps['content'],
    sent: { all: async () => records, counts: async () => undefined, putCounts: async () => undefined } as unknown as ReconcileDeps['sent'],
    fullSync: {
      progress: async () => ({ state: 'complete', total: 1, done: 1, failedCount: 0, startedAt: '2026-01-01T00:00:00.000Z' }),
      putProgress: async (_id: string, p: { catchUp?: string }) => void catchUps.push(p.catchUp ?? 'first'),
      putPlan: async () => undefined,
    } as unknown as ReconcileDeps['fullSync'],
    queue: { push: async (jobs) => void pushed.push(...jobs.map((j) => (j.type === 'item' ? j.id : j.type))) },
    now: () => '2026-01-01T02:00:00.000Z',
    changes: {
      modifiedSince: async () => [{ id: '101', kind: 'page', version: 2 }],
      partsChangedSince: async () => [],
      count: async () => records.length,
      countParts: async (_space, parts) => {
        asked.push(parts);
        if (counted instanceof Error) throw counted;
        return { ...(parts.comments ? { comments: counted.comments } : {}), ...(parts.attachments ? { attachments: counted.attachments } : {}) };
      },
    },
    reconcileState: { get: async () => state, put: async (_id, s) => void (states.push(s), (state = s)) },
    receivesCopies: () => receivesCopies,
  };
  if (commentsIn) deps.changes!.countPartsIn = async (_space, part, ids) => ids.reduce((n, id) => n + (part === 'comment' ? (commentsIn[id] ?? 2) : 1), 0);
  return { deps, asked, states, catchUps, pushed };
}

describe('the parts census', () => {
  it('counts the parts the sync copies, and catches up when the same difference is found twice', async () => {
    const { deps, asked, states, catchUps } = depsWith({ comments: 1, attachments: 1 });
    await reconcileSync(deps, syncWith({}));
    expect(asked).toEqual([{ comments: true, attachments: true }]);
    expect(states.at(-1)?.parts).toEqual({ offset: {}, suspect: { comments: -1, attachments: 0 } });
    expect(catchUps).toEqual([]);
    await reconcileSync(deps, syncWith({}));
    expect(catchUps).toEqual(['missed']);
    expect(states.at(-1)?.parts).toEqual({ offset: {}, learning: 'start' });
  });

  it('a confirmed difference is located by counting in groups: only its item is read, no catch-up; if it comes back, the space is read whole', async () => {
    const records = [{ sourceId: '101', record }, ...Array.from({ length: 29 }, (_, i) => ({ sourceId: String(200 + i), record }))];
    // Search counts one comment fewer on item 217 than its record holds (2 each, 1 file each).
    const { deps, states, catchUps, pushed } = depsWith({ comments: 59, attachments: 30 }, false, records, { '217': 1 });
    await reconcileSync(deps, syncWith({}));
    expect(catchUps).toEqual([]);
    pushed.length = 0;
    await reconcileSync(deps, syncWith({}));
    expect(catchUps).toEqual([]);
    expect(pushed).toContain('217');
    expect(pushed.length).toBeLessThanOrEqual(7); // the modified item and one group of at most LOCATE_LEAF
    expect(states.at(-1)?.parts).toEqual({ offset: {}, located: true });
    // Reading it changed nothing (search counts otherwise here): seen twice more, it is read whole, which learns.
    await reconcileSync(deps, syncWith({}));
    expect(states.at(-1)?.parts).toEqual({ offset: {}, suspect: { comments: -1, attachments: 0 }, located: true });
    await reconcileSync(deps, syncWith({}));
    expect(catchUps).toEqual(['missed']);
    expect(states.at(-1)?.parts).toMatchObject({ offset: {}, learning: 'start' });
  });

  it('where the space receives copies, the recorded items are counted in groups once in a few runs, and a group that differs is read', async () => {
    const records = [{ sourceId: '101', record }, ...Array.from({ length: 29 }, (_, i) => ({ sourceId: String(200 + i), record }))];
    const { deps, asked, catchUps, pushed } = depsWith({ comments: 999, attachments: 999 }, true, records, { '217': 1 });
    const found: number[] = [];
    for (let run = 1; run <= GROUPED_EVERY_RUNS; run++) {
      pushed.length = 0;
      await reconcileSync(deps, syncWith({}));
      if (pushed.includes('217')) found.push(run);
    }
    expect(found).toHaveLength(1);
    expect(asked).toEqual([]); // the totals, which hold the copies' comments, are never counted
    expect(catchUps).toEqual([]);
  });

  it('counts only the parts copied', async () => {
    const { deps, asked } = depsWith({ comments: 2, attachments: 0 });
    await reconcileSync(deps, syncWith({ attachments: false }));
    expect(asked).toEqual([{ comments: true, attachments: false }]);
  });

  it.each([
    ['blog posts are not synced (their comments are counted, never recorded)', { blogPosts: false }, false],
    ['the space receives or received copies (their comments are counted, never recorded)', {}, true],
    ['neither comments nor attachments are copied', { comments: false, attachments: false }, false],
  ])('does not count where %s', async (_why, o, receives) => {
    const { deps, asked, states, catchUps } = depsWith({ comments: 0, attachments: 0 }, receives);
    for (let run = 0; run < 3; run++) await reconcileSync(deps, syncWith(o));
    expect(asked).toEqual([]);
    expect(catchUps).toEqual([]);
    expect(states.at(-1)?.parts).toBeUndefined();
  });

  it('a count Confluence refuses (CQL it does not take) skips the census and nothing else: the edit found is queued, the run moves on', async () => {
    const { deps, pushed, states, catchUps } = depsWith(new ConfluenceError(400, 'Could not parse cql'));
    for (let run = 0; run < 3; run++) await reconcileSync(deps, syncWith({}));
    expect(pushed.filter((id) => id === '101')).toHaveLength(3);
    expect(states.map((s) => s.runsSinceFull)).toEqual([2, 3, 4]);
    expect(states.at(-1)?.parts).toBeUndefined();
    expect(catchUps).toEqual([]);
  });

  it('a count that fails for now (a 429) fails the run, to be tried again, rather than judging without it', async () => {
    const { deps } = depsWith(new ConfluenceError(429, 'Rate limit exceeded', 30));
    await expect(reconcileSync(deps, syncWith({}))).rejects.toThrow('Rate limit exceeded');
  });

  it('records from before parts were kept are read first, a bounded number a run, and nothing is judged meanwhile', async () => {
    const old = Array.from({ length: PARTS_BASELINE_PER_RUN + 5 }, (_, i) => ({ sourceId: String(1000 + i), record: { ...record, parts: undefined } }));
    const { deps, asked, pushed, catchUps } = depsWith({ comments: 99, attachments: 99 }, false, [{ sourceId: '101', record }, ...old]);
    await reconcileSync(deps, syncWith({}));
    expect(asked).toEqual([]);
    expect(catchUps).toEqual([]);
    expect(pushed).toEqual(['101', ...old.slice(0, PARTS_BASELINE_PER_RUN).map((o) => o.sourceId)]);
  });
});
