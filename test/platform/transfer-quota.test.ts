/**
 * A pair's daily quota of transfer parts, counted by parts that arrive at once (Forge runs the
 * destination's web triggers and consumers in parallel): exactly the limit pass, whatever order
 * their reads and writes interleave in. Runs against the local Forge host's KVS through the real
 * @forge/kvs, each part in an invocation of its own.
 */
import { kvs } from '@forge/kvs';
import { startProbeHost } from '../support/probe-host';
import { kvsTransferStore } from '../../src/platform/kvs-transfer-store';
import { changeCounter, COUNTER_ENTITY, readCounter, REFUSE, type Transaction } from '../../src/platform/kvs-counter';

type Started = Awaited<ReturnType<typeof startProbeHost>>;
const PARTS = 40;
const LIMIT = 25;

describe('the transfer quota under concurrent parts', () => {
  let env: Started;
  const inA = <T>(fn: () => Promise<T>) => env.host.runInInvocation(env.a, fn);
  const countAll = (pair: string, day: string, n: number) => Promise.all(Array.from({ length: n }, () => inA(() => kvsTransferStore.countPart(pair, day, LIMIT))));
  const passed = (answers: boolean[]) => answers.filter(Boolean).length;
  const counterItem = (key: string) => inA(() => kvs.entity<{ rev: number; value: unknown }>(COUNTER_ENTITY).get(key));
  const lostRaces = () => env.host.log.of('kvs').filter((r) => r.op === 'transaction' && r.status === 409).length;
  beforeEach(async () => {
    env = await startProbeHost();
  });
  afterEach(() => env.host.close());

  it(`lets exactly ${LIMIT} of ${PARTS} parts counted at once pass, and stores the exact count`, async () => {
    // Made at once, the counter's makers collide and spread out; made by a first part, the rest race on its rev.
    expect(passed(await countAll('pair-made', '2026-12-04', PARTS))).toBe(LIMIT);
    expect(await inA(() => kvsTransferStore.countPart('pair-q', '2026-12-04', LIMIT))).toBe(true);
    expect(passed(await countAll('pair-q', '2026-12-04', PARTS - 1))).toBe(LIMIT - 1);
    // They did race: some conditions failed, and those parts were judged again on the newer count.
    expect(lostRaces()).toBeGreaterThan(0);
    for (const pair of ['pair-made', 'pair-q']) {
      // Refused parts wrote nothing: one rev to make the counter, one per part that passed.
      expect(await counterItem(`quota:${pair}`)).toEqual({ rev: LIMIT + 1, value: { day: '2026-12-04', used: LIMIT }, writer: expect.any(String) });
    }
    // Used up, a later part is refused too.
    expect(await inA(() => kvsTransferStore.countPart('pair-q', '2026-12-04', LIMIT))).toBe(false);
  });

  it('starts the count over on the first part of a new day, in the same one item', async () => {
    expect(passed(await countAll('pair-d', '2026-12-04', LIMIT))).toBe(LIMIT);
    expect(await inA(() => kvsTransferStore.countPart('pair-d', '2026-12-04', LIMIT))).toBe(false);
    // Parts of the next day, at once: the day's own cap, from zero.
    expect(passed(await countAll('pair-d', '2026-12-05', PARTS))).toBe(LIMIT);
    expect(await counterItem('quota:pair-d')).toMatchObject({ value: { day: '2026-12-05', used: LIMIT } });
    // A part dated the day before (a clock behind at midnight) counts on the newer day: refused, not a fresh count.
    expect(await inA(() => kvsTransferStore.countPart('pair-d', '2026-12-04', LIMIT))).toBe(false);
    expect(await counterItem('quota:pair-d')).toMatchObject({ value: { day: '2026-12-05', used: LIMIT } });
    // Nothing per day is left behind: no day-named item, no plain key.
    expect(await counterItem('quota:pair-d:2026-12-04')).toBeUndefined();
    expect(await inA(() => kvs.get('quota:pair-d:2026-12-04'))).toBeUndefined();
  });

  it('goes on from the plain key a day was counted in before, for that day only', async () => {
    await inA(() => kvs.set('quota:pair-old:2026-12-04', LIMIT - 2));
    expect(passed(await countAll('pair-old', '2026-12-04', 5))).toBe(2);
    expect(await counterItem('quota:pair-old')).toMatchObject({ value: { day: '2026-12-04', used: LIMIT } });
    await inA(() => kvs.set('quota:pair-older:2026-12-03', LIMIT));
    expect(await inA(() => kvsTransferStore.countPart('pair-older', '2026-12-04', LIMIT))).toBe(true);
    expect(await counterItem('quota:pair-older')).toMatchObject({ value: { day: '2026-12-04', used: 1 } });
  });

  it('writes nothing, not even the caller’s steps, when next refuses the change', async () => {
    const refused = { start: async () => 7, next: (): typeof REFUSE => REFUSE, steps: (tx: Transaction) => tx.set('beside', 1) };
    expect(await inA(() => changeCounter<number>('count:capped', refused))).toBe(false);
    // Made at its start value (that holds whether or not a change follows), and no further.
    expect(await counterItem('count:capped')).toMatchObject({ rev: 1, value: 7 });
    expect(await inA(() => readCounter<number>('count:capped'))).toBe(7);
    expect(await inA(() => kvs.get('beside'))).toBeUndefined();
  });
});
