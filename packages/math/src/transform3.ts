// Rigid 3-D transforms for SDF poses: a rotation matrix (row-major 3x3) and a translation. Written out rather
// than taken from gl-matrix: composing a 3x3 rotation is a dozen lines, and this exact order of float
// operations keeps the simulator's runs (and the figures measured with them) byte-for-byte reproducible.

/** A pose as SDF writes it: position and fixed-axis roll, pitch, yaw (R = Rz(yaw) Ry(pitch) Rx(roll)). */
export interface Pose3 {
  x: number;
  y: number;
  z: number;
  roll: number;
  pitch: number;
  yaw: number;
}

/** A planar pose (REP-103: x forward, yaw counter-clockwise from +x). */
export interface Transform {
  /** translation */
  p: [number, number, number];
  /** rotation, row-major */
  r: [number, number, number, number, number, number, number, number, number];
}

export const IDENTITY: Transform = { p: [0, 0, 0], r: [1, 0, 0, 0, 1, 0, 0, 0, 1] };

export function fromRpy(x: number, y: number, z: number, roll: number, pitch: number, yaw: number): Transform {
  const cr = Math.cos(roll), sr = Math.sin(roll);
  const cp = Math.cos(pitch), sp = Math.sin(pitch);
  const cy = Math.cos(yaw), sy = Math.sin(yaw);
  return {
    p: [x, y, z],
    r: [cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr, sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr, -sp, cp * sr, cp * cr],
  };
}

export function fromQuat(x: number, y: number, z: number, qx: number, qy: number, qz: number, qw: number): Transform {
  const n = Math.hypot(qx, qy, qz, qw) || 1;
  qx /= n; qy /= n; qz /= n; qw /= n;
  return {
    p: [x, y, z],
    r: [
      1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qz * qw), 2 * (qx * qz + qy * qw),
      2 * (qx * qy + qz * qw), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qx * qw),
      2 * (qx * qz - qy * qw), 2 * (qy * qz + qx * qw), 1 - 2 * (qx * qx + qy * qy),
    ],
  };
}

/** a * b: b expressed in a's frame, returned in a's parent frame. */
export function composeTransforms(a: Transform, b: Transform): Transform {
  const A = a.r, B = b.r;
  const r: Transform['r'] = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) r[i * 3 + j] = A[i * 3] * B[j] + A[i * 3 + 1] * B[3 + j] + A[i * 3 + 2] * B[6 + j];
  }
  const p: Transform['p'] = [
    A[0] * b.p[0] + A[1] * b.p[1] + A[2] * b.p[2] + a.p[0],
    A[3] * b.p[0] + A[4] * b.p[1] + A[5] * b.p[2] + a.p[1],
    A[6] * b.p[0] + A[7] * b.p[1] + A[8] * b.p[2] + a.p[2],
  ];
  return { p, r };
}

export function toPose3(t: Transform): Pose3 {
  const r = t.r;
  const pitch = Math.asin(Math.max(-1, Math.min(1, -r[6])));
  let roll: number, yaw: number;
  if (Math.abs(r[6]) < 1 - 1e-12) {
    roll = Math.atan2(r[7], r[8]);
    yaw = Math.atan2(r[3], r[0]);
  } else {
    roll = 0;
    yaw = Math.atan2(-r[1], r[4]);
  }
  return { x: t.p[0], y: t.p[1], z: t.p[2], roll: clean(roll), pitch: clean(pitch), yaw: clean(yaw) };
}

function clean(a: number): number {
  return Math.abs(a) < 1e-15 ? 0 : a;
}

export function poseToTransform(p: Pose3): Transform {
  return fromRpy(p.x, p.y, p.z, p.roll, p.pitch, p.yaw);
}

/** True when the rotation is about z only (the shape stands upright). */
export function isUpright(t: Transform, eps = 1e-6): boolean {
  return Math.abs(t.r[8] - 1) < eps;
}

export function yawOf(t: Transform): number {
  return Math.atan2(t.r[3], t.r[0]);
}

export function rpyToQuaternion(roll: number, pitch: number, yaw: number): { x: number; y: number; z: number; w: number } {
  const cr = Math.cos(roll / 2), sr = Math.sin(roll / 2);
  const cp = Math.cos(pitch / 2), sp = Math.sin(pitch / 2);
  const cy = Math.cos(yaw / 2), sy = Math.sin(yaw / 2);
  return {
    x: sr * cp * cy - cr * sp * sy,
    y: cr * sp * cy + sr * cp * sy,
    z: cr * cp * sy - sr * sp * cy,
    w: cr * cp * cy + sr * sp * sy,
  };
}
