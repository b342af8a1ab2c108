// The robot footprint (a circle) against the world's collision shapes, in 2D over the body's height.
import type { Footprint, MeshScene } from './mesh/MeshScene.ts';
import { CIRCLE, RECT, SPHERE, type Prim } from './scene.ts';

/** A footprint obstacle: rectangle or circle in the ground plane. */
export class Obstacles {
  readonly #kind: Uint8Array;
  readonly #data: Float64Array; // per obstacle: cx, cy, c, s, hx, hy, minX, maxX, minY, maxY
  readonly count: number;
  /** Collision meshes within the body's height band, projected to the ground. */
  readonly meshes?: Footprint;

  /**
   * Keeps the shapes that overlap the body's height range [zMin, zMax]: tilted shapes by their bounding
   * box, meshes by their triangles' parts within the band.
   */
  constructor(prims: readonly Prim[], zMin: number, zMax: number, meshes?: MeshScene) {
    this.meshes = meshes?.footprint(zMin, zMax);
    const kept: { kind: number; v: number[] }[] = [];
    for (const p of prims) {
      if (p.z1 < zMin || p.z0 > zMax) continue;
      if (p.kind === RECT) kept.push({ kind: RECT, v: [p.cx, p.cy, p.c, p.s, p.hx, p.hy, p.minX, p.maxX, p.minY, p.maxY] });
      else if (p.kind === CIRCLE) kept.push({ kind: CIRCLE, v: [p.cx, p.cy, 1, 0, p.hx, p.hx, p.minX, p.maxX, p.minY, p.maxY] });
      else if (p.kind === SPHERE) {
        const dz = p.cz < zMin ? zMin - p.cz : p.cz > zMax ? p.cz - zMax : 0;
        const r = Math.sqrt(Math.max(0, p.hx * p.hx - dz * dz));
        kept.push({ kind: CIRCLE, v: [p.cx, p.cy, 1, 0, r, r, p.cx - r, p.cx + r, p.cy - r, p.cy + r] });
      } else {
        const hx = (p.maxX - p.minX) / 2, hy = (p.maxY - p.minY) / 2;
        kept.push({ kind: RECT, v: [(p.minX + p.maxX) / 2, (p.minY + p.maxY) / 2, 1, 0, hx, hy, p.minX, p.maxX, p.minY, p.maxY] });
      }
    }
    this.count = kept.length;
    this.#kind = new Uint8Array(kept.length);
    this.#data = new Float64Array(kept.length * 10);
    kept.forEach((k, i) => {
      this.#kind[i] = k.kind;
      this.#data.set(k.v, i * 10);
    });
  }

  /** True when a circle of radius r at (x, y) overlaps any obstacle. */
  overlaps(x: number, y: number, r: number): boolean {
    const d = this.#data, kinds = this.#kind;
    for (let i = 0, o = 0; i < this.count; i++, o += 10) {
      if (x + r < d[o + 6] || x - r > d[o + 7] || y + r < d[o + 8] || y - r > d[o + 9]) continue;
      const dx = x - d[o], dy = y - d[o + 1];
      if (kinds[i] === CIRCLE) {
        const rr = d[o + 4] + r;
        if (dx * dx + dy * dy < rr * rr) return true;
      } else {
        const c = d[o + 2], s = d[o + 3];
        const lx = Math.abs(c * dx + s * dy) - d[o + 4];
        const ly = Math.abs(-s * dx + c * dy) - d[o + 5];
        const qx = lx > 0 ? lx : 0, qy = ly > 0 ? ly : 0;
        if (qx * qx + qy * qy < r * r) return true;
      }
    }
    return this.meshes ? this.meshes.overlaps(x, y, r) : false;
  }

  /** Distance from (x, y) to the nearest obstacle's boundary (0 inside one; Infinity with none). */
  distance(x: number, y: number): number {
    const d = this.#data, kinds = this.#kind;
    let best = Infinity;
    for (let i = 0, o = 0; i < this.count; i++, o += 10) {
      const dx = x - d[o], dy = y - d[o + 1];
      let dist: number;
      if (kinds[i] === CIRCLE) dist = Math.max(0, Math.sqrt(dx * dx + dy * dy) - d[o + 4]);
      else {
        const c = d[o + 2], s = d[o + 3];
        const lx = Math.max(0, Math.abs(c * dx + s * dy) - d[o + 4]);
        const ly = Math.max(0, Math.abs(-s * dx + c * dy) - d[o + 5]);
        dist = Math.sqrt(lx * lx + ly * ly);
      }
      if (dist < best) best = dist;
    }
    return this.meshes ? Math.min(best, this.meshes.distance(x, y)) : best;
  }
}
