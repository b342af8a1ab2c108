/** Counts messages per topic; rate() is messages per second over a sliding window. */
export class RateMeter {
  readonly #stamps: Float64Array;
  #next = 0;
  #count = 0;
  last = 0;
  total = 0;

  constructor(capacity = 256) {
    this.#stamps = new Float64Array(capacity);
  }

  tick(now = performance.now()): void {
    this.#stamps[this.#next] = now;
    this.#next = (this.#next + 1) % this.#stamps.length;
    if (this.#count < this.#stamps.length) this.#count++;
    this.last = now;
    this.total++;
  }

  rate(windowMs = 2000, now = performance.now()): number {
    let n = 0;
    let oldest = now;
    for (let i = 0; i < this.#count; i++) {
      const t = this.#stamps[i]!;
      if (now - t <= windowMs) {
        n++;
        if (t < oldest) oldest = t;
      }
    }
    if (n < 2) return n === 1 && now - this.last < windowMs ? 1000 / windowMs : 0;
    return ((n - 1) * 1000) / Math.max(1, now - oldest);
  }
}
