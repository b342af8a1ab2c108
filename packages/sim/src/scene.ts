// World shapes compiled for fast ray casting and collision: upright boxes become 2D rectangles with a
// height range, upright cylinders circles, spheres stay spheres, anything tilted is a general 3D shape;
// meshes (files, polylines, cones) become one MeshScene of world-frame triangles.
import { planeBox, shapeTransform, isGroundPlane } from './geometry.ts';
import { MeshScene } from './mesh/MeshScene.ts';
import type { Transform } from '@navstack/math';
import type { Rgba, Shape, World } from './types.ts';

export const RECT = 0;
export const CIRCLE = 1;
export const SPHERE = 2;
export const GENERAL_BOX = 3;
export const GENERAL_CYLINDER = 4;

export class Prim {
  kind = RECT;
  /** xy centre */
  cx = 0;
  cy = 0;
  /** cos/sin of the rectangle's yaw */
  c = 1;
  s = 0;
  /** rectangle half extents; circle/sphere radius in hx */
  hx = 0;
  hy = 0;
  hz = 0;
  z0 = 0;
  z1 = 0;
  /** sphere centre height */
  cz = 0;
  /** bounding circle radius about (cx, cy) */
  br = 0;
  /** xy bounding box */
  minX = 0;
  maxX = 0;
  minY = 0;
  maxY = 0;
  /** general shapes: rotation (row-major) and translation */
  r: Float64Array = new Float64Array(9);
  tx = 0;
  ty = 0;
  tz = 0;
  /** diffuse colour 0..1 */
  red = 0.7;
  green = 0.7;
  blue = 0.7;
  /** source shape */
  shape!: Shape;
}

export interface Floor {
  z: number;
  color: Rgba;
}

function setBoxLike(p: Prim, t: Transform, half: [number, number, number]): void {
  const r = t.r;
  // Is one of the box's axes vertical? Then it is a vertical prism.
  for (let k = 0; k < 3; k++) {
    if (Math.abs(r[6 + k]) > 1 - 1e-6) {
      const i = (k + 1) % 3;
      const j = (k + 2) % 3;
      const yaw = Math.atan2(r[3 + i], r[i]);
      p.kind = RECT;
      p.cx = t.p[0];
      p.cy = t.p[1];
      p.c = Math.cos(yaw);
      p.s = Math.sin(yaw);
      p.hx = half[i];
      p.hy = half[j];
      p.z0 = t.p[2] - half[k];
      p.z1 = t.p[2] + half[k];
      return;
    }
  }
  p.kind = GENERAL_BOX;
  setGeneral(p, t, half);
}

function setGeneral(p: Prim, t: Transform, half: [number, number, number]): void {
  p.r.set(t.r);
  p.tx = t.p[0];
  p.ty = t.p[1];
  p.tz = t.p[2];
  p.hx = half[0];
  p.hy = half[1];
  p.hz = half[2];
  p.cx = t.p[0];
  p.cy = t.p[1];
  const r = t.r;
  const ez = Math.abs(r[6]) * half[0] + Math.abs(r[7]) * half[1] + Math.abs(r[8]) * half[2];
  p.z0 = t.p[2] - ez;
  p.z1 = t.p[2] + ez;
}

function finish(p: Prim): void {
  switch (p.kind) {
    case RECT: {
      const ex = Math.abs(p.c) * p.hx + Math.abs(p.s) * p.hy;
      const ey = Math.abs(p.s) * p.hx + Math.abs(p.c) * p.hy;
      p.minX = p.cx - ex;
      p.maxX = p.cx + ex;
      p.minY = p.cy - ey;
      p.maxY = p.cy + ey;
      p.br = Math.hypot(p.hx, p.hy);
      break;
    }
    case CIRCLE:
    case SPHERE:
      p.minX = p.cx - p.hx;
      p.maxX = p.cx + p.hx;
      p.minY = p.cy - p.hx;
      p.maxY = p.cy + p.hx;
      p.br = p.hx;
      break;
    default: {
      const r = p.r;
      let ex: number, ey: number;
      if (p.kind === GENERAL_CYLINDER) {
        const rad = p.hx, hl = p.hz;
        ex = Math.abs(r[2]) * hl + rad * Math.sqrt(Math.max(0, 1 - r[2] * r[2]));
        ey = Math.abs(r[5]) * hl + rad * Math.sqrt(Math.max(0, 1 - r[5] * r[5]));
      } else {
        ex = Math.abs(r[0]) * p.hx + Math.abs(r[1]) * p.hy + Math.abs(r[2]) * p.hz;
        ey = Math.abs(r[3]) * p.hx + Math.abs(r[4]) * p.hy + Math.abs(r[5]) * p.hz;
      }
      p.minX = p.cx - ex;
      p.maxX = p.cx + ex;
      p.minY = p.cy - ey;
      p.maxY = p.cy + ey;
      p.br = Math.hypot(ex, ey);
    }
  }
}

