import type { Costmap2D } from '../costmap/Costmap2D.ts';
import type { Pose2D } from '../geometry.ts';

/** Nav2's GlobalPlanner plugin shape: one work method over a costmap. Throws PlannerError. */
export interface GlobalPlanner {
  readonly name: string;
  createPlan(costmap: Costmap2D, start: Pose2D, goal: Pose2D): Pose2D[];
}
