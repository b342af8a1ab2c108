/**
 * Ground-truth geometry for recording and evaluation: the simulator's static map as nav's ReferenceMap (the
 * reference nav's own benchmark measures "path / shortest" with: configuration-space distances and shortest
 * collision-free any-angle paths for a disc of the robot's radius), and the nearest place to stand near an object.
 */
import { ReferenceMap, staticMapOf } from '@navstack/nav/testing';
import { distanceToObject, type Simulator, type WorldObject } from '@navstack/sim';
import type { Pose2D } from './types.ts';

export { ReferenceMap };

export function referenceMap(sim: Simulator): ReferenceMap {
  return new ReferenceMap(staticMapOf(sim), sim.robot.radius);
}

/** The point on the ray from the object's centre at `bearing` that lies `surface` m from its boundary (bisection). */
function pointAt(o: WorldObject, bearing: number, surface: number): { x: number; y: number } {
  const c = Math.cos(bearing), s = Math.sin(bearing);
  let lo = 0, hi = o.radius + surface + 1;
  for (let k = 0; k < 30; k++) {
    const mid = (lo + hi) / 2;
    if (distanceToObject(o, o.x + mid * c, o.y + mid * s) < surface) lo = mid;
    else hi = mid;
  }
  return { x: o.x + hi * c, y: o.y + hi * s };
}

/**
 * Of `n` points around the object `surface` m from its boundary, the one with the shortest collision-free path
 * from `from`, facing the object, and that path's length; undefined when none can be reached.
 */
export function closestApproach(ref: ReferenceMap, from: Pose2D, o: WorldObject, surface: number, n = 72): { pose: Pose2D; length: number } | undefined {
  let best: { pose: Pose2D; length: number } | undefined;
  for (let k = 0; k < n; k++) {
    const p = pointAt(o, (2 * Math.PI * k) / n, surface);
    const length = ref.shortestPath(from, { ...p, yaw: 0 });
    if (length !== undefined && (!best || length < best.length)) best = { pose: { ...p, yaw: Math.atan2(o.y - p.y, o.x - p.x) }, length };
  }
  return best;
}
