/**
 * Counts the platform work still under way (scheduled deliveries, running invocations) so that
 * tests and the benchmark can wait until the system is quiet instead of sleeping.
 */
export class WorkTracker {
  private pending = 0;
  private waiters: Array<() => void> = [];

  begin(): () => void {
    this.pending++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.pending--;
      if (this.pending === 0) {
        // Let follow-up work scheduled in the same tick register before declaring quiet.
        setImmediate(() => {
          if (this.pending !== 0) return;
          const waiters = this.waiters;
          this.waiters = [];
          waiters.forEach((w) => w());
        });
      }
    };
  }

  get busy(): boolean {
    return this.pending > 0;
  }

  settled(): Promise<void> {
    if (this.pending === 0) return new Promise((resolve) => setImmediate(resolve));
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
