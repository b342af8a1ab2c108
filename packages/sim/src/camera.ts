// RGB camera by ray casting. A level pinhole camera sees vertical prisms (upright boxes and cylinders)
// column by column: one 2D ray per image column gives the entry and exit distances, and each row of
// the column is then the side, the top or the bottom face by its elevation. Spheres and tilted shapes
// are cast per pixel within their projected extent. A depth buffer resolves overlaps; the floor is
// a checkered ground plane, the rest is the world's background colour. Mesh triangles are rasterized:
// each pixel whose ray passes inside a triangle's three edge planes gets its exact depth there (triangles
// reaching behind the near plane are cut there first). Every column walks the triangle grid near to far
// (all columns a band of distance at a time); the first walk to reach a cell sets up its triangles once and
// draws each over the pixels it covers; a walk stops where its column already shows something nearer. Meshes are
// drawn at levels of detail matched to the resolution (lodCell). As in Gazebo's renderer, a triangle is
// seen from its front (counter-clockwise) side only, unless its material is double-sided.
import { CellWalker } from './mesh/cellGrid.ts';
import type { MeshScene } from './mesh/MeshScene.ts';
import { CIRCLE, hitNormal, intersect3d, RECT, NearToFar, type Floor, type Prim } from './scene.ts';
import type { CameraConfig } from './robot.ts';

/** The distances (m) up to which all columns' walks advance together before any goes farther. */
const BANDS = [0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 32];

/** How far (in pixels) a triangle's row span is widened beyond its computed edges (see #rasterize). */
const SPAN_SLACK = 1e-6;

/** Levels of detail for meshes (see Camera.lodCell): level k (k >= 1) from 2^(k-1) m. */
const LOD_LEVELS = 5;

interface Lod {
  scene: MeshScene;
  /** shaded rgb of each triangle's front and back face */
  front: Uint8Array;
  back: Uint8Array;
  /** the frame (a stamp, see #visit) that last drew each triangle */
  visited: Uint16Array;
}

export class Camera {
  readonly config: CameraConfig;
  readonly fx: number;
  readonly fy: number;
  readonly #colA: Float64Array;
  readonly #rowB: Float64Array;
  readonly #dx: Float64Array;
  readonly #dy: Float64Array;
  readonly #depth: Float32Array;
  // per column, the nearest side face drawn so far and the rows it covers: farther shapes skip those rows
  readonly #coverT: Float64Array;
  readonly #coverLo: Int32Array;
  readonly #coverHi: Int32Array;
  // shapes drawn near to far (the last frame's order starts the next sort)
  #nearToFar = new NearToFar();
  #light: [number, number, number] = [-0.5, 0.1, -0.9];
  #background: [number, number, number] = [0.7, 0.8, 0.9];
  // mesh triangles, per level of detail: shaded colours (front face, back face) for the current light, and
  // per-column visit stamps
  #lods?: { base: MeshScene; levels: Lod[] };
  #visit = 0;
  /** one walk over the triangle grid per column, and the columns whose walk goes on */
  readonly #walkers: CellWalker[];
  readonly #active: Int32Array;
  /** per grid cell, the frame that drew it */
  #cellSeen = new Uint16Array(0);
  /**
   * per column, the first row that may still show something beyond its walk: the rows above it show
   * nothing farther than the walk has come (and never will, as depths only shrink and walks only go on)
   */
  readonly #farRow: Int32Array;

  #lodCell: number;
  /** the frame being drawn: camera position and heading */
  #ox = 0;
  #oy = 0;
  #oz = 0;
  #cyaw = 1;
  #syaw = 0;
  #out: Uint8Array = new Uint8Array(0);
  /**
   * the triangle being drawn, in the camera frame: 3 vertices (forward, left, up), 4 when cut at the near
   * plane (handed to #rasterize in an array, as doubles passed one by one would each be boxed)
   */
  readonly #verts = new Float64Array(12);

