/**
 * What the search has seen, on a grid in the odometry frame (pure). The lidar maps space all around: cells its
 * beams pass through are free, cells where they end hold a surface (a wall, furniture, a landmark). The camera
 * sees only ahead: cells inside its field of view, up to `lookRange` and not behind the first lidar return, have
 * been looked at. A target can still be where there is a surface the camera has not looked at, or beyond a
 * frontier (free space next to unmapped space). The search is complete when neither is left that the robot can
 * reach: then the object is not there.
 *
 * Coverage = surfaces looked at / surfaces mapped: what the operator reads as "searched 85%".
 */
import type { sensor_msgs } from '@navstack/msgs';
import { rangeAt } from './preprocess.ts';
import type { Pose2D } from './pose.ts';

export interface SearchTarget {
  /** Where to stand, facing what to look at. */
  x: number;
  y: number;
  yaw: number;
  kind: 'surfaces' | 'frontier';
  /** Path length through free cells (m). */
  distance: number;
  /** The cells this step is meant to look at (abandoned if still unseen afterwards). */
  cells: number[];
}

export interface CoverageOptions {
  cell: number;
  /** The lidar maps up to here (m). */
  mapRange: number;
  /** The camera is trusted to notice a target up to here (m). */
  lookRange: number;
  hfov: number;
  /** Free cells this close to a surface are not places to stand (m). */
  clearance: number;
}

export const DEFAULT_COVERAGE: CoverageOptions = { cell: 0.3, mapRange: 6, lookRange: 3.5, hfov: 1.047, clearance: 0.2 };

const OFFSET = 10_000, STRIDE = 20_000;

export class CoverageGrid {
  readonly o: CoverageOptions;
  readonly #free = new Set<number>();
  /** Surface cells, with the cell centre. */
  readonly #surface = new Map<number, { x: number; y: number }>();
  readonly #viewed = new Set<number>();
  /** Surfaces beyond mapRange (up to 10 m): not searched, but there for relations ("by the wall") seen from afar. */
  readonly #far = new Map<number, { x: number; y: number }>();
  readonly #abandoned = new Set<number>();
  readonly #attempts = new Map<number, number>();

  constructor(options: Partial<CoverageOptions> = {}) {
    this.o = { ...DEFAULT_COVERAGE, ...options };
  }

  key(x: number, y: number): number {
    return (Math.floor(x / this.o.cell) + OFFSET) * STRIDE + Math.floor(y / this.o.cell) + OFFSET;
  }

  centre(k: number): { x: number; y: number } {
    const i = Math.floor(k / STRIDE) - OFFSET, j = (k % STRIDE) - OFFSET;
    return { x: (i + 0.5) * this.o.cell, y: (j + 0.5) * this.o.cell };
  }

  clear(): void {
    this.#free.clear();
    this.#surface.clear();
    this.#far.clear();
    this.#viewed.clear();
    this.#abandoned.clear();
    this.#attempts.clear();
  }

  /** Adds one frame: the lidar's free space and surfaces, and what the camera looked at. */
  observe(pose: Pose2D, scan: sensor_msgs.LaserScan): void {
    const { cell, mapRange, lookRange, hfov } = this.o;
    this.#free.add(this.key(pose.x, pose.y));
    const n = scan.ranges.length;
    const stride = Math.max(1, Math.round(n / 180));
    for (let i = 0; i < n; i += stride) {
      const r = scan.ranges[i];
      const hit = Number.isFinite(r) && r >= scan.range_min && r <= scan.range_max;
      const reach = Math.min(hit ? r : scan.range_max > 0 ? scan.range_max : 0, mapRange);
      const a = pose.yaw + scan.angle_min + i * scan.angle_increment;
      const c = Math.cos(a), s = Math.sin(a);
      for (let t = cell / 2; t < reach - cell / 2; t += cell / 2) this.#free.add(this.key(pose.x + t * c, pose.y + t * s));
      if (hit && r <= 10) {
        const x = pose.x + r * c, y = pose.y + r * s;
        const k = this.key(x, y);
        const into = r <= mapRange ? this.#surface : this.#far;
        if (!into.has(k)) into.set(k, this.centre(k));
      }
    }
    for (let d = -hfov / 2 + 0.02; d <= hfov / 2 - 0.02; d += 0.03) {
      const reach = Math.min(lookRange, rangeAt(scan, d, scan.range_max > 0 ? scan.range_max : lookRange) + cell);
      const a = pose.yaw + d;
      for (let t = cell; t <= reach; t += cell / 2) this.#viewed.add(this.key(pose.x + t * Math.cos(a), pose.y + t * Math.sin(a)));
    }
  }

