// A reference ray caster written independently of the simulator, from the SDF oracle's output
// (libsdformat's world poses, ignition-common's mesh triangles): brute force, float64, every shape tested
// for every ray, so it is slow but obviously right.
import { fromQuat, type Transform } from '@navstack/math';
import type { OracleShape, OracleWorld } from '../oracle/oracle.ts';

interface RefShape {
  label: string;
  type: string;
  /** world from shape */
  t: Transform;
  g: Record<string, unknown>;
}

export class ReferenceScene {
  readonly shapes: RefShape[] = [];
  /** triangles as [ax, ay, az, bx, by, bz, cx, cy, cz] in the world frame */
  readonly triangles: Float64Array;

  /**
   * The oracle's shapes of one kind. Capsules and ellipsoids become the cylinder and sphere navstack
   * documents (and warns about); cones are Gazebo's 32-sided mesh of them.
   */
  constructor(world: OracleWorld, kind: 'visual' | 'collision') {
    const tris: number[] = [];
    for (const s of world.shapes) {
      if (s.kind !== kind || !s.pose || !s.geometry) continue;
      const g = s.geometry;
      if (g.type === 'mesh' || g.triangles) {
        if (!g.triangles) continue;
        const [first, count] = g.triangles;
        for (let i = first * 9; i < (first + count) * 9; i++) tris.push(world.triangles[i]!);
        continue;
      }
      this.shapes.push({ label: `${s.model}/${s.name}`, type: g.type, t: pose(s), g });
    }
    this.triangles = Float64Array.from(tris);
  }

  /** Only what a horizontal ray at height z can hit (for speed; the same answers for such rays). */
  atHeight(z: number): ReferenceScene {
    const sub = Object.create(ReferenceScene.prototype) as ReferenceScene;
    const tri = this.triangles;
    const kept: number[] = [];
    for (let i = 0; i < tri.length; i += 9) {
      const lo = Math.min(tri[i + 2]!, tri[i + 5]!, tri[i + 8]!), hi = Math.max(tri[i + 2]!, tri[i + 5]!, tri[i + 8]!);
      if (lo <= z && hi >= z) for (let k = 0; k < 9; k++) kept.push(tri[i + k]!);
    }
    Object.assign(sub, { shapes: this.shapes, triangles: Float64Array.from(kept) });
    return sub;
  }

  /** The nearest hit of the ray o + t d (t > 0, d of any length) up to tMax, in units of d; Infinity for none. */
  cast(o: [number, number, number], d: [number, number, number], tMax = Infinity): { t: number; label: string } {
    let best = tMax, label = '';
    const tri = this.triangles;
    for (let i = 0; i < tri.length; i += 9) {
      const t = rayTriangle(o, d, tri, i);
      if (t < best) {
        best = t;
        label = 'mesh';
      }
    }
    for (const s of this.shapes) {
      const t = rayShape(s, o, d);
      if (t < best) {
        best = t;
        label = `${s.type} ${s.label}`;
      }
    }
    return { t: best < tMax ? best : Infinity, label };
  }
}

function pose(s: OracleShape): Transform {
  const [x, y, z, qx, qy, qz, qw] = s.pose!;
  return fromQuat(x, y, z, qx, qy, qz, qw);
}

/** Möller–Trumbore. */
function rayTriangle(o: number[], d: number[], p: Float64Array, i: number): number {
  const e1x = p[i + 3]! - p[i]!, e1y = p[i + 4]! - p[i + 1]!, e1z = p[i + 5]! - p[i + 2]!;
  const e2x = p[i + 6]! - p[i]!, e2y = p[i + 7]! - p[i + 1]!, e2z = p[i + 8]! - p[i + 2]!;
  const hx = d[1]! * e2z - d[2]! * e2y, hy = d[2]! * e2x - d[0]! * e2z, hz = d[0]! * e2y - d[1]! * e2x;
  const a = e1x * hx + e1y * hy + e1z * hz;
  if (Math.abs(a) < 1e-15) return Infinity;
  const f = 1 / a;
  const sx = o[0]! - p[i]!, sy = o[1]! - p[i + 1]!, sz = o[2]! - p[i + 2]!;
  const u = f * (sx * hx + sy * hy + sz * hz);
  if (u < 0 || u > 1) return Infinity;
  const qx = sy * e1z - sz * e1y, qy = sz * e1x - sx * e1z, qz = sx * e1y - sy * e1x;
  const v = f * (d[0]! * qx + d[1]! * qy + d[2]! * qz);
  if (v < 0 || u + v > 1) return Infinity;
  const t = f * (e2x * qx + e2y * qy + e2z * qz);
  return t > 1e-12 ? t : Infinity;
}

