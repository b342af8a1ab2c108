import { inflatedCost, INSCRIBED_INFLATED_OBSTACLE } from '../costmap/costValues.ts';
import type { NavContext } from '../navigator/lifecycle.ts';
import type { PathPlanner } from './GlobalPlanner.ts';
import { SmoothAStarPlanner } from './SmoothAStarPlanner.ts';

/** The global planners `planner_plugin` chooses from, each built from the navigator's parameters. */
export const GLOBAL_PLANNERS: Readonly<Record<string, (ctx: NavContext) => PathPlanner>> = {
  smooth_astar: ({ params: p }) => {
    // not traversable: cells closer than robot_radius + planner_clearance_margin to an obstacle
    const blockedCost = Math.min(INSCRIBED_INFLATED_OBSTACLE, inflatedCost(p.robot_radius + p.planner_clearance_margin, p.robot_radius, p.inflation_radius, p.cost_scaling_factor) + 1);
    return new SmoothAStarPlanner({ costWeight: p.cost_weight, goalTolerance: p.goal_search_tolerance, interpolation: p.resolution, blockedCost });
  },
};