  constructor(config: CameraConfig) {
    this.config = config;
    this.#lodCell = config.hfov / config.width;
    const { width: W, height: H } = config;
    this.fx = W / 2 / Math.tan(config.hfov / 2);
    this.fy = this.fx;
    this.#colA = new Float64Array(W);
    this.#rowB = new Float64Array(H);
    for (let u = 0; u < W; u++) this.#colA[u] = (W / 2 - (u + 0.5)) / this.fx;
    for (let v = 0; v < H; v++) this.#rowB[v] = (H / 2 - (v + 0.5)) / this.fy;
    this.#dx = new Float64Array(W);
    this.#dy = new Float64Array(W);
    this.#depth = new Float32Array(W * H);
    this.#coverT = new Float64Array(W);
    this.#farRow = new Int32Array(W);
    this.#walkers = Array.from({ length: W }, () => new CellWalker());
    this.#active = new Int32Array(W);
    this.#coverLo = new Int32Array(W);
    this.#coverHi = new Int32Array(W);
  }

  /**
   * Meshes are drawn at levels of detail matched to the resolution: vertices snapped to a grid about one
   * pixel wide at the distance they are seen from (LOD_LEVELS levels, the finest for up to 1 m: lodCell
   * metres, by default the width of a pixel 1 m away; each next level twice as coarse for twice the
   * distance). 0 draws every triangle as it is.
   */
  get lodCell(): number {
    return this.#lodCell;
  }

  set lodCell(cell: number) {
    this.#lodCell = cell;
    this.#lods = undefined;
  }

  /** Forward depth (m along the optical axis) of each pixel of the last render; Infinity for background. */
  get depth(): Float32Array {
    return this.#depth;
  }

  setLighting(direction: [number, number, number], background: { r: number; g: number; b: number }): void {
    const n = Math.hypot(...direction) || 1;
    this.#light = [direction[0] / n, direction[1] / n, direction[2] / n];
    this.#background = [background.r, background.g, background.b];
    this.#lods = undefined;
  }

