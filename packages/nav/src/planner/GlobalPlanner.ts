import type { Costmap2D } from '../costmap/Costmap2D.ts';
import type { Pose2D } from '@navstack/math';
import { Plugin, type Lifecycle } from '../navigator/lifecycle.ts';

/** A planning algorithm: a path over the costmap from start to goal, or a PlannerError. */
export interface PathPlanner {
  createPlan(costmap: Costmap2D, start: Pose2D, goal: Pose2D): Pose2D[];
}

/** Nav2's GlobalPlanner plugin kind: the lifecycle plus one work method. Throws PlannerError. */
export interface GlobalPlanner extends Lifecycle, PathPlanner {
  readonly name: string;
}

/** A GlobalPlanner around a PathPlanner built from the parameters. */
export class GlobalPlannerPlugin extends Plugin<PathPlanner> implements GlobalPlanner {
  createPlan(costmap: Costmap2D, start: Pose2D, goal: Pose2D): Pose2D[] {
    return this.algorithm.createPlan(costmap, start, goal);
  }
}
