import { BinaryHeap } from './BinaryHeap.ts';
import { PlannerError } from './errors.ts';
import { INSCRIBED_INFLATED_OBSTACLE, LETHAL_OBSTACLE } from '../costmap/costValues.ts';

/** The grid an A* search runs on: Nav2 cost values per cell, row-major. */
export interface CostGrid {
  width: number;
  height: number;
  costs: Uint8Array;
  /** Optional distance to the nearest obstacle per cell; lets a start inside the inscribed zone escape. */
  distance?: Float32Array;
}

export interface AStarOptions {
  /** Cells with cost >= this are not traversable (default: INSCRIBED, 253). */
  blockedCost?: number;
  /** Weight of the cell cost in the step cost: step * (1 + costWeight * cost / 252). 0 = shortest path. */
  costWeight?: number;
  /** Give up after this many expansions (default: every cell once). */
  maxExpansions?: number;
}

const SQRT2 = Math.SQRT2;
const DX = [1, -1, 0, 0, 1, 1, -1, -1];
const DY = [0, 0, 1, -1, 1, -1, 1, -1];
const STEP = [1, 1, 1, 1, SQRT2, SQRT2, SQRT2, SQRT2];

// Scratch, reused between searches on grids of the same size (generation stamps avoid clearing).
let cap = 0;
let gScore = new Float64Array(0);
let parent = new Int32Array(0);
let seen = new Uint32Array(0);
let closed = new Uint32Array(0);
let escape = new Uint32Array(0);
let gen = 0;
const heap = new BinaryHeap(4096);

function ensure(n: number): void {
  if (cap >= n) return;
  cap = n;
  gScore = new Float64Array(n);
  parent = new Int32Array(n);
  seen = new Uint32Array(n);
  closed = new Uint32Array(n);
  escape = new Uint32Array(n);
  gen = 0;
}

/**
 * 8-connected A* from cell (sx,sy) to (gx,gy), never cutting an obstacle corner. The step cost grows
 * with the cell cost, so paths keep away from obstacles when there is room. Returns the cell indices
 * of the path, start first. Throws PlannerError (START_OUTSIDE_MAP, GOAL_OUTSIDE_MAP, START_OCCUPIED,
 * GOAL_OCCUPIED, NO_VALID_PATH).
 *
 * A start inside the inscribed zone (the robot brushed an obstacle) is allowed to escape along cells
 * that get no closer to the obstacle.
 */
export function astar(grid: CostGrid, sx: number, sy: number, gx: number, gy: number, options: AStarOptions = {}): Int32Array {
  const { width: w, height: h, costs, distance } = grid;
  const blocked = options.blockedCost ?? INSCRIBED_INFLATED_OBSTACLE;
  const costWeight = options.costWeight ?? 0;
  const maxExp = options.maxExpansions ?? w * h;
  if (sx < 0 || sy < 0 || sx >= w || sy >= h) throw new PlannerError('START_OUTSIDE_MAP', `start cell (${sx}, ${sy}) is outside the ${w}x${h} costmap`);
  if (gx < 0 || gy < 0 || gx >= w || gy >= h) throw new PlannerError('GOAL_OUTSIDE_MAP', `goal cell (${gx}, ${gy}) is outside the ${w}x${h} costmap`);
  const start = sy * w + sx;
  const goal = gy * w + gx;
  if (costs[goal]! >= blocked) throw new PlannerError('GOAL_OCCUPIED', `goal cell (${gx}, ${gy}) is in collision (cost ${costs[goal]})`);
  const startCost = costs[start]!;
  if (startCost >= LETHAL_OBSTACLE || (startCost >= blocked && !distance)) {
    throw new PlannerError('START_OCCUPIED', `start cell (${sx}, ${sy}) is in collision (cost ${startCost})`);
  }
  ensure(w * h);
  gen++;
  if (gen === 0xffffffff) {
    seen.fill(0);
    closed.fill(0);
    escape.fill(0);
    gen = 1;
  }
  const g = gen;
  const TIE = 1 + 1e-6; // prefer nodes nearer the goal among equal f (keeps optimality up to 1e-6)
  const h0x = Math.abs(sx - gx), h0y = Math.abs(sy - gy);
  heap.clear();
  gScore[start] = 0;
  parent[start] = -1;
  seen[start] = g;
  if (startCost >= blocked) escape[start] = g;
  heap.push(start, (h0x + h0y + (SQRT2 - 2) * Math.min(h0x, h0y)) * TIE);
  let expansions = 0;
  const costScale = costWeight / (INSCRIBED_INFLATED_OBSTACLE - 1);
  const weighted = costScale !== 0;
  const hasEscape = startCost >= blocked;
  while (heap.size > 0) {
    const cur = heap.pop();
    if (closed[cur] === g) continue;
    closed[cur] = g;
    if (cur === goal) break;
    if (++expansions > maxExp) throw new PlannerError('TIMEOUT', `no path after ${maxExp} expansions`);
    const cy = (cur / w) | 0;
    const cx = cur - cy * w;
    const gc = gScore[cur]!;
    const curEscape = hasEscape && escape[cur] === g;
    for (let k = 0; k < 8; k++) {
      const nx = cx + DX[k]!;
      const ny = cy + DY[k]!;
      if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
      const n = ny * w + nx;
      if (closed[n] === g) continue;
      const c = costs[n]!;
      let viaEscape = false;
      if (c >= blocked) {
        if (!curEscape || c >= LETHAL_OBSTACLE || distance![n]! < distance![cur]!) continue;
        viaEscape = true;
      }
      if (k >= 4) {
        // no corner cutting
        const a = costs[cy * w + nx]!, b = costs[ny * w + cx]!;
        if (a >= LETHAL_OBSTACLE || b >= LETHAL_OBSTACLE) continue;
        if (!viaEscape && !curEscape && (a >= blocked || b >= blocked)) continue;
      }
      const ng = gc + (weighted ? STEP[k]! * (1 + costScale * (c >= blocked ? INSCRIBED_INFLATED_OBSTACLE : c)) : STEP[k]!);
      if (seen[n] !== g || ng < gScore[n]!) {
        seen[n] = g;
        gScore[n] = ng;
        parent[n] = cur;
        escape[n] = viaEscape ? g : 0;
        const dx = nx > gx ? nx - gx : gx - nx;
        const dy = ny > gy ? ny - gy : gy - ny;
        heap.push(n, ng + (dx + dy + (SQRT2 - 2) * (dx < dy ? dx : dy)) * TIE);
      }
    }
  }
  if (closed[goal] !== g) throw new PlannerError('NO_VALID_PATH', `no collision-free path from cell (${sx}, ${sy}) to (${gx}, ${gy})`);
  let len = 0;
  for (let i = goal; i !== -1; i = parent[i]!) len++;
  const path = new Int32Array(len);
  for (let i = goal, j = len - 1; i !== -1; i = parent[i]!, j--) path[j] = i;
  return path;
}