/** Compiles shapes other than meshes; ground planes (horizontal, facing up) are returned as the floor instead. */
export function compileShapes(shapes: readonly Shape[]): { prims: Prim[]; floor?: Floor } {
  const prims: Prim[] = [];
  let floor: Floor | undefined;
  for (const shape of shapes) {
    const g = shape.geometry;
    if (g.type === 'mesh') continue;
    const p = new Prim();
    p.shape = shape;
    p.red = shape.color.r;
    p.green = shape.color.g;
    p.blue = shape.color.b;
    if (g.type === 'plane') {
      if (isGroundPlane(shape)) {
        if (!floor || shape.pose.z > floor.z) floor = { z: shape.pose.z, color: shape.color };
        continue;
      }
      const pb = planeBox(shape);
      setBoxLike(p, pb.t, pb.half);
    } else if (g.type === 'box') {
      setBoxLike(p, shapeTransform(shape), [g.size[0] / 2, g.size[1] / 2, g.size[2] / 2]);
    } else if (g.type === 'cylinder') {
      const t = shapeTransform(shape);
      if (Math.abs(t.r[8]) > 1 - 1e-6) {
        p.kind = CIRCLE;
        p.cx = t.p[0];
        p.cy = t.p[1];
        p.hx = g.radius;
        p.z0 = t.p[2] - g.length / 2;
        p.z1 = t.p[2] + g.length / 2;
      } else {
        p.kind = GENERAL_CYLINDER;
        setGeneral(p, t, [g.radius, g.radius, g.length / 2]);
        const ez = Math.abs(t.r[8]) * (g.length / 2) + g.radius * Math.sqrt(Math.max(0, 1 - t.r[8] * t.r[8]));
        p.z0 = t.p[2] - ez;
        p.z1 = t.p[2] + ez;
      }
    } else {
      p.kind = SPHERE;
      p.cx = shape.pose.x;
      p.cy = shape.pose.y;
      p.cz = shape.pose.z;
      p.hx = g.radius;
      p.z0 = p.cz - g.radius;
      p.z1 = p.cz + g.radius;
    }
    finish(p);
    prims.push(p);
  }
  return { prims, floor };
}

// Scratch output of intersect3d: the surface normal (world frame).
/**
 * Prim indices ordered near to far by a lower bound of their distance from a point (the
 * distance to their bounding circle, 0 when inside). Both sensors visit prims in this order; the
 * previous frame's order is nearly sorted already, so the insertion sort is about linear.
 */
export class NearToFar {
  order = new Int32Array(0);
  dmin = new Float64Array(0);

  sort(prims: readonly Prim[], ox: number, oy: number): void {
    const n = prims.length;
    if (this.order.length !== n) {
      this.order = Int32Array.from({ length: n }, (_, i) => i);
      this.dmin = new Float64Array(n);
    }
    const order = this.order, dmin = this.dmin;
    for (let k = 0; k < n; k++) {
      const p = prims[k]!;
      const vx = p.cx - ox, vy = p.cy - oy;
      const d = Math.sqrt(vx * vx + vy * vy) - p.br;
      dmin[k] = d > 0 ? d : 0;
    }
    for (let k = 1; k < n; k++) {
      const idx = order[k]!, key = dmin[idx]!;
      let j = k - 1;
      while (j >= 0 && dmin[order[j]!]! > key) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = idx;
    }
  }
}

export const hitNormal = new Float64Array(3);
const SCRATCH_O = new Float64Array(3);
const SCRATCH_D = new Float64Array(3);
const SCRATCH_H = new Float64Array(3);

/**
 * Ray (o + t d, t > tMin) against a general (tilted) box or cylinder, or a sphere; returns t or Infinity.
 * Writes the normal into hitNormal.
 */
