// A world's mesh shapes (mesh files, polylines, cones) as one set of world-frame triangles, filed in a
// ground-plane grid for the camera, plus two derived views built on first use and kept: the 2D lidar's
// slice at its height (line segments) and the robot body's footprint (the triangles' parts within the
// body's height band, projected to the ground: convex polygons).
import { shapeTransform } from '../geometry.ts';
import type { Shape } from '../types.ts';
import { CellGrid } from './cellGrid.ts';
import { clusterTriangles } from './decimate.ts';

/** Cell size (m) of the triangle grid the camera walks. */
const TRIANGLE_CELL = 0.25;
/**
 * Cell sizes (m) of the segment grid the lidar walks: from the coarsest, halved while the filed cells hold
 * more than SEGMENT_CROWD segments on average (detailed objects' many short segments, which a beam through
 * the cell would all test); the walk leaps over empty cells, so finer cells cost little in free space but
 * more steps near sparse walls. At most SEGMENT_CELLS cells (coarser for very large worlds).
 */
const SEGMENT_CELL = 0.25;
const SEGMENT_CELL_MIN = 0.0625;
const SEGMENT_CROWD = 2;
const SEGMENT_CELLS = 1_000_000;
/** Cell size (m) of the footprint grid. */
const FOOTPRINT_CELL = 0.25;

export class MeshScene {
  readonly count: number;
  /** Vertices of each triangle, world frame: 9 per triangle. */
  readonly tri: Float64Array;
  /** Unit normal of each triangle (from its winding): 3 per triangle. */
  readonly normal: Float32Array;
  /** Colour of each triangle (0..1): 3 per triangle. */
  readonly color: Float32Array;
  /** 1 for triangles seen from both sides (double-sided materials), 0 for front faces only. */
  readonly twoSided: Uint8Array;
  readonly grid: CellGrid;
  readonly #slices = new Map<number, Segments>();
  readonly #footprints = new Map<string, Footprint>();
  readonly #coarse = new Map<number, MeshScene>();

  private constructor(tri: Float64Array, normal: Float32Array, color: Float32Array, twoSided: Uint8Array, layout?: CellGrid) {
    this.count = tri.length / 9;
    const grid = CellGrid.build(
      this.count,
      (i, out) => {
        const o = i * 9;
        out[0] = tri[o]!;
        out[1] = tri[o + 1]!;
        out[2] = tri[o + 3]!;
        out[3] = tri[o + 4]!;
        out[4] = tri[o + 6]!;
        out[5] = tri[o + 7]!;
        return 3;
      },
      TRIANGLE_CELL,
      undefined,
      layout,
    );
    // store the triangles in the order of the cells that file them, so that a cell's triangles sit together
    // in memory (the sensors read them cell by cell)
    const order = grid.storageOrder(this.count);
    this.tri = permute(tri, order, 9);
    this.normal = permute(normal, order, 3);
    this.color = permute(color, order, 3);
    this.twoSided = permute(twoSided, order, 1);
    this.grid = grid;
  }

