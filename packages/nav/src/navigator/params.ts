import { param, ParamSchema, type ParamValues } from '@navstack/rcl';
import { BEHAVIORS } from '../behaviors/plugins.ts';
import { CONTROLLERS } from '../controller/plugins.ts';
import { RPP_DEFAULTS } from '../controller/RegulatedPurePursuit.ts';
import { GLOBAL_PLANNERS } from '../planner/plugins.ts';

const R = RPP_DEFAULTS;

/** Parameters of the `navigator` node: types, defaults, ranges, descriptions (config/nav_params.yaml and the README come from here). */
export const NAVIGATOR_SCHEMA = new ParamSchema('navigator', {
  global_frame: param.string('odom', 'frame the costmap, plan and control run in'),
  robot_base_frame: param.string('base_link', 'robot base frame'),
  robot_radius: param.double(0.17, 'robot footprint radius (m); cells closer than this to an obstacle are lethal for the planner', { min: 0.01, max: 5 }),
  // costmap
  resolution: param.double(0.05, 'costmap cell size (m)', { min: 0.005, max: 1 }),
  costmap_size: param.double(40.0, 'side of the square costmap around the start pose (m), grown to cover a static map', { min: 1, max: 1000 }),
  inflation_radius: param.double(0.55, 'costs decay to zero at this distance from obstacles (m)', { min: 0, max: 10 }),
  cost_scaling_factor: param.double(6.0, 'exponential decay rate of inflated costs (1/m)', { min: 0, max: 100 }),
  obstacle_max_range: param.double(6.0, 'lidar returns farther than this do not mark obstacles (m)', { min: 0, max: 100 }),
  raytrace_max_range: param.double(8.0, 'lidar beams clear free space up to this range (m)', { min: 0, max: 100 }),
  local_costmap_size: param.double(6.0, 'side of the rolling window published on local_costmap (m)', { min: 0.5, max: 100 }),
  local_costmap_rate: param.double(2.0, 'local_costmap publish rate (Hz)', { min: 0.01, max: 50 }),
  use_map_topic: param.bool(true, "take static obstacles from a nav_msgs/OccupancyGrid on `map` (latched) when one is published (sim_node's publish_map, map_from_world, a map server)"),
  // planner
  planner_plugin: param.string('smooth_astar', 'global planner plugin by name (smooth_astar: cost-aware A* on the inflated costmap, then any-angle smoothing)', { choices: Object.keys(GLOBAL_PLANNERS) }),
  planner_frequency: param.double(1.0, 'replanning rate while a goal is active (Hz); also replans at once when the path is blocked', { min: 0.01, max: 50 }),
  cost_weight: param.double(3.0, 'weight of the inflated cost in A* (0: shortest path, hugging obstacles)', { min: 0, max: 1000 }),
  planner_clearance_margin: param.double(0.05, "the planner keeps this much clearance beyond robot_radius (m), so the controller's arcs fit", { min: 0, max: 2 }),
  goal_search_tolerance: param.double(0.25, 'a goal inside an obstacle margin moves to the nearest free cell within this (m)', { min: 0, max: 10 }),
  // controller
  controller_plugin: param.string('regulated_pure_pursuit', "controller plugin by name (regulated_pure_pursuit: Nav2's regulated pure pursuit)", { choices: Object.keys(CONTROLLERS) }),
  controller_frequency: param.double(20.0, 'cmd_vel_nav rate (Hz)', { min: 5, max: 100 }),
  desired_linear_vel: param.double(R.desiredLinearVel, 'cruise speed (m/s)', { min: 0.01, max: 5 }),
  max_angular_vel: param.double(R.maxAngularVel, 'max |angular.z| (rad/s)', { min: 0.01, max: 10 }),
  max_linear_accel: param.double(R.maxLinearAccel, 'max linear acceleration (m/s^2)', { min: 0.01, max: 20 }),
  max_linear_decel: param.double(R.maxLinearDecel, 'max linear deceleration (m/s^2)', { min: 0.01, max: 20 }),
  max_angular_accel: param.double(R.maxAngularAccel, 'max angular acceleration (rad/s^2)', { min: 0.01, max: 50 }),
  lookahead_time: param.double(R.lookaheadTime, 'lookahead = speed * this, clamped (s)', { min: 0.01, max: 10 }),
  min_lookahead_dist: param.double(R.minLookahead, 'min lookahead (m)', { min: 0.01, max: 10 }),
  max_lookahead_dist: param.double(R.maxLookahead, 'max lookahead (m)', { min: 0.01, max: 20 }),
  rotate_to_heading_min_angle: param.double(R.rotateToHeadingMinAngle, 'turn in place when the path is more than this off the heading (rad)', { min: 0, max: 3.1416 }),
  rotate_to_heading_angular_vel: param.double(R.rotateToHeadingAngularVel, 'turn-in-place speed (rad/s)', { min: 0.01, max: 10 }),
  regulated_min_radius: param.double(R.regulatedMinRadius, 'curvature regulation: slow down below this turning radius (m)', { min: 0, max: 20 }),
  xy_goal_tolerance: param.double(R.xyGoalTolerance, 'goal position tolerance (m)', { min: 0.001, max: 10 }),
  yaw_goal_tolerance: param.double(R.yawGoalTolerance, 'goal heading tolerance (rad)', { min: 0.001, max: 6.2832 }),
  max_time_to_collision: param.double(R.maxTimeToCollision, 'the commanded arc must be free this far ahead (s)', { min: 0, max: 10 }),
  // progress, recoveries
  required_movement_radius: param.double(0.25, 'progress checker: move this far (m) ...', { min: 0, max: 10 }),
  movement_time_allowance: param.double(10.0, '... within this time (s), else recover', { min: 0.1, max: 3600 }),
  scan_timeout: param.double(0.5, 'the goal pauses while no scan came for this long (s); aborts after this + movement_time_allowance', { min: 0.01, max: 60 }),
  blocked_timeout: param.double(2.0, 'recover when the path stays blocked this long (s)', { min: 0, max: 600 }),
  recovery_behaviors: param.stringArray(['clear_costmap', 'spin', 'back_up', 'wait'], 'recovery behaviour plugins by name (clear_costmap, spin, back_up, wait), tried in this order, round robin, when no path is found, the path stays blocked or the robot makes no progress', { choices: Object.keys(BEHAVIORS) }),
  max_recoveries: param.integer(6, 'abort after this many recoveries for one goal (recovery_behaviors in turn)', { min: 0, max: 1000 }),
  spin_angle: param.double(1.57, 'spin recovery angle (rad)', { min: 0, max: 6.2832 }),
  backup_distance: param.double(0.25, 'back-up recovery distance (m)', { min: 0, max: 5 }),
  backup_speed: param.double(0.1, 'back-up recovery speed (m/s)', { min: 0.01, max: 1 }),
  wait_duration: param.double(2.0, 'wait recovery duration (s)', { min: 0, max: 600 }),
  feedback_rate: param.double(2.0, 'goal_feedback rate while a goal is active (Hz)', { min: 0.1, max: 50 }),
});

export type NavigatorParams = ParamValues<typeof NAVIGATOR_SCHEMA.specs>;
