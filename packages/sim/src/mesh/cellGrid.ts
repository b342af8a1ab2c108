// A uniform grid over the ground plane whose cells list the items (triangles, segments, polygons) whose
// xy outline overlaps them (separating-axis test, so a long diagonal wall is not filed under every cell
// of its bounding box). Stored compactly: cell c's items are items[start[c] .. start[c + 1]).

export class CellGrid {
  readonly x0: number;
  readonly y0: number;
  readonly cell: number;
  readonly nx: number;
  readonly ny: number;
  readonly start: Int32Array;
  readonly items: Int32Array;

  private constructor(x0: number, y0: number, cell: number, nx: number, ny: number, start: Int32Array, items: Int32Array) {
    this.x0 = x0;
    this.y0 = y0;
    this.cell = cell;
    this.nx = nx;
    this.ny = ny;
    this.start = start;
    this.items = items;
  }

  /**
   * Files `count` convex outlines: outline(i, out) writes item i's xy vertices (x0, y0, x1, y1, ...) into
   * out and returns how many vertices it wrote (1 to 8; collinear and repeated points are fine).
   */
  static build(count: number, outline: (i: number, out: Float64Array) => number, cell: number, maxCells = 4_000_000, like?: CellGrid): CellGrid {
    const pts = new Float64Array(16);
    if (like) return CellGrid.#fill(count, outline, like.x0, like.y0, like.cell, like.nx, like.ny);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < count; i++) {
      const n = outline(i, pts);
      for (let k = 0; k < n; k++) {
        const x = pts[2 * k]!, y = pts[2 * k + 1]!;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
    if (!(minX <= maxX)) minX = maxX = minY = maxY = 0;
    // keep the grid's size bounded for very large worlds
    while (Math.ceil((maxX - minX) / cell + 1) * Math.ceil((maxY - minY) / cell + 1) > maxCells) cell *= 2;
    const x0 = minX - cell * 0.5, y0 = minY - cell * 0.5;
    const nx = Math.max(1, Math.ceil((maxX - x0) / cell + 0.5)), ny = Math.max(1, Math.ceil((maxY - y0) / cell + 0.5));
    return CellGrid.#fill(count, outline, x0, y0, cell, nx, ny);
  }

  /**
   * Renumbers the items in the order their cells list them (each item where it first appears) and rewrites
   * the cells' lists with the new numbers; returns old[new] (every item, unfiled ones last), so the caller
   * can store its item data in that order.
   */
  storageOrder(count: number): { old: Int32Array } {
    const renamed = new Int32Array(count).fill(-1);
    const old = new Int32Array(count);
    let n = 0;
    for (let k = 0; k < this.items.length; k++) {
      const i = this.items[k]!;
      if (renamed[i] === -1) {
        renamed[i] = n;
        old[n++] = i;
      }
      this.items[k] = renamed[i]!;
    }
    for (let i = 0; i < count; i++) if (renamed[i] === -1) old[n++] = i;
    return { old };
  }

  /** Files the outlines into the given layout (outlines beyond it go to its border cells). */
  static #fill(count: number, outline: (i: number, out: Float64Array) => number, x0: number, y0: number, cell: number, nx: number, ny: number): CellGrid {
    const pts = new Float64Array(16);
    let pairItem = new Int32Array(Math.max(16, count * 4));
    let pairCell = new Int32Array(pairItem.length);
    let np = 0;
    const counts = new Int32Array(nx * ny + 1);
    for (let i = 0; i < count; i++) {
      const n = outline(i, pts);
      let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
      for (let k = 0; k < n; k++) {
        const x = pts[2 * k]!, y = pts[2 * k + 1]!;
        if (x < bx0) bx0 = x;
        if (x > bx1) bx1 = x;
        if (y < by0) by0 = y;
        if (y > by1) by1 = y;
      }
      const ri0 = Math.floor((bx0 - x0) / cell), ri1 = Math.floor((bx1 - x0) / cell);
      const rj0 = Math.floor((by0 - y0) / cell), rj1 = Math.floor((by1 - y0) / cell);
      const i0 = Math.max(0, Math.min(nx - 1, ri0)), i1 = Math.max(0, Math.min(nx - 1, ri1));
      const j0 = Math.max(0, Math.min(ny - 1, rj0)), j1 = Math.max(0, Math.min(ny - 1, rj1));
      // outlines reaching beyond the layout are filed under every border cell they span, without the exact test
      const many = (i1 > i0 || j1 > j0) && ri0 === i0 && ri1 === i1 && rj0 === j0 && rj1 === j1;
      for (let j = j0; j <= j1; j++) {
        for (let ii = i0; ii <= i1; ii++) {
          if (many && !overlapsBox(pts, n, x0 + ii * cell, y0 + j * cell, cell)) continue;
          if (np === pairItem.length) {
            const a = new Int32Array(np * 2), b = new Int32Array(np * 2);
            a.set(pairItem);
            b.set(pairCell);
            pairItem = a;
            pairCell = b;
          }
          const c = j * nx + ii;
          pairItem[np] = i;
          pairCell[np] = c;
          counts[c + 1]!++;
          np++;
        }
      }
    }
    for (let c = 0; c < nx * ny; c++) counts[c + 1]! += counts[c]!;
    const fill = counts.slice(0, nx * ny);
    const items = new Int32Array(np);
    for (let k = 0; k < np; k++) items[fill[pairCell[k]!]!++] = pairItem[k]!;
    return new CellGrid(x0, y0, cell, nx, ny, counts, items);
  }
}