  /** The mesh shapes among `shapes` in the world frame, or undefined when there are none. */
  static from(shapes: readonly Shape[]): MeshScene | undefined {
    const meshes = shapes.filter((s) => s.geometry.type === 'mesh');
    if (meshes.length === 0) return undefined;
    let n = 0;
    for (const s of meshes) if (s.geometry.type === 'mesh') n += s.geometry.mesh.positions.length / 9;
    const tri = new Float64Array(n * 9);
    const normal = new Float32Array(n * 3);
    const color = new Float32Array(n * 3);
    const twoSided = new Uint8Array(n);
    let t = 0;
    for (const s of meshes) {
      if (s.geometry.type !== 'mesh') continue;
      if (s.doubleSided) twoSided.fill(1, t, t + s.geometry.mesh.positions.length / 9);
      const { positions, colors } = s.geometry.mesh;
      const { r, p } = shapeTransform(s);
      for (let k = 0; k < positions.length; k += 9, t++) {
        for (let v = 0; v < 9; v += 3) {
          const x = positions[k + v]!, y = positions[k + v + 1]!, z = positions[k + v + 2]!;
          tri[t * 9 + v] = r[0] * x + r[1] * y + r[2] * z + p[0];
          tri[t * 9 + v + 1] = r[3] * x + r[4] * y + r[5] * z + p[1];
          tri[t * 9 + v + 2] = r[6] * x + r[7] * y + r[8] * z + p[2];
        }
        const o = t * 9;
        const ux = tri[o + 3]! - tri[o]!, uy = tri[o + 4]! - tri[o + 1]!, uz = tri[o + 5]! - tri[o + 2]!;
        const vx = tri[o + 6]! - tri[o]!, vy = tri[o + 7]! - tri[o + 1]!, vz = tri[o + 8]! - tri[o + 2]!;
        const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
        const len = Math.hypot(nx, ny, nz) || 1;
        normal[t * 3] = nx / len;
        normal[t * 3 + 1] = ny / len;
        normal[t * 3 + 2] = nz / len;
        const c = colors && !Number.isNaN(colors[k / 3]!) ? [colors[k / 3]!, colors[k / 3 + 1]!, colors[k / 3 + 2]!] : [s.color.r, s.color.g, s.color.b];
        color[t * 3] = c[0]!;
        color[t * 3 + 1] = c[1]!;
        color[t * 3 + 2] = c[2]!;
      }
    }
    return new MeshScene(tri, normal, color, twoSided);
  }

  /**
   * The same triangles with vertices snapped to a grid of `cell` metres (vertex clustering; triangles that
   * collapse are dropped): a level of detail for cameras that cannot resolve finer detail. Filed in a grid
   * of the same layout as this scene's, so a walk over one grid can read the other's cells.
   */
  coarsened(cell: number): MeshScene {
    if (cell <= 0) return this;
    let m = this.#coarse.get(cell);
    if (!m) {
      const { positions, source } = clusterTriangles(this.tri, cell);
      const normal = new Float32Array(source.length * 3);
      const color = new Float32Array(source.length * 3);
      const twoSided = new Uint8Array(source.length);
      for (let i = 0; i < source.length; i++) {
        const s = source[i]!;
        twoSided[i] = this.twoSided[s]!;
        const o = i * 9;
        const ux = positions[o + 3]! - positions[o]!, uy = positions[o + 4]! - positions[o + 1]!, uz = positions[o + 5]! - positions[o + 2]!;
        const vx = positions[o + 6]! - positions[o]!, vy = positions[o + 7]! - positions[o + 1]!, vz = positions[o + 8]! - positions[o + 2]!;
        const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
        const len = Math.hypot(nx, ny, nz) || 1;
        normal[i * 3] = nx / len;
        normal[i * 3 + 1] = ny / len;
        normal[i * 3 + 2] = nz / len;
        color[i * 3] = this.color[s * 3]!;
        color[i * 3 + 1] = this.color[s * 3 + 1]!;
        color[i * 3 + 2] = this.color[s * 3 + 2]!;
      }
      m = new MeshScene(positions, normal, color, twoSided, this.grid);
      this.#coarse.set(cell, m);
    }
    return m;
  }

  /** The triangles' cut by the horizontal plane at height z (what a level 2D lidar at z sees). */
  slice(z: number): Segments {
    let s = this.#slices.get(z);
    if (!s) {
      s = Segments.cut(this, z);
      this.#slices.set(z, s);
    }
    return s;
  }

  /** The triangles' parts with zMin <= z <= zMax, projected to the ground (what a body of that height can hit). */
  footprint(zMin: number, zMax: number): Footprint {
    const key = `${zMin},${zMax}`;
    let f = this.#footprints.get(key);
    if (!f) {
      f = Footprint.project(this, zMin, zMax);
      this.#footprints.set(key, f);
    }
    return f;
  }
}

