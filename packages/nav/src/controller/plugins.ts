import type { NavContext } from '../navigator/lifecycle.ts';
import type { PathFollower } from './Controller.ts';
import { RegulatedPurePursuit } from './RegulatedPurePursuit.ts';

/** The controllers `controller_plugin` chooses from, each built from the navigator's parameters. */
export const CONTROLLERS: Readonly<Record<string, (ctx: NavContext) => PathFollower>> = {
  regulated_pure_pursuit: ({ params: p }) =>
    new RegulatedPurePursuit({
      desiredLinearVel: p.desired_linear_vel,
      maxAngularVel: p.max_angular_vel,
      maxLinearAccel: p.max_linear_accel,
      maxLinearDecel: p.max_linear_decel,
      maxAngularAccel: p.max_angular_accel,
      lookaheadTime: p.lookahead_time,
      minLookahead: p.min_lookahead_dist,
      maxLookahead: p.max_lookahead_dist,
      rotateToHeadingMinAngle: p.rotate_to_heading_min_angle,
      rotateToHeadingAngularVel: p.rotate_to_heading_angular_vel,
      regulatedMinRadius: p.regulated_min_radius,
      xyGoalTolerance: p.xy_goal_tolerance,
      yawGoalTolerance: p.yaw_goal_tolerance,
      robotRadius: p.robot_radius,
      maxTimeToCollision: p.max_time_to_collision,
    }),
};
