import type { Costmap2D } from '../costmap/Costmap2D.ts';
import type { Pose2D } from '@navstack/math';
import { pluginFactory, type Lifecycle, type NavContext } from '../navigator/lifecycle.ts';
import { PlannerError } from './errors.ts';
import { GlobalPlannerPlugin, type GlobalPlanner } from './GlobalPlanner.ts';
import { GLOBAL_PLANNERS } from './plugins.ts';

export interface PlanResult {
  path: Pose2D[];
  /** The path ends at an intermediate target on the way to a goal beyond the rolling costmap. */
  intermediate: boolean;
}

/** Nav2's planner server: the GlobalPlanner plugin `planner_plugin` names, and how a rolling costmap reaches far goals. */
export class PlannerServer implements Lifecycle {
  #planner: GlobalPlanner | undefined;

  configure(ctx: NavContext): void {
    const name = ctx.params.planner_plugin;
    const planner = new GlobalPlannerPlugin(name, pluginFactory(GLOBAL_PLANNERS, 'planner_plugin', name));
    planner.configure(ctx);
    this.#planner = planner;
  }
  activate(): void {
    this.planner.activate();
  }
  deactivate(): void {
    this.#planner?.deactivate();
  }
  cleanup(): void {
    this.#planner?.cleanup();
    this.#planner = undefined;
  }

  get planner(): GlobalPlanner {
    if (!this.#planner) throw new Error('planner server: not configured');
    return this.#planner;
  }

  /**
   * A path from start to goal. On a rolling costmap (no static map) a goal beyond the window is approached
   * through an intermediate target (rollingTarget); when that sits in an obstacle, the target backs off towards
   * the robot until one plans. Throws PlannerError.
   */
  computePath(costmap: Costmap2D, start: Pose2D, goal: Pose2D, rolling: boolean): PlanResult {
    const planner = this.planner;
    const target = rolling ? rollingTarget(start, costmap, goal) : undefined;
    if (!target) return { path: planner.createPlan(costmap, start, goal), intermediate: false };
    const len = Math.hypot(target.x - start.x, target.y - start.y);
    for (let back = 0; back < len; back += 0.5) {
      const f = (len - back) / len;
      try {
        return { path: planner.createPlan(costmap, start, { x: start.x + (target.x - start.x) * f, y: start.y + (target.y - start.y) * f, yaw: target.yaw }), intermediate: true };
      } catch (e) {
        if (!(e instanceof PlannerError) || e.code === 'START_OCCUPIED') throw e;
      }
    }
    throw new PlannerError('NO_VALID_PATH', `no path towards the goal (${goal.x.toFixed(2)}, ${goal.y.toFixed(2)}) beyond the rolling costmap`);
  }
}

/**
 * Where the straight line from the robot to a goal beyond the costmap's window leaves it (`margin` m inside),
 * facing along that line; undefined when the goal lies inside.
 */
export function rollingTarget(pose: Pose2D, cm: Costmap2D, goal: Pose2D, margin = 1.0): Pose2D | undefined {
  const x0 = cm.originX + margin, y0 = cm.originY + margin;
  const x1 = cm.originX + cm.width * cm.resolution - margin, y1 = cm.originY + cm.height * cm.resolution - margin;
  if (goal.x >= x0 && goal.x <= x1 && goal.y >= y0 && goal.y <= y1) return undefined;
  const dx = goal.x - pose.x, dy = goal.y - pose.y;
  let t = 1;
  if (dx > 0) t = Math.min(t, (x1 - pose.x) / dx);
  if (dx < 0) t = Math.min(t, (x0 - pose.x) / dx);
  if (dy > 0) t = Math.min(t, (y1 - pose.y) / dy);
  if (dy < 0) t = Math.min(t, (y0 - pose.y) / dy);
  t = Math.max(0, t);
  return { x: pose.x + dx * t, y: pose.y + dy * t, yaw: Math.atan2(dy, dx) };
}