/** The array whose item i (of `width` numbers) is item order.old[i] of `a`. */
function permute<T extends Float64Array | Float32Array | Uint8Array>(a: T, order: { old: Int32Array }, width: number): T {
  const out = new (a.constructor as { new (n: number): T })(a.length);
  const old = order.old;
  for (let i = 0; i < old.length; i++) for (let k = 0; k < width; k++) out[i * width + k] = a[old[i]! * width + k]!;
  return out;
}

/** Line segments in the ground plane (x1, y1, x2, y2 each), filed in a grid, for 2D ray casting. */
export class Segments {
  readonly count: number;
  readonly seg: Float64Array;
  readonly grid: CellGrid;
  /** per segment: start x, y and direction x, y (end - start) */
  readonly #dir: Float64Array;
  /** Per cell: 0 when it files segments, else the Chebyshev distance (in cells, up to 255) to the nearest that does. */
  readonly empty: Uint8Array;
  /**
   * Per octant of ray directions, per cell: how many cells a ray of that octant can leap along its major
   * axis from the cell and meet no filed cell (see aheadDistances, which also gives the index).
   */
  readonly #ahead: Uint8Array[];

  private constructor(seg: Float64Array) {
    this.count = seg.length / 4;
    this.seg = seg;
    const outline = (i: number, out: Float64Array) => {
      out[0] = seg[i * 4]!;
      out[1] = seg[i * 4 + 1]!;
      out[2] = seg[i * 4 + 2]!;
      out[3] = seg[i * 4 + 3]!;
      return 2;
    };
    let grid = CellGrid.build(this.count, outline, SEGMENT_CELL, SEGMENT_CELLS);
    while (grid.cell / 2 >= SEGMENT_CELL_MIN && grid.items.length > SEGMENT_CROWD * filedCells(grid)) {
      const finer = CellGrid.build(this.count, outline, grid.cell / 2, SEGMENT_CELLS);
      if (finer.cell >= grid.cell) break; // held coarser by the cell budget
      grid = finer;
    }
    this.grid = grid;
    this.#dir = seg.map((v, i) => (i % 4 < 2 ? v : v - seg[i - 2]!));
    this.empty = emptyDistance(this.grid);
    this.#ahead = aheadDistances(grid);
  }

  static cut(scene: MeshScene, z: number): Segments {
    const out: number[] = [];
    const t = scene.tri;
    const pts = [0, 0, 0, 0];
    for (let i = 0; i < scene.count; i++) {
      const o = i * 9;
      let n = 0;
      for (let e = 0; e < 3; e++) {
        const a = o + e * 3, b = o + ((e + 1) % 3) * 3;
        // a vertex exactly at z counts as above, so an edge through it is cut once
        const za = t[a + 2]! - z, zb = t[b + 2]! - z;
        if (za >= 0 === zb >= 0) continue;
        const k = za / (za - zb);
        if (n < 2) {
          pts[n * 2] = t[a]! + k * (t[b]! - t[a]!);
          pts[n * 2 + 1] = t[a + 1]! + k * (t[b + 1]! - t[a + 1]!);
        }
        n++;
      }
      if (n === 2) out.push(pts[0]!, pts[1]!, pts[2]!, pts[3]!);
    }
    return new Segments(Float64Array.from(out));
  }

