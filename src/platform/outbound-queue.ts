/** The outbound async-event queue: small jobs, pushed at most 50 at a time as the platform allows. */
import { Queue } from '@forge/events';
import type { JobQueue, OutboundJob } from '../replication/ports';

export const OUTBOUND_QUEUE = 'outbound';
const MAX_EVENTS_PER_PUSH = 50;

const queue = new Queue({ key: OUTBOUND_QUEUE });

/** One item job at a time per sync, so two events on one page never apply concurrently. */
const concurrencyOf = (job: OutboundJob) => ({ key: `${job.type}-${job.syncId}`, limit: 1 });

export const outboundQueue: JobQueue = {
  async push(jobs, delaySeconds) {
    for (let i = 0; i < jobs.length; i += MAX_EVENTS_PER_PUSH) {
      await queue.push(jobs.slice(i, i + MAX_EVENTS_PER_PUSH).map((job) => ({ body: job as unknown as Record<string, unknown>, concurrency: concurrencyOf(job), ...(delaySeconds ? { delayInSeconds: delaySeconds } : {}) })));
    }
  },
};