  #shade(nx: number, ny: number, nz: number): number {
    const l = this.#light;
    const lambert = -(nx * l[0] + ny * l[1] + nz * l[2]);
    return 0.4 + 0.6 * (lambert > 0 ? lambert : 0);
  }

  /** Renders rgb8 into out (width*height*3 bytes) from (ox, oy, oz) looking along yaw. */
  render(prims: readonly Prim[], floor: Floor | undefined, ox: number, oy: number, oz: number, yaw: number, out: Uint8Array, meshes?: MeshScene): void {
    const { width: W, height: H, near, far } = this.config;
    const fx = this.fx, fy = this.fy;
    const colA = this.#colA, rowB = this.#rowB, dxs = this.#dx, dys = this.#dy, depth = this.#depth;
    const cy = Math.cos(yaw), sy = Math.sin(yaw);
    for (let u = 0; u < W; u++) {
      const a = colA[u];
      dxs[u] = cy - sy * a;
      dys[u] = sy + cy * a;
    }
    // floor and background
    const fz = floor ? floor.z : 0;
    const fc = floor ? floor.color : { r: 0.6, g: 0.6, b: 0.6 };
    const floorShade = this.#shade(0, 0, 1);
    // the floor's two checker shades, as bytes
    const f1r = (fc.r * floorShade * 255) | 0, f1g = (fc.g * floorShade * 255) | 0, f1b = (fc.b * floorShade * 255) | 0;
    const f2r = (f1r * 0.82) | 0, f2g = (f1g * 0.82) | 0, f2b = (f1b * 0.82) | 0;
    const bg = this.#background;
    for (let v = 0; v < H; v++) {
      const b = rowB[v];
      const tFloor = b < 0 ? (fz - oz) / b : Infinity;
      const row = v * W;
      if (tFloor > near && tFloor < far) {
        for (let u = 0; u < W; u++) {
          const x = ox + tFloor * dxs[u], y = oy + tFloor * dys[u];
          const idx = row + u;
          depth[idx] = tFloor;
          const o = idx * 3;
          if ((Math.floor(x) + Math.floor(y)) & 1) {
            out[o] = f2r;
            out[o + 1] = f2g;
            out[o + 2] = f2b;
          } else {
            out[o] = f1r;
            out[o + 1] = f1g;
            out[o + 2] = f1b;
          }
        }
      } else {
        // sky: a gentle gradient towards the horizon
        const k = 0.85 + 0.15 * Math.min(1, Math.max(0, b * 2));
        const r = Math.min(255, bg[0] * 255 * k) | 0, g = Math.min(255, bg[1] * 255 * k) | 0, bl = Math.min(255, bg[2] * 255 * k) | 0;
        for (let u = 0; u < W; u++) {
          const idx = row + u;
          depth[idx] = Infinity;
          const o = idx * 3;
          out[o] = r;
          out[o + 1] = g;
          out[o + 2] = bl;
        }
      }
    }

    const halfW = W / 2, halfH = H / 2;
    const coverT = this.#coverT, coverLo = this.#coverLo, coverHi = this.#coverHi;
    coverT.fill(Infinity);
    const np = prims.length;
    this.#nearToFar.sort(prims, ox, oy);
    const order = this.#nearToFar.order;
    for (let pk = 0; pk < np; pk++) {
      const p = prims[order[pk]];
      // projected column range, from the xy footprint in the camera frame
      let uLo = 0, uHi = W - 1;
      {
        const vx = p.cx - ox, vy = p.cy - oy;
        const xc = cy * vx + sy * vy, yc = -sy * vx + cy * vy;
        if (xc + p.br <= near) continue;
        if (Math.sqrt(vx * vx + vy * vy) - p.br > far) continue;
        if (xc - p.br > near) {
          let aMin = Infinity, aMax = -Infinity;
          if (p.kind === RECT) {
            for (let k = 0; k < 4; k++) {
              const ax = k & 1 ? p.hx : -p.hx, ay = k & 2 ? p.hy : -p.hy;
              const px = p.cx + p.c * ax - p.s * ay - ox, py = p.cy + p.s * ax + p.c * ay - oy;
              const x = cy * px + sy * py, y = -sy * px + cy * py;
              const t = y / x;
              if (t < aMin) aMin = t;
              if (t > aMax) aMax = t;
            }
          } else {
            const r = p.br;
            for (let k = 0; k < 4; k++) {
              const x = xc + (k & 1 ? r : -r), y = yc + (k & 2 ? r : -r);
              const t = y / x;
              if (t < aMin) aMin = t;
              if (t > aMax) aMax = t;
            }
          }
          uLo = Math.max(0, Math.floor(halfW - fx * aMax - 0.5) - 1);
          uHi = Math.min(W - 1, Math.ceil(halfW - fx * aMin - 0.5) + 1);
          if (uHi < uLo) continue;
        }
      }
      const kind = p.kind;
      const z0 = p.z0, z1 = p.z1;
      const pr = p.red * 255, pg = p.green * 255, pb = p.blue * 255;
      const topShade = this.#shade(0, 0, 1), bottomShade = this.#shade(0, 0, -1);
      for (let u = uLo; u <= uHi; u++) {
        const dx = dxs[u], dy = dys[u];
        // 2D entry/exit along the column's horizontal ray (t is forward depth)
        let tin: number, tout: number, nx = 0, ny = 0;
        if (kind === RECT) {
          const c = p.c, s = p.s, hx = p.hx, hy = p.hy;
          const wx = ox - p.cx, wy = oy - p.cy;
          const lx = c * wx + s * wy, ly = -s * wx + c * wy;
          const ex = c * dx + s * dy, ey = -s * dx + c * dy;
          let tn = -Infinity, tf = Infinity, nlx = 0, nly = 0;
          if (ex !== 0) {
            const t1 = (-hx - lx) / ex, t2 = (hx - lx) / ex;
            if (t1 < t2) {
              tn = t1;
              tf = t2;
              nlx = -1;
            } else {
              tn = t2;
              tf = t1;
              nlx = 1;
            }
          } else if (lx < -hx || lx > hx) continue;
          if (ey !== 0) {
            let t1 = (-hy - ly) / ey, t2 = (hy - ly) / ey, sgn = -1;
            if (t1 > t2) {
              const tmp = t1;
              t1 = t2;
              t2 = tmp;
              sgn = 1;
            }
            if (t1 > tn) {
              tn = t1;
              nlx = 0;
              nly = sgn;
            }
            if (t2 < tf) tf = t2;
          } else if (ly < -hy || ly > hy) continue;
          if (tn > tf) continue;
          tin = tn;
          tout = tf;
          nx = c * nlx - s * nly;
          ny = s * nlx + c * nly;
        } else {
          // circle (cylinders), or the bounding circle of spheres and tilted shapes
          const r = p.br;
          const wx = ox - p.cx, wy = oy - p.cy;
          const A = dx * dx + dy * dy;
          const B = wx * dx + wy * dy;
          const C = wx * wx + wy * wy - r * r;
          const disc = B * B - A * C;
          if (disc < 0) continue;
          const sq = Math.sqrt(disc);
          tin = (-B - sq) / A;
          tout = (-B + sq) / A;
          if (kind === CIRCLE) {
            nx = (wx + tin * dx) / r;
            ny = (wy + tin * dy) / r;
          }
        }
        if (tout <= near) continue;
        const t0 = tin > near ? tin : near;
        // rows the span [t0, tout] x [z0, z1] can cover
        const a0 = (z0 - oz) / t0, a1 = (z0 - oz) / tout, a2 = (z1 - oz) / t0, a3 = (z1 - oz) / tout;
        const bLo = Math.min(a0, a1, a2, a3), bHi = Math.max(a0, a1, a2, a3);
        const vLo = Math.max(0, Math.ceil(halfH - bHi * fy - 0.5 - 1e-9));
        const vHi = Math.min(H - 1, Math.floor(halfH - bLo * fy - 0.5 + 1e-9));
        if (vHi < vLo) continue;
        // rows hidden behind a nearer side face in this column (every point of this shape is at depth >= tin)
        let cLo = H, cHi = -1;
        if (tin >= coverT[u]) {
          cLo = coverLo[u];
          cHi = coverHi[u];
          if (vLo >= cLo && vHi <= cHi) continue;
        }
        if (kind === RECT || kind === CIRCLE) {
          const side = tin > near;
          const sShade = side ? this.#shade(nx, ny, 0) : 0;
          const sr = (pr * sShade) | 0, sg = (pg * sShade) | 0, sb = (pb * sShade) | 0;
          for (let v = vLo; v <= vHi; v++) {
            if (v >= cLo && v <= cHi) {
              v = cHi;
              continue;
            }
            const b = rowB[v];
            const z = oz + b * t0;
            const idx = v * W + u;
            if (side && z >= z0 && z <= z1) {
              if (tin < depth[idx]) {
                depth[idx] = tin;
                const o = idx * 3;
                out[o] = sr;
                out[o + 1] = sg;
                out[o + 2] = sb;
              }
              continue;
            }
            let t = Infinity, shade = 0;
            if (z > z1 && b < 0) {
              const tt = (z1 - oz) / b;
              if (tt >= t0 && tt <= tout) {
                t = tt;
                shade = topShade;
              }
            } else if (z < z0 && b > 0) {
              const tt = (z0 - oz) / b;
              if (tt >= t0 && tt <= tout) {
                t = tt;
                shade = bottomShade;
              }
            }
            if (t < depth[idx]) {
              depth[idx] = t;
              const o = idx * 3;
              out[o] = pr * shade;
              out[o + 1] = pg * shade;
              out[o + 2] = pb * shade;
            }
          }
          if (side && tin < coverT[u]) {
            // the side face covers the rows whose elevation at tin lies within [z0, z1]
            const sLo = Math.max(0, Math.ceil(halfH - ((z1 - oz) / tin) * fy - 0.5 - 1e-9));
            const sHi = Math.min(H - 1, Math.floor(halfH - ((z0 - oz) / tin) * fy - 0.5 + 1e-9));
            if (sHi >= sLo) {
              coverT[u] = tin;
              coverLo[u] = sLo;
              coverHi[u] = sHi;
            }
          }
        } else {
          for (let v = vLo; v <= vHi; v++) {
            if (v >= cLo && v <= cHi) {
              v = cHi;
              continue;
            }
            const b = rowB[v];
            const t = intersect3d(p, ox, oy, oz, dx, dy, b, near);
            const idx = v * W + u;
            if (t < depth[idx]) {
              depth[idx] = t;
              const shade = this.#shade(hitNormal[0], hitNormal[1], hitNormal[2]);
              const o = idx * 3;
              out[o] = pr * shade;
              out[o + 1] = pg * shade;
              out[o + 2] = pb * shade;
            }
          }
        }
      }
    }
      if (meshes && meshes.count > 0) this.#drawMeshes(meshes, ox, oy, oz, yaw, out);
  }

  #levels(base: MeshScene): Lod[] {
    if (this.#lods?.base === base) return this.#lods.levels;
    const levels = [];
    for (let k = 0; k < LOD_LEVELS; k++) {
      const scene = base.coarsened(this.lodCell * 2 ** k);
      const front = new Uint8Array(scene.count * 3), back = new Uint8Array(scene.count * 3);
      for (let t = 0; t < scene.count; t++) {
        const nx = scene.normal[t * 3], ny = scene.normal[t * 3 + 1], nz = scene.normal[t * 3 + 2];
        const f = this.#shade(nx, ny, nz), b = this.#shade(-nx, -ny, -nz);
        for (let c = 0; c < 3; c++) {
          const v = scene.color[t * 3 + c] * 255;
          front[t * 3 + c] = v * f;
          back[t * 3 + c] = v * b;
        }
      }
      levels.push({ scene, front, back, visited: new Uint16Array(scene.count) });
    }
    this.#visit = 0;
    this.#lods = { base, levels };
    return levels;
  }

  #drawMeshes(base: MeshScene, ox: number, oy: number, oz: number, yaw: number, out: Uint8Array): void {
    const { width: W, height: H, near, far } = this.config;
    const dxs = this.#dx, dys = this.#dy, depth = this.#depth;
    const farRow = this.#farRow, walkers = this.#walkers, active = this.#active;
    const levels = this.#levels(base);
    const grid = base.grid;
    if (this.#cellSeen.length !== grid.nx * grid.ny) this.#cellSeen = new Uint16Array(grid.nx * grid.ny);
    const cellSeen = this.#cellSeen;
    if (this.#visit === 0xffff) {
      for (const l of levels) l.visited.fill(0);
      cellSeen.fill(0);
      this.#visit = 0;
    }
    const stamp = ++this.#visit;
    this.#ox = ox;
    this.#oy = oy;
    this.#oz = oz;
    this.#cyaw = Math.cos(yaw);
    this.#syaw = Math.sin(yaw);
    this.#out = out;
    let nActive = 0;
    for (let u = 0; u < W; u++) {
      // the farthest depth the column shows so far: nothing beyond it can be seen there
      let m = 0;
      for (let v = 0, idx = u; v < H; v++, idx += W) if (depth[idx] > m) m = depth[idx];
      farRow[u] = 0;
      if (m > near && walkers[u].start(grid, ox, oy, dxs[u], dys[u], m < far ? m : far)) active[nActive++] = u;
    }
    // Every column walks the grid near to far, all of them a band of distance at a time; the first walk to
    // reach a cell draws all of that cell's triangles into every column they cover (so a triangle is set up
    // once per frame, not once per column), and a walk stops where its column shows nothing farther.
    for (let band = 0; nActive > 0; band++) {
      const limit = band < BANDS.length ? BANDS[band] : Infinity;
      let kept = 0;
      for (let a = 0; a < nActive; a++) {
        const u = active[a];
        const walker = walkers[u];
        let alive = true;
        for (let tIn = walker.tIn; tIn < limit; tIn = walker.tIn) {
          const c = walker.cell;
          if (cellSeen[c] !== stamp) {
            // the walk goes on while some row of its column shows something farther; checked only where it
            // would draw, as the check fails for good once it fails (depths only shrink, tIn only grows)
            let v = farRow[u];
            while (v < H && depth[v * W + u] <= tIn) v++;
            farRow[u] = v;
            if (v === H) {
              alive = false;
              break;
            }
            cellSeen[c] = stamp;
            // the level of detail for this distance (LOD_LEVELS of them)
            const lod = levels[tIn < 1 ? 0 : tIn < 2 ? 1 : tIn < 4 ? 2 : tIn < 8 ? 3 : 4];
            const tri = lod.scene.tri, normal = lod.scene.normal, twoSided = lod.scene.twoSided, front = lod.front, back = lod.back, visited = lod.visited;
            const items = lod.scene.grid.items;
            for (let k = lod.scene.grid.start[c], end = lod.scene.grid.start[c + 1]; k < end; k++) {
              const t = items[k];
              if (visited[t] === stamp) continue;
              visited[t] = stamp;
              const o = t * 9;
              // the face turned to the camera: single-sided triangles seen from behind are not drawn (Gazebo culls them)
              const facing = normal[t * 3] * (ox - tri[o]) + normal[t * 3 + 1] * (oy - tri[o + 1]) + normal[t * 3 + 2] * (oz - tri[o + 2]) >= 0;
              if (!facing && !twoSided[t]) continue;
              this.#drawTriangle(tri, o, facing ? front : back, t * 3);
            }
          }
          if (!walker.next()) {
            alive = false;
            break;
          }
        }
        if (alive) active[kept++] = u;
      }
      nActive = kept;
    }
  }
  /**
   * Draws triangle `o` (offset into tri) in colour rgb[c..c+2]. A triangle reaching behind the near plane is
   * cut there first (into a triangle or a quad, drawn as two).
   */
  #drawTriangle(tri: Float64Array, o: number, rgb: Uint8Array, c: number): void {
    const near = this.config.near;
    const ox = this.#ox, oy = this.#oy, oz = this.#oz, cyaw = this.#cyaw, syaw = this.#syaw;
    const rx0 = tri[o] - ox, ry0 = tri[o + 1] - oy, rx1 = tri[o + 3] - ox, ry1 = tri[o + 4] - oy, rx2 = tri[o + 6] - ox, ry2 = tri[o + 7] - oy;
    // camera frame: forward, left, up
    const f0 = cyaw * rx0 + syaw * ry0, f1 = cyaw * rx1 + syaw * ry1, f2 = cyaw * rx2 + syaw * ry2;
    if (f0 < near && f1 < near && f2 < near) return;
    const l0 = cyaw * ry0 - syaw * rx0, l1 = cyaw * ry1 - syaw * rx1, l2 = cyaw * ry2 - syaw * rx2;
    const e0 = tri[o + 2] - oz, e1 = tri[o + 5] - oz, e2 = tri[o + 8] - oz;
    const cr = rgb[c], cg = rgb[c + 1], cb = rgb[c + 2];
    const p = this.#verts;
    if (f0 >= near && f1 >= near && f2 >= near) {
      p[0] = f0;
      p[1] = l0;
      p[2] = e0;
      p[3] = f1;
      p[4] = l1;
      p[5] = e1;
      p[6] = f2;
      p[7] = l2;
      p[8] = e2;
      this.#rasterize(3, 6, cr, cg, cb);
      return;
    }
    let n = 0;
    for (let k = 0; k < 3; k++) {
      const fa = k === 0 ? f0 : k === 1 ? f1 : f2, la = k === 0 ? l0 : k === 1 ? l1 : l2, ea = k === 0 ? e0 : k === 1 ? e1 : e2;
      const fb = k === 0 ? f1 : k === 1 ? f2 : f0, lb = k === 0 ? l1 : k === 1 ? l2 : l0, eb = k === 0 ? e1 : k === 1 ? e2 : e0;
      if (fa >= near) {
        p[n++] = fa;
        p[n++] = la;
        p[n++] = ea;
      }
      if (fa >= near !== fb >= near) {
        const w = (near - fa) / (fb - fa);
        p[n++] = near;
        p[n++] = la + w * (lb - la);
        p[n++] = ea + w * (eb - ea);
      }
    }
    this.#rasterize(3, 6, cr, cg, cb);
    if (n === 12) this.#rasterize(6, 9, cr, cg, cb);
  }

  /**
   * The triangle of vertices 0, j and k of #verts (forward f, left l, up e; every f >= near), pixel by
   * pixel over its projected extent: pixel (u, v) looks along D = (1, a_u, b_v) and sees the triangle where
   * D lies on the inner side of the three planes through the camera and an edge, (Pi x Pj) . D >= 0 for the
   * edges taken round the triangle as the camera sees it; its forward depth there is det(P0, P1, P2) / (the
   * sum of those three). Shared edges give exactly opposite edge values, so neighbouring triangles leave no
   * gaps.
   */
  #rasterize(j: number, k: number, cr: number, cg: number, cb: number): void {
    const p = this.#verts;
    const f0 = p[0], l0 = p[1], e0 = p[2], f1 = p[j], l1 = p[j + 1], e1 = p[j + 2], f2 = p[k], l2 = p[k + 1], e2 = p[k + 2];
    const { width: W, height: H, far } = this.config;
    const fx = this.fx, fy = this.fy, halfW = W / 2, halfH = H / 2;
    const colA = this.#colA, rowB = this.#rowB, depth = this.#depth, out = this.#out;
    // the pixels whose centres lie within the extent of the projected vertices
    const i0 = 1 / f0, i1 = 1 / f1, i2 = 1 / f2;
    const b0 = e0 * i0, b1 = e1 * i1, b2 = e2 * i2;
    let vLo = Math.ceil(halfH - (b0 > b1 ? (b0 > b2 ? b0 : b2) : b1 > b2 ? b1 : b2) * fy - 0.5 - 1e-9);
    let vHi = Math.floor(halfH - (b0 < b1 ? (b0 < b2 ? b0 : b2) : b1 < b2 ? b1 : b2) * fy - 0.5 + 1e-9);
    if (vLo < 0) vLo = 0;
    if (vHi > H - 1) vHi = H - 1;
    if (vLo > vHi) return;
    vLo |= 0; // small integers from here on (see the pixel loop)
    vHi |= 0;
    const a0 = l0 * i0, a1 = l1 * i1, a2 = l2 * i2;
    let uLo = Math.ceil(halfW - fx * (a0 > a1 ? (a0 > a2 ? a0 : a2) : a1 > a2 ? a1 : a2) - 0.5 - 1e-9);
    let uHi = Math.floor(halfW - fx * (a0 < a1 ? (a0 < a2 ? a0 : a2) : a1 < a2 ? a1 : a2) - 0.5 + 1e-9);
    if (uLo < 0) uLo = 0;
    if (uHi > W - 1) uHi = W - 1;
    if (uLo > uHi) return;
    uLo |= 0;
    uHi |= 0;
    // edge planes P0 x P1, P1 x P2, P2 x P0: edge k's value at D is p_k + q_k a + r_k b
    let p0 = l0 * e1 - e0 * l1, q0 = e0 * f1 - f0 * e1, r0 = f0 * l1 - l0 * f1;
    let p1 = l1 * e2 - e1 * l2, q1 = e1 * f2 - f1 * e2, r1 = f1 * l2 - l1 * f2;
    let p2 = l2 * e0 - e2 * l0, q2 = e2 * f0 - f2 * e0, r2 = f2 * l0 - l2 * f0;
    let det = p1 * f0 + q1 * l0 + r1 * e0;
    if (det === 0) return; // seen edge-on
    if (det < 0) {
      det = -det;
      p0 = -p0; q0 = -q0; r0 = -r0;
      p1 = -p1; q1 = -q1; r1 = -r1;
      p2 = -p2; q2 = -q2; r2 = -r2;
    }
    const tMin = f0 < f1 ? (f0 < f2 ? f0 : f2) : f1 < f2 ? f1 : f2;
    // along a row, edge k is crossed at a = -(p_k + r_k b) / q_k: the row's span. It is computed from the
    // same edge values as the per-pixel test, so the two disagree by a few ulps at most: widened by SPAN_SLACK
    // of a pixel for that (the exact test is made per pixel). A triangle at most two pixels wide is tested
    // over its whole extent instead, which costs less than finding its spans.
    const spans = uHi - uLo > 1;
    const s0 = q0 !== 0 ? -fx / q0 : 0, s1 = q1 !== 0 ? -fx / q1 : 0, s2 = q2 !== 0 ? -fx / q2 : 0;
    const mid = halfW - 0.5;
    for (let v = vLo; v <= vHi; v++) {
      const b = rowB[v];
      const k0 = p0 + r0 * b, k1 = p1 + r1 * b, k2 = p2 + r2 * b;
      // pixel u looks along a = (mid - u) / fx: edge k is non-negative for u <= (q_k > 0) or >= (q_k < 0) mid - k_k s_k
      let lo = uLo, hi = uHi;
      if (spans) {
        if (q0 > 0) { const x = mid - k0 * s0 + SPAN_SLACK; if (x < hi) hi = Math.floor(x); } else if (q0 < 0) { const x = mid - k0 * s0 - SPAN_SLACK; if (x > lo) lo = Math.ceil(x); } else if (k0 < 0) continue;
        if (q1 > 0) { const x = mid - k1 * s1 + SPAN_SLACK; if (x < hi) hi = Math.floor(x); } else if (q1 < 0) { const x = mid - k1 * s1 - SPAN_SLACK; if (x > lo) lo = Math.ceil(x); } else if (k1 < 0) continue;
        if (q2 > 0) { const x = mid - k2 * s2 + SPAN_SLACK; if (x < hi) hi = Math.floor(x); } else if (q2 < 0) { const x = mid - k2 * s2 - SPAN_SLACK; if (x > lo) lo = Math.ceil(x); } else if (k2 < 0) continue;
        if (lo > hi) continue;
      }
      // both within [uLo, uHi] now: as small integers, they index the arrays without float conversions
      for (let u = lo | 0, idx = v * W + u, end = hi | 0; u <= end; u++, idx++) {
        const before = depth[idx];
        if (before <= tMin) continue;
        const a = colA[u];
        const w0 = k0 + q0 * a, w1 = k1 + q1 * a, w2 = k2 + q2 * a;
        if (w0 < 0 || w1 < 0 || w2 < 0) continue;
        const td = det / (w0 + w1 + w2);
        if (td < before && td <= far) {
          depth[idx] = td;
          const q = idx * 3;
          out[q] = cr;
          out[q + 1] = cg;
          out[q + 2] = cb;
        }
      }
    }
  }
}