  /**
   * The distance along a ray from (ox, oy) in the unit or non-unit direction (dx, dy), in units of that
   * direction, to the nearest segment closer than tMax; tMax when none is. The walk starts at tStart (a
   * distance known to be free, see clearance()).
   */
  cast(ox: number, oy: number, dx: number, dy: number, tMax: number, tStart = 0): number {
    // the cell walk of CellWalker, inlined: this runs for every beam of every scan
    const g = this.grid;
    const x0 = g.x0, y0 = g.y0, cell = g.cell, nx = g.nx, ny = g.ny;
    let t0 = tStart, t1 = tMax;
    if (t0 >= t1) return tMax;
    const gx1 = x0 + nx * cell, gy1 = y0 + ny * cell;
    const sx0 = ox + t0 * dx, sy0 = oy + t0 * dy;
    if (sx0 < x0 || sx0 >= gx1 || sy0 < y0 || sy0 >= gy1) {
      if (dx !== 0) {
        const a = (x0 - ox) / dx, b = (gx1 - ox) / dx;
        t0 = Math.max(t0, Math.min(a, b));
        t1 = Math.min(t1, Math.max(a, b));
      } else if (ox < x0 || ox >= gx1) return tMax;
      if (dy !== 0) {
        const a = (y0 - oy) / dy, b = (gy1 - oy) / dy;
        t0 = Math.max(t0, Math.min(a, b));
        t1 = Math.min(t1, Math.max(a, b));
      } else if (oy < y0 || oy >= gy1) return tMax;
      if (t0 >= t1) return tMax;
    }
    const dir = this.#dir, start = g.start, items = g.items;
    const sx = dx > 0 ? 1 : -1, sy = dy > 0 ? 1 : -1;
    const adx = dx > 0 ? dx : -dx, ady = dy > 0 ? dy : -dy;
    const tdx = adx > 0 ? cell / adx : Infinity, tdy = ady > 0 ? cell / ady : Infinity;
    let ix = Math.floor((ox + t0 * dx - x0) / cell), iy = Math.floor((oy + t0 * dy - y0) / cell);
    if (ix < 0) ix = 0;
    else if (ix >= nx) ix = nx - 1;
    if (iy < 0) iy = 0;
    else if (iy >= ny) iy = ny - 1;
    // cell indices as small integers (Math.floor gives doubles, which index arrays through conversions)
    ix |= 0;
    iy |= 0;
    let tx = adx > 0 ? (x0 + (ix + (dx > 0 ? 1 : 0)) * cell - ox) / dx : Infinity;
    let ty = ady > 0 ? (y0 + (iy + (dy > 0 ? 1 : 0)) * cell - oy) / dy : Infinity;
    let c = iy * nx + ix;
    let best = tMax;
    // a ray that moves m along its direction moves at most m * max(|dx|, |dy|) in x or in y
    const leap = cell / (adx > ady ? adx : ady), rcell = 1 / cell, rdx = 1 / dx, rdy = 1 / dy;
    const bx = x0 - ox + (dx > 0 ? cell : 0), by = y0 - oy + (dy > 0 ? cell : 0);
    const ahead = this.#ahead[(adx >= ady ? 0 : 4) + (dy > 0 ? 0 : 2) + (dx > 0 ? 0 : 1)]!;
    for (;;) {
      const k0 = start[c]!, k1 = start[c + 1]!;
      const e = ahead[c]!;
      if (e > 2) {
        // the ray meets no filed cell within e - 1 cells along its major axis: leap from where it leaves this
        // cell to just before it could reach one, and start the walk afresh there
        const tOut = tx < ty ? tx : ty;
        if (best <= tOut || tOut >= t1) return best;
        const t = tOut + (e - 1) * leap;
        if (t >= t1) return best;
        ix = Math.floor((ox + t * dx - x0) * rcell);
        iy = Math.floor((oy + t * dy - y0) * rcell);
        if (ix < 0 || ix >= nx || iy < 0 || iy >= ny) return best;
        ix |= 0;
        iy |= 0;
        tx = adx > 0 ? (bx + ix * cell) * rdx : Infinity;
        ty = ady > 0 ? (by + iy * cell) * rdy : Infinity;
        c = iy * nx + ix;
        continue;
      }
      for (let k = k0; k < k1; k++) {
        // ray o + t d against segment a + u e: t = (w x e) / (d x e), u = (w x d) / (d x e), w = a - o;
        // compared multiplied through by |d x e|, so only a hit divides
        const s = items[k]! * 4;
        const ex = dir[s + 2]!, ey = dir[s + 3]!;
        let den = dx * ey - dy * ex;
        const wx = dir[s]! - ox, wy = dir[s + 1]! - oy;
        let nt = wx * ey - wy * ex, nu = wx * dy - wy * dx;
        if (den < 0) {
          den = -den;
          nt = -nt;
          nu = -nu;
        } else if (den === 0) continue;
        if (nt <= 0 || nu < 0 || nu > den || nt >= best * den) continue;
        best = nt / den;
      }
      if (tx < ty) {
        if (best <= tx || tx >= t1) return best;
        ix += sx;
        if (ix < 0 || ix >= nx) return best;
        c += sx;
        tx += tdx;
      } else {
        if (best <= ty || ty >= t1) return best;
        iy += sy;
        if (iy < 0 || iy >= ny) return best;
        c += sy * nx;
        ty += tdy;
      }
    }
  }
}

