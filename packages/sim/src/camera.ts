// RGB camera by ray casting. A level pinhole camera sees vertical prisms (upright boxes and cylinders)
// column by column: one 2D ray per image column gives the entry and exit distances, and each row of
// the column is then the side, the top or the bottom face by its elevation. Spheres and tilted shapes
// are cast per pixel within their projected extent. A depth buffer resolves overlaps; the floor is
// a checkered ground plane, the rest is the world's background colour.
import { CIRCLE, hitNormal, intersect3d, RECT, NearToFar, type Floor, type Prim } from './scene.ts';
import type { CameraConfig } from './robot.ts';

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

  constructor(config: CameraConfig) {
    this.config = config;
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
    this.#coverLo = new Int32Array(W);
    this.#coverHi = new Int32Array(W);
  }

  /** Forward depth (m along the optical axis) of each pixel of the last render; Infinity for background. */
  get depth(): Float32Array {
    return this.#depth;
  }

  setLighting(direction: [number, number, number], background: { r: number; g: number; b: number }): void {
    const n = Math.hypot(...direction) || 1;
    this.#light = [direction[0] / n, direction[1] / n, direction[2] / n];
    this.#background = [background.r, background.g, background.b];
  }

  #shade(nx: number, ny: number, nz: number): number {
    const l = this.#light;
    const lambert = -(nx * l[0] + ny * l[1] + nz * l[2]);
    return 0.4 + 0.6 * (lambert > 0 ? lambert : 0);
  }

  /** Renders rgb8 into out (width*height*3 bytes) from (ox, oy, oz) looking along yaw. */
  render(prims: readonly Prim[], floor: Floor | undefined, ox: number, oy: number, oz: number, yaw: number, out: Uint8Array): void {
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
  }
}
