// 2D lidar by ray casting. Shapes are visited one at a time and only the beams inside the shape's
// angular extent are tested (all beams share one origin), so a scan costs about (beams x depth
// complexity) exact ray-shape tests; nothing is allocated per beam. Meshes are seen through their
// cut at the lidar's height (line segments in a grid), walked beam by beam up to the nearest hit so far.
import { segmentClearance, type MeshScene } from './mesh/MeshScene.ts';
import type { Rng } from '@navstack/math';
import { CIRCLE, intersect3d, RECT, SPHERE, NearToFar, type Prim } from './scene.ts';
import type { LidarConfig } from './robot.ts';

const TWO_PI = 2 * Math.PI;

export class Lidar {
  readonly config: LidarConfig;
  readonly increment: number;
  readonly #cosRel: Float64Array;
  readonly #sinRel: Float64Array;
  readonly #dx: Float64Array;
  readonly #dy: Float64Array;
  readonly #best: Float64Array;
  // prims visited near to far (the order of the last scan is the starting point of the next sort)
  #nearToFar = new NearToFar();

  constructor(config: LidarConfig) {
    this.config = config;
    const n = config.samples;
    this.increment = n > 1 ? (config.maxAngle - config.minAngle) / (n - 1) : 0;
    this.#cosRel = new Float64Array(n);
    this.#sinRel = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = config.minAngle + i * this.increment;
      this.#cosRel[i] = Math.cos(a);
      this.#sinRel[i] = Math.sin(a);
    }
    this.#dx = new Float64Array(n);
    this.#dy = new Float64Array(n);
    this.#best = new Float64Array(n);
  }

  /**
   * Casts every beam from (ox, oy) at height oz, sensor yaw `yaw`, into `out` (metres; +Infinity for no
   * return within range_max; noise added when rng is given).
   */
  scan(prims: readonly Prim[], ox: number, oy: number, oz: number, yaw: number, out: Float32Array, rng?: Rng, meshes?: MeshScene): void {
    const n = this.config.samples;
    const inc = this.increment;
    const rangeMax = this.config.rangeMax;
    const dxs = this.#dx, dys = this.#dy, best = this.#best;
    const cy = Math.cos(yaw), sy = Math.sin(yaw);
    for (let i = 0; i < n; i++) {
      const c = this.#cosRel[i], s = this.#sinRel[i];
      dxs[i] = cy * c - sy * s;
      dys[i] = sy * c + cy * s;
      best[i] = Infinity;
    }
    const start = yaw + this.config.minAngle;
    const np = prims.length;
    this.#nearToFar.sort(prims, ox, oy);
    const order = this.#nearToFar.order, dmins = this.#nearToFar.dmin;
    for (let pk = 0; pk < np; pk++) {
      const p = prims[order[pk]];
      if (p.z0 > oz || p.z1 < oz) continue;
      const dmin = dmins[order[pk]];
      if (dmin > rangeMax) break;
      const vx = p.cx - ox, vy = p.cy - oy;
      const d = Math.sqrt(vx * vx + vy * vy);
      let radius = p.br;
      if (p.kind === SPHERE) {
        const dz = oz - p.cz;
        radius = Math.sqrt(Math.max(0, p.hx * p.hx - dz * dz));
      }
      // angular extent [lo, hi] around the centre direction
      let full = false;
      let lo = 0, hi = 0;
      const ref = Math.atan2(vy, vx);
      if (p.kind === RECT) {
        // origin inside the rectangle?
        const lx = -(p.c * vx + p.s * vy), ly = -(-p.s * vx + p.c * vy);
        if (Math.abs(lx) <= p.hx && Math.abs(ly) <= p.hy) full = true;
        else {
          lo = Infinity;
          hi = -Infinity;
          for (let k = 0; k < 4; k++) {
            const ax = k & 1 ? p.hx : -p.hx, ay = k & 2 ? p.hy : -p.hy;
            const px = p.cx + p.c * ax - p.s * ay - ox, py = p.cy + p.s * ax + p.c * ay - oy;
            let a = Math.atan2(py, px) - ref;
            if (a > Math.PI) a -= TWO_PI;
            else if (a < -Math.PI) a += TWO_PI;
            if (a < lo) lo = a;
            if (a > hi) hi = a;
          }
        }
      } else if (d <= radius) full = true;
      else {
        hi = Math.asin(radius / d);
        lo = -hi;
      }
      let rel0: number, width: number;
      if (full) {
        rel0 = 0;
        width = TWO_PI;
      } else {
        rel0 = (ref + lo - start) % TWO_PI;
        if (rel0 < 0) rel0 += TWO_PI;
        width = hi - lo;
      }
      for (let pass = 0; pass < 2; pass++) {
        const shift = pass === 0 ? 0 : -TWO_PI;
        if (full && pass === 1) break;
        const i0 = Math.max(0, Math.ceil((rel0 + shift) / inc - 1e-6) - 1);
        const i1 = Math.min(n - 1, Math.floor((rel0 + width + shift) / inc + 1e-6) + 1);
        if (i1 < i0) continue;
        if (p.kind === RECT) {
          const c = p.c, s = p.s, hx = p.hx, hy = p.hy;
          const wx = ox - p.cx, wy = oy - p.cy;
          const lx = c * wx + s * wy, ly = -s * wx + c * wy;
          for (let i = i0; i <= i1; i++) {
            if (best[i] <= dmin) continue;
            const dx = dxs[i], dy = dys[i];
            const ex = c * dx + s * dy, ey = -s * dx + c * dy;
            let tn = -Infinity, tf = Infinity;
            if (ex !== 0) {
              const t1 = (-hx - lx) / ex, t2 = (hx - lx) / ex;
              if (t1 < t2) {
                tn = t1;
                tf = t2;
              } else {
                tn = t2;
                tf = t1;
              }
            } else if (lx < -hx || lx > hx) continue;
            if (ey !== 0) {
              const t1 = (-hy - ly) / ey, t2 = (hy - ly) / ey;
              if (t1 < t2) {
                if (t1 > tn) tn = t1;
                if (t2 < tf) tf = t2;
              } else {
                if (t2 > tn) tn = t2;
                if (t1 < tf) tf = t1;
              }
            } else if (ly < -hy || ly > hy) continue;
            if (tn <= tf && tn > 0 && tn < best[i]) best[i] = tn;
          }
        } else if (p.kind === CIRCLE || p.kind === SPHERE) {
          const wx = ox - p.cx, wy = oy - p.cy;
          const cc = wx * wx + wy * wy - radius * radius;
          for (let i = i0; i <= i1; i++) {
            if (best[i] <= dmin) continue;
            const b = wx * dxs[i] + wy * dys[i];
            const disc = b * b - cc;
            if (disc < 0) continue;
            const t = -b - Math.sqrt(disc);
            if (t > 0 && t < best[i]) best[i] = t;
          }
        } else {
          for (let i = i0; i <= i1; i++) {
            if (best[i] <= dmin) continue;
            const t = intersect3d(p, ox, oy, oz, dxs[i], dys[i], 0, 0);
            if (t < best[i]) best[i] = t;
          }
        }
      }
    }
    if (meshes) {
      const cut = meshes.slice(oz);
      // beams walk no farther than the range (plus a margin for noise) or their nearest hit so far
      const cap = rangeMax + 0.1;
      if (cut.count > 0) {
        // no segment is nearer than the clearance around the lidar: every beam starts its walk there
        const free = segmentClearance(cut, ox, oy) * 0.999;
        for (let i = 0; i < n; i++) {
          if (best[i] < cap) best[i] = cut.cast(ox, oy, dxs[i], dys[i], best[i], free);
          else {
            const t = cut.cast(ox, oy, dxs[i], dys[i], cap, free);
            if (t < cap) best[i] = t;
          }
        }
      }
    }
    const { rangeMin, noiseStddev, noiseMean } = this.config;
    for (let i = 0; i < n; i++) {
      let r = best[i];
      if (r !== Infinity) {
        if (rng && noiseStddev > 0) r += noiseMean + noiseStddev * rng.fastGaussian();
        if (r > rangeMax) r = Infinity;
        else if (r < rangeMin) r = -Infinity;
      }
      out[i] = r;
    }
  }
}
