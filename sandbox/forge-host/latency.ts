/**
 * Simulated network latency for the sandbox: a range in milliseconds, drawn uniformly from a
 * seeded generator so that two runs with the same seed wait the same times in the same order.
 * Sandbox infrastructure, not a platform behaviour; where the figures come from is said where
 * they are chosen (bench/replication-bench.ts).
 */
import { seededRandom } from './random';

export type Latency = () => number;

/** `"150-300"` (uniform in the range), `"200"` (always 200), or empty/`"0"` (none). */
export function parseRange(text: string | undefined): { min: number; max: number } | undefined {
  if (!text || text.trim() === '' || text.trim() === '0') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?))?\s*$/.exec(text);
  if (!match) throw new Error(`Not a latency range in milliseconds: "${text}" (say 150-300, or 200)`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (max < min) throw new Error(`Latency range "${text}" ends before it starts`);
  return { min, max };
}

/** A latency drawn uniformly from the range with its own seeded stream; undefined when there is none. */
export function latencyOf(range: { min: number; max: number } | undefined, seed: number): Latency | undefined {
  if (!range) return undefined;
  const random = seededRandom(seed);
  return () => range.min + (range.max - range.min) * random();
}

export const sleep = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());