/** Separating-axis test of a convex xy outline against the square [bx, bx + s] x [by, by + s]. */
function overlapsBox(p: Float64Array, n: number, bx: number, by: number, s: number): boolean {
  if (n < 2) return true; // a point already lies within its cell's bounds
  for (let k = 0; k < n; k++) {
    const ax = p[2 * k]!, ay = p[2 * k + 1]!;
    const q = (k + 1) % n;
    const ex = p[2 * q]! - ax, ey = p[2 * q + 1]! - ay;
    if (ex === 0 && ey === 0) continue;
    const nx = -ey, ny = ex; // the edge's normal
    let lo = Infinity, hi = -Infinity;
    for (let m = 0; m < n; m++) {
      const d = nx * p[2 * m]! + ny * p[2 * m + 1]!;
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
    const c0 = nx * bx + ny * by, c1 = nx * (bx + s) + ny * by, c2 = nx * bx + ny * (by + s), c3 = nx * (bx + s) + ny * (by + s);
    const blo = Math.min(c0, c1, c2, c3), bhi = Math.max(c0, c1, c2, c3);
    if (bhi < lo || blo > hi) return false;
  }
  return true;
}

/**
 * Walks the cells a ray crosses, near to far (Amanatides and Woo). Reusable and allocation-free: start()
 * then read `cell`, `tIn` and `tOut` (distances in units of the ray's direction) and call next() until it
 * returns false.
 */
export class CellWalker {
  cell = 0;
  tIn = 0;
  tOut = 0;
  #g!: CellGrid;
  #ix = 0;
  #iy = 0;
  #sx = 0;
  #sy = 0;
  #tx = 0;
  #ty = 0;
  #tdx = 0;
  #tdy = 0;
  #tEnd = 0;

  /** Starts at (ox, oy) along (dx, dy), up to tMax; false when the ray misses the grid before tMax. */
  start(g: CellGrid, ox: number, oy: number, dx: number, dy: number, tMax: number): boolean {
    const { x0, y0, cell, nx, ny } = g;
    let t0 = 0, t1 = tMax;
    const x1 = x0 + nx * cell, y1 = y0 + ny * cell;
    if (dx !== 0) {
      let a = (x0 - ox) / dx, b = (x1 - ox) / dx;
      if (a > b) {
        const s = a;
        a = b;
        b = s;
      }
      if (a > t0) t0 = a;
      if (b < t1) t1 = b;
    } else if (ox < x0 || ox >= x1) return false;
    if (dy !== 0) {
      let a = (y0 - oy) / dy, b = (y1 - oy) / dy;
      if (a > b) {
        const s = a;
        a = b;
        b = s;
      }
      if (a > t0) t0 = a;
      if (b < t1) t1 = b;
    } else if (oy < y0 || oy >= y1) return false;
    if (t0 >= t1) return false;
    let ix = Math.floor((ox + t0 * dx - x0) / cell), iy = Math.floor((oy + t0 * dy - y0) / cell);
    if (ix < 0) ix = 0;
    else if (ix >= nx) ix = nx - 1;
    if (iy < 0) iy = 0;
    else if (iy >= ny) iy = ny - 1;
    // small integers (Math.floor gives doubles; cell indices as doubles index arrays through conversions)
    ix |= 0;
    iy |= 0;
    this.#g = g;
    this.#ix = ix;
    this.#iy = iy;
    this.#sx = dx > 0 ? 1 : -1;
    this.#sy = dy > 0 ? 1 : -1;
    this.#tdx = dx !== 0 ? cell / Math.abs(dx) : Infinity;
    this.#tdy = dy !== 0 ? cell / Math.abs(dy) : Infinity;
    this.#tx = dx !== 0 ? (x0 + (ix + (dx > 0 ? 1 : 0)) * cell - ox) / dx : Infinity;
    this.#ty = dy !== 0 ? (y0 + (iy + (dy > 0 ? 1 : 0)) * cell - oy) / dy : Infinity;
    this.#tEnd = t1;
    this.cell = iy * nx + ix;
    this.tIn = t0;
    this.tOut = Math.min(this.#tx, this.#ty, t1);
    return true;
  }

  /** Moves to the next cell; false past the grid or tMax. */
  next(): boolean {
    if (this.tOut >= this.#tEnd) return false;
    const g = this.#g;
    if (this.#tx < this.#ty) {
      this.#ix += this.#sx;
      if (this.#ix < 0 || this.#ix >= g.nx) return false;
      this.tIn = this.#tx;
      this.#tx += this.#tdx;
    } else {
      this.#iy += this.#sy;
      if (this.#iy < 0 || this.#iy >= g.ny) return false;
      this.tIn = this.#ty;
      this.#ty += this.#tdy;
    }
    this.cell = this.#iy * g.nx + this.#ix;
    // (Math.min of three, on this path for every step of every walk, costs more than two comparisons)
    const t = this.#tx < this.#ty ? this.#tx : this.#ty;
    this.tOut = t < this.#tEnd ? t : this.#tEnd;
    return true;
  }
}
