/**
 * The product-event trigger. It only validates the event and (once pairing exists) enqueues a
 * small job per active outgoing sync of the space; all reading happens in the consumers.
 */
import { z } from 'zod';

const ContentEvent = z
  .object({
    eventType: z.string().startsWith('avi:confluence:'),
    atlassianId: z.string().optional(),
  })
  .passthrough();

export async function onContentEvent(event: unknown): Promise<void> {
  const parsed = ContentEvent.safeParse(event);
  if (!parsed.success) {
    console.warn('Ignored a product event that is not a Confluence content event');
    return;
  }
  // No space has an active outgoing sync until pairing (issue 4) records one: nothing to enqueue.
}
