import { squaredDistanceWindow } from './distanceTransform.ts';
import { inflatedCost, costToOccupancy, LETHAL_OBSTACLE } from './costValues.ts';

export interface CostmapOptions {
  /** metres per cell */
  resolution: number;
  width: number;
  height: number;
  /** world coordinates of cell (0,0)'s corner */
  originX: number;
  originY: number;
  /** robot radius: cells closer than this to an obstacle are INSCRIBED */
  inscribedRadius: number;
  /** costs decay to zero at this distance */
  inflationRadius: number;
  costScalingFactor: number;
}

/** Obstacle sources kept per cell. */
export const CELL_FREE = 0;
export const CELL_SEEN = 1;
export const CELL_STATIC = 2;

/**
 * A 2-D costmap in one fixed frame (the navigator's global frame): an obstacle layer (static cells
 * and cells seen by the lidar) and the inflated costs and obstacle distances derived from it.
 */
export class Costmap2D {
  readonly resolution: number;
  readonly width: number;
  readonly height: number;
  readonly originX: number;
  readonly originY: number;
  readonly inscribedRadius: number;
  readonly inflationRadius: number;
  readonly costScalingFactor: number;
  /** CELL_FREE / CELL_SEEN / CELL_STATIC */
  readonly obstacles: Uint8Array;
  /** Nav2 cost values (0..254) */
  readonly costs: Uint8Array;
  /** distance to the nearest obstacle in metres, capped at inflationRadius + resolution */
  readonly distance: Float32Array;
  /** clearing passes a lidar-seen cell survives (set on every hit) */
  readonly hitCount: Uint8Array;
  markPersistence = 3;
  #scratch = new Float64Array(0);
  #costLut: Uint8Array;
  #cap: number;

