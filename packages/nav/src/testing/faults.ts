import type { NavHarness } from './NavHarness.ts';

export interface FaultResult {
  /** the base stopped (|v|, |w| < 1e-6, zero command) within 2 s of the fault */
  stopped: boolean;
  /** fault -> first zero on cmd_vel (s) */
  reactionTime: number;
  /** first zero on cmd_vel -> base stopped (s); the base decelerates at its own limit */
  brakingTime: number;
  /** fault -> base stopped (s) */
  stopTime: number;
  /** max |v| and |w| of the base while the fault lasted, after it stopped */
  maxSpeedDuringFault: number;
  /** metres moved while the fault lasted, after it stopped */
  drift: number;
  /** the base moved again after the fault cleared */
  resumed: boolean;
}

/**
 * Drive with `drive` (called every physics step) until full speed, inject a fault, measure how fast the
 * base stops and that it stays stopped for `holdSeconds`, clear the fault and check it moves again.
 */
export function runFault(h: NavHarness, o: { drive: () => void; inject: () => void; clear: () => void; warmup?: number; holdSeconds?: number }): FaultResult {
  const sim = h.sim;
  h.run(o.warmup ?? 2, undefined, o.drive);
  const tFault = h.time;
  o.inject();
  let tZero = NaN;
  const stopped = h.run(
    2,
    () => {
      if (Number.isNaN(tZero) && h.cmdVel.linear === 0 && h.cmdVel.angular === 0) tZero = h.time;
      return Math.abs(sim.velocity().linear) < 1e-6 && Math.abs(sim.velocity().angular) < 1e-6 && h.cmdVel.linear === 0 && h.cmdVel.angular === 0;
    },
    o.drive,
  );
  const tStop = h.time;
  const before = sim.pose();
  let maxSpeed = 0;
  h.run(o.holdSeconds ?? 3, undefined, () => {
    o.drive();
    maxSpeed = Math.max(maxSpeed, Math.abs(sim.velocity().linear), Math.abs(sim.velocity().angular));
  });
  const after = sim.pose();
  o.clear();
  let resumed = false;
  h.run(2, () => (resumed = Math.abs(sim.velocity().linear) > 0.05 || Math.abs(sim.velocity().angular) > 0.05), o.drive);
  return {
    stopped,
    reactionTime: tZero - tFault,
    brakingTime: tStop - tZero,
    stopTime: tStop - tFault,
    maxSpeedDuringFault: maxSpeed,
    drift: Math.hypot(after.x - before.x, after.y - before.y),
    resumed,
  };
}