/** The ray in the shape's frame, then the shape's own equation. */
function rayShape(s: RefShape, o: number[], d: number[]): number {
  const r = s.t.r, p = s.t.p;
  const w = [o[0]! - p[0], o[1]! - p[1], o[2]! - p[2]];
  const lo = [0, 1, 2].map((k) => r[k] * w[0]! + r[3 + k] * w[1]! + r[6 + k] * w[2]!);
  const ld = [0, 1, 2].map((k) => r[k] * d[0]! + r[3 + k] * d[1]! + r[6 + k] * d[2]!);
  const g = s.g;
  switch (s.type) {
    case 'box':
      return slab(lo, ld, (g.size as number[]).map((v) => v / 2));
    case 'plane': {
      const n = g.normal as number[];
      const denom = n[0]! * ld[0]! + n[1]! * ld[1]! + n[2]! * ld[2]!;
      if (Math.abs(denom) < 1e-15) return Infinity;
      const t = -(n[0]! * lo[0]! + n[1]! * lo[1]! + n[2]! * lo[2]!) / denom;
      return t > 0 ? t : Infinity; // planes here are ground planes, large enough to count as unbounded
    }
    case 'sphere':
      return sphere(lo, ld, g.radius as number);
    case 'ellipsoid':
      return sphere(lo, ld, Math.max(...(g.radii as number[])));
    case 'cylinder':
      return cylinder(lo, ld, g.radius as number, (g.length as number) / 2);
    case 'capsule':
      return cylinder(lo, ld, g.radius as number, (g.length as number) / 2 + (g.radius as number));
    default:
      return Infinity;
  }
}

function slab(o: number[], d: number[], h: number[]): number {
  let tn = -Infinity, tf = Infinity;
  for (let k = 0; k < 3; k++) {
    if (Math.abs(d[k]!) < 1e-15) {
      if (Math.abs(o[k]!) > h[k]!) return Infinity;
      continue;
    }
    const t1 = (-h[k]! - o[k]!) / d[k]!, t2 = (h[k]! - o[k]!) / d[k]!;
    tn = Math.max(tn, Math.min(t1, t2));
    tf = Math.min(tf, Math.max(t1, t2));
  }
  return tn <= tf && tn > 0 ? tn : Infinity;
}

function sphere(o: number[], d: number[], r: number): number {
  const a = d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2, b = o[0]! * d[0]! + o[1]! * d[1]! + o[2]! * d[2]!, c = o[0]! ** 2 + o[1]! ** 2 + o[2]! ** 2 - r * r;
  const disc = b * b - a * c;
  if (disc < 0) return Infinity;
  const t = (-b - Math.sqrt(disc)) / a;
  return t > 0 ? t : Infinity;
}

function cylinder(o: number[], d: number[], r: number, hl: number): number {
  let best = Infinity;
  const a = d[0]! ** 2 + d[1]! ** 2;
  if (a > 1e-15) {
    const b = o[0]! * d[0]! + o[1]! * d[1]!, c = o[0]! ** 2 + o[1]! ** 2 - r * r;
    const disc = b * b - a * c;
    if (disc >= 0) {
      const t = (-b - Math.sqrt(disc)) / a;
      if (t > 0 && Math.abs(o[2]! + t * d[2]!) <= hl) best = t;
    }
  }
  if (Math.abs(d[2]!) > 1e-15) {
    for (const cap of [-hl, hl]) {
      const t = (cap - o[2]!) / d[2]!;
      if (t > 0 && t < best && (o[0]! + t * d[0]!) ** 2 + (o[1]! + t * d[1]!) ** 2 <= r * r) best = t;
    }
  }
  return best;
}
