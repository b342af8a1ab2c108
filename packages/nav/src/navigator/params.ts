import type { Node } from '@navstack/rcl';
import { RPP_DEFAULTS } from '../controller/RegulatedPurePursuit.ts';

/** Parameters of the `navigator` node with their defaults and descriptions (the README table). */
export const NAVIGATOR_PARAMS = {
  global_frame: ['odom', 'frame the costmap, plan and control run in'],
  robot_base_frame: ['base_link', 'robot base frame'],
  robot_radius: [0.17, 'robot footprint radius (m); cells closer than this to an obstacle are lethal for the planner'],
  // costmap
  resolution: [0.05, 'costmap cell size (m)'],
  costmap_size: [40.0, 'side of the square costmap around the start pose (m), grown to cover a static map'],
  inflation_radius: [0.55, 'costs decay to zero at this distance from obstacles (m)'],
  cost_scaling_factor: [6.0, 'exponential decay rate of inflated costs (1/m)'],
  obstacle_max_range: [6.0, 'lidar returns farther than this do not mark obstacles (m)'],
  raytrace_max_range: [8.0, 'lidar beams clear free space up to this range (m)'],
  local_costmap_size: [6.0, 'side of the rolling window published on local_costmap (m)'],
  local_costmap_rate: [2.0, 'local_costmap publish rate (Hz)'],
  use_map_topic: [true, 'take static obstacles from a nav_msgs/OccupancyGrid on `map` (latched) when one is published'],
  static_map_world: ['', 'embedded simulator: an SDF world (path or bundled name) whose collision shapes become the static map (frame map)'],
  // planner
  planner_frequency: [1.0, 'replanning rate while a goal is active (Hz); also replans at once when the path is blocked'],
  cost_weight: [3.0, 'weight of the inflated cost in A* (0: shortest path, hugging obstacles)'],
  planner_clearance_margin: [0.05, 'the planner keeps this much clearance beyond robot_radius (m), so the controller\'s arcs fit'],
  goal_search_tolerance: [0.25, 'a goal inside an obstacle margin moves to the nearest free cell within this (m)'],
  // controller
  controller_frequency: [20.0, 'cmd_vel_nav rate (Hz)'],
  desired_linear_vel: [RPP_DEFAULTS.desiredLinearVel, 'cruise speed (m/s)'],
  max_angular_vel: [RPP_DEFAULTS.maxAngularVel, 'max |angular.z| (rad/s)'],
  max_linear_accel: [RPP_DEFAULTS.maxLinearAccel, 'max linear acceleration (m/s^2)'],
  max_linear_decel: [RPP_DEFAULTS.maxLinearDecel, 'max linear deceleration (m/s^2)'],
  max_angular_accel: [RPP_DEFAULTS.maxAngularAccel, 'max angular acceleration (rad/s^2)'],
  lookahead_time: [RPP_DEFAULTS.lookaheadTime, 'lookahead = speed * this, clamped (s)'],
  min_lookahead_dist: [RPP_DEFAULTS.minLookahead, 'min lookahead (m)'],
  max_lookahead_dist: [RPP_DEFAULTS.maxLookahead, 'max lookahead (m)'],
  rotate_to_heading_min_angle: [RPP_DEFAULTS.rotateToHeadingMinAngle, 'turn in place when the path is more than this off the heading (rad)'],
  rotate_to_heading_angular_vel: [RPP_DEFAULTS.rotateToHeadingAngularVel, 'turn-in-place speed (rad/s)'],
  regulated_min_radius: [RPP_DEFAULTS.regulatedMinRadius, 'curvature regulation: slow down below this turning radius (m)'],
  xy_goal_tolerance: [RPP_DEFAULTS.xyGoalTolerance, 'goal position tolerance (m)'],
  yaw_goal_tolerance: [RPP_DEFAULTS.yawGoalTolerance, 'goal heading tolerance (rad)'],
  max_time_to_collision: [RPP_DEFAULTS.maxTimeToCollision, 'the commanded arc must be free this far ahead (s)'],
  // progress, recoveries
  required_movement_radius: [0.25, 'progress checker: move this far (m) ...'],
  movement_time_allowance: [10.0, '... within this time (s), else recover'],
  scan_timeout: [0.5, 'the goal pauses while no scan came for this long (s); aborts after this + movement_time_allowance'],
  blocked_timeout: [2.0, 'recover when the path stays blocked this long (s)'],
  max_recoveries: [6, 'abort after this many recoveries for one goal (clear costmap, spin, back up, wait, round robin)'],
  spin_angle: [1.57, 'spin recovery angle (rad)'],
  backup_distance: [0.25, 'back-up recovery distance (m)'],
  backup_speed: [0.1, 'back-up recovery speed (m/s)'],
  wait_duration: [2.0, 'wait recovery duration (s)'],
  feedback_rate: [2.0, 'goal_feedback rate while a goal is active (Hz)'],
} as const;

type Defaults = { [K in keyof typeof NAVIGATOR_PARAMS]: (typeof NAVIGATOR_PARAMS)[K][0] extends number ? number : (typeof NAVIGATOR_PARAMS)[K][0] extends boolean ? boolean : string };
export type NavigatorParams = Defaults;

export function declareNavigatorParams(node: Node): NavigatorParams {
  const out: Record<string, unknown> = {};
  for (const [name, [def, description]] of Object.entries(NAVIGATOR_PARAMS)) {
    out[name] = node.declareParameter(name, def as never, { description, ...(name === 'max_recoveries' ? { type: 'integer' as const } : {}) });
  }
  return out as NavigatorParams;
}
