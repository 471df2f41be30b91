/**
 * An in-process "something may have changed" signal: the outbox (after a local append), the
 * change feed (another instance's append) and stream changes ring it; the push dispatcher and
 * long polls wait on it.
 */
export class WakeSignal {
  private waiters = new Set<() => void>();

  /** Wakes everyone waiting now. */
  wake(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const resolve of waiting) resolve();
  }

  /** Resolves at the next wake, after `ms`, or when `abort` fires — whichever comes first. */
  wait(ms: number, abort?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        abort?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.waiters.add(done);
      abort?.addEventListener("abort", done, { once: true });
    });
  }
}
