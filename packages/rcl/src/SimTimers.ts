/**
 * Timers on simulated time: they fire as /clock advances, not as wall time passes, so a simulator
 * stepping as fast as possible drives every node deterministically. Shared by both backends.
 */
interface SimTimer {
  period: bigint;
  next: bigint;
  callback: () => void;
  canceled: boolean;
}

export class SimTimers {
  readonly #timers: SimTimer[] = [];
  #now = 0n;

  /** `run` schedules a due callback (the local bus queues it; the ros2 backend calls it). */
  constructor(private readonly run: (callback: () => void) => void) {}

  get nowNanos(): bigint {
    return this.#now;
  }

  add(periodNanos: bigint, callback: () => void): { cancel(): void; isCanceled(): boolean } {
    const t: SimTimer = { period: periodNanos, next: this.#now + periodNanos, callback, canceled: false };
    this.#timers.push(t);
    return {
      cancel: () => {
        t.canceled = true;
        this.#timers.splice(this.#timers.indexOf(t), 1);
      },
      isCanceled: () => t.canceled,
    };
  }

  /** A /clock message: moves time to `ns` and runs the timers that came due. */
  advance(ns: bigint): void {
    const jumpedBack = ns < this.#now;
    this.#now = ns;
    for (const t of [...this.#timers]) {
      if (t.canceled) continue;
      if (jumpedBack) t.next = ns + t.period; // sim reset: restart timers from the new time
      if (ns >= t.next) {
        // Missed periods are skipped (not run back to back), keeping the timer's phase, as rcl does.
        const missed = (ns - t.next) / t.period;
        t.next += (missed + 1n) * t.period;
        this.run(t.callback);
      }
    }
  }
}
