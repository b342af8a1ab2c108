import type { Costmap2D } from '../costmap/Costmap2D.ts';
import { wrapAngle, type Pose2D } from '@navstack/math';
import { astar, smoothPath } from './astar.ts';
import type { PathPlanner } from './GlobalPlanner.ts';
import { PlannerError } from './errors.ts';

export interface SmoothAStarOptions {
  /** weight of the cell cost in A*'s step cost (0 = shortest, hugging obstacles at the robot radius) */
  costWeight: number;
  /** spacing of the output poses, metres */
  interpolation: number;
  /** a goal in an occupied cell moves to the nearest free cell within this distance (metres) */
  goalTolerance: number;
  /** cells with this cost or more are not traversable (253 = the inscribed radius; lower keeps a margin) */
  blockedCost: number;
}

export const SMOOTH_ASTAR_DEFAULTS: SmoothAStarOptions = { costWeight: 3, interpolation: 0.05, goalTolerance: 0.25, blockedCost: 253 };

/** A* on the inflated costmap, then any-angle string pulling; output poses every `interpolation` metres. */
export class SmoothAStarPlanner implements PathPlanner {
  readonly options: SmoothAStarOptions;
  constructor(options: Partial<SmoothAStarOptions> = {}) {
    this.options = { ...SMOOTH_ASTAR_DEFAULTS, ...options };
  }

  createPlan(costmap: Costmap2D, start: Pose2D, goal: Pose2D): Pose2D[] {
    const sx = costmap.mx(start.x), sy = costmap.my(start.y);
    let gx = costmap.mx(goal.x), gy = costmap.my(goal.y);
    if (!costmap.inBounds(sx, sy)) throw new PlannerError('START_OUTSIDE_MAP', `start (${start.x.toFixed(2)}, ${start.y.toFixed(2)}) is outside the costmap`);
    if (!costmap.inBounds(gx, gy)) {
      const x1 = costmap.originX + costmap.width * costmap.resolution, y1 = costmap.originY + costmap.height * costmap.resolution;
      throw new PlannerError('GOAL_OUTSIDE_MAP', `goal (${goal.x.toFixed(2)}, ${goal.y.toFixed(2)}) is outside the costmap [${costmap.originX.toFixed(1)}, ${x1.toFixed(1)}] x [${costmap.originY.toFixed(1)}, ${y1.toFixed(1)}]`);
    }
    let moved = false;
    if (costmap.costs[costmap.index(gx, gy)]! >= this.options.blockedCost) {
      const alt = nearestFree(costmap, gx, gy, Math.ceil(this.options.goalTolerance / costmap.resolution), this.options.blockedCost);
      if (!alt) throw new PlannerError('GOAL_OCCUPIED', `goal (${goal.x.toFixed(2)}, ${goal.y.toFixed(2)}) is within the robot radius of an obstacle`);
      [gx, gy] = alt;
      moved = true;
    }
    const cells = astar(costmap, sx, sy, gx, gy, { costWeight: this.options.costWeight, blockedCost: this.options.blockedCost });
    const kept = smoothPath(costmap, cells, { blockedCost: this.options.blockedCost });
    const pts: { x: number; y: number }[] = [];
    for (let k = 0; k < kept.length; k++) {
      const c = kept[k]!;
      const mx = c % costmap.width;
      const my = (c - mx) / costmap.width;
      pts.push({ x: costmap.wx(mx), y: costmap.wy(my) });
    }
    pts[0] = { x: start.x, y: start.y };
    if (!moved) pts[pts.length - 1] = { x: goal.x, y: goal.y };
    return densify(pts, this.options.interpolation, goal.yaw);
  }
}

function nearestFree(costmap: Costmap2D, gx: number, gy: number, r: number, blocked: number): [number, number] | undefined {
  let best: [number, number] | undefined;
  let bestD = Infinity;
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const x = gx + dx, y = gy + dy;
      const d = dx * dx + dy * dy;
      if (d > r * r || d >= bestD || !costmap.inBounds(x, y)) continue;
      if (costmap.costs[costmap.index(x, y)]! < blocked) {
        best = [x, y];
        bestD = d;
      }
    }
  }
  return best;
}

/** Poses every `step` metres along a polyline, each facing along the path; the last takes `finalYaw`. */
export function densify(pts: readonly { x: number; y: number }[], step: number, finalYaw: number): Pose2D[] {
  const out: Pose2D[] = [];
  if (pts.length === 1) return [{ x: pts[0]!.x, y: pts[0]!.y, yaw: finalYaw }];
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!, b = pts[i]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    const yaw = Math.atan2(b.y - a.y, b.x - a.x);
    const n = Math.max(1, Math.ceil(len / step));
    for (let k = 0; k < n; k++) out.push({ x: a.x + ((b.x - a.x) * k) / n, y: a.y + ((b.y - a.y) * k) / n, yaw });
  }
  const last = pts[pts.length - 1]!;
  out.push({ x: last.x, y: last.y, yaw: wrapAngle(finalYaw) });
  return out;
}
