/**
 * Scans combined while the robot stands still, for the close-up check. Its lidar evidence (lidarShape.ts) is
 * weighed against the scan's noise; on a noisy lidar (a low-cost one at 0.03 m) one scan cannot tell a box's
 * corner from a cylinder's arc, but the per-beam median of N scans from one pose has about 1.25 noise / sqrt(N):
 * the check looks a moment longer instead of guessing. The median, not the mean: a spurious return or a dropout in
 * one scan moves it little.
 */
import type { sensor_msgs } from '@navstack/msgs';
import type { Pose2D } from './pose.ts';

export class StillScans {
  #ranges: Float32Array[] = [];
  #latest?: sensor_msgs.LaserScan;
  #at?: Pose2D;

  /**
   * `max` scans at most (the oldest drop out); a move of more than `still` m or rad starts again (3 mm: a robot
   * still settling after a goal turns by more, and scans from two poses blur an object's edges into corners).
   */
  constructor(
    readonly max = 12,
    readonly still = 0.003,
  ) {}

  add(scan: sensor_msgs.LaserScan, pose: Pose2D): void {
    const moved = !this.#at || Math.hypot(pose.x - this.#at.x, pose.y - this.#at.y) > this.still || Math.abs(Math.atan2(Math.sin(pose.yaw - this.#at.yaw), Math.cos(pose.yaw - this.#at.yaw))) > this.still;
    if (moved || this.#latest?.ranges.length !== scan.ranges.length || this.#latest.angle_min !== scan.angle_min || this.#latest.angle_increment !== scan.angle_increment) {
      this.#ranges = [];
      this.#at = { ...pose };
    }
    this.#ranges.push(Float32Array.from(scan.ranges));
    if (this.#ranges.length > this.max) this.#ranges.shift();
    this.#latest = scan;
  }

  /** Scans since the robot last moved (up to `max`). */
  get count(): number {
    return this.#ranges.length;
  }

  /** The newest scan with each beam's range the median of its finite returns over the still scans (inf when none). */
  combined(): sensor_msgs.LaserScan | undefined {
    if (!this.#latest) return undefined;
    const n = this.#latest.ranges.length;
    const ranges = new Float32Array(n);
    const values: number[] = [];
    for (let i = 0; i < n; i++) {
      values.length = 0;
      for (const r of this.#ranges) if (Number.isFinite(r[i])) values.push(r[i]);
      values.sort((a, b) => a - b);
      const k = values.length;
      ranges[i] = k === 0 ? Infinity : k % 2 ? values[k >> 1] : (values[k / 2 - 1] + values[k / 2]) / 2;
    }
    return { ...this.#latest, ranges };
  }
}
