/**
 * How near a run came to Forge's KVS limits per installation (limits-kvs-ce: 4,000 reads and
 * 4,000 writes a minute in 10 KB units, 1,000 requests a second; the host enforces them,
 * sandbox/forge-host/kvs/kvs-rate-limit.ts): the most units in any minute and requests in any
 * second, and how many requests were refused.
 */
import { FORGE_KVS_LIMITS } from '../sandbox/forge-host/kvs/kvs-rate-limit';

export interface StorageCall {
  at: number;
  operation: 'read' | 'write';
  units: number;
  refused: boolean;
}

export interface StorageUse {
  peakReadUnitsPerMinute: number;
  peakWriteUnitsPerMinute: number;
  peakRequestsPerSecond: number;
  refused: number;
  limits: typeof FORGE_KVS_LIMITS;
}

/** The most that the admitted calls in any window of `ms` add up to (`calls` in time order). */
export function peakIn(calls: Array<{ at: number; amount: number }>, ms: number): number {
  let peak = 0;
  let sum = 0;
  let head = 0;
  for (const call of calls) {
    sum += call.amount;
    while (calls[head].at <= call.at - ms) sum -= calls[head++].amount;
    peak = Math.max(peak, sum);
  }
  return peak;
}

export function storageUse(calls: StorageCall[]): StorageUse {
  const admitted = calls.filter((c) => !c.refused);
  const of = (operation: StorageCall['operation']) => admitted.filter((c) => c.operation === operation).map((c) => ({ at: c.at, amount: c.units }));
  return {
    peakReadUnitsPerMinute: peakIn(of('read'), 60_000),
    peakWriteUnitsPerMinute: peakIn(of('write'), 60_000),
    peakRequestsPerSecond: peakIn(admitted.map((c) => ({ at: c.at, amount: 1 })), 1000),
    refused: calls.length - admitted.length,
    limits: FORGE_KVS_LIMITS,
  };
}
