/** Ground-truth labels from the simulator's world: which image columns see the target, and at what range. */
import { columnBearing, type PreprocessConfig } from '../preprocess.ts';
import { rayObject, rayWalls } from './raycast.ts';
import type { Pose2D, World } from './types.ts';

export interface ColumnLabel {
  /** Target distribution over cols + 1 classes (last = target not in view). */
  dist: Float32Array;
  /** Surface range (m) per column where the target is first hit, else 0. */
  range: Float32Array;
  /** 1 where range is valid. */
  mask: Float32Array;
  visible: boolean;
  /** Bearing (rad) and distance (m) of the target centre, whether visible or not. */
  bearing: number;
  distance: number;
}

export function columnLabels(c: PreprocessConfig, world: World, pose: Pose2D, targetName: string): ColumnLabel {
  const target = world.objects.find((o) => o.name === targetName);
  if (!target) throw new Error(`labels: target '${targetName}' is not in world '${world.name}'`);
  const dist = new Float32Array(c.cols + 1);
  const range = new Float32Array(c.cols);
  const mask = new Float32Array(c.cols);
  let hits = 0;
  for (let k = 0; k < c.cols; k++) {
    const a = pose.yaw + columnBearing(c, k);
    const dx = Math.cos(a), dy = Math.sin(a);
    const tt = rayObject(pose.x, pose.y, dx, dy, target);
    if (!Number.isFinite(tt) || tt > c.rangeMax) continue;
    if (tt > rayWalls(pose.x, pose.y, dx, dy, world.bounds)) continue;
    // Occluded when another object is nearer and at least as tall as what the camera would see of the target.
    let occluded = false;
    for (const o of world.objects) {
      if (o === target) continue;
      const t = rayObject(pose.x, pose.y, dx, dy, o);
      if (t < tt && o.size[2] >= Math.min(target.size[2], 0.6)) {
        occluded = true;
        break;
      }
    }
    if (occluded) continue;
    dist[k] = 1;
    range[k] = tt;
    mask[k] = 1;
    hits++;
  }
  if (hits === 0) dist[c.cols] = 1;
  else for (let k = 0; k < c.cols; k++) dist[k] /= hits;
  let bearing = Math.atan2(target.y - pose.y, target.x - pose.x) - pose.yaw;
  bearing = Math.atan2(Math.sin(bearing), Math.cos(bearing));
  return { dist, range, mask, visible: hits > 0, bearing, distance: Math.hypot(target.x - pose.x, target.y - pose.y) };
}