/** Walks the cells of the segment (x0,y0)-(x1,y1) (supercover-ish Bresenham); returns false as soon as `ok` does. */
export function lineOfSight(x0: number, y0: number, x1: number, y1: number, ok: (x: number, y: number) => boolean): boolean {
  let x = x0, y = y0;
  const dx = Math.abs(x1 - x0), dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  for (;;) {
    if (!ok(x, y)) return false;
    if (x === x1 && y === y1) return true;
    const e2 = 2 * err;
    const stepX = e2 >= dy;
    const stepY = e2 <= dx;
    if (stepX && stepY) {
      // diagonal step: both side cells must be fine too (no corner cutting)
      if (!ok(x + sx, y) || !ok(x, y + sy)) return false;
    }
    if (stepX) { err += dy; x += sx; }
    if (stepY) { err += dx; y += sy; }
  }
}

/**
 * Shortens a cell path by string pulling (any-angle post-smoothing, as Theta* would): a waypoint is
 * dropped when the straight segment around it crosses no cell costlier than the path it replaces
 * (and never a blocked one). Returns the kept cell indices.
 */
export function smoothPath(grid: CostGrid, path: Int32Array, options: { blockedCost?: number; costSlack?: number } = {}): Int32Array {
  if (path.length <= 2) return path;
  const { width: w, costs } = grid;
  const blocked = options.blockedCost ?? INSCRIBED_INFLATED_OBSTACLE;
  const slack = options.costSlack ?? 10;
  const out: number[] = [path[0]!];
  let anchor = 0;
  let segMax = costs[path[0]!]!;
  let i = 1;
  while (i < path.length - 1) {
    const a = path[anchor]!;
    const ax = a % w, ay = (a - ax) / w;
    const n = path[i + 1]!;
    const nx = n % w, ny = (n - nx) / w;
    const limit = Math.min(blocked - 1, Math.max(segMax, costs[path[i]!]!, costs[n]!) + slack);
    const startInBlocked = costs[a]! >= blocked;
    const clear = lineOfSight(ax, ay, nx, ny, (x, y) => {
      const c = costs[y * w + x]!;
      return c <= limit || (startInBlocked && c < LETHAL_OBSTACLE && Math.abs(x - ax) + Math.abs(y - ay) <= 2);
    });
    if (clear) {
      segMax = Math.max(segMax, costs[path[i]!]!);
      i++;
    } else {
      out.push(path[i]!);
      anchor = i;
      segMax = costs[path[i]!]!;
      i++;
    }
  }
  out.push(path[path.length - 1]!);
  return Int32Array.from(out);
}