  constructor(o: CostmapOptions) {
    if (!(o.resolution > 0) || o.width <= 0 || o.height <= 0) throw new Error(`invalid costmap size ${o.width}x${o.height} at ${o.resolution} m`);
    this.resolution = o.resolution;
    this.width = Math.round(o.width);
    this.height = Math.round(o.height);
    this.originX = o.originX;
    this.originY = o.originY;
    this.inscribedRadius = o.inscribedRadius;
    this.inflationRadius = Math.max(o.inflationRadius, o.inscribedRadius);
    this.costScalingFactor = o.costScalingFactor;
    const n = this.width * this.height;
    this.obstacles = new Uint8Array(n);
    this.hitCount = new Uint8Array(n);
    this.costs = new Uint8Array(n);
    this.distance = new Float32Array(n);
    this.#cap = this.inflationRadius + this.resolution;
    this.distance.fill(this.#cap);
    // cost by squared cell distance, up to the cap
    const capCells = Math.ceil(this.#cap / this.resolution);
    this.#costLut = new Uint8Array(capCells * capCells + 1);
    for (let d2 = 0; d2 <= capCells * capCells; d2++) {
      this.#costLut[d2] = inflatedCost(Math.sqrt(d2) * this.resolution, this.inscribedRadius, this.inflationRadius, this.costScalingFactor);
    }
  }

  index(mx: number, my: number): number {
    return my * this.width + mx;
  }
  /** cell column of a world x (may be out of bounds) */
  mx(x: number): number {
    return Math.floor((x - this.originX) / this.resolution);
  }
  my(y: number): number {
    return Math.floor((y - this.originY) / this.resolution);
  }
  inBounds(mx: number, my: number): boolean {
    return mx >= 0 && my >= 0 && mx < this.width && my < this.height;
  }
  /** world coordinates of a cell centre */
  wx(mx: number): number {
    return this.originX + (mx + 0.5) * this.resolution;
  }
  wy(my: number): number {
    return this.originY + (my + 0.5) * this.resolution;
  }
  /** Cost at a world point; outside the map counts as free (unknown is optimistic). */
  costAt(x: number, y: number): number {
    const mx = this.mx(x);
    const my = this.my(y);
    return this.inBounds(mx, my) ? this.costs[my * this.width + mx]! : 0;
  }
  /** Distance to the nearest obstacle at a world point (the cap outside the map). */
  distanceAt(x: number, y: number): number {
    const mx = this.mx(x);
    const my = this.my(y);
    return this.inBounds(mx, my) ? this.distance[my * this.width + mx]! : this.#cap;
  }
  get distanceCap(): number {
    return this.#cap;
  }

  setObstacle(x: number, y: number, kind: number = CELL_STATIC): void {
    const mx = this.mx(x);
    const my = this.my(y);
    if (!this.inBounds(mx, my)) return;
    this.obstacles[my * this.width + mx] = kind;
    this.hitCount[my * this.width + mx] = kind === CELL_SEEN ? this.markPersistence : 0;
  }

  /** Clears lidar-seen obstacles (static cells stay), in a radius around a point or everywhere. */
  clearSeen(center?: { x: number; y: number }, radius = Infinity): void {
    const o = this.obstacles;
    if (!center || radius === Infinity) {
      for (let i = 0; i < o.length; i++) if (o[i] === CELL_SEEN) o[i] = CELL_FREE;
    } else {
      const r = Math.ceil(radius / this.resolution);
      const cx = this.mx(center.x);
      const cy = this.my(center.y);
      for (let my = Math.max(0, cy - r); my <= Math.min(this.height - 1, cy + r); my++) {
        for (let mx = Math.max(0, cx - r); mx <= Math.min(this.width - 1, cx + r); mx++) {
          const i = my * this.width + mx;
          if (o[i] === CELL_SEEN && (mx - cx) ** 2 + (my - cy) ** 2 <= r * r) o[i] = CELL_FREE;
        }
      }
    }
    this.updateCosts();
  }

  /**
   * Marks lidar hits and clears the cells the beams passed through (raytracing, as Nav2's obstacle layer).
   * `hits` are world points; `mark: false` rays (no return within range) clear without marking;
   * `ray: false` points mark without clearing (segments joined between neighbouring returns).
   * Returns the bounding box touched (cells), for updateCosts.
   */
  updateFromScan(
    origin: { x: number; y: number },
    hits: readonly { x: number; y: number; mark: boolean; ray?: boolean }[],
  ): { x0: number; y0: number; x1: number; y1: number } | undefined {
    const o = this.obstacles;
    const hc = this.hitCount;
    const ox = this.mx(origin.x);
    const oy = this.my(origin.y);
    const w = this.width;
    // bounding box of the cells whose state changed
    let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
    const changed = (x: number, y: number) => {
      if (x < bx0) bx0 = x;
      if (y < by0) by0 = y;
      if (x > bx1) bx1 = x;
      if (y > by1) by1 = y;
    };
    // all clearing first, then all marking: a beam never erases what another beam of the same scan hit
    for (const h of hits) {
      if (h.ray === false) continue;
      const hx = this.mx(h.x);
      const hy = this.my(h.y);
      let x = ox, y = oy;
      const dx = Math.abs(hx - ox), dy = -Math.abs(hy - oy);
      const sx = ox < hx ? 1 : -1, sy = oy < hy ? 1 : -1;
      let err = dx + dy;
      // stop two cells short of the hit: grazing beams must not erase the wall they graze
      while (Math.max(Math.abs(hx - x), Math.abs(hy - y)) > 2) {
        if (x >= 0 && y >= 0 && x < w && y < this.height) {
          const i = y * w + x;
          // a seen cell needs several clearing passes (hit-count persistence) to become free
          if (o[i] === CELL_SEEN) {
            if (hc[i]! > 1) hc[i]!--;
            else {
              hc[i] = 0;
              o[i] = CELL_FREE;
              changed(x, y);
            }
          }
        }
        const e2 = 2 * err;
        if (e2 >= dy) { err += dy; x += sx; }
        if (e2 <= dx) { err += dx; y += sy; }
      }
    }
    for (const h of hits) {
      if (!h.mark) continue;
      const hx = this.mx(h.x);
      const hy = this.my(h.y);
      if (!this.inBounds(hx, hy)) continue;
      const i = hy * w + hx;
      if (o[i] === CELL_FREE) {
        o[i] = CELL_SEEN;
        changed(hx, hy);
      }
      if (o[i] === CELL_SEEN) hc[i] = this.markPersistence;
    }
    if (bx1 < bx0) return undefined;
    return { x0: bx0, y0: by0, x1: bx1 + 1, y1: by1 + 1 };
  }

  /**
   * Recomputes distances and inflated costs in a cell box (default: everything). Obstacles within
   * the inflation radius outside the box are taken into account.
   */
  updateCosts(box?: { x0: number; y0: number; x1: number; y1: number }): void {
    const pad = Math.ceil(this.#cap / this.resolution) + 1;
    const ix0 = Math.max(0, (box?.x0 ?? 0) - pad);
    const iy0 = Math.max(0, (box?.y0 ?? 0) - pad);
    const ix1 = Math.min(this.width, (box?.x1 ?? this.width) + pad);
    const iy1 = Math.min(this.height, (box?.y1 ?? this.height) + pad);
    if (ix1 <= ix0 || iy1 <= iy0) return;
    // window including obstacles that can influence the inner box
    const wx0 = Math.max(0, ix0 - pad);
    const wy0 = Math.max(0, iy0 - pad);
    const wx1 = Math.min(this.width, ix1 + pad);
    const wy1 = Math.min(this.height, iy1 + pad);
    const ww = wx1 - wx0;
    const n = ww * (wy1 - wy0);
    if (this.#scratch.length < n) this.#scratch = new Float64Array(n);
    const d2 = this.#scratch;
    const o = this.obstacles;
    squaredDistanceWindow(o, this.width, wx0, wy0, wx1, wy1, d2);
    const lut = this.#costLut;
    const maxD2 = lut.length - 1;
    const res = this.resolution;
    const cap = this.#cap;
    for (let my = iy0; my < iy1; my++) {
      const wrow = (my - wy0) * ww - wx0;
      const row = my * this.width;
      for (let mx = ix0; mx < ix1; mx++) {
        const v = d2[wrow + mx]!;
        const i = row + mx;
        if (v > maxD2) {
          this.costs[i] = 0;
          this.distance[i] = cap;
        } else {
          this.costs[i] = lut[v]!;
          this.distance[i] = Math.sqrt(v) * res;
        }
      }
    }
  }

  /**
   * The same costmap moved so that its centre is near (cx, cy) (whole cells), keeping the obstacles in
   * the overlap: how a rolling costmap follows the robot.
   */
  recentered(cx: number, cy: number): Costmap2D {
    const dx = Math.round((cx - (this.originX + (this.width * this.resolution) / 2)) / this.resolution);
    const dy = Math.round((cy - (this.originY + (this.height * this.resolution) / 2)) / this.resolution);
    const out = new Costmap2D({
      resolution: this.resolution,
      width: this.width,
      height: this.height,
      originX: this.originX + dx * this.resolution,
      originY: this.originY + dy * this.resolution,
      inscribedRadius: this.inscribedRadius,
      inflationRadius: this.inflationRadius,
      costScalingFactor: this.costScalingFactor,
    });
    for (let my = 0; my < this.height; my++) {
      const sy = my + dy;
      if (sy < 0 || sy >= this.height) continue;
      for (let mx = 0; mx < this.width; mx++) {
        const sx = mx + dx;
        if (sx < 0 || sx >= this.width) continue;
        out.obstacles[my * this.width + mx] = this.obstacles[sy * this.width + sx]!;
        out.hitCount[my * this.width + mx] = this.hitCount[sy * this.width + sx]!;
      }
    }
    out.updateCosts();
    return out;
  }

  /** True if any lethal cell lies within `radius` of the point (a circular footprint check). */
  isCollision(x: number, y: number, radius: number): boolean {
    return this.distanceAt(x, y) < radius;
  }

  isLethal(mx: number, my: number): boolean {
    return this.costs[my * this.width + mx] === LETHAL_OBSTACLE;
  }

  /**
   * The costs of a square window centred on a point, as OccupancyGrid values (Nav2's translation).
   * Returns the window's origin and size.
   */
  window(cx: number, cy: number, sizeMetres: number): { originX: number; originY: number; width: number; height: number; data: Int8Array } {
    const n = Math.max(1, Math.round(sizeMetres / this.resolution));
    const mx0 = this.mx(cx) - Math.floor(n / 2);
    const my0 = this.my(cy) - Math.floor(n / 2);
    const data = new Int8Array(n * n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        const mx = mx0 + i;
        const my = my0 + j;
        data[j * n + i] = this.inBounds(mx, my) ? costToOccupancy(this.costs[my * this.width + mx]!) : -1;
      }
    }
    return { originX: this.originX + mx0 * this.resolution, originY: this.originY + my0 * this.resolution, width: n, height: n, data };
  }
}
