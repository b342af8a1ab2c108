/**
 * A small grid planner and path follower: the expert that records demonstrations drives with it on the
 * ground-truth map, and evaluation uses it as the goal executor when @navstack/nav is not wired in.
 */
import { wrapAngle } from './angle.ts';
import type { Pose2D, Twist2D } from './types.ts';

export interface GridBounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export class GridMap {
  readonly res: number;
  readonly w: number;
  readonly h: number;
  readonly ox: number;
  readonly oy: number;
  readonly free: Uint8Array;

  /** `clearance(x, y)`: free distance from the robot footprint at (x, y) to the nearest obstacle (m). */
  constructor(bounds: GridBounds, clearance: (x: number, y: number) => number, margin: number, res = 0.1) {
    const b = bounds;
    this.res = res;
    this.ox = b.minX;
    this.oy = b.minY;
    this.w = Math.ceil((b.maxX - b.minX) / res);
    this.h = Math.ceil((b.maxY - b.minY) / res);
    this.free = new Uint8Array(this.w * this.h);
    for (let j = 0; j < this.h; j++)
      for (let i = 0; i < this.w; i++) {
        const x = this.ox + (i + 0.5) * res, y = this.oy + (j + 0.5) * res;
        this.free[j * this.w + i] = clearance(x, y) > margin ? 1 : 0;
      }
  }

  cell(x: number, y: number): [number, number] {
    return [Math.floor((x - this.ox) / this.res), Math.floor((y - this.oy) / this.res)];
  }

  isFree(i: number, j: number): boolean {
    return i >= 0 && j >= 0 && i < this.w && j < this.h && this.free[j * this.w + i] === 1;
  }

  /** Nearest free cell to (i, j) by breadth-first search. */
  nearestFree(i: number, j: number): [number, number] | undefined {
    const ci = Math.max(0, Math.min(this.w - 1, i)), cj = Math.max(0, Math.min(this.h - 1, j));
    if (this.isFree(ci, cj)) return [ci, cj];
    const seen = new Uint8Array(this.w * this.h);
    const q: number[] = [cj * this.w + ci];
    seen[q[0]] = 1;
    for (let qi = 0; qi < q.length; qi++) {
      const c = q[qi];
      const x = c % this.w, y = (c - x) / this.w;
      for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
        const nx = x + dx, ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= this.w || ny >= this.h) continue;
        const n = ny * this.w + nx;
        if (seen[n]) continue;
        if (this.free[n]) return [nx, ny];
        seen[n] = 1;
        q.push(n);
      }
    }
    return undefined;
  }

  /** A* (8-connected); returns world points from start to goal, or undefined. */
  plan(sx: number, sy: number, gx: number, gy: number): { x: number; y: number }[] | undefined {
    const s0 = this.cell(sx, sy);
    const s = this.nearestFree(s0[0], s0[1]);
    const g0 = this.cell(gx, gy);
    const g = this.nearestFree(g0[0], g0[1]);
    if (!s || !g) return undefined;
    const N = this.w * this.h;
    const gScore = new Float64Array(N).fill(Infinity);
    const came = new Int32Array(N).fill(-1);
    const closed = new Uint8Array(N);
    const start = s[1] * this.w + s[0], goal = g[1] * this.w + g[0];
    gScore[start] = 0;
    // binary heap of [f, idx]
    const heap: number[] = [];
    const hf = (i: number) => {
      const x = i % this.w, y = (i - x) / this.w;
      const dx = Math.abs(x - g[0]), dy = Math.abs(y - g[1]);
      return Math.max(dx, dy) + 0.41421356 * Math.min(dx, dy);
    };
    const push = (f: number, i: number) => {
      heap.push(f, i);
      let k = heap.length / 2 - 1;
      while (k > 0) {
        const p = (k - 1) >> 1;
        if (heap[2 * p] <= heap[2 * k]) break;
        [heap[2 * p], heap[2 * k]] = [heap[2 * k], heap[2 * p]];
        [heap[2 * p + 1], heap[2 * k + 1]] = [heap[2 * k + 1], heap[2 * p + 1]];
        k = p;
      }
    };
    const pop = (): number => {
      const top = heap[1];
      const lf = heap.pop()!, li = heap.pop()!;
      // note: pop order reversed (idx then f)
      if (heap.length > 0) {
        heap[0] = li;
        heap[1] = lf;
        let k = 0;
        const n = heap.length / 2;
        for (;;) {
          const l = 2 * k + 1, r = l + 1;
          let m = k;
          if (l < n && heap[2 * l] < heap[2 * m]) m = l;
          if (r < n && heap[2 * r] < heap[2 * m]) m = r;
          if (m === k) break;
          [heap[2 * m], heap[2 * k]] = [heap[2 * k], heap[2 * m]];
          [heap[2 * m + 1], heap[2 * k + 1]] = [heap[2 * k + 1], heap[2 * m + 1]];
          k = m;
        }
      }
      return top;
    };
    push(hf(start), start);
    while (heap.length) {
      const c = pop();
      if (closed[c]) continue;
      closed[c] = 1;
      if (c === goal) break;
      const x = c % this.w, y = (c - x) / this.w;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          if (!dx && !dy) continue;
          const nx = x + dx, ny = y + dy;
          if (!this.isFree(nx, ny)) continue;
          if (dx && dy && (!this.isFree(x + dx, y) || !this.isFree(x, y + dy))) continue;
          const n = ny * this.w + nx;
          const ng = gScore[c] + (dx && dy ? Math.SQRT2 : 1);
          if (ng < gScore[n]) {
            gScore[n] = ng;
            came[n] = c;
            push(ng + hf(n), n);
          }
        }
    }
    if (!closed[goal]) return undefined;
    const cells: number[] = [];
    for (let c = goal; c !== -1; c = came[c]) cells.push(c);
    cells.reverse();
    return cells.map((c) => {
      const x = c % this.w, y = (c - x) / this.w;
      return { x: this.ox + (x + 0.5) * this.res, y: this.oy + (y + 0.5) * this.res };
    });
  }
}