  /** A second look: forgets what the camera has seen (and given up on), keeps the lidar's map. */
  resetViews(): void {
    this.#viewed.clear();
    this.#abandoned.clear();
    this.#attempts.clear();
  }

  /** Surfaces not looked at yet (nor given up on), with their cells and cell centres. */
  *unviewed(): Iterable<{ k: number; x: number; y: number }> {
    for (const [k, c] of this.#surface) if (!this.#viewed.has(k) && !this.#abandoned.has(k)) yield { k, ...c };
  }

  get unviewedCount(): number {
    let n = 0;
    for (const k of this.#surface.keys()) if (!this.#viewed.has(k) && !this.#abandoned.has(k)) n++;
    return n;
  }

  /** Fraction of mapped surfaces the camera has looked at (0 when nothing is mapped). */
  coverage(): number {
    if (this.#surface.size === 0) return 0;
    let seen = 0;
    for (const k of this.#surface.keys()) if (this.#viewed.has(k)) seen++;
    return seen / this.#surface.size;
  }

  /** After a step: gives up on cells it could not look at (occluded, or no place to see them from). */
  abandon(t: SearchTarget): void {
    for (const k of t.cells) {
      if (this.#viewed.has(k)) continue;
      // a frontier at once; a surface after two steps meant to see it (one step faces the middle of a spread)
      const n = (this.#attempts.get(k) ?? 0) + 1;
      this.#attempts.set(k, n);
      if (t.kind === 'frontier' || n >= 2) this.#abandoned.add(k);
    }
  }

  /** Surface cell centres between rMin and rMax (m) of a point. */
  surfacesNear(x: number, y: number, rMin: number, rMax: number): { x: number; y: number }[] {
    const out: { x: number; y: number }[] = [];
    const r = Math.ceil(rMax / this.o.cell) + 1, k0 = this.key(x, y);
    for (let i = -r; i <= r; i++)
      for (let j = -r; j <= r; j++) {
        const c = this.#surface.get(k0 + i * STRIDE + j) ?? this.#far.get(k0 + i * STRIDE + j);
        if (!c) continue;
        const d = Math.hypot(c.x - x, c.y - y);
        if (d >= rMin && d <= rMax) out.push(c);
      }
    return out;
  }

  isViewed(k: number): boolean {
    return this.#viewed.has(k);
  }

  #standable(k: number): boolean {
    if (!this.#free.has(k)) return false;
    const c = this.centre(k), r = Math.ceil(this.o.clearance / this.o.cell);
    for (let i = -r; i <= r; i++)
      for (let j = -r; j <= r; j++) {
        const kk = k + i * STRIDE + j;
        if (this.#surface.has(kk)) {
          const s = this.centre(kk);
          if (Math.hypot(s.x - c.x, s.y - c.y) < this.o.clearance + this.o.cell / 2) return false;
        }
      }
    return true;
  }

  /** Free, with at least two neighbours neither free nor a surface (unmapped). */
  #isFrontier(k: number): boolean {
    if (!this.#free.has(k)) return false;
    let open = 0;
    for (const [di, dj] of NEIGHBOURS) {
      const kk = k + di * STRIDE + dj;
      if (!this.#free.has(kk) && !this.#surface.has(kk)) open++;
    }
    return open >= 2;
  }

  /**
   * Whether no mapped surface stands between p and the surface cell u (d apart): without it a place is credited
   * with the far side of a wall, which in a maze or an apartment sends the search to stand where it cannot see
   * what it came for. Walked from u back toward p: the cells of u's own wall come first (a ray at a grazing angle
   * runs along them for a while; in cells they are not one), and only a surface after free space blocks.
   */
  inSight(p: { x: number; y: number }, u: { k: number; x: number; y: number }, d = Math.hypot(u.x - p.x, u.y - p.y)): boolean {
    const step = this.o.cell / 2;
    let free = 0;
    for (let t = d - step; t > 0; t -= step) {
      const surface = this.#surface.has(this.key(p.x + ((u.x - p.x) * t) / d, p.y + ((u.y - p.y) * t) / d));
      if (free < 2) free = surface ? 0 : free + 1;
      else if (surface) return false;
    }
    return true;
  }

  /**
   * The nearest place (path length through free cells with clearance) from which unlooked-at surfaces can be
   * seen (at least `minCells` within look range), else the nearest frontier; undefined when neither is left.
   */
  nextTarget(pose: Pose2D, minCells = 3): SearchTarget | undefined {
    const { cell, lookRange } = this.o;
    const start = this.key(pose.x, pose.y);
    const dist = new Map<number, number>([[start, 0]]);
    const order: number[] = [start];
    for (let q = 0; q < order.length; q++) {
      const k = order[q];
      const d = dist.get(k)!;
      for (const [di, dj, w] of NEIGHBOURS) {
        const kk = k + di * STRIDE + dj;
        // the robot may stand closer to something than the clearance (it has just looked at an object up close):
        // it can still back out through free cells near it
        if (dist.has(kk) || !(this.#standable(kk) || (d + w * cell <= 0.6 && this.#free.has(kk)))) continue;
        dist.set(kk, d + w * cell);
        order.push(kk);
      }
    }
    order.sort((a, b) => dist.get(a)! - dist.get(b)!);
    const pending: { k: number; x: number; y: number }[] = [];
    for (const [k, c] of this.#surface) if (!this.#viewed.has(k) && !this.#abandoned.has(k)) pending.push({ k, ...c });
    if (pending.length > 0) {
      // the most unlooked-at surfaces per metre driven (a place 2 m away showing 20 beats one 0.7 m away showing 3)
      let best: SearchTarget | undefined, bestScore = 0;
      for (const k of order) {
        const p = this.centre(k);
        if (Math.hypot(p.x - pose.x, p.y - pose.y) < 0.6) continue; // turning in place is the sector search's job
        let n = 0, sx = 0, sy = 0;
        const cells: number[] = [];
        for (const u of pending) {
          const d = Math.hypot(u.x - p.x, u.y - p.y);
          if (d > 0.5 && d < lookRange - 0.5 && this.inSight(p, u, d)) {
            n++;
            sx += u.x;
            sy += u.y;
            cells.push(u.k);
          }
        }
        const score = n / (2 + dist.get(k)!);
        if (n >= minCells && score > bestScore) {
          bestScore = score;
          best = { x: p.x, y: p.y, yaw: Math.atan2(sy / n - p.y, sx / n - p.x), kind: 'surfaces', distance: dist.get(k)!, cells };
        }
      }
      if (best) return best;
    }
    for (const k of order) {
      if (this.#abandoned.has(k) || dist.get(k)! < 0.9) continue;
      if (this.#isFrontier(k)) {
        const p = this.centre(k);
        return { x: p.x, y: p.y, yaw: Math.atan2(p.y - pose.y, p.x - pose.x), kind: 'frontier', distance: dist.get(k)!, cells: [k] };
      }
    }
    return undefined;
  }
}

const NEIGHBOURS: [number, number, number][] = [
  [1, 0, 1], [-1, 0, 1], [0, 1, 1], [0, -1, 1],
  [1, 1, Math.SQRT2], [1, -1, Math.SQRT2], [-1, 1, Math.SQRT2], [-1, -1, Math.SQRT2],
];
