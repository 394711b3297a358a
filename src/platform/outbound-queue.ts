/** The outbound async-event queue: small jobs, pushed at most 50 at a time as the platform allows. */
import { Queue } from '@forge/events';
import type { JobQueue, OutboundJob } from '../replication/ports';
import type { VerifyJob, VerifyQueue } from '../replication/verify-ports';
import type { DeliveryJob, DeliveryQueue } from '../replication/notifier-ports';

export const OUTBOUND_QUEUE = 'outbound';
const MAX_EVENTS_PER_PUSH = 50;

const queue = new Queue({ key: OUTBOUND_QUEUE });

/**
 * One item job at a time per sync, so two events on one page never apply concurrently; a Verify
 * repair is an item job too. One Verify run at a time per sync.
 */
const concurrencyOf = (job: OutboundJob | VerifyJob | DeliveryJob) => ({ key: `${job.type === 'repair' ? 'item' : job.type}-${job.syncId}`, limit: 1 });

export const outboundQueue: JobQueue & VerifyQueue & DeliveryQueue = {
  async push(jobs: Array<OutboundJob | VerifyJob>, delaySeconds?: number) {
    for (let i = 0; i < jobs.length; i += MAX_EVENTS_PER_PUSH) {
      await queue.push(jobs.slice(i, i + MAX_EVENTS_PER_PUSH).map((job) => ({ body: job as unknown as Record<string, unknown>, concurrency: concurrencyOf(job), ...(delaySeconds ? { delayInSeconds: delaySeconds } : {}) })));
    }
  },
  // Chat messages go one at a time per sync, so a burst of notices never races a service's rate limit.
  pushDelivery: (job, delaySeconds) => queue.push([{ body: job as unknown as Record<string, unknown>, concurrency: concurrencyOf(job), ...(delaySeconds ? { delayInSeconds: delaySeconds } : {}) }]).then(() => undefined),
};
