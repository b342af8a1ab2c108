import { TELEOP_DEFAULTS } from '../teleop.ts';
import type { NavHarness } from './NavHarness.ts';

/** Issue 4: after each fault the robot is at rest within this much sim time (s). */
export const FAULT_STOP_BUDGET = 0.5;

export interface FaultResult {
  /** the base stopped (|v|, |w| < 1e-6, zero command) within 2 s of the fault */
  stopped: boolean;
  /** |v| of the base when the fault was injected (m/s) */
  speedAtFault: number;
  /** fault -> first zero on cmd_vel (s) */
  reactionTime: number;
  /** first zero on cmd_vel -> base at rest (s); the base brakes at its own limit */
  brakingTime: number;
  /** fault -> base at rest (s) */
  stopTime: number;
  /** max |v| and |w| of the base while the fault lasted, after it stopped */
  maxSpeedDuringFault: number;
  /** max |linear| and |angular| on cmd_vel while the fault lasted, after the base stopped */
  maxCmdDuringFault: number;
  /** metres moved while the fault lasted, after it stopped */
  drift: number;
  /** the base moved again after the fault cleared */
  resumed: boolean;
}

export interface FaultOptions {
  /** called before every physics step (a velocity source) */
  drive: () => void;
  inject: () => void;
  clear: () => void;
  /** seconds of driving before the fault (default 2) */
  warmup?: number;
  /** seconds the fault lasts after the base stopped (default 3) */
  holdSeconds?: number;
  /**
   * For a source that goes silent: sim time of its last message, read when the fault is injected. The
   * fault is counted from then (the worst case: the source died right after sending), not from the
   * moment the test silenced it.
   */
  lastMessage?: () => number;
}

/**
 * Drive with `drive` (called every physics step) until full speed, inject a fault, measure how fast the
 * base stops and that it stays stopped for `holdSeconds`, clear the fault and check it moves again.
 */
export function runFault(h: NavHarness, o: FaultOptions): FaultResult {
  const sim = h.sim;
  h.run(o.warmup ?? 2, undefined, o.drive);
  const speedAtFault = Math.abs(sim.velocity().linear);
  const tFault = o.lastMessage ? o.lastMessage() : h.time;
  o.inject();
  let tZero = NaN;
  const cmdZero = () => h.cmdVel.linear === 0 && h.cmdVel.angular === 0;
  if (cmdZero()) tZero = h.time; // zero on cmd_vel before the next step (the e-stop's output is immediate)
  const stopped = h.run(
    2,
    () => {
      if (Number.isNaN(tZero) && cmdZero()) tZero = h.time;
      return Math.abs(sim.velocity().linear) < 1e-6 && Math.abs(sim.velocity().angular) < 1e-6 && cmdZero();
    },
    o.drive,
  );
  const tStop = h.time;
  const before = sim.pose();
  let maxSpeed = 0;
  let maxCmd = 0;
  h.run(o.holdSeconds ?? 3, undefined, () => {
    o.drive();
    maxSpeed = Math.max(maxSpeed, Math.abs(sim.velocity().linear), Math.abs(sim.velocity().angular));
    maxCmd = Math.max(maxCmd, Math.abs(h.cmdVel.linear), Math.abs(h.cmdVel.angular));
  });
  const after = sim.pose();
  o.clear();
  let resumed = false;
  h.run(2, () => (resumed = Math.abs(sim.velocity().linear) > 0.05 || Math.abs(sim.velocity().angular) > 0.05), o.drive);
  return {
    stopped,
    speedAtFault,
    reactionTime: tZero - tFault,
    brakingTime: tStop - tZero,
    stopTime: tStop - tFault,
    maxSpeedDuringFault: maxSpeed,
    maxCmdDuringFault: maxCmd,
    drift: Math.hypot(after.x - before.x, after.y - before.y),
    resumed,
  };
}

/** A teleop source as navstack teleop and the viewer are: `linear` on cmd_vel_teleop at `rate` Hz of sim time while `sending`. */
export class TeleopSource {
  sending = true;
  /** sim time of the last message sent */
  lastSent = -Infinity;
  readonly #every: number;
  constructor(
    readonly h: NavHarness,
    readonly linear: number,
    rate = TELEOP_DEFAULTS.rate,
  ) {
    this.#every = Math.max(1, Math.round(1 / (rate * h.sim.dt)));
  }
  readonly drive = (): void => {
    if (!this.sending || Math.round(this.h.time / this.h.sim.dt) % this.#every !== 0) return;
    this.h.pubTeleop.publish({ linear: { x: this.linear, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
    this.lastSent = this.h.time;
  };
}

export type TeleopFault = 'estop' | 'teleop_silent' | 'lidar_silent';

/**
 * Issue 4's faults while teleop drives straight at `linear` (the robot's full speed): an e-stop pressed,
 * the teleop source going silent, the lidar going silent. The harness must have room ahead for ~2 m.
 */
export function runTeleopFault(h: NavHarness, kind: TeleopFault, o: { linear: number; warmup?: number; holdSeconds?: number }): FaultResult {
  const src = new TeleopSource(h, o.linear);
  return runFault(h, {
    drive: src.drive,
    warmup: o.warmup ?? 1.5,
    holdSeconds: o.holdSeconds ?? 2,
    lastMessage: kind === 'teleop_silent' ? () => src.lastSent : kind === 'lidar_silent' ? () => h.lastScanTime : undefined,
    inject: () => (kind === 'estop' ? h.pubEstop.publish({ data: true }) : kind === 'teleop_silent' ? (src.sending = false) : (h.scanSilenced = true)),
    clear: () => (kind === 'estop' ? h.pubEstop.publish({ data: false }) : kind === 'teleop_silent' ? (src.sending = true) : (h.scanSilenced = false)),
  });
}
