// Planar geometry every package shares (REP-103: metres, radians, x forward, yaw counter-clockwise from +x).
// Quaternions and poses are structural, so ROS message objects (geometry_msgs Quaternion, Pose) fit as they are.

/** A planar pose: position in metres, yaw in radians. */
export interface Pose2D {
  x: number;
  y: number;
  yaw: number;
}

export interface Point2D {
  x: number;
  y: number;
}

export interface Quaternion {
  x: number;
  y: number;
  z: number;
  w: number;
}

/** An angle wrapped to (-pi, pi] (ROS's angles::normalize_angle convention). */
export function wrapAngle(a: number): number {
  a = a % (2 * Math.PI);
  if (a > Math.PI) a -= 2 * Math.PI;
  else if (a <= -Math.PI) a += 2 * Math.PI;
  return a;
}

export function yawFromQuaternion(q: Quaternion): number {
  return Math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z));
}

export function quaternionFromYaw(yaw: number): Quaternion {
  return { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) };
}

/** The planar part of a geometry_msgs/Pose. */
export function poseFromMsg(p: { position: { x: number; y: number }; orientation: Quaternion }): Pose2D {
  return { x: p.position.x, y: p.position.y, yaw: yawFromQuaternion(p.orientation) };
}

/** A geometry_msgs/Pose at z = 0. */
export function poseToMsg(p: Pose2D): { position: { x: number; y: number; z: number }; orientation: Quaternion } {
  return { position: { x: p.x, y: p.y, z: 0 }, orientation: quaternionFromYaw(p.yaw) };
}

/** a ∘ b: b expressed in a's parent frame. */
export function compose(a: Pose2D, b: Pose2D): Pose2D {
  const c = Math.cos(a.yaw);
  const s = Math.sin(a.yaw);
  return { x: a.x + c * b.x - s * b.y, y: a.y + s * b.x + c * b.y, yaw: wrapAngle(a.yaw + b.yaw) };
}

export function invert(a: Pose2D): Pose2D {
  const c = Math.cos(a.yaw);
  const s = Math.sin(a.yaw);
  return { x: -(c * a.x + s * a.y), y: -(-s * a.x + c * a.y), yaw: wrapAngle(-a.yaw) };
}

/** A point given in the world expressed in the frame of `frame` (a pose in the world). */
export function toLocal(frame: Pose2D, x: number, y: number): Point2D {
  const dx = x - frame.x;
  const dy = y - frame.y;
  const c = Math.cos(frame.yaw);
  const s = Math.sin(frame.yaw);
  return { x: c * dx + s * dy, y: -s * dx + c * dy };
}

export function distance(a: Point2D, b: Point2D): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export function pathLength(points: readonly Point2D[]): number {
  let len = 0;
  for (let i = 1; i < points.length; i++) len += distance(points[i - 1]!, points[i]!);
  return len;
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