export interface FollowerOptions {
  maxLinear: number;
  maxAngular: number;
  lookahead: number;
  goalTolerance: number;
}

export const DEFAULT_FOLLOWER: FollowerOptions = { maxLinear: 0.7, maxAngular: 1.5, lookahead: 0.45, goalTolerance: 0.15 };

/** Pure pursuit with rotate-in-place for large heading errors; returns zero twist at the goal. */
export function followPath(path: { x: number; y: number }[], pose: Pose2D, o: FollowerOptions = DEFAULT_FOLLOWER): { cmd: Twist2D; done: boolean } {
  const last = path[path.length - 1];
  if (!last || Math.hypot(last.x - pose.x, last.y - pose.y) < o.goalTolerance) return { cmd: { linear: 0, angular: 0 }, done: true };
  // closest point, then look ahead along the path
  let best = 0, bd = Infinity;
  for (let i = 0; i < path.length; i++) {
    const d = Math.hypot(path[i].x - pose.x, path[i].y - pose.y);
    if (d < bd) { bd = d; best = i; }
  }
  let t = path[path.length - 1];
  for (let i = best; i < path.length; i++) {
    if (Math.hypot(path[i].x - pose.x, path[i].y - pose.y) >= o.lookahead) { t = path[i]; break; }
  }
  let err = Math.atan2(t.y - pose.y, t.x - pose.x) - pose.yaw;
  err = wrapAngle(err);
  const angular = Math.max(-o.maxAngular, Math.min(o.maxAngular, 2.5 * err));
  const dist = Math.hypot(last.x - pose.x, last.y - pose.y);
  const linear = Math.abs(err) > 0.7 ? 0 : Math.min(o.maxLinear, 0.8 * dist + 0.1) * Math.cos(err);
  return { cmd: { linear, angular }, done: false };
}
