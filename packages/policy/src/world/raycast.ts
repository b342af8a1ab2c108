/** 2D ray casting against procedural-world objects and the room walls (pure functions). */
import type { Bounds, WorldObject } from './types.ts';

export const WALL_HEIGHT = 1.0;

/** Distance along a unit ray to an object's footprint at height z (Infinity if missed). */
export function rayObject(px: number, py: number, dx: number, dy: number, o: WorldObject, z = -1): number {
  if (o.shape === 'box') {
    if (z >= 0 && z > o.size[2]) return Infinity;
    const hx = o.size[0] / 2, hy = o.size[1] / 2;
    let t0 = -Infinity, t1 = Infinity;
    for (const [p, d, lo, hi] of [[px, dx, o.x - hx, o.x + hx], [py, dy, o.y - hy, o.y + hy]] as const) {
      if (Math.abs(d) < 1e-12) {
        if (p < lo || p > hi) return Infinity;
      } else {
        let a = (lo - p) / d, b = (hi - p) / d;
        if (a > b) [a, b] = [b, a];
        t0 = Math.max(t0, a);
        t1 = Math.min(t1, b);
      }
    }
    if (t1 < Math.max(t0, 0)) return Infinity;
    return t0 >= 0 ? t0 : 0;
  }
  let r = o.size[0] / 2;
  if (z >= 0) {
    if (o.shape === 'cylinder' && z > o.size[2]) return Infinity;
    if (o.shape === 'sphere') {
      const dz = z - r;
      if (Math.abs(dz) >= r) return Infinity;
      r = Math.sqrt(r * r - dz * dz);
    }
  }
  const fx = px - o.x, fy = py - o.y;
  const b = fx * dx + fy * dy;
  const c = fx * fx + fy * fy - r * r;
  const disc = b * b - c;
  if (disc < 0) return Infinity;
  const s = Math.sqrt(disc);
  const t = -b - s;
  if (t >= 0) return t;
  return -b + s >= 0 ? 0 : Infinity;
}

/** Distance to the room wall along a unit ray from inside the bounds. */
export function rayWalls(px: number, py: number, dx: number, dy: number, b: Bounds): number {
  let t = Infinity;
  if (dx > 1e-12) t = Math.min(t, (b.maxX - px) / dx);
  else if (dx < -1e-12) t = Math.min(t, (b.minX - px) / dx);
  if (dy > 1e-12) t = Math.min(t, (b.maxY - py) / dy);
  else if (dy < -1e-12) t = Math.min(t, (b.minY - py) / dy);
  return Math.max(0, t);
}

/** Shortest distance from a point to an object's footprint boundary (0 inside). */
export function distanceToObject(x: number, y: number, o: WorldObject): number {
  if (o.shape === 'box') {
    const dx = Math.max(Math.abs(x - o.x) - o.size[0] / 2, 0);
    const dy = Math.max(Math.abs(y - o.y) - o.size[1] / 2, 0);
    return Math.hypot(dx, dy);
  }
  return Math.max(0, Math.hypot(x - o.x, y - o.y) - o.size[0] / 2);
}
