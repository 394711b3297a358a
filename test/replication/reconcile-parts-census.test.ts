/**
 * Where the parts census runs (src/replication/reconcile.ts partsCensus): only where search's
 * counts of comments and attachments can be held to this sync's records. A sync without blog
 * posts has their comments in the counts and in no record; so does a space that also receives
 * copies; a sync copying neither part has nothing to count.
 */
import { reconcileSync, type ReconcileDeps } from '../../src/replication/reconcile';
import type { Sync } from '../../src/domain/sync';
import type { ReconcileState } from '../../src/replication/change-finder';
import type { SentRecord } from '../../src/replication/ports';

const options = { blogPosts: true, labels: false, comments: true, attachments: true, mode: 'automatic' };
const syncWith = (o: Partial<typeof options>) => ({ id: 's1', pairId: 'p1', role: 'source', state: 'active', space: { id: '9', key: 'ENG', name: 'Eng' }, options: { ...options, ...o } }) as unknown as Sync;
const record: SentRecord = { kind: 'page', hash: 'h', version: 1, status: 'synced', at: '2026-01-01T00:00:00.000Z', parts: { comments: 2, attachments: 1 } };

function depsWith(counted: { comments: number; attachments: number }, receivesCopies = false) {
  const asked: Array<{ comments: boolean; attachments: boolean }> = [];
  const states: ReconcileState[] = [];
  let state: ReconcileState = { watermark: '2026-01-01T00:00:00.000Z', runsSinceFull: 1 };
  const catchUps: string[] = [];
  const deps: ReconcileDeps = {
    content: { space: async () => ({ key: 'ENG', homepageId: '100' }) } as unknown as ReconcileDeps['content'],
    sent: { all: async () => [{ sourceId: '101', record }], counts: async () => undefined, putCounts: async () => undefined } as unknown as ReconcileDeps['sent'],
    fullSync: {
      progress: async () => ({ state: 'complete', total: 1, done: 1, failedCount: 0, startedAt: '2026-01-01T00:00:00.000Z' }),
      putProgress: async (_id: string, p: { catchUp?: string }) => void catchUps.push(p.catchUp ?? 'first'),
      putPlan: async () => undefined,
    } as unknown as ReconcileDeps['fullSync'],
    queue: { push: async () => undefined },
    now: () => '2026-01-01T02:00:00.000Z',
    changes: {
      modifiedSince: async () => [],
      partsChangedSince: async () => [],
      count: async () => 1,
      countParts: async (_space, parts) => (asked.push(parts), { ...(parts.comments ? { comments: counted.comments } : {}), ...(parts.attachments ? { attachments: counted.attachments } : {}) }),
    },
    reconcileState: { get: async () => state, put: async (_id, s) => void (states.push(s), (state = s)) },
    receivesCopies: () => receivesCopies,
  };
  return { deps, asked, states, catchUps };
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

  it('counts only the parts copied', async () => {
    const { deps, asked } = depsWith({ comments: 2, attachments: 0 });
    await reconcileSync(deps, syncWith({ attachments: false }));
    expect(asked).toEqual([{ comments: true, attachments: false }]);
  });

  it.each([
    ['blog posts are not synced (their comments are counted, never recorded)', { blogPosts: false }, false],
    ['the space also receives copies (their comments are counted, never recorded)', {}, true],
    ['neither comments nor attachments are copied', { comments: false, attachments: false }, false],
  ])('does not count where %s', async (_why, o, receives) => {
    const { deps, asked, states, catchUps } = depsWith({ comments: 0, attachments: 0 }, receives);
    for (let run = 0; run < 3; run++) await reconcileSync(deps, syncWith(o));
    expect(asked).toEqual([]);
    expect(catchUps).toEqual([]);
    expect(states.at(-1)?.parts).toBeUndefined();
  });
});