export function intersect3d(p: Prim, ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, tMin: number): number {
  if (p.kind === SPHERE) {
    const qx = ox - p.cx, qy = oy - p.cy, qz = oz - p.cz;
    const A = dx * dx + dy * dy + dz * dz;
    const B = qx * dx + qy * dy + qz * dz;
    const C = qx * qx + qy * qy + qz * qz - p.hx * p.hx;
    const disc = B * B - A * C;
    if (disc < 0) return Infinity;
    const sq = Math.sqrt(disc);
    let t = (-B - sq) / A;
    if (t <= tMin) t = (-B + sq) / A;
    if (t <= tMin) return Infinity;
    const inv = 1 / p.hx;
    hitNormal[0] = (qx + t * dx) * inv;
    hitNormal[1] = (qy + t * dy) * inv;
    hitNormal[2] = (qz + t * dz) * inv;
    return t;
  }
  const r = p.r;
  // into the local frame: R^T (o - t), R^T d
  const wx = ox - p.tx, wy = oy - p.ty, wz = oz - p.tz;
  const lx = r[0] * wx + r[3] * wy + r[6] * wz;
  const ly = r[1] * wx + r[4] * wy + r[7] * wz;
  const lz = r[2] * wx + r[5] * wy + r[8] * wz;
  const ex = r[0] * dx + r[3] * dy + r[6] * dz;
  const ey = r[1] * dx + r[4] * dy + r[7] * dz;
  const ez = r[2] * dx + r[5] * dy + r[8] * dz;
  let nlx = 0, nly = 0, nlz = 0;
  let t = Infinity;
  if (p.kind === GENERAL_BOX) {
    let tn = -Infinity, tf = Infinity, axis = 0, sign = 0;
    const o = SCRATCH_O, d = SCRATCH_D, h = SCRATCH_H;
    o[0] = lx; o[1] = ly; o[2] = lz;
    d[0] = ex; d[1] = ey; d[2] = ez;
    h[0] = p.hx; h[1] = p.hy; h[2] = p.hz;
    for (let k = 0; k < 3; k++) {
      if (Math.abs(d[k]) < 1e-15) {
        if (Math.abs(o[k]) > h[k]) return Infinity;
        continue;
      }
      let t1 = (-h[k] - o[k]) / d[k];
      let t2 = (h[k] - o[k]) / d[k];
      let s = -1;
      if (t1 > t2) {
        const tmp = t1;
        t1 = t2;
        t2 = tmp;
        s = 1;
      }
      if (t1 > tn) {
        tn = t1;
        axis = k;
        sign = s;
      }
      if (t2 < tf) tf = t2;
      if (tn > tf) return Infinity;
    }
    if (tn > tMin) t = tn;
    else return Infinity;
    if (axis === 0) nlx = sign;
    else if (axis === 1) nly = sign;
    else nlz = sign;
  } else {
    // cylinder along local z
    const rad = p.hx, hl = p.hz;
    const A = ex * ex + ey * ey;
    if (A > 1e-15) {
      const B = lx * ex + ly * ey;
      const C = lx * lx + ly * ly - rad * rad;
      const disc = B * B - A * C;
      if (disc >= 0) {
        const tc = (-B - Math.sqrt(disc)) / A;
        const z = lz + tc * ez;
        if (tc > tMin && z >= -hl && z <= hl) {
          t = tc;
          nlx = (lx + tc * ex) / rad;
          nly = (ly + tc * ey) / rad;
        }
      }
    }
    if (Math.abs(ez) > 1e-15) {
      for (let k = 0; k < 2; k++) {
        const cap = k === 0 ? -hl : hl;
        const tcap = (cap - lz) / ez;
        if (tcap > tMin && tcap < t) {
          const x = lx + tcap * ex, y = ly + tcap * ey;
          if (x * x + y * y <= rad * rad) {
            t = tcap;
            nlx = 0;
            nly = 0;
            nlz = cap > 0 ? 1 : -1;
          }
        }
      }
    }
    if (t === Infinity) return t;
  }
  hitNormal[0] = r[0] * nlx + r[1] * nly + r[2] * nlz;
  hitNormal[1] = r[3] * nlx + r[4] * nly + r[5] * nlz;
  hitNormal[2] = r[6] * nlx + r[7] * nly + r[8] * nlz;
  return t;
}

/** The world compiled for sensors (visuals) and physics (collisions). */
export interface CompiledWorld {
  world: World;
  visual: Prim[];
  collision: Prim[];
  floor?: Floor;
  /** Visual meshes (what the lidar and camera see), when the world has any. */
  visualMeshes?: MeshScene;
  /** Collision meshes (what the robot bumps into), when the world has any. */
  collisionMeshes?: MeshScene;
}

const compiledWorlds = new WeakMap<World, CompiledWorld>();

/** The world compiled once (kept with the World object, so simulators and maps of one world share it). */
export function compileWorld(world: World): CompiledWorld {
  let compiled = compiledWorlds.get(world);
  if (!compiled) {
    const v = compileShapes(world.visuals);
    const c = compileShapes(world.shapes);
    compiled = { world, visual: v.prims, collision: c.prims, floor: v.floor ?? c.floor, visualMeshes: MeshScene.from(world.visuals), collisionMeshes: MeshScene.from(world.shapes) };
    compiledWorlds.set(world, compiled);
  }
  return compiled;
}
