/**
 * How long the platform takes to answer, for `npm run bench`. Each figure is a range in
 * milliseconds, drawn uniformly per call from a seeded generator (BENCH_SEED, default 1), so two
 * runs wait the same times.
 *
 * - REST, `BENCH_LATENCY_MS` (say 150-300): every request the emulated Confluence answers. The
 *   150–300 ms is the figure for real Confluence Cloud REST answers; none by default, so
 *   a plain `npm run bench` measures request counts quickly.
 * - KVS, `BENCH_KVS_LATENCY_MS`: each `@forge/kvs` call. Default 20-60 when a REST latency is
 *   set. UNCONFIRMED: no published figure for Forge storage latency was found; a managed
 *   key-value store call inside the same cloud is assumed to take tens of milliseconds.
 * - Web triggers, `BENCH_WEBTRIGGER_LATENCY_MS`: each peer message, before the inbox function
 *   runs (an HTTPS request across the internet to another Forge installation, plus the start of
 *   its invocation). Default 300-600 when a REST latency is set. UNCONFIRMED: no published
 *   figure was found.
 * Set any of them to 0 to turn it off.
 */
import { latencyOf, parseRange, type Latency } from '../sandbox/forge-host/latency';

export interface LatencyFigures {
  rest?: { min: number; max: number };
  kvs?: { min: number; max: number };
  webTrigger?: { min: number; max: number };
  seed: number;
}

export function latencyFromEnv(env: NodeJS.ProcessEnv): LatencyFigures {
  const rest = parseRange(env.BENCH_LATENCY_MS);
  const orDefault = (value: string | undefined, fallback: string) => parseRange(value ?? (rest ? fallback : undefined));
  return {
    rest,
    kvs: orDefault(env.BENCH_KVS_LATENCY_MS, '20-60'),
    webTrigger: orDefault(env.BENCH_WEBTRIGGER_LATENCY_MS, '300-600'),
    seed: Number(env.BENCH_SEED ?? 1),
  };
}

/** One generator per site and per service, each with its own stream, so adding calls in one place does not shift the others. */
export function latencies(f: LatencyFigures): { sourceRest?: Latency; destRest?: Latency; kvs?: Latency; webTrigger?: Latency } {
  return {
    sourceRest: latencyOf(f.rest, f.seed * 4 + 1),
    destRest: latencyOf(f.rest, f.seed * 4 + 2),
    kvs: latencyOf(f.kvs, f.seed * 4 + 3),
    webTrigger: latencyOf(f.webTrigger, f.seed * 4 + 4),
  };
}

const range = (r?: { min: number; max: number }) => (r ? (r.min === r.max ? `${r.min} ms` : `${r.min}-${r.max} ms`) : 'none');

export const describeLatency = (f: LatencyFigures) => `REST ${range(f.rest)}, KVS ${range(f.kvs)}, web triggers ${range(f.webTrigger)} (seed ${f.seed})`;

/** As written to the JSON results: each range in ms, or null for none. */
export const latencyJson = (f: LatencyFigures) => ({ rest: f.rest ?? null, kvs: f.kvs ?? null, webTrigger: f.webTrigger ?? null, seed: f.seed });
