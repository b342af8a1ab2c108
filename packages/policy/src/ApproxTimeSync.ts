/**
 * Approximate-time pairing of two message streams by header stamp (like message_filters' ApproximateTime
 * for two topics): each arrival is matched with the nearest-stamped message of the other stream within `slop`;
 * a pair is emitted at most once and never older than the last emitted pair. A message more than `jumpBack`
 * seconds older than the last pair means the clock went back (a simulator reset, a bag played again): the
 * sync starts afresh instead of waiting for time to catch up.
 */
import { timeToSeconds } from '@navstack/msgs';

export interface Stamped {
  header: { stamp: { sec: number; nanosec: number } };
}

const stampSeconds = (m: Stamped) => timeToSeconds(m.header.stamp);

export class ApproxTimeSync<A extends Stamped, B extends Stamped> {
  readonly slop: number;
  readonly depth: number;
  readonly jumpBack: number;
  readonly #a: A[] = [];
  readonly #b: B[] = [];
  #lastEmitted = -Infinity;
  readonly #onPair: (a: A, b: B) => void;
  dropped = 0;
  /** times the clock went back and the sync started afresh */
  resets = 0;

  constructor(options: { slop: number; depth?: number; jumpBack?: number }, onPair: (a: A, b: B) => void) {
    this.slop = options.slop;
    this.depth = options.depth ?? 5;
    this.jumpBack = options.jumpBack ?? 1;
    this.#onPair = onPair;
  }

  addA(a: A): void {
    this.#add(this.#a, a, this.#b, (x, y) => this.#onPair(x as A, y as B));
  }

  addB(b: B): void {
    this.#add(this.#b, b, this.#a, (x, y) => this.#onPair(y as A, x as B));
  }

  #add<X extends Stamped, Y extends Stamped>(own: X[], m: X, other: Y[], emit: (x: X, y: Y) => void): void {
    const t = stampSeconds(m);
    if (t < this.#lastEmitted - this.jumpBack) {
      this.#a.length = 0;
      this.#b.length = 0;
      this.#lastEmitted = -Infinity;
      this.resets++;
    }
    if (t <= this.#lastEmitted) {
      this.dropped++;
      return;
    }
    let best = -1, bd = Infinity;
    for (let i = 0; i < other.length; i++) {
      const d = Math.abs(stampSeconds(other[i]) - t);
      if (d < bd) { bd = d; best = i; }
    }
    if (best >= 0 && bd <= this.slop) {
      const o = other[best];
      other.splice(0, best + 1);
      // drop our own older entries too
      own.length = 0;
      this.#lastEmitted = Math.min(t, stampSeconds(o));
      emit(m, o);
      return;
    }
    own.push(m);
    if (own.length > this.depth) {
      own.shift();
      this.dropped++;
    }
  }
}
