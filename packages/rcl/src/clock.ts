import { timeFromNanos } from '@navstack/msgs';
import type { Clock } from './interfaces.ts';

/** System time in nanoseconds, with sub-millisecond resolution. */
export function systemNanos(): bigint {
  return BigInt(Date.now()) * 1_000_000n + BigInt(Math.floor((performance.now() % 1) * 1e6));
}

export function makeClock(nanos: () => bigint, isSimTime: boolean): Clock {
  return { isSimTime, nowNanos: nanos, now: () => timeFromNanos(nanos()), nowSeconds: () => Number(nanos()) / 1e9 };
}
