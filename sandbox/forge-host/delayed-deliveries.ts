/**
 * Deliveries the host makes later (queued events, product events): each one a timer outside any
 * invocation, counted by the work tracker until it has run. The sandbox's Reset holds and drops
 * them (sandbox infrastructure, not a Forge behaviour): while `holding`, a delivery is dropped as
 * soon as it is scheduled, and `dropPending` forgets every one whose time has not come.
 */
import { outsideInvocation } from './invocation-context';
import type { WorkTracker } from './work-tracker';

export class DelayedDeliveries {
  /** Deliveries waiting for their time, with what marks each done for the work tracker. */
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  holding = false;

  constructor(
    private readonly tracker: WorkTracker,
    /** Names a crashed delivery in the console. */
    private readonly what: string,
  ) {}

  /** Runs `deliver` after `ms`, unless the deliveries are held or dropped first. */
  later(ms: number, deliver: () => Promise<void>): void {
    if (this.holding) return;
    const done = this.tracker.begin();
    outsideInvocation(() => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        deliver()
          .catch((e) => console.error(`[forge-host] ${this.what} crashed`, e))
          .finally(done);
      }, ms);
      this.timers.set(timer, done);
    });
  }

  /** Forgets every delivery whose time has not come; returns how many were dropped. */
  dropPending(): number {
    const dropped = this.timers.size;
    for (const [timer, done] of this.timers) {
      clearTimeout(timer);
      done();
    }
    this.timers.clear();
    return dropped;
  }
}