/** How many cells of g file at least one item. */
function filedCells(g: CellGrid): number {
  let n = 0;
  for (let c = 0; c < g.nx * g.ny; c++) if (g.start[c + 1]! > g.start[c]!) n++;
  return n;
}

/**
 * Per cell of g: 0 when it files items, else the Chebyshev distance in cells to the nearest cell that does
 * (255 at most, and when none does): two chamfer passes, exact for the Chebyshev metric.
 */
function emptyDistance(g: CellGrid): Uint8Array {
  const { nx, ny, start } = g;
  const d = new Uint8Array(nx * ny);
  for (let c = 0; c < nx * ny; c++) d[c] = start[c + 1]! > start[c]! ? 0 : 255;
  const relax = (c: number, i: number, j: number) => {
    if (i < 0 || i >= nx || j < 0 || j >= ny) return;
    const v = d[j * nx + i]! + 1;
    if (v < d[c]!) d[c] = v;
  };
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const c = j * nx + i;
      relax(c, i - 1, j);
      relax(c, i - 1, j - 1);
      relax(c, i, j - 1);
      relax(c, i + 1, j - 1);
    }
  }
  for (let j = ny - 1; j >= 0; j--) {
    for (let i = nx - 1; i >= 0; i--) {
      const c = j * nx + i;
      relax(c, i + 1, j);
      relax(c, i + 1, j + 1);
      relax(c, i, j + 1);
      relax(c, i - 1, j + 1);
    }
  }
  return d;
}

/**
 * For rays of each octant of directions (index: 4 when the major axis is y, + 2 when dy <= 0, + 1 when
 * dx <= 0; a ray with dx = 0 goes towards -x, as in cast()), per cell of g: a number e of cells such that
 * the ray, leaving the cell and moving e - 1 cells along its major axis, meets no filed cell. The larger of
 * two bounds: the Chebyshev distance to the nearest filed cell in the ray's quadrant (the walk enters no
 * cell behind it), and the major-axis distance to the nearest filed cell in the ray's octant.
 */
function aheadDistances(g: CellGrid): Uint8Array[] {
  const { nx, ny, start } = g;
  const filed = new Uint8Array(nx * ny);
  for (let c = 0; c < nx * ny; c++) filed[c] = start[c + 1]! > start[c]! ? 1 : 0;
  // per quadrant, the Chebyshev distance: by steps to the three cells ahead
  const quadrants = [1, -1].flatMap((sy) => [1, -1].map((sx) => sweep(nx, ny, filed, sx, sy, sx, 0, 0, sy, sx, sy)));
  const out: Uint8Array[] = [];
  for (const xMajor of [true, false]) {
    for (const sy of [1, -1] as const) {
      for (const sx of [1, -1] as const) {
        const q = quadrants[(sy > 0 ? 0 : 2) + (sx > 0 ? 0 : 1)]!;
        // the octant's: leaving the cell from a point on its border, with its minor coordinate changing by at
        // most its major one, a ray reaches the cells offset (a, b) with 0 <= a and 0 <= b <= a + 2 (a along
        // the major axis): the cell and the next two along the minor axis, then what the next cell along the
        // major axis, or its minor neighbour, reaches
        const [mi, mj, ni, nj] = xMajor ? [sx, 0, 0, sy] : [0, sy, sx, 0];
        const o = sweep(nx, ny, near(nx, ny, filed, ni, nj), sx, sy, mi, mj, mi + ni, mj + nj, mi, mj);
        for (let c = 0; c < o.length; c++) if (q[c]! > o[c]!) o[c] = q[c]!;
        out.push(o);
      }
    }
  }
  return out;
}

