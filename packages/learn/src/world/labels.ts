/**
 * Ground-truth labels: which image columns see the target, and at what range. A column sees the target
 * when its ray (from the camera) meets the target's footprint and the lidar, at the bearing of that
 * point, reports nothing nearer (so walls, partitions and other objects occlude). Needs only the target's
 * footprint, the robot pose and the scan, so it also labels bags that carry those.
 */
import { columnBearing, rangeAt, type PreprocessConfig } from '@navstack/policy';
import { wrapAngle } from '@navstack/math';
import type { sensor_msgs } from '@navstack/msgs';
import type { Pose2D, WorldObject } from './types.ts';

export interface ColumnLabel {
  /** Target distribution over cols + 1 classes (last = target not in view). */
  dist: Float32Array;
  /** Range (m) from the robot to the target's surface per column where it is seen, else 0. */
  range: Float32Array;
  mask: Float32Array;
  visible: boolean;
  /** Bearing (rad) and distance (m) of the target centre from the robot. */
  bearing: number;
  distance: number;
}

/** Distance along a unit ray to a footprint (circle or rotated rectangle), Infinity if missed. */
export function rayFootprint(px: number, py: number, dx: number, dy: number, o: WorldObject): number {
  const fx = px - o.x, fy = py - o.y;
  if (o.footprint.kind === 'circle') {
    const r = o.footprint.radius;
    const b = fx * dx + fy * dy;
    const disc = b * b - (fx * fx + fy * fy - r * r);
    if (disc < 0) return Infinity;
    const t = -b - Math.sqrt(disc);
    return t >= 0 ? t : -b + Math.sqrt(disc) >= 0 ? 0 : Infinity;
  }
  const { halfX, halfY, yaw } = o.footprint;
  const c = Math.cos(yaw), s = Math.sin(yaw);
  const lx = c * fx + s * fy, ly = -s * fx + c * fy;
  const ldx = c * dx + s * dy, ldy = -s * dx + c * dy;
  let t0 = -Infinity, t1 = Infinity;
  for (const [p, d, h] of [[lx, ldx, halfX], [ly, ldy, halfY]] as const) {
    if (Math.abs(d) < 1e-12) {
      if (Math.abs(p) > h) return Infinity;
    } else {
      let a = (-h - p) / d, b = (h - p) / d;
      if (a > b) [a, b] = [b, a];
      t0 = Math.max(t0, a);
      t1 = Math.min(t1, b);
    }
  }
  if (t1 < Math.max(t0, 0)) return Infinity;
  return Math.max(t0, 0);
}

export function columnLabels(c: PreprocessConfig, target: WorldObject, pose: Pose2D, scan: sensor_msgs.LaserScan, cameraOffset: number): ColumnLabel {
  const dist = new Float32Array(c.cols + 1);
  const range = new Float32Array(c.cols);
  const mask = new Float32Array(c.cols);
  const cx = pose.x + cameraOffset * Math.cos(pose.yaw), cy = pose.y + cameraOffset * Math.sin(pose.yaw);
  let hits = 0;
  for (let k = 0; k < c.cols; k++) {
    const a = pose.yaw + columnBearing(c, k);
    const dx = Math.cos(a), dy = Math.sin(a);
    const t = rayFootprint(cx, cy, dx, dy, target);
    if (!Number.isFinite(t)) continue;
    const px = cx + t * dx, py = cy + t * dy;
    const d = Math.hypot(px - pose.x, py - pose.y);
    if (d > c.rangeMax) continue;
    const lb = Math.atan2(py - pose.y, px - pose.x) - pose.yaw;
    const r = rangeAt(scan, wrapAngle(lb), c.rangeMax + 1);
    if (r < d - 0.2) continue; // something nearer in the way
    dist[k] = 1;
    range[k] = d;
    mask[k] = 1;
    hits++;
  }
  if (hits === 0) dist[c.cols] = 1;
  else for (let k = 0; k < c.cols; k++) dist[k] /= hits;
  const b = Math.atan2(target.y - pose.y, target.x - pose.x) - pose.yaw;
  return { dist, range, mask, visible: hits > 0, bearing: wrapAngle(b), distance: Math.hypot(target.x - pose.x, target.y - pose.y) };
}
