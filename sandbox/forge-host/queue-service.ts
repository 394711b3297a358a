/**
 * Async events (`@forge/events` Queue): accepts pushes on the platform's publish endpoint and
 * delivers each event to the consumer that manifest.yml names for its queue, at least once,
 * with delays, concurrency keys, app-requested retries (`InvocationError`) and platform retries.
 * An optional fault mode duplicates and reorders deliveries.
 */
import { randomUUID } from 'node:crypto';
import type { AppManifest, ConsumerModule } from './manifest';
import { functionContext, type Installation } from './installation';
import type { Invocation } from './invocation-context';
import { isRetryRequest, type FunctionInvoker } from './function-invoker';
import type { InvocationLog } from './invocation-log';
import type { WorkTracker } from './work-tracker';
import { DelayedDeliveries } from './delayed-deliveries';
import { seededRandom } from './random';

export const MAX_EVENTS_PER_PUSH = 50;
export const MAX_PUSH_KB = 200;
export const MAX_DELAY_SECONDS = 900;
export const MAX_RETRY_AFTER_SECONDS = 900;
export const MAX_RETRY_DATA_BYTES = 4 * 1024;
export const MAX_PUSHES_PER_CHAIN = 1000;

export interface QueueFaults {
  /** Probability that an event is delivered twice. */
  duplicateRate?: number;
  /** Extra random delay of up to this many (platform) seconds per delivery, which reorders events. */
  reorderSeconds?: number;
  seed?: number;
}

export interface QueueOptions {
  /** Real milliseconds per platform second (1000 in real time; tests use a few). */
  msPerSecond: number;
  /** UNCONFIRMED: how many times the platform retries one event. */
  maxRetries: number;
  faults?: QueueFaults;
}

interface PushedEvent {
  body: Record<string, unknown>;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
}

interface Delivery {
  installation: Installation;
  consumer: ConsumerModule;
  event: PushedEvent;
  jobId: string;
  eventId: string;
  retryCount: number;
  retryReason?: string;
  retryData?: unknown;
  firstAttemptAt: number;
  chain: Invocation['chain'];
  /** A fault-mode copy: delivered like the original, not counted in the job's stats. */
  duplicate?: boolean;
}

interface JobStats {
  success: number;
  inProgress: number;
  failed: number;
  cancelled: boolean;
}

export class QueueService {
  private readonly jobs = new Map<string, JobStats>();
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();
  private readonly random: () => number;
  /** Held and dropped by the sandbox's Reset (see DelayedDeliveries). */
  readonly deliveries: DelayedDeliveries;

  constructor(
    private readonly manifest: AppManifest,
    private readonly invoke: FunctionInvoker,
    private readonly log: InvocationLog,
    tracker: WorkTracker,
    private readonly options: QueueOptions,
  ) {
    this.random = seededRandom(options.faults?.seed ?? 1);
    this.deliveries = new DelayedDeliveries(tracker, 'delivery');
  }

  /** `POST /webhook/queue/publish/...` from `Queue.push`. */
  publish(invocation: Invocation, request: { queueName?: string; jobId?: string; payload?: PushedEvent[] }): Response {
    const bytes = Buffer.byteLength(JSON.stringify(request.payload ?? []));
    const logPush = (status: number) =>
      this.log.add({ kind: 'queue-push', installationId: invocation.installation.id, queue: String(request.queueName), events: request.payload?.length ?? 0, bytes, status });
    const events = request.payload;
    if (!Array.isArray(events) || events.length === 0 || typeof request.jobId !== 'string') {
      logPush(400);
      return jsonAt(400, { message: 'Bad push request' });
    }
    // The client checks these limits too; the service checks again, as the platform does.
    if (events.length > MAX_EVENTS_PER_PUSH || bytes / 1024 > MAX_PUSH_KB) {
      logPush(413);
      return jsonAt(413, { errorMessage: `A push may hold at most ${MAX_EVENTS_PER_PUSH} events and ${MAX_PUSH_KB} KB` });
    }
    const consumers = this.manifest.consumers.filter((c) => c.queue === request.queueName);
    if (consumers.length === 0) {
      logPush(404);
      return jsonAt(404, { message: `No consumer is declared for queue '${request.queueName}'` });
    }
    if (++invocation.chain.pushes > MAX_PUSHES_PER_CHAIN) {
      logPush(405);
      return jsonAt(405, { message: 'Cyclic invocation limit reached' });
    }
    this.jobs.set(request.jobId, { success: 0, inProgress: events.length * consumers.length, failed: 0, cancelled: false });
    for (const consumer of consumers) {
      for (const event of events) {
        const delivery: Delivery = {
          installation: invocation.installation,
          consumer,
          event,
          jobId: request.jobId,
          eventId: randomUUID(),
          retryCount: 0,
          firstAttemptAt: Date.now(),
          chain: invocation.chain,
        };
        this.schedule(delivery, event.delayInSeconds ?? 0);
        if (this.options.faults?.duplicateRate && this.random() < this.options.faults.duplicateRate) {
          // A duplicate is the same event (same eventId) delivered again: at-least-once delivery.
          this.schedule({ ...delivery, duplicate: true }, event.delayInSeconds ?? 0);
        }
      }
    }
    logPush(201);
    return new Response(null, { status: 201 });
  }

