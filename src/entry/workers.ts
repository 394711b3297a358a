/** Queue consumers: outbound (source side) and inbound (destination side) replication jobs. */
import { z } from 'zod';

const Job = z.object({ syncId: z.string().min(1), kind: z.string().min(1) }).passthrough();
const AsyncEvent = z.object({ body: z.unknown(), queueName: z.string(), eventId: z.string() }).passthrough();

/** A malformed job can never succeed, so it is reported and dropped rather than retried. */
function parseJob(event: unknown): z.infer<typeof Job> | undefined {
  const envelope = AsyncEvent.safeParse(event);
  const job = envelope.success ? Job.safeParse(envelope.data.body) : undefined;
  if (!job?.success) {
    console.warn('Dropped a malformed queue event');
    return undefined;
  }
  return job.data;
}

export async function outboundWorker(event: unknown): Promise<void> {
  parseJob(event);
  // Replication (issue 5) reads and sends content here.
}

export async function inboundWorker(event: unknown): Promise<void> {
  parseJob(event);
  // Replication (issue 5) applies received content here.
}