/** Per cell: 1 when it or one of the two next cells along step (di, dj) is filed. */
function near(nx: number, ny: number, filed: Uint8Array, di: number, dj: number): Uint8Array {
  const out = filed.slice();
  for (let k = 1; k <= 2; k++) {
    // cell (i, j) takes in (i + k di, j + k dj) where that lies in the grid
    const i0 = Math.max(0, -k * di), i1 = Math.min(nx, nx - k * di), j0 = Math.max(0, -k * dj), j1 = Math.min(ny, ny - k * dj);
    const shift = k * (dj * nx + di);
    for (let j = j0; j < j1; j++) for (let c = j * nx + i0, end = j * nx + i1; c < end; c++) out[c] |= filed[c + shift]!;
  }
  return out;
}

/**
 * Per cell c: 0 where seed[c], else 1 + the least value at the cells c + (ai, aj), c + (bi, bj) and
 * c + (ci, cj) (255 beyond the grid, and at most): one pass from the far corner of quadrant (sx, sy), into
 * which every step points. Worked in a copy of the grid with a border of 255s, so no step needs a bounds test.
 */
function sweep(nx: number, ny: number, seed: Uint8Array, sx: number, sy: number, ai: number, aj: number, bi: number, bj: number, ci: number, cj: number): Uint8Array {
  const w = nx + 2;
  const d = new Uint8Array(w * (ny + 2)).fill(255);
  const a = aj * w + ai, b = bj * w + bi, c = cj * w + ci;
  for (let jj = 0; jj < ny; jj++) {
    const j = sy > 0 ? ny - 1 - jj : jj;
    // cell (i, j) of the grid is cell (i + 1, j + 1) of d; walked from the row's far end
    for (let n = 0, i = sx > 0 ? nx - 1 : 0, k = (j + 1) * w + i + 1; n < nx; n++, i -= sx, k -= sx) {
      if (seed[j * nx + i]) d[k] = 0;
      else {
        const da = d[k + a]!, db = d[k + b]!, dc = d[k + c]!;
        const m = da < db ? (da < dc ? da : dc) : db < dc ? db : dc;
        d[k] = m < 255 ? m + 1 : 255;
      }
    }
  }
  const out = new Uint8Array(nx * ny);
  for (let j = 0; j < ny; j++) out.set(d.subarray((j + 1) * w + 1, (j + 1) * w + 1 + nx), j * nx);
  return out;
}

