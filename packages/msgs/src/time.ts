import type { builtin_interfaces } from './generated/types.ts';

export type Time = builtin_interfaces.Time;

export function timeFromNanos(ns: bigint): Time {
  return { sec: Number(ns / 1_000_000_000n), nanosec: Number(ns % 1_000_000_000n) };
}

export function timeFromSeconds(s: number): Time {
  const sec = Math.floor(s);
  return { sec, nanosec: Math.round((s - sec) * 1e9) % 1_000_000_000 };
}

export function timeToSeconds(t: Time): number {
  return t.sec + t.nanosec * 1e-9;
}

export function timeToNanos(t: Time): bigint {
  return BigInt(t.sec) * 1_000_000_000n + BigInt(t.nanosec);
}
