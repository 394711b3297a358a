/**
 * Product events: the Confluence emulator publishes each content change here, and the host
 * invokes every trigger function whose manifest module subscribes to that event type, applying
 * the module's filter expression. Delivery is asynchronous and at least once; a function that
 * returns an `InvocationError` is retried after its `retryAfter`, at most four times. In fault
 * mode events are delivered twice and out of order, as at-least-once, asynchronous delivery
 * allows (forge-platform.md, retries of product events: "at least once", ordering UNCONFIRMED); the app must change nothing
 * twice.
 */
import type { AppManifest, TriggerModule } from './manifest';
import { functionContext, type Installation } from './installation';
import { isRetryRequest, type FunctionInvoker } from './function-invoker';
import type { InvocationLog } from './invocation-log';
import type { WorkTracker } from './work-tracker';
import { DelayedDeliveries } from './delayed-deliveries';
import type { QueueFaults } from './queue-service';
import { seededRandom } from './random';

export const MAX_PRODUCT_EVENT_RETRIES = 4;
const MAX_RETRY_AFTER_SECONDS = 900;

export interface ProductEvent {
  eventType: string;
  [field: string]: unknown;
}

export class ProductEventService {
  private readonly random: () => number;
  /** Held and dropped by the sandbox's Reset (see DelayedDeliveries). */
  readonly deliveries: DelayedDeliveries;

  constructor(
    private readonly manifest: AppManifest,
    private readonly invoke: FunctionInvoker,
    private readonly log: InvocationLog,
    tracker: WorkTracker,
    private readonly msPerSecond: number,
    /** The same duplicate and reorder faults as the queues (their seed, offset so the two differ). */
    private readonly faults: QueueFaults = {},
  ) {
    this.random = seededRandom((faults.seed ?? 1) + 7919);
    this.deliveries = new DelayedDeliveries(tracker, 'product event delivery');
  }

  /** Queues delivery of one event to each subscribed trigger; returns how many will receive it. */
  publish(installation: Installation, event: ProductEvent): number {
    const triggers = this.manifest.triggers.filter((t) => t.events.includes(event.eventType));
    let receivers = 0;
    for (const trigger of triggers) {
      if (!this.passesFilter(trigger, event)) {
        this.log.add({ kind: 'product-event', installationId: installation.id, eventType: event.eventType, trigger: trigger.key, outcome: 'filtered' });
        continue;
      }
      receivers++;
      this.schedule(installation, trigger, event, 0, this.jitter());
      if (this.faults.duplicateRate && this.random() < this.faults.duplicateRate) this.schedule(installation, trigger, event, 0, this.jitter());
    }
    return receivers;
  }

  /** A random extra delay in fault mode, which reorders deliveries. */
  private jitter(): number {
    return this.faults.reorderSeconds ? this.random() * this.faults.reorderSeconds : 0;
  }

  private passesFilter(trigger: TriggerModule, event: ProductEvent): boolean {
    const expression = trigger.filter?.expression;
    if (!expression) return true;
    try {
      // The expression comes from our own manifest, not from users: evaluating it as JS is safe here.
      return Boolean(new Function('event', `return (${expression});`)(event));
    } catch {
      const onError = trigger.filter?.onError ?? 'IGNORE_AND_LOG';
      return onError === 'RECEIVE' || onError === 'RECEIVE_AND_LOG';
    }
  }

  private schedule(installation: Installation, trigger: TriggerModule, event: ProductEvent, retryCount: number, delaySeconds: number, retry?: object): void {
    this.deliveries.later(delaySeconds * this.msPerSecond, () => this.deliver(installation, trigger, event, retryCount, retry));
  }

  private async deliver(installation: Installation, trigger: TriggerModule, event: ProductEvent, retryCount: number, retry?: object): Promise<void> {
    const payload = retry ? { ...event, retryContext: retry } : event;
    const outcome = await this.invoke({
      installation,
      functionKey: trigger.function,
      moduleKey: trigger.key,
      args: [payload, functionContext(installation)],
    });
    const actor = typeof event.atlassianId === 'string' ? { actor: event.atlassianId } : {};
    const record = (result: string) =>
      this.log.add({ kind: 'product-event', installationId: installation.id, eventType: event.eventType, trigger: trigger.key, outcome: result, ...actor });

    if (outcome.status === 'ok' && isRetryRequest(outcome.value)) {
      if (retryCount >= MAX_PRODUCT_EVENT_RETRIES) {
        record('dropped:retries-exhausted');
        return;
      }
      const opts = outcome.value.retryOptions;
      const after = Math.min(Math.max(opts.retryAfter ?? 1, 1), MAX_RETRY_AFTER_SECONDS);
      record(`retry:${after}s`);
      this.schedule(installation, trigger, event, retryCount + 1, after, {
        retryCount: retryCount + 1,
        retryReason: opts.retryReason ?? 'FUNCTION_RETRY_REQUEST',
        retryData: opts.retryData,
      });
      return;
    }
    // UNCONFIRMED: whether the platform retries a product event whose function threw; we do not.
    record(outcome.status === 'ok' ? 'ok' : outcome.status);
  }
}