/** The distance from (x, y) to the nearest segment of s (Infinity when there are none). */
export function segmentClearance(s: Segments, x: number, y: number): number {
  const g = s.grid;
  if (s.count === 0) return Infinity;
  const ci = Math.floor((x - g.x0) / g.cell), cj = Math.floor((y - g.y0) / g.cell);
  let best = Infinity;
  const near = (c: number) => {
    for (let k = g.start[c]!, end = g.start[c + 1]!; k < end; k++) {
      const i = g.items[k]! * 4, seg = s.seg;
      const ax = seg[i]!, ay = seg[i + 1]!, ex = seg[i + 2]! - ax, ey = seg[i + 3]! - ay;
      const len2 = ex * ex + ey * ey;
      const u = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * ex + (y - ay) * ey) / len2)) : 0;
      const d = Math.hypot(x - ax - u * ex, y - ay - u * ey);
      if (d < best) best = d;
    }
  };
  // rings of cells around (x, y), until a ring lies farther away than the nearest segment found; the rings
  // nearer than the nearest filed cell are empty
  const inside = ci >= 0 && ci < g.nx && cj >= 0 && cj < g.ny;
  for (let ring = inside ? s.empty[cj * g.nx + ci]! : 0; ; ring++) {
    if ((ring - 1) * g.cell > best) return best;
    const ilo = ci - ring, ihi = ci + ring, jlo = cj - ring, jhi = cj + ring;
    for (let j = Math.max(0, jlo); j <= Math.min(g.ny - 1, jhi); j++) {
      if (j === jlo || j === jhi) {
        for (let i = Math.max(0, ilo); i <= Math.min(g.nx - 1, ihi); i++) near(j * g.nx + i);
      } else {
        if (ilo >= 0 && ilo < g.nx) near(j * g.nx + ilo);
        if (ihi !== ilo && ihi >= 0 && ihi < g.nx) near(j * g.nx + ihi);
      }
    }
    if (ilo <= 0 && ihi >= g.nx - 1 && jlo <= 0 && jhi >= g.ny - 1) return best;
  }
}

/** Convex polygons in the ground plane (what a body of some height band hits), filed in a grid. */
export class Footprint {
  readonly count: number;
  /** Polygon i's vertices are pts[2 * first[i] ..] (x, y pairs), n[i] of them. */
  readonly pts: Float64Array;
  readonly first: Int32Array;
  readonly n: Uint8Array;
  readonly grid: CellGrid;
  readonly #seen: Int32Array;
  #stamp = 0;

  private constructor(pts: Float64Array, first: Int32Array, n: Uint8Array) {
    this.count = first.length;
    this.pts = pts;
    this.first = first;
    this.n = n;
    this.#seen = new Int32Array(this.count);
    this.grid = CellGrid.build(
      this.count,
      (i, out) => {
        const f = first[i]! * 2;
        for (let k = 0; k < n[i]! * 2; k++) out[k] = pts[f + k]!;
        return n[i]!;
      },
      FOOTPRINT_CELL,
    );
  }

  static project(scene: MeshScene, zMin: number, zMax: number): Footprint {
    const pts: number[] = [];
    const first: number[] = [];
    const counts: number[] = [];
    const t = scene.tri;
    let poly: number[] = [];
    for (let i = 0; i < scene.count; i++) {
      const o = i * 9;
      const za = t[o + 2]!, zb = t[o + 5]!, zc = t[o + 8]!;
      if (Math.max(za, zb, zc) < zMin || Math.min(za, zb, zc) > zMax) continue;
      poly = [t[o]!, t[o + 1]!, za, t[o + 3]!, t[o + 4]!, zb, t[o + 6]!, t[o + 7]!, zc];
      poly = clip(clip(poly, zMin, 1), zMax, -1);
      if (poly.length < 3) continue;
      first.push(pts.length / 2);
      counts.push(poly.length / 3);
      for (let k = 0; k < poly.length; k += 3) pts.push(poly[k]!, poly[k + 1]!);
    }
    return new Footprint(Float64Array.from(pts), Int32Array.from(first), Uint8Array.from(counts));
  }