  stats(request: { jobId?: string }): Response {
    const job = request.jobId ? this.jobs.get(request.jobId) : undefined;
    if (!job) return jsonAt(404, { message: 'Job not found' });
    return jsonAt(200, { success: job.success, inProgress: job.inProgress, failed: job.failed });
  }

  cancel(request: { jobId?: string }): Response {
    const job = request.jobId ? this.jobs.get(request.jobId) : undefined;
    if (!job) return jsonAt(404, { message: 'Job not found' });
    job.cancelled = true;
    return new Response(null, { status: 204 });
  }

  private schedule(delivery: Delivery, delaySeconds: number): void {
    const jitter = this.options.faults?.reorderSeconds ? this.random() * this.options.faults.reorderSeconds : 0;
    this.deliveries.later((delaySeconds + jitter) * this.options.msPerSecond, () => this.deliver(delivery, delaySeconds));
  }

  private async deliver(delivery: Delivery, delaySeconds: number): Promise<void> {
    const job = this.jobs.get(delivery.jobId);
    if (job?.cancelled) return;
    const { key, limit } = delivery.event.concurrency ?? { key: '', limit: 0 };
    if (key) await this.acquire(`${delivery.installation.id}/${key}`, limit);
    try {
      await this.attempt(delivery, delaySeconds);
    } finally {
      if (key) this.release(`${delivery.installation.id}/${key}`);
    }
  }

  private async attempt(delivery: Delivery, delaySeconds: number): Promise<void> {
    const asyncEvent = {
      ...delivery.event,
      queueName: delivery.consumer.queue,
      jobId: delivery.jobId,
      eventId: delivery.eventId,
      ...(delivery.retryCount > 0
        ? {
            retryContext: {
              retryCount: delivery.retryCount,
              retryReason: delivery.retryReason,
              retryData: delivery.retryData,
              retentionWindow: { startTime: new Date(delivery.firstAttemptAt).toISOString(), remainingTimeMs: 24 * 3_600_000 },
            },
          }
        : {}),
    };
    const outcome = await this.invoke({
      installation: delivery.installation,
      functionKey: delivery.consumer.function,
      moduleKey: delivery.consumer.key,
      args: [asyncEvent, functionContext(delivery.installation)],
      chain: delivery.chain,
    });
    const logDelivery = (result: string) =>
      this.log.add({
        kind: 'queue-delivery',
        installationId: delivery.installation.id,
        queue: delivery.consumer.queue,
        eventId: delivery.eventId,
        attempt: delivery.retryCount + 1,
        delaySeconds,
        outcome: result,
      });

    if (outcome.status === 'ok' && !isRetryRequest(outcome.value)) {
      logDelivery('ok');
      this.finish(delivery, 'success');
      return;
    }
    let retryAfter: number;
    let reason: string;
    let retryData: unknown;
    if (outcome.status === 'ok' && isRetryRequest(outcome.value)) {
      const opts = outcome.value.retryOptions;
      retryAfter = Math.min(Math.max(opts.retryAfter ?? 1, 1), MAX_RETRY_AFTER_SECONDS);
      reason = opts.retryReason ?? 'FUNCTION_RETRY_REQUEST';
      retryData = opts.retryData;
      if (retryData !== undefined && Buffer.byteLength(JSON.stringify(retryData)) > MAX_RETRY_DATA_BYTES) {
        logDelivery('retry-data-too-large');
        this.finish(delivery, 'failed');
        return;
      }
    } else {
      // UNCONFIRMED: the platform's own backoff after a crash or timeout; doubling from 5 s.
      retryAfter = Math.min(5 * 2 ** delivery.retryCount, MAX_RETRY_AFTER_SECONDS);
      reason = outcome.status === 'timeout' ? 'FUNCTION_TIME_OUT' : 'FUNCTION_PLATFORM_UNKNOWN_ERROR';
      retryData = undefined;
    }
    if (delivery.retryCount >= this.options.maxRetries) {
      logDelivery(`failed:${reason}`);
      this.finish(delivery, 'failed');
      return;
    }
    logDelivery(`retry:${reason}:${retryAfter}s`);
    this.schedule({ ...delivery, retryCount: delivery.retryCount + 1, retryReason: reason, retryData }, retryAfter);
  }

  private finish(delivery: Delivery, result: 'success' | 'failed'): void {
    const job = this.jobs.get(delivery.jobId);
    if (!job || delivery.duplicate) return;
    job.inProgress--;
    job[result]++;
  }

  private async acquire(key: string, limit: number): Promise<void> {
    while ((this.running.get(key) ?? 0) >= limit) {
      await new Promise<void>((resolve) => this.waiting.set(key, [...(this.waiting.get(key) ?? []), resolve]));
    }
    this.running.set(key, (this.running.get(key) ?? 0) + 1);
  }

  private release(key: string): void {
    this.running.set(key, (this.running.get(key) ?? 1) - 1);
    const next = this.waiting.get(key)?.shift();
    next?.();
  }
}

/** Response.json, status first. */
const jsonAt = (status: number, body: unknown): Response => Response.json(body, { status });
