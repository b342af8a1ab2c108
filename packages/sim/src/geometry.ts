// Shape helpers shared by the loader, physics and sensors.
import { composeTransforms, fromRpy, type Transform } from '@navstack/math';
import type { Shape } from './types.ts';

export interface Aabb {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
  minZ: number;
  maxZ: number;
}

export function shapeTransform(s: Shape): Transform {
  return fromRpy(s.pose.x, s.pose.y, s.pose.z, s.pose.roll, s.pose.pitch, s.pose.yaw);
}

/** A plane as a thin box: its transform (z along the normal) and half extents. */
export function planeBox(s: Shape): { t: Transform; half: [number, number, number] } {
  if (s.geometry.type !== 'plane') throw new Error('not a plane');
  const [nx, ny, nz] = s.geometry.normal;
  // rotation taking +z to the normal: pitch about y then yaw about z
  const yaw = Math.atan2(ny, nx);
  const pitch = Math.acos(Math.max(-1, Math.min(1, nz)));
  const local = Math.abs(nz) > 1 - 1e-12 ? fromRpy(0, 0, 0, nz > 0 ? 0 : Math.PI, 0, 0) : fromRpy(0, 0, 0, 0, pitch, yaw);
  // fromRpy applies Rz(yaw) Ry(pitch): +z goes to (sin p cos y, sin p sin y, cos p) = the normal
  return { t: composeTransforms(shapeTransform(s), local), half: [s.geometry.size[0] / 2, s.geometry.size[1] / 2, 0.0005] };
}

/** Half extents of a shape in its own frame, as a box centred on the shape's origin (cylinders, spheres and meshes by their bounding box). */
export function localHalfExtents(s: Shape): [number, number, number] {
  const g = s.geometry;
  switch (g.type) {
    case 'mesh': {
      const { min, max } = g.mesh;
      return [Math.max(-min[0], max[0]), Math.max(-min[1], max[1]), Math.max(-min[2], max[2])];
    }
    case 'box':
      return [g.size[0] / 2, g.size[1] / 2, g.size[2] / 2];
    case 'cylinder':
      return [g.radius, g.radius, g.length / 2];
    case 'sphere':
      return [g.radius, g.radius, g.radius];
    case 'plane':
      return [g.size[0] / 2, g.size[1] / 2, 0];
  }
}

export function shapeAabb(s: Shape): Aabb {
  const g = s.geometry;
  let t: Transform;
  let h: [number, number, number];
  if (g.type === 'plane') {
    const pb = planeBox(s);
    t = pb.t;
    h = pb.half;
  } else if (g.type === 'mesh') {
    return meshAabb(shapeTransform(s), g.mesh.min, g.mesh.max);
  } else {
    t = shapeTransform(s);
    h = localHalfExtents(s);
  }
  const r = t.r;
  let ex: number, ey: number, ez: number;
  if (g.type === 'sphere') {
    ex = ey = ez = g.radius;
  } else if (g.type === 'cylinder') {
    // exact for a cylinder: axis a = third column
    const ax = r[2], ay = r[5], az = r[8];
    const hl = g.length / 2;
    ex = Math.abs(ax) * hl + g.radius * Math.sqrt(Math.max(0, 1 - ax * ax));
    ey = Math.abs(ay) * hl + g.radius * Math.sqrt(Math.max(0, 1 - ay * ay));
    ez = Math.abs(az) * hl + g.radius * Math.sqrt(Math.max(0, 1 - az * az));
  } else {
    ex = Math.abs(r[0]) * h[0] + Math.abs(r[1]) * h[1] + Math.abs(r[2]) * h[2];
    ey = Math.abs(r[3]) * h[0] + Math.abs(r[4]) * h[1] + Math.abs(r[5]) * h[2];
    ez = Math.abs(r[6]) * h[0] + Math.abs(r[7]) * h[1] + Math.abs(r[8]) * h[2];
  }
  const [x, y, z] = t.p;
  return { minX: x - ex, maxX: x + ex, minY: y - ey, maxY: y + ey, minZ: z - ez, maxZ: z + ez };
}

/** The world-frame box around a local box [min, max] under transform t. */
export function meshAabb(t: Transform, min: readonly number[], max: readonly number[]): Aabb {
  const c = [(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2];
  const h = [(max[0] - min[0]) / 2, (max[1] - min[1]) / 2, (max[2] - min[2]) / 2];
  const r = t.r;
  const e = [0, 1, 2].map((i) => Math.abs(r[i * 3]) * h[0] + Math.abs(r[i * 3 + 1]) * h[1] + Math.abs(r[i * 3 + 2]) * h[2]);
  const x = r[0] * c[0] + r[1] * c[1] + r[2] * c[2] + t.p[0];
  const y = r[3] * c[0] + r[4] * c[1] + r[5] * c[2] + t.p[1];
  const z = r[6] * c[0] + r[7] * c[1] + r[8] * c[2] + t.p[2];
  return { minX: x - e[0], maxX: x + e[0], minY: y - e[1], maxY: y + e[1], minZ: z - e[2], maxZ: z + e[2] };
}

/** A horizontal plane facing up (a ground plane): rendered as the floor, ignored by physics. */
export function isGroundPlane(s: Shape): boolean {
  if (s.geometry.type !== 'plane') return false;
  const t = planeBox(s).t;
  return t.r[8] > 1 - 1e-6;
}
