/**
 * Exact Euclidean distance transform (Felzenszwalb & Huttenlocher) on a window of a grid.
 * Pure functions over typed arrays; scratch buffers are reused between calls.
 */

const INF = 1e20;
let scratchF = new Float64Array(0);
let scratchD = new Float64Array(0);
let scratchZ = new Float64Array(0);
let scratchV = new Int32Array(0);

function ensure(n: number): void {
  if (scratchF.length >= n + 1) return;
  scratchF = new Float64Array(n + 1);
  scratchD = new Float64Array(n + 1);
  scratchZ = new Float64Array(n + 2);
  scratchV = new Int32Array(n + 1);
}

/** 1-D squared distance transform of f[0..n) (in place via scratchD). */
function dt1d(n: number): void {
  const f = scratchF;
  const d = scratchD;
  const z = scratchZ;
  const v = scratchV;
  let k = 0;
  v[0] = 0;
  z[0] = -INF;
  z[1] = INF;
  for (let q = 1; q < n; q++) {
    let s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    while (s <= z[k]!) {
      k--;
      s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = INF;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const dq = q - v[k]!;
    d[q] = dq * dq + f[v[k]!]!;
  }
}

/**
 * Squared distances (in cells) from every cell of the window [x0,x1)×[y0,y1) of a `width`-wide grid to
 * the nearest cell where `occupied` is non-zero, looking only at obstacles inside the window.
 * Writes into `out` (window-sized, row-major).
 */
export function squaredDistanceWindow(
  /** non-zero = obstacle */
  occupied: Uint8Array,
  width: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  out: Float64Array,
): void {
  const w = x1 - x0;
  const h = y1 - y0;
  ensure(Math.max(w, h));
  // columns first
  for (let x = 0; x < w; x++) {
    let any = false;
    for (let y = 0, i = y0 * width + x0 + x; y < h; y++, i += width) {
      if (occupied[i] !== 0) {
        scratchF[y] = 0;
        any = true;
      } else scratchF[y] = INF;
    }
    if (!any) {
      for (let y = 0; y < h; y++) out[y * w + x] = INF;
      continue;
    }
    dt1d(h);
    for (let y = 0; y < h; y++) out[y * w + x] = scratchD[y]!;
  }
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) scratchF[x] = out[row + x]!;
    dt1d(w);
    for (let x = 0; x < w; x++) out[row + x] = scratchD[x]!;
  }
}
