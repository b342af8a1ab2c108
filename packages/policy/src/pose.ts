/** The robot's planar pose as the policy reads it from odometry (Pose2D: metres, yaw in radians, REP-103). */
import type { nav_msgs } from '@navstack/msgs';
import { poseFromMsg, type Pose2D } from '@navstack/math';

export type { Pose2D };

export function poseFromOdom(o: nav_msgs.Odometry): Pose2D {
  return poseFromMsg(o.pose.pose);
}
