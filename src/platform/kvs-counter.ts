/**
 * Counters that several invocations change at once (a pair's sent counts, its copy count): each
 * change reads the value, changes it and writes it back, and two writers that read the same
 * value would lose one change. A plain KVS key cannot be written on a condition; an entity item
 * can (forge-platform.md, "Transactions support per-key conditions for entity items only"). So a
 * counter is an item of the `counter` entity, `{ rev, value, writer }`, and a change is a
 * compare-and-set: written, in one transaction with the caller's own steps, only while `rev` is
 * still the one read. A writer that lost the race reads again and rebuilds the whole transaction
 * on the new value, so the caller's steps and the count still land together or not at all.
 *
 * Counters were plain keys before: one not made yet starts from the plain key of the same name
 * (else from the caller's full count), and a read falls back to that key.
 */
import { randomUUID } from 'node:crypto';
import { Filter, FilterConditions } from '@forge/kvs';
import { kvs } from './kvs-client';

export const COUNTER_ENTITY = 'counter';
/** Each lost race means another writer's change landed, so a few tries suffice unless many write one counter at once. */
const TRIES = 12;
/**
 * What `next` returns to refuse the change (a count at its cap): nothing is written, not even the
 * caller's steps, and no try follows. The value it judged may be a rev behind, so refuse only
 * what the newer value would refuse as well (a count that only grows toward its cap).
 */
export const REFUSE = Symbol('refuse');

export type Transaction = ReturnType<typeof kvs.transact>;

interface Counter<T> {
  /** One more on each write: the condition a change is written on. */
  rev: number;
  value: T;
  /** Who wrote this rev: a writer whose answer was lost finds its own write here. */
  writer: string;
}

export interface CounterChange<T> {
  /** The value to start from when neither the counter nor its plain key exists (a full count). */
  start: () => Promise<T>;
  /**
   * The new value from the current one, or REFUSE. It runs after the rev was read, so what it
   * reads (a recount) is no older than that rev, and a value it lets through lands only on that rev.
   */
  next: (current: T) => T | typeof REFUSE | Promise<T | typeof REFUSE>;
  /** The caller's other writes, for the counter's transaction: called anew on each try. */
  steps?: (tx: Transaction) => Transaction;
  /** Give up on a lost race instead of trying again: for a recount, which the writers that won have made needless. */
  once?: boolean;
}

const counters = <T>() => kvs.entity<Counter<T>>(COUNTER_ENTITY);

/** The counter's value: undefined while it has none, neither as an entity item nor as the plain key it was before. */
export async function readCounter<T>(key: string): Promise<T | undefined> {
  return (await counters<T>().get(key))?.value ?? (await kvs.get<T>(key));
}

/**
 * Changes the counter (and writes the caller's steps with it) by compare-and-set, tried again
 * while other writers win. False when `next` refused the change on the value it read, or when
 * `once` gave up on a lost race.
 */
export async function changeCounter<T>(key: string, change: CounterChange<T>): Promise<boolean> {
  for (let tryNo = 1; ; tryNo++) {
    const seen = (await counters<T>().get(key)) ?? (await create(key, change.start));
    const outcome = seen && (await written(key, seen, change));
    if (outcome === REFUSE) return false;
    if (outcome) return true;
    if (change.once && seen) return false;
    if (tryNo === TRIES) throw new Error(`Counter ${key} was changed by other writers on each of ${TRIES} tries`);
    await pause(tryNo);
  }
}

/** Makes the counter at rev 1 with its starting value; undefined when another writer made it first. */
async function create<T>(key: string, start: () => Promise<T>): Promise<Counter<T> | undefined> {
  const made: Counter<T> = { rev: 1, value: (await kvs.get<T>(key)) ?? (await start()), writer: randomUUID() };
  try {
    // A standalone write, not in the caller's transaction: it holds the value before the change,
    // which is true whether or not the change follows.
    await counters<T>().set(key, made, { keyPolicy: 'FAIL_IF_EXISTS' });
    return made;
  } catch (e) {
    // The platform's code for a collision is UNCONFIRMED: that the item exists now is what tells.
    if (await counters<T>().get(key)) return undefined;
    throw e;
  }
}

/** One compare-and-set: true once it landed (or had nothing to write), false when another writer moved the rev first. */
async function written<T>(key: string, seen: Counter<T>, change: CounterChange<T>): Promise<boolean | typeof REFUSE> {
  const value = await change.next(seen.value);
  if (value === REFUSE) return REFUSE;
  if (!change.steps && JSON.stringify(value) === JSON.stringify(seen.value)) return true;
  const mine: Counter<T> = { rev: seen.rev + 1, value, writer: randomUUID() };
  const unmoved = new Filter<Counter<T>>().and('rev', FilterConditions.equalTo(seen.rev));
  const tx = (change.steps ?? ((t: Transaction) => t))(kvs.transact());
  try {
    await tx.set(key, mine, { entityName: COUNTER_ENTITY, conditions: unmoved }).execute();
    return true;
  } catch (e) {
    // The platform's code for a failed condition is UNCONFIRMED (the local host answers 409
    // CONDITION_FAILED), so the rev tells: moved, another writer won and this one tries again;
    // unmoved, the write was refused for its own sake (a rule, an outage) and the error stands.
    const now = await counters<T>().get(key);
    // Landed, with only the answer lost. (Were another write on top already, this one would be
    // counted twice; the hourly recount sets that right.)
    if (now?.writer === mine.writer) return true;
    if (now?.rev !== seen.rev) return false;
    throw e;
  }
}

/** A random wait that grows with each lost race, so writers that collided spread out. */
const pause = (tryNo: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(500, 10 * 2 ** tryNo)));