  /** True when the disc of radius r at (x, y) overlaps a polygon. */
  overlaps(x: number, y: number, r: number): boolean {
    const g = this.grid;
    const i0 = Math.max(0, Math.floor((x - r - g.x0) / g.cell)), i1 = Math.min(g.nx - 1, Math.floor((x + r - g.x0) / g.cell));
    const j0 = Math.max(0, Math.floor((y - r - g.y0) / g.cell)), j1 = Math.min(g.ny - 1, Math.floor((y + r - g.y0) / g.cell));
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const c = j * g.nx + i;
        for (let k = g.start[c]!, end = g.start[c + 1]!; k < end; k++) {
          if (this.#distance(g.items[k]!, x, y) < r) return true;
        }
      }
    }
    return false;
  }

  /** Distance from (x, y) to the nearest polygon (0 inside one; Infinity when there are none). */
  distance(x: number, y: number): number {
    if (this.count === 0) return Infinity;
    const g = this.grid;
    const stamp = ++this.#stamp;
    const ci = Math.floor((x - g.x0) / g.cell), cj = Math.floor((y - g.y0) / g.cell);
    let best = Infinity;
    // rings of cells around (x, y), until a ring lies farther away than the nearest polygon found
    for (let ring = 0; ; ring++) {
      if ((ring - 1) * g.cell > best) return best;
      const ilo = ci - ring, ihi = ci + ring, jlo = cj - ring, jhi = cj + ring;
      for (let j = Math.max(0, jlo); j <= Math.min(g.ny - 1, jhi); j++) {
        if (j === jlo || j === jhi) {
          for (let i = Math.max(0, ilo); i <= Math.min(g.nx - 1, ihi); i++) best = this.#nearestIn(j * g.nx + i, x, y, stamp, best);
        } else {
          if (ilo >= 0 && ilo < g.nx) best = this.#nearestIn(j * g.nx + ilo, x, y, stamp, best);
          if (ihi !== ilo && ihi >= 0 && ihi < g.nx) best = this.#nearestIn(j * g.nx + ihi, x, y, stamp, best);
        }
      }
      if (ilo <= 0 && ihi >= g.nx - 1 && jlo <= 0 && jhi >= g.ny - 1) return best;
    }
  }

  #nearestIn(c: number, x: number, y: number, stamp: number, best: number): number {
    const g = this.grid;
    for (let k = g.start[c]!, end = g.start[c + 1]!; k < end; k++) {
      const p = g.items[k]!;
      if (this.#seen[p] === stamp) continue;
      this.#seen[p] = stamp;
      const d = this.#distance(p, x, y);
      if (d < best) best = d;
    }
    return best;
  }

  /** Distance from (x, y) to polygon p (0 inside). */
  #distance(p: number, x: number, y: number): number {
    const f = this.first[p]! * 2, n = this.n[p]!;
    const pts = this.pts;
    let best = Infinity;
    let sign = 0;
    let inside = n >= 3;
    for (let k = 0; k < n; k++) {
      const ax = pts[f + 2 * k]!, ay = pts[f + 2 * k + 1]!;
      const q = (k + 1) % n;
      const bx = pts[f + 2 * q]!, by = pts[f + 2 * q + 1]!;
      const ex = bx - ax, ey = by - ay;
      const wx = x - ax, wy = y - ay;
      const len2 = ex * ex + ey * ey;
      const u = len2 > 0 ? Math.max(0, Math.min(1, (wx * ex + wy * ey) / len2)) : 0;
      const dx = wx - u * ex, dy = wy - u * ey;
      const d = dx * dx + dy * dy;
      if (d < best) best = d;
      const cross = ex * wy - ey * wx;
      if (cross !== 0) {
        const s = cross > 0 ? 1 : -1;
        if (sign === 0) sign = s;
        else if (s !== sign) inside = false;
      }
    }
    if (inside && sign !== 0) return 0;
    return Math.sqrt(best);
  }
}

/** Sutherland-Hodgman: the part of polygon (x, y, z triples) with side * (z - h) >= 0. */
function clip(poly: number[], h: number, side: 1 | -1): number[] {
  const out: number[] = [];
  const n = poly.length / 3;
  for (let k = 0; k < n; k++) {
    const a = k * 3, b = ((k + 1) % n) * 3;
    const da = side * (poly[a + 2]! - h), db = side * (poly[b + 2]! - h);
    if (da >= 0) out.push(poly[a]!, poly[a + 1]!, poly[a + 2]!);
    if (da >= 0 !== db >= 0) {
      const k2 = da / (da - db);
      out.push(poly[a]! + k2 * (poly[b]! - poly[a]!), poly[a + 1]! + k2 * (poly[b + 1]! - poly[a + 1]!), h);
    }
  }
  return out;
}
